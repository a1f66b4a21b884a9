/**
 * The generated type table (scripts/generate-types.ts) as a whole: every type it names exists in
 * CloudFormation's list, the hand-kept rules agree with it, nothing is ever given a name made up from
 * its words, and the names that used to be invented are now exact.
 */
import { readFileSync } from 'node:fs';
import { GENERIC_TYPES, resourceFromArn } from '../../src/discover/arn.js';
import { classifyPart } from '../../src/sources/parts.js';
import { classifyTerraformType, cloudFormationTypeOfNative, FOLD_RULES, terraformTypeOfPulumi, TYPE_RULES } from '../../src/sources/provider-types.js';
import { cloudFormationTypes, nearestCloudFormationType, providerTable, typeNameProblem } from '../../src/sources/type-names.js';
import { RESOURCE_TYPES } from '../../src/types.js';

const CFN = cloudFormationTypes().names;
const TABLE = providerTable();
const TEMPLATES = (JSON.parse(readFileSync(new URL('../../fixtures/cfn-arn-templates.json', import.meta.url), 'utf8')) as { templates: Record<string, string> }).templates;

/** The type a state entry of `providerType` gets (a Pulumi token goes through its Terraform type, as the state reader does). */
function typeOf(providerType: string): string | undefined {
  if (providerType.startsWith('aws-native:')) return cloudFormationTypeOfNative(providerType);
  const tf = providerType.startsWith('aws:') ? terraformTypeOfPulumi(providerType) : providerType;
  if (tf === undefined) return undefined;
  const c = classifyTerraformType(tf, providerType);
  return c.kind === 'resource' ? c.rule.type : c.kind === 'fold' ? `fold → ${c.rule.into}` : c.kind === 'other' ? 'not a resource' : undefined;
}

describe('the CloudFormation list', () => {
  it('is the specification, with its provenance', () => {
    expect(cloudFormationTypes().source).toMatch(/^@aws-cdk\/aws-service-spec@\d+\.\d+\.\d+ /);
    expect(CFN.size).toBeGreaterThan(1500);
    for (const t of CFN) expect(t).toMatch(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/);
    expect(CFN.has('AWS::CloudTrail::Trail')).toBe(true);
    expect(CFN.has('AWS::CloudTrail::Cloudtrail')).toBe(false);
  });

  it('holds every type the built-in collectors and fold rules name', () => {
    for (const t of RESOURCE_TYPES) expect({ t, real: CFN.has(t) }).toEqual({ t, real: true });
    // A fold names its target by provider type; the table gives the target's CloudFormation type.
    for (const tf of Object.keys(FOLD_RULES)) {
      const c = classifyTerraformType(tf);
      const into = c.kind === 'fold' ? c.rule.into : c.kind;
      // A target CloudFormation has no type for keeps its provider's name, as any resource does.
      const real = CFN.has(into) || into === FOLD_RULES[tf]!.target;
      expect({ tf, into, real }).toEqual({ tf, into, real: true });
    }
  });

  it('spells no two types alike but for case, so a name in other case finds one type', () => {
    const lower = new Set([...CFN].map((t) => t.toLowerCase()));
    expect(lower.size).toBe(CFN.size);
  });
});

describe('the Terraform table', () => {
  const entries = Object.entries(TABLE.terraform);

  it('lists every aws_* resource type of the provider version it was made from', () => {
    expect(TABLE.source).toMatch(/hashicorp\/aws 5\.100\.0/);
    expect(entries.length).toBeGreaterThan(1500);
    for (const [tf] of entries) expect(tf).toMatch(/^aws_[a-z0-9_]+$/);
  });

  it('names only real CloudFormation types, or none', () => {
    const invented = entries.filter(([, cfn]) => cfn !== null && !CFN.has(cfn)).map(([tf, cfn]) => `${tf} → ${cfn}`);
    expect(invented).toEqual([]);
  });

  it('is what every type becomes: its CloudFormation type, else its own name, never a made-up one', () => {
    const wrong: string[] = [];
    for (const [tf, cfn] of entries) {
      // Parts of other resources and non-resources are decided before the table (parts.ts, tested there).
      if (classifyPart(tf)) continue;
      const c = classifyTerraformType(tf);
      if (c.kind === 'resource' && c.rule.type !== (cfn ?? tf)) wrong.push(`${tf}: ${c.rule.type}, table ${cfn}`);
      if (c.kind === 'other') wrong.push(`${tf}: not a resource`);
    }
    expect(wrong).toEqual([]);
  });

  it('agrees with the hand-kept identifier rules', () => {
    const disagree = Object.entries(TYPE_RULES)
      .filter(([tf, rule]) => TABLE.terraform[tf] !== rule.type)
      .map(([tf, rule]) => `${tf}: rule ${rule.type}, table ${TABLE.terraform[tf]}`);
    expect(disagree).toEqual([]);
  });
});

describe('the Pulumi table', () => {
  const entries = Object.entries(TABLE.pulumi);

  it('lists every resource token of the @pulumi/aws 6.x version it was made from', () => {
    expect(TABLE.source).toMatch(/@pulumi\/aws@6\.\d+\.\d+/);
    expect(entries.length).toBeGreaterThan(1500);
    for (const [token] of entries) expect(token).toMatch(/^aws:[A-Za-z0-9]+\/[A-Za-z0-9_]+:[A-Za-z0-9_]+$/);
  });

  it('maps each token to a Terraform type the Terraform table has, or none', () => {
    expect(entries.filter(([, tf]) => tf !== null && !(tf in TABLE.terraform))).toEqual([]);
  });

  it('is what every token becomes: the CloudFormation type of its Terraform type, else the token itself', () => {
    const wrong: string[] = [];
    for (const [token, tf] of entries) {
      const type = typeOf(token);
      if (type?.startsWith('fold') || type === 'not a resource') continue;
      const want = (tf !== null ? TABLE.terraform[tf] : null) ?? token;
      if (type !== want) wrong.push(`${token}: ${type}, want ${want}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('the ARN table', () => {
  const rows = Object.entries(GENERIC_TYPES).flatMap(([service, kinds]) => Object.entries(kinds).map(([kind, g]) => ({ service, kind, type: g.type as string })));

  it('names only real CloudFormation types', () => {
    expect(rows.filter((r) => !CFN.has(r.type))).toEqual([]);
  });

  it("reads each type's ARN as the CloudFormation specification spells it, where it spells one", () => {
    const wrong: string[] = [];
    for (const r of rows) {
      const template = TEMPLATES[r.type];
      if (!template) continue;
      const m = /^arn:\$\{Partition\}:([a-z0-9-]+):[^:]*:[^:]*:(.*)$/.exec(template);
      const kinds = rows.filter((x) => x.service === r.service && x.type === r.type).map((x) => x.kind);
      const templateKind = m?.[2]?.startsWith('${') ? '' : /^([A-Za-z0-9-]+)[/:]/.exec(m?.[2] ?? '')?.[1];
      if (m?.[1] !== r.service || templateKind === undefined || !kinds.includes(templateKind)) wrong.push(`${r.service} ${r.kind} → ${r.type}: the specification says ${template}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('the names that were made up are exact now', () => {
  it.each([
    // Terraform
    ['aws_cloudtrail', 'AWS::CloudTrail::Trail'],
    ['aws_api_gateway_stage', 'AWS::ApiGateway::Stage'],
    ['aws_default_route_table', 'AWS::EC2::RouteTable'],
    ['aws_default_vpc_dhcp_options', 'AWS::EC2::DHCPOptions'],
    ['aws_launch_configuration', 'AWS::AutoScaling::LaunchConfiguration'],
    ['aws_iam_openid_connect_provider', 'AWS::IAM::OIDCProvider'],
    ['aws_iam_policy', 'AWS::IAM::ManagedPolicy'],
    ['aws_cloudwatch_metric_alarm', 'AWS::CloudWatch::Alarm'],
    ['aws_wafv2_web_acl', 'AWS::WAFv2::WebACL'],
    ['aws_db_instance', 'AWS::RDS::DBInstance'],
    ['aws_lb', 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
    ['aws_route53_record', 'AWS::Route53::RecordSet'],
    ['aws_kms_replica_key', 'AWS::KMS::ReplicaKey'],
    // No CloudFormation type of the same resource, though words would spell one: its own name.
    ['aws_ami_from_instance', 'aws_ami_from_instance'],
    ['aws_lex_bot', 'aws_lex_bot'],
    // Not a resource of a stack at all (parts.ts): an account setting, a tag on another resource.
    ['aws_iam_account_password_policy', 'not a resource'],
    ['aws_ec2_tag', 'not a resource'],
    // A future provider's type, unknown to the table: its own name.
    ['aws_brand_new_thing', 'aws_brand_new_thing'],
    // Pulumi, through the Terraform type each token wraps.
    ['aws:cloudtrail/trail:Trail', 'AWS::CloudTrail::Trail'],
    ['aws:iam/openIdConnectProvider:OpenIdConnectProvider', 'AWS::IAM::OIDCProvider'],
    ['aws:apigateway/stage:Stage', 'AWS::ApiGateway::Stage'],
    ['aws:ec2/defaultRouteTable:DefaultRouteTable', 'AWS::EC2::RouteTable'],
    ['aws:ec2/launchConfiguration:LaunchConfiguration', 'AWS::AutoScaling::LaunchConfiguration'],
    ['aws:rds/instance:Instance', 'AWS::RDS::DBInstance'],
    ['aws:wafv2/webAcl:WebAcl', 'AWS::WAFv2::WebACL'],
    ['aws:s3/bucketV2:BucketV2', 'AWS::S3::Bucket'],
    ['aws:lex/bot:Bot', 'aws:lex/bot:Bot'],
    ['aws:ec2/tag:Tag', 'not a resource'],
    ['aws:brandnew/thing:Thing', 'aws:brandnew/thing:Thing'],
    // Pulumi aws-native: CloudFormation's own types, in Pulumi's case.
    ['aws-native:wafv2:WebAcl', 'AWS::WAFv2::WebACL'],
    ['aws-native:iam:OidcProvider', 'AWS::IAM::OIDCProvider'],
    ['aws-native:cloudtrail:Trail', 'AWS::CloudTrail::Trail'],
    ['aws-native:ec2:Vpc', 'AWS::EC2::VPC'],
    ['aws-native:rds:DbInstance', 'AWS::RDS::DBInstance'],
    ['aws-native:brandnew:Thing', 'aws-native:brandnew:Thing'],
  ])('%s → %s', (providerType, type) => {
    expect(typeOf(providerType)).toBe(type);
  });

  it.each([
    ['arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail', 'AWS::CloudTrail::Trail'],
    ['arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', 'AWS::WAFv2::WebACL'],
    ['arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', 'AWS::WAFv2::WebACL'],
    ['arn:aws:wafv2:us-east-1:123456789012:regional/ipset/blocked/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', 'AWS::WAFv2::IPSet'],
    ['arn:aws:wafv2:us-east-1:123456789012:global/rulegroup/rate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', 'AWS::WAFv2::RuleGroup'],
    ['arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com', 'AWS::IAM::OIDCProvider'],
    ['arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod', 'AWS::ApiGateway::Stage'],
  ])('the ARN %s is a %s', (arn, type) => {
    expect(resourceFromArn(arn)?.type).toBe(type);
  });

  it('an aws-native name spells back every CloudFormation type', () => {
    const wrong = [...CFN].filter((t) => {
      const [, ns, res] = t.split('::') as [string, string, string];
      return cloudFormationTypeOfNative(`aws-native:${ns.toLowerCase()}:${res.charAt(0)}${res.slice(1).toLowerCase()}`) !== t;
    });
    expect(wrong).toEqual([]);
  });
});

describe('a type name a user writes', () => {
  it.each([
    ['AWS::CloudTrail::Cloudtrail', 'is not a CloudFormation resource type (did you mean AWS::CloudTrail::Trail?)'],
    ['AWS::cloudtrail::trail', 'is not a CloudFormation resource type (did you mean AWS::CloudTrail::Trail?)'],
    ['AWS::Lambda::Functions', 'is not a CloudFormation resource type (did you mean AWS::Lambda::Function?)'],
    ['AWS::Api::GatewayStage', 'is not a CloudFormation resource type (did you mean AWS::ApiGateway::Stage?)'],
    ['aws_cloudtrail', 'is a type CloudFormation names AWS::CloudTrail::Trail, the name its resources carry (use AWS::CloudTrail::Trail)'],
    ['aws:cloudtrail/trail:Trail', 'is a type CloudFormation names AWS::CloudTrail::Trail, the name its resources carry (use AWS::CloudTrail::Trail)'],
    ['S3 bucket', 'is not a resource type name (name it as CloudFormation does: AWS::<Service>::<Resource>, such as AWS::S3::Bucket)'],
    ['AWS::CloudTrail::Trail', undefined],
    ['aws_ec2_tag', undefined],
    ['aws_brand_new_thing', undefined],
  ])('%s %s', (name, problem) => {
    expect(typeNameProblem(name)).toBe(problem);
  });

  it('finds a near type for every misspelling of a real one', () => {
    expect(nearestCloudFormationType('AWS::DynamoDb::Tables')).toBe('AWS::DynamoDB::Table');
    expect(nearestCloudFormationType('AWS::ElasticLoadBalancingV2::Loadbalancer')).toBe('AWS::ElasticLoadBalancingV2::LoadBalancer');
  });
});
