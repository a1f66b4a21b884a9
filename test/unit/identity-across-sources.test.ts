/**
 * One resource named by several sources is one resource: an output naming it by ARN, a Terraform
 * state entry, a Pulumi export entry (through the Terraform type its token wraps, or aws-native's
 * CloudFormation type) and a CloudFormation stack's physical id agree on its type and its id.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discover } from '../../src/discover/discover.js';
import { identityKey } from '../../src/sources/identify.js';
import { gather, stateOptions } from '../../src/sources/index.js';
import { stackSource } from '../../src/sources/stack.js';
import { parseStateFile } from '../../src/sources/state.js';

const A = '123456789012';

interface Case {
  name: string;
  type: string;
  id: string;
  /** How an output names it. */
  arn: string;
  /** A Terraform state entry: its type and the attributes the provider writes (as strings). */
  terraform: { type: string; attributes: Record<string, string> };
  /** A Pulumi export entry: its token, its id and outputs. */
  pulumi?: { type: string; id: string; outputs: Record<string, string> };
  /** A CloudFormation stack's physical id of it. */
  physicalId?: string;
}

const CASES: Case[] = [
  {
    name: 'a CloudTrail trail',
    type: 'AWS::CloudTrail::Trail',
    id: 'org-trail',
    arn: `arn:aws:cloudtrail:us-east-1:${A}:trail/org-trail`,
    terraform: { type: 'aws_cloudtrail', attributes: { id: `arn:aws:cloudtrail:us-east-1:${A}:trail/org-trail`, arn: `arn:aws:cloudtrail:us-east-1:${A}:trail/org-trail`, name: 'org-trail' } },
    pulumi: { type: 'aws:cloudtrail/trail:Trail', id: `arn:aws:cloudtrail:us-east-1:${A}:trail/org-trail`, outputs: { arn: `arn:aws:cloudtrail:us-east-1:${A}:trail/org-trail`, name: 'org-trail' } },
    physicalId: 'org-trail',
  },
  {
    name: 'an IAM role with a path',
    type: 'AWS::IAM::Role',
    id: 'pipeline-exec',
    arn: `arn:aws:iam::${A}:role/service-role/pipeline-exec`,
    terraform: { type: 'aws_iam_role', attributes: { id: 'pipeline-exec', name: 'pipeline-exec', arn: `arn:aws:iam::${A}:role/service-role/pipeline-exec` } },
    pulumi: { type: 'aws:iam/role:Role', id: 'pipeline-exec', outputs: { name: 'pipeline-exec', arn: `arn:aws:iam::${A}:role/service-role/pipeline-exec` } },
    physicalId: 'pipeline-exec',
  },
  {
    name: 'an IAM OIDC provider',
    type: 'AWS::IAM::OIDCProvider',
    id: `arn:aws:iam::${A}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789`,
    arn: `arn:aws:iam::${A}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789`,
    terraform: {
      type: 'aws_iam_openid_connect_provider',
      attributes: { id: `arn:aws:iam::${A}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789`, arn: `arn:aws:iam::${A}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789` },
    },
    pulumi: {
      type: 'aws:iam/openIdConnectProvider:OpenIdConnectProvider',
      id: `arn:aws:iam::${A}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789`,
      outputs: { arn: `arn:aws:iam::${A}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789` },
    },
    physicalId: `arn:aws:iam::${A}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789`,
  },
  {
    name: 'a WAFv2 web ACL',
    type: 'AWS::WAFv2::WebACL',
    id: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    arn: `arn:aws:wafv2:us-east-1:${A}:regional/webacl/edge/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`,
    terraform: { type: 'aws_wafv2_web_acl', attributes: { id: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', name: 'edge', arn: `arn:aws:wafv2:us-east-1:${A}:regional/webacl/edge/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0` } },
    pulumi: { type: 'aws:wafv2/webAcl:WebAcl', id: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', outputs: { name: 'edge', arn: `arn:aws:wafv2:us-east-1:${A}:regional/webacl/edge/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0` } },
    // CloudFormation's `Ref` of a web ACL: `<name>|<id>|<scope>`.
    physicalId: 'edge|0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0|REGIONAL',
  },
  {
    name: 'a Lambda function',
    type: 'AWS::Lambda::Function',
    id: 'ingest',
    arn: `arn:aws:lambda:us-east-1:${A}:function:ingest`,
    terraform: { type: 'aws_lambda_function', attributes: { id: 'ingest', function_name: 'ingest', arn: `arn:aws:lambda:us-east-1:${A}:function:ingest` } },
    pulumi: { type: 'aws:lambda/function:Function', id: 'ingest', outputs: { name: 'ingest', arn: `arn:aws:lambda:us-east-1:${A}:function:ingest` } },
    physicalId: 'ingest',
  },
  {
    name: 'an API Gateway REST API',
    type: 'AWS::ApiGateway::RestApi',
    id: 'a1b2c3d4e5',
    arn: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5',
    terraform: { type: 'aws_api_gateway_rest_api', attributes: { id: 'a1b2c3d4e5', name: 'orders', arn: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5' } },
    pulumi: { type: 'aws:apigateway/restApi:RestApi', id: 'a1b2c3d4e5', outputs: { name: 'orders', arn: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5' } },
    physicalId: 'a1b2c3d4e5',
  },
  {
    // CloudFormation's physical id of a stage is its name alone, which does not say whose stage it is.
    name: 'an API Gateway stage',
    type: 'AWS::ApiGateway::Stage',
    id: 'a1b2c3d4e5/prod',
    arn: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod',
    terraform: { type: 'aws_api_gateway_stage', attributes: { id: 'ags-a1b2c3d4e5-prod', stage_name: 'prod', arn: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod' } },
    pulumi: { type: 'aws:apigateway/stage:Stage', id: 'ags-a1b2c3d4e5-prod', outputs: { stageName: 'prod', arn: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod' } },
  },
];

function tfstate(c: Case): string {
  return JSON.stringify({ version: 4, terraform_version: '1.11.0', resources: [{ mode: 'managed', type: c.terraform.type, name: 'this', instances: [{ attributes: c.terraform.attributes }] }] });
}

function pulumiExport(c: Case): string {
  const p = c.pulumi!;
  return JSON.stringify({ version: 3, deployment: { resources: [{ urn: `urn:pulumi:dev::p::${p.type}::this`, custom: true, type: p.type, id: p.id, outputs: p.outputs }] } });
}

describe.each(CASES)('$name', (c) => {
  const key = identityKey(c.type as never, c.id);

  it('outputs, a Terraform state, a Pulumi export and a CloudFormation stack name it alike', () => {
    const fromOutput = discover([{ key: 'Arn', name: 'Arn', value: c.arn }]).resources;
    expect(fromOutput.map((r) => [r.type, r.id])).toEqual([[c.type, c.id]]);
    const fromState = parseStateFile(tfstate(c), 'terraform.tfstate').resources;
    expect(fromState.map((r) => identityKey(r.type, r.id))).toEqual([key]);
    if (c.pulumi) expect(parseStateFile(pulumiExport(c), 'stack.json').resources.map((r) => identityKey(r.type, r.id))).toEqual([key]);
    if (c.physicalId) {
      const stack = stackSource({ name: 'App', region: 'us-east-1', rows: [{ path: 'This', type: c.type, physicalId: c.physicalId }], outputs: [] } as never);
      expect(stack.resources.map((r) => identityKey(r.type, r.id))).toEqual([key]);
    }
  });

  it('named by an output and by the state, it is one resource listing both', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-identity-'));
    await writeFile(join(dir, 'outputs.json'), JSON.stringify({ ThisArn: c.arn }));
    await writeFile(join(dir, 'terraform.tfstate'), tfstate(c));
    const found = await gather({
      ...stateOptions({ cwd: dir, outputs: 'outputs.json', state: ['terraform.tfstate'] }, { config: {}, baseDir: dir }),
      defaultOutputs: 'cfn-outputs/flat-outputs.json',
      mappings: {},
      region: 'us-east-1',
    });
    expect(found.resources.map((r) => [r.type, r.id, r.arn, r.sources!.map((s) => s.kind)])).toEqual([[c.type, c.id, c.arn, ['outputs', 'state']]]);
  });
});

it("a stage in a state without its ARN still has the ARN's id: Terraform's id names the API and the stage", () => {
  const c = CASES.find((x) => x.type === 'AWS::ApiGateway::Stage')!;
  const state = tfstate({ ...c, terraform: { ...c.terraform, attributes: { id: 'ags-a1b2c3d4e5-prod', stage_name: 'prod' } } });
  expect(parseStateFile(state, 's.tfstate').resources.map((r) => [r.type, r.id])).toEqual([['AWS::ApiGateway::Stage', 'a1b2c3d4e5/prod']]);
});

describe('a real Terraform state (fixtures/state/identity.tf applied to moto)', () => {
  const text = readFileSync(new URL('../../fixtures/state/identity.tfstate', import.meta.url), 'utf8');
  const state = JSON.parse(text) as { resources: Array<{ type: string; instances: Array<{ attributes: { arn?: string } }> }> };
  const arnOf = (type: string): string => state.resources.find((r) => r.type === type)!.instances[0]!.attributes.arn!;

  it('names each resource as an output of its ARN does: one resource each, not two', async () => {
    const outputs = {
      RoleArn: arnOf('aws_iam_role'),
      OidcArn: arnOf('aws_iam_openid_connect_provider'),
      WebAclArn: arnOf('aws_wafv2_web_acl'),
      RestApiArn: arnOf('aws_api_gateway_rest_api'),
      StageArn: arnOf('aws_api_gateway_stage'),
    };
    const dir = await mkdtemp(join(tmpdir(), 'postflight-identity-'));
    await writeFile(join(dir, 'outputs.json'), JSON.stringify(outputs));
    await writeFile(join(dir, 'terraform.tfstate'), text);
    const found = await gather({
      ...stateOptions({ cwd: dir, outputs: 'outputs.json', state: ['terraform.tfstate'] }, { config: {}, baseDir: dir }),
      defaultOutputs: 'cfn-outputs/flat-outputs.json',
      mappings: {},
      region: 'us-east-1',
    });
    const named = found.resources.filter((r) => r.keys.length > 0);
    expect(named.map((r) => [r.type, r.keys, r.sources!.map((s) => (s.kind === 'state' ? s.name : s.kind))])).toEqual([
      ['AWS::IAM::Role', ['RoleArn'], ['outputs', 'aws_iam_role.exec']],
      ['AWS::IAM::OIDCProvider', ['OidcArn'], ['outputs', 'aws_iam_openid_connect_provider.gh']],
      ['AWS::WAFv2::WebACL', ['WebAclArn'], ['outputs', 'aws_wafv2_web_acl.edge']],
      ['AWS::ApiGateway::RestApi', ['RestApiArn'], ['outputs', 'aws_api_gateway_rest_api.orders']],
      ['AWS::ApiGateway::Stage', ['StageArn'], ['outputs', 'aws_api_gateway_stage.prod']],
    ]);
    // The API's own parts are resources of their own, by their exact types or none.
    expect(found.resources.filter((r) => r.keys.length === 0).map((r) => r.type)).toEqual([
      'AWS::ApiGateway::Deployment',
      'aws_api_gateway_integration',
      'AWS::ApiGateway::Method',
      'AWS::ApiGateway::Resource',
    ]);
  });
});
