/**
 * The tags collector against moto_server: GetResources for the types moto serves, the services' own
 * reads for the rest. Where moto differs from AWS: GetResources ignores ResourceARNList (it lists
 * every tagged resource of the region) and does not serve Kinesis streams (AWS does); the stream's
 * tags come from ListTagsForStream, which the collector asks before calling a stream untagged.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AddTagsToStreamCommand, CreateStreamCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import collector from '../../src/collect/tags.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const TAGS = { Owner: 'data-platform', CostCenter: '4711' };
const WANT: ReadonlySet<FactKey> = new Set(['resource.tags']);
let moto: MotoServer;
const savedEnv = { ...process.env };

const context = (): CollectContext => createContext({ region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 8 });
const ref = (type: ResourceRef['type'], id: string, arn?: string): ResourceRef => ({ type, id, ...(arn ? { arn } : {}), region: REGION, keys: [id] });

beforeAll(async () => {
  moto = await takeMoto();
  Object.assign(process.env, emulatorEnv(moto.endpoint, REGION));
  const config = { region: REGION, endpoint: moto.endpoint };
  const list = Object.entries(TAGS).map(([Key, Value]) => ({ Key, Value }));
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'tagged' }));
  await s3.send(new PutBucketTaggingCommand({ Bucket: 'tagged', Tagging: { TagSet: list } }));
  await s3.send(new CreateBucketCommand({ Bucket: 'bare' }));
  await new IAMClient(config).send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: '{"Statement":[]}', Tags: list }));
  const kinesis = new KinesisClient({ ...config, requestHandler: new NodeHttpHandler() });
  await kinesis.send(new CreateStreamCommand({ StreamName: 'events', ShardCount: 1 }));
  await kinesis.send(new AddTagsToStreamCommand({ StreamName: 'events', Tags: TAGS }));
  await new DynamoDBClient(config).send(
    new CreateTableCommand({ TableName: 'ledger', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], Tags: list }),
  );
  await new DynamoDBClient(config).send(
    new CreateTableCommand({ TableName: 'scratch', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }),
  );
  await new CloudWatchLogsClient(config).send(new CreateLogGroupCommand({ logGroupName: '/app/ingest', tags: TAGS }));
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

describe('tags collector against moto', () => {
  it('reads every resource\'s tags: GetResources where it serves the type, the service itself for the rest', async () => {
    const refs = {
      tagged: ref('AWS::S3::Bucket', 'tagged'),
      bare: ref('AWS::S3::Bucket', 'bare'),
      role: ref('AWS::IAM::Role', 'app', `arn:aws:iam::${ACCOUNT}:role/app`),
      stream: ref('AWS::Kinesis::Stream', 'events'),
      ledger: ref('AWS::DynamoDB::Table', 'ledger', `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/ledger`),
      scratch: ref('AWS::DynamoDB::Table', 'scratch'),
      logs: ref('AWS::Logs::LogGroup', '/app/ingest', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/app/ingest:*`),
    };
    const ctx = context();
    const out = await collector.collect(Object.values(refs), WANT, ctx);
    const tags = Object.fromEntries(Object.entries(refs).map(([k, r]) => [k, out.get(r)!['resource.tags']]));
    expect(tags).toEqual({
      tagged: { state: 'present', value: TAGS },
      bare: { state: 'absent', reason: 'the bucket has no tags (NoSuchTagSet)' },
      role: { state: 'present', value: TAGS },
      stream: { state: 'present', value: TAGS },
      ledger: { state: 'present', value: TAGS },
      scratch: { state: 'absent', reason: 'the resource has no tags (GetResources lists none for it)' },
      logs: { state: 'present', value: TAGS },
    });
    // One GetResources for the region's six resources it serves; the role never asked of it.
    expect(ctx.calls.get('tag:GetResources')).toBe(1);
    expect(ctx.calls.get('iam:ListRoleTags')).toBe(1);
    expect(ctx.calls.get('kinesis:ListTagsForStream')).toBe(1);
    expect(ctx.calls.get('s3:GetBucketTagging')).toBe(1);
  });
});
