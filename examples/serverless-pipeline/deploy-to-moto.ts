/**
 * The serverless pipeline's stack, deployed into an AWS emulator (moto) with the SDK, returning
 * the flat outputs the deploy step writes: a data bucket with a GLACIER lifecycle, an events table,
 * four Lambda functions given by ARN, a VPC with subnets in three zones, and an operations
 * dashboard. Compliant by default; each defect is one classic mistake on one resource.
 * (moto creates Lambda functions without Docker; only invoking them needs it.)
 */
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateFunctionCommand, LambdaClient, PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketLifecycleConfigurationCommand, S3Client } from '@aws-sdk/client-s3';

export const PIPELINE_DEFECTS = ['x86-function', 'pitr-off', 'empty-dashboard', 'two-azs'] as const;
export type PipelineDefect = (typeof PIPELINE_DEFECTS)[number];

export const FUNCTIONS = ['Ingest', 'Transform', 'Enrich', 'Publish'] as const;

export interface PipelineOptions {
  endpoint: string;
  region?: string;
  /** Suffix for resource names, so several stacks share one emulator. */
  suffix: string;
  defects?: readonly PipelineDefect[];
}

/** An empty zip archive: enough code for moto to create a function or a layer. */
const EMPTY_ZIP = Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64');

/** Creates the functions' role through IAM's query API (the SDK's IAM client is not a dependency). */
async function createRole(endpoint: string, name: string): Promise<string> {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    body: new URLSearchParams({ Version: '2010-05-08', Action: 'CreateRole', RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
  });
  const arn = /<Arn>([^<]+)</.exec(await res.text())?.[1];
  if (!arn) throw new Error(`moto did not create the role ${name} (HTTP ${res.status})`);
  return arn;
}

export async function deployServerlessPipeline(options: PipelineOptions): Promise<Record<string, string>> {
  const region = options.region ?? 'us-east-1';
  const { suffix } = options;
  const has = (d: PipelineDefect) => options.defects?.includes(d) ?? false;
  const config = { region, endpoint: options.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const outputs: Record<string, string> = {};

  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const bucket = `pipeline-data-${suffix}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: bucket,
      LifecycleConfiguration: { Rules: [{ ID: 'archive', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: 90, StorageClass: 'GLACIER' }] }] },
    }),
  );
  outputs.DataBucketName = bucket;
  s3.destroy();

  const ddb = new DynamoDBClient(config);
  const table = `pipeline-events-${suffix}`;
  await ddb.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  if (!has('pitr-off')) await ddb.send(new UpdateContinuousBackupsCommand({ TableName: table, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  outputs.EventsTableName = table;
  ddb.destroy();

  const lambda = new LambdaClient(config);
  const role = await createRole(options.endpoint, `pipeline-fn-${suffix}`);
  const layer = await lambda.send(new PublishLayerVersionCommand({ LayerName: `pipeline-deps-${suffix}`, Content: { ZipFile: EMPTY_ZIP } }));
  for (const [i, name] of FUNCTIONS.entries()) {
    const fn = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: `pipeline-${name.toLowerCase()}-${suffix}`,
        Role: role,
        Runtime: 'python3.12',
        Handler: 'handler.main',
        Code: { ZipFile: EMPTY_ZIP },
        // The defect: the second function was left on the default architecture.
        Architectures: has('x86-function') && i === 1 ? ['x86_64'] : ['arm64'],
        Layers: [layer.LayerVersionArn!],
      }),
    );
    outputs[`${name}FunctionArn`] = fn.FunctionArn!;
  }
  lambda.destroy();

  const ec2 = new EC2Client(config);
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
  const vpcId = vpc.Vpc!.VpcId!;
  const zones = has('two-azs') ? ['a', 'b', 'a'] : ['a', 'b', 'c'];
  for (const [i, zone] of zones.entries()) {
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.20.${i}.0/24`, AvailabilityZone: `${region}${zone}` }));
  }
  outputs.VpcId = vpcId;
  ec2.destroy();

  const cw = new CloudWatchClient(config);
  const dashboard = `pipeline-ops-${suffix}`;
  const widgets = has('empty-dashboard')
    ? []
    : [{ type: 'metric', x: 0, y: 0, width: 12, height: 6, properties: { region, title: 'Ingest errors', metrics: [['AWS/Lambda', 'Errors', 'FunctionName', `pipeline-ingest-${suffix}`]] } }];
  await cw.send(new PutDashboardCommand({ DashboardName: dashboard, DashboardBody: JSON.stringify({ widgets }) }));
  outputs.DashboardName = dashboard;
  cw.destroy();

  return outputs;
}
