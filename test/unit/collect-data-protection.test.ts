/**
 * Fault paths and AWS's own shapes for the data-protection facts, against mocked clients: S3
 * versioning and public access block, DynamoDB continuous backups, RDS backup and exposure fields,
 * and the SNS and SQS attribute shapes. Where moto differs from AWS:
 * - AWS's DescribeContinuousBackups reports RecoveryPeriodInDays with point-in-time recovery on;
 *   moto leaves it out.
 * - AWS's GetQueueAttributes reports SqsManagedSseEnabled "false" beside a KmsMasterKeyId; the
 *   collector reads the key first either way.
 * - AWS's GetTopicAttributes may report KmsMasterKeyId as an empty string after encryption is
 *   turned off; moto leaves the attribute out.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeContinuousBackupsCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import s3 from '../../src/collect/s3.collector.js';
import dynamodb from '../../src/collect/dynamodb.collector.js';
import sqs, { queueFacts, queueKeyRef } from '../../src/collect/sqs.collector.js';
import { topicFacts, topicKeyRef } from '../../src/collect/sns.collector.js';
import { instanceFacts, clusterFacts } from '../../src/collect/rds.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { absent, present } from '../../src/facts/fact.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const s3Mock = mockClient(S3Client);
const ddbMock = mockClient(DynamoDBClient);
const sqsMock = mockClient(SQSClient);

function context(endpointUrl?: string): CollectContext {
  return createContext({ region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4, ...(endpointUrl ? { endpointUrl } : {}) });
}

function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });
}

afterEach(() => {
  s3Mock.reset();
  ddbMock.reset();
  sqsMock.reset();
});

describe('s3 versioning and public access block', () => {
  const bucket: ResourceRef = { type: 'AWS::S3::Bucket', id: 'data', keys: ['Bucket'] };
  const WANT = new Set<FactKey>(['s3.versioning', 's3.publicAccessBlock']);

  it('reads MFA delete, and a block whose flags AWS leaves out as off', async () => {
    s3Mock.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled', MFADelete: 'Disabled' });
    s3Mock.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true } });
    const rec = (await s3.collect([bucket], WANT, context())).get(bucket)!;
    expect(rec['s3.versioning']).toEqual(present({ status: 'Enabled', mfaDelete: 'Disabled' }));
    expect(rec['s3.publicAccessBlock']).toEqual(present({ blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false }));
  });

  it('a missing block configuration (404) is absent; a missing bucket (404) is unknown', async () => {
    s3Mock.on(GetBucketVersioningCommand).resolves({});
    s3Mock.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 404));
    let rec = (await s3.collect([bucket], WANT, context())).get(bucket)!;
    expect(rec['s3.versioning']).toEqual(present({ status: 'Disabled' }));
    expect(rec['s3.publicAccessBlock']).toEqual(absent('the bucket has no public access block configuration'));

    s3Mock.reset();
    s3Mock.on(GetBucketVersioningCommand).rejects(awsError('NoSuchBucket', 404));
    s3Mock.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchBucket', 404));
    rec = (await s3.collect([bucket], WANT, context())).get(bucket)!;
    for (const k of WANT) expect(rec[k]).toEqual({ state: 'unknown', reason: expect.stringContaining('does not exist') });
  });

  it.each([
    ['AccessDenied', 403],
    ['SlowDown', 503],
  ])('%s leaves both facts unknown, never absent', async (name, status) => {
    s3Mock.on(GetBucketVersioningCommand).rejects(awsError(name, status));
    s3Mock.on(GetPublicAccessBlockCommand).rejects(awsError(name, status));
    const rec = (await s3.collect([bucket], WANT, context())).get(bucket)!;
    for (const k of WANT) expect(rec[k]).toEqual({ state: 'unknown', reason: expect.stringContaining(name) });
  });

  it('an answer without the configuration is unknown', async () => {
    s3Mock.on(GetPublicAccessBlockCommand).resolves({});
    const rec = (await s3.collect([bucket], new Set<FactKey>(['s3.publicAccessBlock']), context())).get(bucket)!;
    expect(rec['s3.publicAccessBlock']?.state).toBe('unknown');
  });
});

describe('dynamodb continuous backups', () => {
  const table: ResourceRef = { type: 'AWS::DynamoDB::Table', id: 'orders', arn: 'arn:aws:dynamodb:us-east-1:111122223333:table/orders', keys: ['Table'] };
  const WANT = new Set<FactKey>(['dynamodb.continuousBackups']);

  it("reads AWS's recovery period, asking by ARN", async () => {
    ddbMock.on(DescribeContinuousBackupsCommand).resolves({
      ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: 35 } },
    });
    const rec = (await dynamodb.collect([table], WANT, context())).get(table)!;
    expect(rec).toEqual({ 'dynamodb.continuousBackups': present({ continuousBackupsStatus: 'ENABLED', pointInTimeRecoveryStatus: 'ENABLED', recoveryPeriodInDays: 35 }) });
    expect(ddbMock.commandCalls(DescribeContinuousBackupsCommand)[0]!.args[0].input).toEqual({ TableName: table.arn });
  });

  it.each([
    ['TableNotFoundException', 'does not exist'],
    ['AccessDeniedException', 'AccessDeniedException'],
  ])('%s is unknown', async (name, says) => {
    ddbMock.on(DescribeContinuousBackupsCommand).rejects(awsError(name));
    const rec = (await dynamodb.collect([table], WANT, context())).get(table)!;
    expect(rec['dynamodb.continuousBackups']).toEqual({ state: 'unknown', reason: expect.stringContaining(says) });
  });

  it('an empty answer is unknown', async () => {
    ddbMock.on(DescribeContinuousBackupsCommand).resolves({});
    expect((await dynamodb.collect([table], WANT, context())).get(table)!['dynamodb.continuousBackups']?.state).toBe('unknown');
  });
});

describe('sqs queues and endpoints', () => {
  it('asks only for the attributes the facts need, by the queue URL as given', async () => {
    sqsMock.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: 'arn:aws:sqs:eu-west-2:111122223333:ingest', SqsManagedSseEnabled: 'true' } });
    const q: ResourceRef = { type: 'AWS::SQS::Queue', id: 'https://sqs.eu-west-2.amazonaws.com/111122223333/ingest', region: 'eu-west-2', keys: ['QueueUrl'] };
    const rec = (await sqs.collect([q], new Set<FactKey>(['sqs.queue']), context())).get(q)!;
    expect(rec['sqs.queue']).toEqual(present({ url: q.id, arn: 'arn:aws:sqs:eu-west-2:111122223333:ingest', sqsManagedSseEnabled: true }));
    expect(sqsMock.commandCalls(GetQueueAttributesCommand)[0]!.args[0].input).toEqual({
      QueueUrl: q.id,
      AttributeNames: ['QueueArn', 'KmsMasterKeyId', 'SqsManagedSseEnabled'],
    });
  });

  it('builds its client not to follow the queue URL to its host', async () => {
    sqsMock.on(GetQueueAttributesCommand).resolves({ Attributes: {} });
    const q: ResourceRef = { type: 'AWS::SQS::Queue', id: 'https://sqs.eu-west-2.amazonaws.com/111122223333/ingest', region: 'eu-west-2', keys: ['QueueUrl'] };
    await sqs.collect([q], new Set<FactKey>(['sqs.queue']), context('http://127.0.0.1:1'));
    const client = sqsMock.commandCalls(GetQueueAttributesCommand)[0]!.thisValue as { config: { useQueueUrlAsEndpoint?: boolean } };
    expect(client.config.useQueueUrlAsEndpoint).toBe(false);
  });

  it("AWS's shapes: a KMS key beside SqsManagedSseEnabled false; SSE-SQS; nothing", () => {
    const url = 'https://sqs.eu-west-2.amazonaws.com/111122223333/q';
    expect(queueKeyRef(queueFacts({ KmsMasterKeyId: 'alias/aws/sqs', SqsManagedSseEnabled: 'false' }, url))).toEqual(present('alias/aws/sqs'));
    expect(queueKeyRef(queueFacts({ SqsManagedSseEnabled: 'true' }, url))).toEqual(absent('the queue uses SQS-managed encryption (SSE-SQS), no KMS key'));
    expect(queueKeyRef(queueFacts({}, url))).toEqual(absent('the queue has no server-side encryption'));
  });
});

describe('sns topics', () => {
  it('an empty KmsMasterKeyId (encryption turned off) is no key', () => {
    const arn = 'arn:aws:sns:us-east-1:111122223333:alerts';
    expect(topicFacts({ TopicArn: arn, KmsMasterKeyId: '' }, arn)).toEqual({ arn });
    expect(topicKeyRef(topicFacts({ TopicArn: arn, KmsMasterKeyId: '' }, arn)).state).toBe('absent');
    expect(topicKeyRef(topicFacts({ KmsMasterKeyId: 'alias/aws/sns' }, arn))).toEqual(present('alias/aws/sns'));
  });
});

describe('rds backup and exposure fields', () => {
  it('are read when RDS reports them and left out when it does not, never defaulted', () => {
    expect(instanceFacts({ DBInstanceIdentifier: 'db', BackupRetentionPeriod: 0, PubliclyAccessible: false, DeletionProtection: false })).toMatchObject({
      backupRetentionPeriod: 0,
      publiclyAccessible: false,
      deletionProtection: false,
    });
    const bare = instanceFacts({ DBInstanceIdentifier: 'db' });
    expect(bare).not.toHaveProperty('backupRetentionPeriod');
    expect(bare).not.toHaveProperty('publiclyAccessible');
    expect(bare).not.toHaveProperty('deletionProtection');
    expect(clusterFacts({ DBClusterIdentifier: 'c', BackupRetentionPeriod: 7, DeletionProtection: true }, new Map(), undefined)).toMatchObject({ backupRetentionPeriod: 7, deletionProtection: true });
    expect(clusterFacts({ DBClusterIdentifier: 'c' }, new Map(), undefined)).not.toHaveProperty('deletionProtection');
  });
});
