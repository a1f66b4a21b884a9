/**
 * The SNS, SQS and CloudWatch Logs collectors against moto_server: topics, queues and log groups
 * with a customer-managed key, with an AWS-managed alias, and with none.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CloudWatchLogsClient, CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import sns from '../../src/collect/sns.collector.js';
import sqs from '../../src/collect/sqs.collector.js';
import logs from '../../src/collect/logs.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { resolveKmsKey } from '../../src/collect/kms.collector.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const REGION = 'eu-west-2';
const ACCOUNT = '123456789012';
let moto: MotoServer;
const savedEnv = { ...process.env };
let keyArn: string;

function context(): CollectContext {
  return createContext(
    { region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 8 },
    { kmsResolver: (c, ref, region) => resolveKmsKey(c, ref, region) },
  );
}

beforeAll(async () => {
  moto = await takeMoto();
  Object.assign(process.env, emulatorEnv(moto.endpoint, REGION));
  const config = { region: REGION, endpoint: moto.endpoint };
  keyArn = (await new KMSClient(config).send(new CreateKeyCommand({ Description: 'messaging key' }))).KeyMetadata!.Arn!;
  const topics = new SNSClient(config);
  await topics.send(new CreateTopicCommand({ Name: 'alerts', Attributes: { KmsMasterKeyId: keyArn } }));
  await topics.send(new CreateTopicCommand({ Name: 'events', Attributes: { KmsMasterKeyId: 'alias/aws/sns' } }));
  await topics.send(new CreateTopicCommand({ Name: 'plain' }));
  const queues = new SQSClient(config);
  await queues.send(new CreateQueueCommand({ QueueName: 'ingest', Attributes: { KmsMasterKeyId: keyArn } }));
  await queues.send(new CreateQueueCommand({ QueueName: 'managed', Attributes: { SqsManagedSseEnabled: 'true' } }));
  await queues.send(new CreateQueueCommand({ QueueName: 'bare', Attributes: { SqsManagedSseEnabled: 'false' } }));
  const groups = new CloudWatchLogsClient(config);
  await groups.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/app-ingest', kmsKeyId: keyArn }));
  await groups.send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/app-ingest', retentionInDays: 30 }));
  await groups.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/app-report' }));
  await groups.send(new CreateLogGroupCommand({ logGroupName: '/ecs/app-web' }));
  await groups.send(new PutRetentionPolicyCommand({ logGroupName: '/ecs/app-web', retentionInDays: 7 }));
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

const ENC: FactKey[] = ['encryption.kmsKeyRef', 'encryption.kmsKey'];

describe('sns collector against moto', () => {
  const topic = (name: string): ResourceRef => ({ type: 'AWS::SNS::Topic', id: `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`, region: REGION, keys: ['TopicArn'] });

  it('reads the key of each topic, resolving alias/aws/sns', async () => {
    const ctx = context();
    const refs = ['alerts', 'events', 'plain'].map(topic);
    const out = await sns.collect(refs, new Set<FactKey>(['sns.topic', ...ENC]), ctx);
    const [cmk, managed, plain] = refs.map((r) => out.get(r)!);
    expect(cmk!['sns.topic']).toEqual({ state: 'present', value: { arn: refs[0]!.id, kmsMasterKeyId: keyArn } });
    expect(cmk!['encryption.kmsKey']).toMatchObject({ state: 'present', value: { arn: keyArn, keyManager: 'CUSTOMER', keyState: 'Enabled' } });
    expect(managed!['encryption.kmsKeyRef']).toEqual({ state: 'present', value: 'alias/aws/sns' });
    // moto has no AWS-managed keys (DescribeKey alias/aws/sns answers NotFound; AWS answers with the
    // key, KeyManager AWS): the reserved alias decides, as the KMS collector documents.
    expect(managed!['encryption.kmsKey']).toMatchObject({ state: 'present', value: { keyManager: 'AWS', aliases: ['alias/aws/sns'] } });
    expect(plain!['encryption.kmsKeyRef']).toEqual({ state: 'absent', reason: expect.stringContaining('no server-side encryption') });
    expect(ctx.calls.get('sns:GetTopicAttributes')).toBe(3);
  });

  it('reports a topic that does not exist as unknown', async () => {
    const r = topic('gone');
    const rec = (await sns.collect([r], new Set<FactKey>(['sns.topic']), context())).get(r)!;
    expect(rec['sns.topic']).toEqual({ state: 'unknown', reason: expect.stringContaining('does not exist') });
  });
});

describe('sqs collector against moto', () => {
  /** The URL as outputs give it: AWS's own host, never moto's. */
  const queue = (name: string): ResourceRef => ({ type: 'AWS::SQS::Queue', id: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`, region: REGION, keys: ['QueueUrl'] });

  it('sends every call to the endpoint given, not to the host the queue URL names', async () => {
    const ctx = context();
    const refs = ['ingest', 'managed', 'bare'].map(queue);
    const out = await sqs.collect(refs, new Set<FactKey>(['sqs.queue', ...ENC]), ctx);
    const [cmk, managed, bare] = refs.map((r) => out.get(r)!);
    expect(cmk!['sqs.queue']).toMatchObject({ state: 'present', value: { url: refs[0]!.id, arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:ingest`, kmsMasterKeyId: keyArn } });
    expect(cmk!['encryption.kmsKey']).toMatchObject({ state: 'present', value: { arn: keyArn, keyManager: 'CUSTOMER' } });
    expect(managed!['sqs.queue']).toMatchObject({ state: 'present', value: { sqsManagedSseEnabled: true } });
    expect(managed!['encryption.kmsKeyRef']).toEqual({ state: 'absent', reason: expect.stringContaining('SSE-SQS') });
    expect(bare!['sqs.queue']).toMatchObject({ state: 'present', value: { sqsManagedSseEnabled: false } });
    expect(bare!['sqs.queue']).not.toHaveProperty('value.kmsMasterKeyId');
    expect(ctx.calls.get('sqs:GetQueueAttributes')).toBe(3);
  });

  it('reports a queue that does not exist as unknown', async () => {
    const r = queue('gone');
    const rec = (await sqs.collect([r], new Set<FactKey>(['sqs.queue']), context())).get(r)!;
    expect(rec['sqs.queue']).toMatchObject({ state: 'unknown' });
  });
});

describe('logs collector against moto', () => {
  const group = (id: string): ResourceRef => ({ type: 'AWS::Logs::LogGroup', id, region: REGION, keys: ['LogGroupName'] });

  it('reads log groups named by name and by ARN, one paged call per shared prefix', async () => {
    const ctx = context();
    const refs = [group('/aws/lambda/app-ingest'), group(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/app-report:*`), group('/ecs/app-web')];
    const out = await logs.collect(refs, new Set<FactKey>(['logs.logGroup', ...ENC]), ctx);
    const [ingest, report, web] = refs.map((r) => out.get(r)!);
    expect(ingest!['logs.logGroup']).toMatchObject({ state: 'present', value: { name: '/aws/lambda/app-ingest', kmsKeyId: keyArn, retentionInDays: 30 } });
    expect(ingest!['encryption.kmsKey']).toMatchObject({ state: 'present', value: { arn: keyArn } });
    expect(report!['logs.logGroup']).toMatchObject({ state: 'present', value: { name: '/aws/lambda/app-report' } });
    expect(report!['logs.logGroup']).not.toHaveProperty('value.retentionInDays');
    expect(report!['encryption.kmsKeyRef']?.state).toBe('absent');
    expect(web!['logs.logGroup']).toMatchObject({ state: 'present', value: { retentionInDays: 7 } });
    // Two prefixes: /aws/lambda/app- and /ecs/app-web.
    expect(ctx.calls.get('logs:DescribeLogGroups')).toBe(2);
  });

  it('reports a log group that does not exist as unknown', async () => {
    const r = group('/aws/lambda/gone');
    const rec = (await logs.collect([r], new Set<FactKey>(['logs.logGroup']), context())).get(r)!;
    expect(rec['logs.logGroup']).toEqual({ state: 'unknown', reason: expect.stringContaining('does not exist') });
  });
});
