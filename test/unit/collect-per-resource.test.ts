/**
 * The contract every per-resource collector shares (Kinesis, Secrets Manager, DynamoDB, SNS, SQS, built on
 * `perResourceCollector`): one describe per resource in its own region, only when a fact is
 * wanted, and every failure an unknown fact with the reason, never a default.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import sns from '../../src/collect/sns.collector.js';
import sqs from '../../src/collect/sqs.collector.js';
import dynamodb from '../../src/collect/dynamodb.collector.js';
import kinesis from '../../src/collect/kinesis.collector.js';
import secretsmanager from '../../src/collect/secretsmanager.collector.js';
import { createContext, type CollectContext, type Collector } from '../../src/collect/context.js';
import { present } from '../../src/facts/fact.js';
import type { FactKey, KmsKeyFacts } from '../../src/facts/catalogue.js';
import type { ResourceRef, ResourceType } from '../../src/types.js';
import { CredentialsError } from '../../src/errors.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

interface Service {
  name: string;
  collector: Collector;
  type: ResourceType;
  fact: FactKey;
  action: string;
  /** Every action the collector declares, when it has more than the describe (DynamoDB's continuous backups). */
  actions?: string[];
  /** The error name the service gives for a resource it does not know. */
  notFound?: string;
  /** Answers the describe call for `id`, or fails it with `error`. */
  answer(id: string): void;
  fail(error: Error): void;
  /** Answers with an empty document. */
  empty(): void;
  /** The ids the describe calls asked for, with the region of the client that sent each. */
  asked(): Promise<Array<[string, string]>>;
  reset(): void;
}

const ddb = mockClient(DynamoDBClient);
const kin = mockClient(KinesisClient);
const sm = mockClient(SecretsManagerClient);
const snsMock = mockClient(SNSClient);
const sqsMock = mockClient(SQSClient);

const regionOf = async (c: { thisValue: unknown }): Promise<string> => (c.thisValue as { config: { region: () => Promise<string> } }).config.region();

const SERVICES: Service[] = [
  {
    name: 'dynamodb',
    collector: dynamodb,
    type: 'AWS::DynamoDB::Table',
    fact: 'dynamodb.table',
    action: 'dynamodb:DescribeTable',
    actions: ['dynamodb:DescribeTable', 'dynamodb:DescribeContinuousBackups'],
    answer: () =>
      void ddb.on(DescribeTableCommand).callsFake(async (i: { TableName: string }) => ({
        Table: { TableName: i.TableName, SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: KEY_ARN } },
      })),
    fail: (e) => void ddb.on(DescribeTableCommand).rejects(e),
    empty: () => void ddb.on(DescribeTableCommand).resolves({}),
    asked: () => Promise.all(ddb.commandCalls(DescribeTableCommand).map(async (c) => [c.args[0].input.TableName!, await regionOf(c)] as [string, string])),
    reset: () => ddb.reset(),
  },
  {
    name: 'kinesis',
    collector: kinesis,
    type: 'AWS::Kinesis::Stream',
    fact: 'kinesis.stream',
    action: 'kinesis:DescribeStreamSummary',
    answer: () =>
      void kin.on(DescribeStreamSummaryCommand).callsFake(async (i: { StreamName?: string }) => ({
        StreamDescriptionSummary: { StreamName: i.StreamName, EncryptionType: 'KMS', KeyId: KEY_ARN },
      })),
    fail: (e) => void kin.on(DescribeStreamSummaryCommand).rejects(e),
    empty: () => void kin.on(DescribeStreamSummaryCommand).resolves({}),
    asked: () =>
      Promise.all(kin.commandCalls(DescribeStreamSummaryCommand).map(async (c) => [c.args[0].input.StreamName!, await regionOf(c)] as [string, string])),
    reset: () => kin.reset(),
  },
  {
    name: 'secretsmanager',
    collector: secretsmanager,
    type: 'AWS::SecretsManager::Secret',
    fact: 'secretsmanager.secret',
    action: 'secretsmanager:DescribeSecret',
    answer: () => void sm.on(DescribeSecretCommand).callsFake(async (i: { SecretId: string }) => ({ Name: i.SecretId, KmsKeyId: KEY_ARN })),
    fail: (e) => void sm.on(DescribeSecretCommand).rejects(e),
    empty: () => void sm.on(DescribeSecretCommand).resolves({}),
    asked: () => Promise.all(sm.commandCalls(DescribeSecretCommand).map(async (c) => [c.args[0].input.SecretId!, await regionOf(c)] as [string, string])),
    reset: () => sm.reset(),
  },
  {
    name: 'sns',
    collector: sns,
    type: 'AWS::SNS::Topic',
    fact: 'sns.topic',
    action: 'sns:GetTopicAttributes',
    notFound: 'NotFoundException',
    answer: () =>
      void snsMock.on(GetTopicAttributesCommand).callsFake(async (i: { TopicArn: string }) => ({ Attributes: { TopicArn: i.TopicArn, KmsMasterKeyId: KEY_ARN } })),
    fail: (e) => void snsMock.on(GetTopicAttributesCommand).rejects(e),
    empty: () => void snsMock.on(GetTopicAttributesCommand).resolves({}),
    asked: () => Promise.all(snsMock.commandCalls(GetTopicAttributesCommand).map(async (c) => [c.args[0].input.TopicArn!, await regionOf(c)] as [string, string])),
    reset: () => snsMock.reset(),
  },
  {
    name: 'sqs',
    collector: sqs,
    type: 'AWS::SQS::Queue',
    fact: 'sqs.queue',
    action: 'sqs:GetQueueAttributes',
    notFound: 'QueueDoesNotExist',
    answer: () => void sqsMock.on(GetQueueAttributesCommand).resolves({ Attributes: { KmsMasterKeyId: KEY_ARN, SqsManagedSseEnabled: 'false' } }),
    fail: (e) => void sqsMock.on(GetQueueAttributesCommand).rejects(e),
    empty: () => void sqsMock.on(GetQueueAttributesCommand).resolves({}),
    asked: () => Promise.all(sqsMock.commandCalls(GetQueueAttributesCommand).map(async (c) => [c.args[0].input.QueueUrl!, await regionOf(c)] as [string, string])),
    reset: () => sqsMock.reset(),
  },
];

function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });
}

function context(): CollectContext {
  return createContext(
    { region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 },
    { kmsResolver: async (_c, ref) => present<KmsKeyFacts>({ keyId: 'k', arn: ref, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true }) },
  );
}

describe.each(SERVICES.map((s) => [s.name, s] as const))('%s collector', (_name, svc) => {
  const all: ReadonlySet<FactKey> = new Set([svc.fact, 'encryption.kmsKeyRef', 'encryption.kmsKey']);
  const ref = (id: string, extra: Partial<ResourceRef> = {}): ResourceRef => ({ type: svc.type, id, keys: ['Output'], ...extra });
  afterEach(() => {
    svc.reset();
  });

  it('declares the one IAM action it calls, for its one resource type', () => {
    expect(svc.collector.actions).toEqual(svc.actions ?? [svc.action]);
    expect(svc.collector.types).toEqual([svc.type]);
  });

  it('makes one call per resource, each in its own region', async () => {
    svc.answer('');
    const ctx = context();
    const refs = [ref('a'), ref('b'), ref('c', { region: 'ap-southeast-2' })];
    const out = await svc.collector.collect(refs, all, ctx);
    expect(refs.map((r) => out.get(r)![svc.fact]?.state)).toEqual(['present', 'present', 'present']);
    expect(ctx.calls.get(svc.action)).toBe(3);
    expect((await svc.asked()).sort()).toEqual([
      ['a', 'us-east-1'],
      ['b', 'us-east-1'],
      ['c', 'ap-southeast-2'],
    ]);
  });

  it('makes no call when none of its facts is wanted, and returns only the wanted facts', async () => {
    svc.answer('');
    const ctx = context();
    const r = ref('x');
    expect((await svc.collector.collect([r], new Set<FactKey>(['s3.region']), ctx)).get(r)).toEqual({});
    expect(ctx.calls.size).toBe(0);
    expect(Object.keys((await svc.collector.collect([r], new Set<FactKey>([svc.fact]), ctx)).get(r)!)).toEqual([svc.fact]);
  });

  it('reports a resource AWS does not know as unknown, saying it does not exist', async () => {
    svc.fail(awsError(svc.notFound ?? 'ResourceNotFoundException'));
    const r = ref('gone');
    const rec = (await svc.collector.collect([r], all, context())).get(r)!;
    for (const k of all) expect(rec[k]).toEqual({ state: 'unknown', reason: expect.stringContaining('gone does not exist') });
  });

  it.each([
    ['AccessDeniedException', 400],
    ['ThrottlingException', 400],
    ['InternalFailure', 500],
  ])('makes every fact unknown on %s, never a default key', async (name, status) => {
    svc.fail(awsError(name, status));
    const r = ref('x');
    const rec = (await svc.collector.collect([r], all, context())).get(r)!;
    for (const k of all) expect(rec[k]).toEqual({ state: 'unknown', reason: expect.stringContaining(name) });
  });

  it('reports an empty answer as unknown', async () => {
    svc.empty();
    const r = ref('x');
    const rec = (await svc.collector.collect([r], all, context())).get(r)!;
    for (const k of all) expect(rec[k]?.state).toBe('unknown');
  });

  it('ends the run on a credential error', async () => {
    svc.fail(awsError('ExpiredTokenException', 400));
    await expect(svc.collector.collect([ref('x')], all, context())).rejects.toBeInstanceOf(CredentialsError);
  });
});
