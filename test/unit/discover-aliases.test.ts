/**
 * A resource an outputs file names by another identifier than its deploy tool records — a
 * CloudFront distribution by its domain, an EKS cluster by its endpoint, a security group by its
 * name, an API by its invoke URL — is one resource with the state entry that records it.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discover } from '../../src/discover/discover.js';
import { gather, stateOptions } from '../../src/sources/index.js';
import type { OutputEntry } from '../../src/types.js';

const ACCOUNT = '123456789012';
const DOMAIN = 'd111111abcdef8.cloudfront.net';
const EKS_ENDPOINT = 'https://ABCDEF0123456789.gr7.us-west-2.eks.amazonaws.com';
const SG = 'sg-0123456789abcdef0';

async function gatherFrom(outputs: unknown, state: unknown, stateName = 'terraform.tfstate') {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-aliases-'));
  await writeFile(join(dir, 'outputs.json'), JSON.stringify(outputs, null, 2));
  await writeFile(join(dir, stateName), JSON.stringify(state));
  return gather({
    ...stateOptions({ cwd: dir, outputs: 'outputs.json', state: [stateName] }, { config: {}, baseDir: dir }),
    defaultOutputs: 'cfn-outputs/flat-outputs.json',
    mappings: {},
    region: 'us-east-1',
  });
}

const tfstate = (resources: Array<{ type: string; name: string; attributes: Record<string, string> }>) => ({
  version: 4,
  terraform_version: '1.11.0',
  resources: resources.map((r) => ({ mode: 'managed', type: r.type, name: r.name, instances: [{ attributes: r.attributes }] })),
});

const STATE = tfstate([
  { type: 'aws_cloudfront_distribution', name: 'site', attributes: { id: 'E2QWRUHAPOMQZL', arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHAPOMQZL`, domain_name: DOMAIN } },
  { type: 'aws_eks_cluster', name: 'main', attributes: { id: 'tap-eks', name: 'tap-eks', arn: `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/tap-eks`, endpoint: EKS_ENDPOINT } },
  { type: 'aws_security_group', name: 'web', attributes: { id: SG, name: 'tap-web', arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${SG}` } },
  { type: 'aws_apigatewayv2_api', name: 'http', attributes: { id: 'k7m2p9q4r1', arn: 'arn:aws:apigateway:eu-west-1::/apis/k7m2p9q4r1' } },
]);

describe('an outputs mention and the state entry that records it by another identifier', () => {
  it('are one resource each, with the id the service takes and the type the state records', async () => {
    const found = await gatherFrom(
      {
        SiteUrl: `https://${DOMAIN.toUpperCase()}/index.html`,
        EksEndpoint: EKS_ENDPOINT,
        WebSecurityGroupName: 'tap-web',
        ApiUrl: 'https://k7m2p9q4r1.execute-api.eu-west-1.amazonaws.com/prod',
      },
      STATE,
    );
    expect(found.resources.map((r) => [r.type, r.id, r.region, r.keys, r.sources!.map((s) => s.kind)])).toEqual([
      ['AWS::CloudFront::Distribution', 'E2QWRUHAPOMQZL', 'us-east-1', ['SiteUrl'], ['outputs', 'state']],
      ['AWS::EKS::Cluster', 'tap-eks', 'us-west-2', ['EksEndpoint'], ['outputs', 'state']],
      ['AWS::EC2::SecurityGroup', SG, 'us-east-1', ['WebSecurityGroupName'], ['outputs', 'state']],
      ['AWS::ApiGatewayV2::Api', 'k7m2p9q4r1', 'eu-west-1', ['ApiUrl'], ['outputs', 'state']],
    ]);
  });

  it('a Pulumi export spells the attributes in camelCase, and they merge the same', async () => {
    const exported = {
      version: 3,
      deployment: {
        resources: [
          {
            urn: 'urn:pulumi:dev::site::aws:cloudfront/distribution:Distribution::cdn',
            custom: true,
            type: 'aws:cloudfront/distribution:Distribution',
            id: 'E2QWRUHAPOMQZL',
            outputs: { arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHAPOMQZL`, domainName: DOMAIN },
          },
        ],
      },
    };
    const found = await gatherFrom({ CdnDomain: DOMAIN }, exported, 'stack.json');
    expect(found.resources.map((r) => [r.type, r.id, r.keys])).toEqual([['AWS::CloudFront::Distribution', 'E2QWRUHAPOMQZL', ['CdnDomain']]]);
  });

  it('another distribution, cluster or group stays a resource of its own', async () => {
    const found = await gatherFrom(
      {
        OtherCdn: 'd222222abcdef8.cloudfront.net',
        OtherEks: 'https://FEDCBA9876543210.gr7.us-west-2.eks.amazonaws.com',
        OtherSecurityGroupName: 'tap-db',
      },
      STATE,
    );
    const fromOutputs = found.resources.filter((r) => r.keys.length > 0);
    expect(fromOutputs.map((r) => [r.type, r.id, r.sources!.map((s) => s.kind)])).toEqual([
      ['AWS::CloudFront::Distribution', 'd222222abcdef8.cloudfront.net', ['outputs']],
      ['AWS::EKS::Cluster', 'fedcba9876543210.gr7.us-west-2.eks.amazonaws.com', ['outputs']],
      ['AWS::EC2::SecurityGroup', 'tap-db', ['outputs']],
    ]);
    expect(found.resources).toHaveLength(7);
  });
});

describe('one API, however the outputs name it', () => {
  const e = (key: string, value: string): OutputEntry => ({ key, name: key, value });

  it("an invoke URL's guess gives way to the type the API's ARN names", () => {
    const { resources } = discover([
      e('ApiUrl', 'https://k7m2p9q4r1.execute-api.eu-west-1.amazonaws.com/prod'),
      e('ApiArn', 'arn:aws:apigateway:eu-west-1::/apis/k7m2p9q4r1'),
    ]);
    expect(resources).toEqual([
      { type: 'AWS::ApiGatewayV2::Api', id: 'k7m2p9q4r1', arn: 'arn:aws:apigateway:eu-west-1::/apis/k7m2p9q4r1', region: 'eu-west-1', keys: ['ApiUrl', 'ApiArn'] },
    ]);
  });

  it('a REST API named by its URL and its ARN stays a REST API; another id is another API', () => {
    const { resources } = discover([
      e('ApiArn', 'arn:aws:apigateway:eu-west-1::/restapis/abc123defg'),
      e('ApiUrl', 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod'),
      e('OtherApiUrl', 'https://zzz999yyyx.execute-api.eu-west-1.amazonaws.com/prod'),
    ]);
    expect(resources.map((r) => [r.type, r.id, r.keys])).toEqual([
      ['AWS::ApiGateway::RestApi', 'abc123defg', ['ApiArn', 'ApiUrl']],
      ['AWS::ApiGateway::RestApi', 'zzz999yyyx', ['OtherApiUrl']],
    ]);
  });

  it('the config can say that a URL names an HTTP API', () => {
    const { resources } = discover([e('ApiUrl', 'https://k7m2p9q4r1.execute-api.eu-west-1.amazonaws.com/prod')], { mappings: { ApiUrl: 'AWS::ApiGatewayV2::Api' } });
    expect(resources).toEqual([{ type: 'AWS::ApiGatewayV2::Api', id: 'k7m2p9q4r1', region: 'eu-west-1', keys: ['ApiUrl'] }]);
  });

  it('a hosted zone named by its id and by its path is one zone', () => {
    const { resources } = discover([e('HostedZoneId', 'Z1D633PJN98FT9'), e('ZonePath', '/hostedzone/Z1D633PJN98FT9')]);
    expect(resources.map((r) => [r.type, r.id, r.keys])).toEqual([['AWS::Route53::HostedZone', 'Z1D633PJN98FT9', ['HostedZoneId', 'ZonePath']]]);
  });
});
