/**
 * ARNs of the common services are resources of the run, by their exact CloudFormation type, the
 * resource's own name as its id, the ARN kept; an ARN whose type cannot be named exactly is named by
 * no type, with the reason. SNS topics, SQS queues and log groups are asserted
 * by type only here (their identifiers are the collectors' concern: topic ARN, queue URL, name).
 */
import { discover } from '../../src/discover/discover.js';
import { genericFromArn, resourceFromArn, unnamedArnReason } from '../../src/discover/arn.js';
import type { OutputEntry } from '../../src/types.js';

const A = '123456789012';

const FULL: Array<[string, string, string, string?]> = [
  // [arn, type, id, region]
  [`arn:aws:lambda:eu-west-1:${A}:function:ingest`, 'AWS::Lambda::Function', 'ingest', 'eu-west-1'],
  [`arn:aws:lambda:eu-west-1:${A}:function:ingest:live`, 'AWS::Lambda::Function', 'ingest', 'eu-west-1'],
  [`arn:aws:lambda:eu-west-1:${A}:function:ingest:$LATEST`, 'AWS::Lambda::Function', 'ingest', 'eu-west-1'],
  [`arn:aws:lambda:eu-west-1:${A}:layer:shared-deps:7`, 'AWS::Lambda::LayerVersion', 'shared-deps', 'eu-west-1'],
  [`arn:aws:states:us-east-1:${A}:stateMachine:orders-flow`, 'AWS::StepFunctions::StateMachine', 'orders-flow', 'us-east-1'],
  [`arn:aws:iam::${A}:role/service-role/pipeline-exec`, 'AWS::IAM::Role', 'pipeline-exec'],
  [`arn:aws:iam::${A}:policy/pipeline-read`, 'AWS::IAM::ManagedPolicy', 'pipeline-read'],
  [`arn:aws:events:us-east-1:${A}:rule/nightly`, 'AWS::Events::Rule', 'nightly', 'us-east-1'],
  [`arn:aws:events:us-east-1:${A}:rule/orders-bus/on-order`, 'AWS::Events::Rule', 'on-order', 'us-east-1'],
  [`arn:aws:events:us-east-1:${A}:event-bus/orders-bus`, 'AWS::Events::EventBus', 'orders-bus', 'us-east-1'],
  [`arn:aws:ecr:us-east-1:${A}:repository/team/ingest`, 'AWS::ECR::Repository', 'team/ingest', 'us-east-1'],
  [`arn:aws:ecs:us-east-1:${A}:cluster/workers`, 'AWS::ECS::Cluster', 'workers', 'us-east-1'],
  [`arn:aws:ecs:us-east-1:${A}:service/workers/api`, 'AWS::ECS::Service', 'api', 'us-east-1'],
  [`arn:aws:cloudwatch::${A}:dashboard/pipeline-ops`, 'AWS::CloudWatch::Dashboard', 'pipeline-ops'],
  [`arn:aws:cloudwatch:us-east-1:${A}:alarm:errors-high`, 'AWS::CloudWatch::Alarm', 'errors-high', 'us-east-1'],
  ['arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5', 'AWS::ApiGateway::RestApi', 'a1b2c3d4e5', 'us-east-1'],
  ['arn:aws:apigateway:us-east-1::/apis/f6g7h8', 'AWS::ApiGatewayV2::Api', 'f6g7h8', 'us-east-1'],
  ['arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/resources/xyz', 'AWS::ApiGateway::RestApi', 'a1b2c3d4e5', 'us-east-1'],
  ['arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod', 'AWS::ApiGateway::Stage', 'a1b2c3d4e5/prod', 'us-east-1'],
  ['arn:aws:apigateway:us-east-1::/apis/f6g7h8/stages/$default', 'AWS::ApiGatewayV2::Stage', 'f6g7h8/$default', 'us-east-1'],
  [`arn:aws:cloudtrail:us-east-1:${A}:trail/org-trail`, 'AWS::CloudTrail::Trail', 'org-trail', 'us-east-1'],
  [`arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`, 'AWS::IAM::OIDCProvider', `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`],
  [`arn:aws:cognito-idp:us-east-1:${A}:userpool/us-east-1_AbCdEf123`, 'AWS::Cognito::UserPool', 'us-east-1_AbCdEf123', 'us-east-1'],
  [`arn:aws:glue:us-east-1:${A}:database/lake`, 'AWS::Glue::Database', 'lake', 'us-east-1'],
  [`arn:aws:glue:us-east-1:${A}:crawler/lake-crawler`, 'AWS::Glue::Crawler', 'lake-crawler', 'us-east-1'],
  [`arn:aws:athena:us-east-1:${A}:workgroup/analysts`, 'AWS::Athena::WorkGroup', 'analysts', 'us-east-1'],
  [`arn:aws:firehose:us-east-1:${A}:deliverystream/to-lake`, 'AWS::KinesisFirehose::DeliveryStream', 'to-lake', 'us-east-1'],
  [`arn:aws:ssm:us-east-1:${A}:parameter/app/db/host`, 'AWS::SSM::Parameter', '/app/db/host', 'us-east-1'],
  [`arn:aws:ec2:us-east-1:${A}:instance/i-0123456789abcdef0`, 'AWS::EC2::Instance', 'i-0123456789abcdef0', 'us-east-1'],
  [`arn:aws-cn:lambda:cn-north-1:${A}:function:cn-ingest`, 'AWS::Lambda::Function', 'cn-ingest', 'cn-north-1'],
  [`arn:aws:memorydb:us-east-1:${A}:cluster/sessions`, 'AWS::MemoryDB::Cluster', 'sessions', 'us-east-1'],
  // WAFv2: `<scope>/<type>/<name>/<id>`, the id last.
  [`arn:aws:wafv2:us-east-1:${A}:regional/webacl/edge/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`, 'AWS::WAFv2::WebACL', '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', 'us-east-1'],
  [`arn:aws:wafv2:us-east-1:${A}:global/webacl/cdn/11111111-2222-3333-4444-555555555555`, 'AWS::WAFv2::WebACL', '11111111-2222-3333-4444-555555555555', 'us-east-1'],
  [`arn:aws:wafv2:eu-west-1:${A}:regional/ipset/blocked/22222222-2222-3333-4444-555555555555`, 'AWS::WAFv2::IPSet', '22222222-2222-3333-4444-555555555555', 'eu-west-1'],
  [`arn:aws:wafv2:eu-west-1:${A}:regional/rulegroup/rate/33333333-2222-3333-4444-555555555555`, 'AWS::WAFv2::RuleGroup', '33333333-2222-3333-4444-555555555555', 'eu-west-1'],
  [`arn:aws:network-firewall:eu-west-1:${A}:firewall/edge`, 'AWS::NetworkFirewall::Firewall', `arn:aws:network-firewall:eu-west-1:${A}:firewall/edge`, 'eu-west-1'],
];

describe('generic ARNs: type, id, region, ARN kept', () => {
  it.each(FULL)('%s', (...[arn, type, id, region]) => {
    const found = resourceFromArn(arn);
    // An execute-api ARN does not say whether the API is a REST or an HTTP API: its type is a guess.
    expect(found).toEqual({ type, id, arn, ...(region ? { region } : {}), ...(arn.includes(':execute-api:') ? { guessed: true } : {}) });
  });
});

describe('generic ARNs of SNS, SQS and CloudWatch Logs: the type', () => {
  it.each([
    [`arn:aws:sns:us-east-1:${A}:order-events`, 'AWS::SNS::Topic'],
    [`arn:aws:sqs:us-east-1:${A}:order-queue`, 'AWS::SQS::Queue'],
    [`arn:aws:sqs:us-east-1:${A}:order-queue.fifo`, 'AWS::SQS::Queue'],
    [`arn:aws:logs:us-east-1:${A}:log-group:/aws/lambda/ingest:*`, 'AWS::Logs::LogGroup'],
    [`arn:aws:logs:us-east-1:${A}:log-group:/aws/lambda/ingest`, 'AWS::Logs::LogGroup'],
  ])('%s → %s', (arn, type) => {
    expect(resourceFromArn(arn)?.type).toBe(type);
    expect(resourceFromArn(arn)?.region).toBe('us-east-1');
  });

  it.each([
    [`arn:aws:sqs:us-east-1:not-an-account:order-queue`],
    [`arn:aws:ec2:us-east-1:${A}:instance/not-an-id`],
  ])('an ARN the specific rules turn away is not guessed into a type of its own: %s', (arn) => {
    expect(resourceFromArn(arn)).toBeUndefined();
  });

  it("a subscription's ARN is not its topic", () => {
    expect(resourceFromArn(`arn:aws:sns:us-east-1:${A}:order-events:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`)).toBeUndefined();
  });
});

describe('an ARN whose type cannot be named exactly is named by no type, with the reason', () => {
  it.each([
    [`arn:aws:wafv2:us-east-1:${A}:regional/managedruleset/m/44444444-2222-3333-4444-555555555555`, 'its resource type "regional" (wafv2) is none postflight can give a CloudFormation type exactly'],
    [`arn:aws:frobnicate:us-east-1:${A}:widget/w-1`, 'its resource type "widget" (frobnicate) is none postflight can give a CloudFormation type exactly'],
    ['arn:aws:apigateway:us-east-1::/domainnames/api.example.com', 'its API Gateway resource (/domainnames) is no type postflight can name exactly'],
    [`arn:aws:sns:us-east-1:${A}:order-events:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`, 'it names no sns resource postflight can give a CloudFormation type exactly'],
  ])('%s', (arn, reason) => {
    expect(resourceFromArn(arn)).toBeUndefined();
    expect(unnamedArnReason(arn)).toBe(reason);
  });

  it('discovery lists such an output as unrecognised, with the reason', () => {
    const arn = `arn:aws:wafv2:us-east-1:${A}:regional/managedruleset/m/44444444-2222-3333-4444-555555555555`;
    const found = discover([{ key: 'RuleSetArn', name: 'RuleSetArn', value: arn }, { key: 'Environment', name: 'Environment', value: 'dev' }]);
    expect(found.resources).toEqual([]);
    expect(found.unrecognised).toEqual([
      { key: 'RuleSetArn', name: 'RuleSetArn', value: arn, reason: 'its resource type "regional" (wafv2) is none postflight can give a CloudFormation type exactly' },
      { key: 'Environment', name: 'Environment', value: 'dev' },
    ]);
  });

  it('an ARN it names, an STS identity and what is no ARN have no such reason', () => {
    expect(unnamedArnReason(`arn:aws:cloudtrail:us-east-1:${A}:trail/t`)).toBeUndefined();
    expect(unnamedArnReason(`arn:aws:sts::${A}:assumed-role/deployer/session`)).toBeUndefined();
    expect(unnamedArnReason('not an arn')).toBeUndefined();
  });
});

describe('the specific readings come first, and what is no resource stays unread', () => {
  it('built-in services keep their own identifiers', () => {
    expect(resourceFromArn(`arn:aws:dynamodb:us-east-1:${A}:table/orders/stream/2024`)).toMatchObject({ type: 'AWS::DynamoDB::Table', id: 'orders' });
    expect(resourceFromArn('arn:aws:s3:::data-bucket')).toMatchObject({ type: 'AWS::S3::Bucket', id: 'data-bucket' });
  });
  it.each([
    `arn:aws:sts::${A}:assumed-role/deployer/session`,
    'arn:aws:frobnicate:us-east-1:123456789012:bare-name',
    'not an arn',
    'arn:aws:lambda:us-east-1:123456789012:function:',
  ])('%s → nothing', (text) => {
    expect(genericFromArn(text)).toBeUndefined();
  });
});

describe('discovery places them', () => {
  const entry = (key: string, value: string): OutputEntry => ({ key, name: key, value });
  it('a Lambda function named by ARN and by bare name (through the config mapping) is one resource', () => {
    const found = discover(
      [entry('IngestFnArn', `arn:aws:lambda:us-east-1:${A}:function:ingest`), entry('IngestFnName', 'ingest'), entry('OpsDashboard', 'pipeline-ops')],
      { mappings: { IngestFnName: 'AWS::Lambda::Function', OpsDashboard: 'AWS::CloudWatch::Dashboard' }, defaultRegion: 'us-east-1' },
    );
    expect(found.resources.map((r) => ({ type: r.type, id: r.id, keys: r.keys }))).toEqual([
      { type: 'AWS::Lambda::Function', id: 'ingest', keys: ['IngestFnArn', 'IngestFnName'] },
      { type: 'AWS::CloudWatch::Dashboard', id: 'pipeline-ops', keys: ['OpsDashboard'] },
    ]);
    expect(found.unrecognised).toEqual([]);
  });
});
