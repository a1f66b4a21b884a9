/**
 * The fault- and latency-injecting AWS proxy, against a real moto_server with real SDK clients:
 * calls are named by service and action for every protocol, latency is added, and each fault
 * reaches the SDK as the error AWS would raise, with the SDK's own retries.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateVpcCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateKeyCommand, DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  ListBucketsCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { useMoto } from '../helpers/moto.js';
import { identify, s3Action, startAwsProxy, type AwsProxy, type Fault, type ProxyRule } from '../helpers/aws-proxy.js';

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const ATTEMPTS = 3;

const moto = useMoto();
let proxy: AwsProxy;
let keyId: string;
const bucket = 'proxy-test-bucket';
const stream = 'proxy-test-stream';

function config(extra: { requestTimeout?: number; maxAttempts?: number } = {}) {
  const handler = extra.requestTimeout ? { requestTimeout: extra.requestTimeout, throwOnRequestTimeout: true } : {};
  return {
    region: REGION,
    endpoint: proxy.endpoint,
    credentials: CREDENTIALS,
    maxAttempts: extra.maxAttempts ?? ATTEMPTS,
    // HTTP/1.1 everywhere (Kinesis would otherwise try HTTP/2), with a short timeout where asked.
    requestHandler: new NodeHttpHandler(handler),
  };
}

const clients = {
  kms: () => new KMSClient(config()),
  s3: () => new S3Client({ ...config(), forcePathStyle: true }),
  ec2: () => new EC2Client(config()),
  rds: () => new RDSClient(config()),
  elasticache: () => new ElastiCacheClient(config()),
  kinesis: () => new KinesisClient(config()),
  dynamodb: () => new DynamoDBClient(config()),
  secretsmanager: () => new SecretsManagerClient(config()),
  efs: () => new EFSClient(config()),
};

/** One read call per service and protocol, each through a fresh client (fresh retry tokens). */
const CALLS: ReadonlyArray<{ service: string; protocol: string; action: string; send: () => Promise<unknown> }> = [
  { service: 'kms', protocol: 'JSON 1.1', action: 'DescribeKey', send: () => clients.kms().send(new DescribeKeyCommand({ KeyId: keyId })) },
  { service: 'kinesis', protocol: 'JSON 1.1', action: 'DescribeStreamSummary', send: () => clients.kinesis().send(new DescribeStreamSummaryCommand({ StreamName: stream })) },
  { service: 'dynamodb', protocol: 'JSON 1.0', action: 'ListTables', send: () => clients.dynamodb().send(new ListTablesCommand({})) },
  { service: 'secretsmanager', protocol: 'JSON 1.1', action: 'ListSecrets', send: () => clients.secretsmanager().send(new ListSecretsCommand({})) },
  { service: 'ec2', protocol: 'EC2 query', action: 'DescribeSubnets', send: () => clients.ec2().send(new DescribeSubnetsCommand({})) },
  { service: 'rds', protocol: 'AWS query', action: 'DescribeDBInstances', send: () => clients.rds().send(new DescribeDBInstancesCommand({})) },
  { service: 'elasticache', protocol: 'AWS query', action: 'DescribeReplicationGroups', send: () => clients.elasticache().send(new DescribeReplicationGroupsCommand({})) },
  { service: 's3', protocol: 'REST-XML', action: 'GetBucketEncryption', send: () => clients.s3().send(new GetBucketEncryptionCommand({ Bucket: bucket })) },
  { service: 'elasticfilesystem', protocol: 'REST-JSON', action: 'DescribeFileSystems', send: () => clients.efs().send(new DescribeFileSystemsCommand({})) },
];

function callFor(service: string) {
  const c = CALLS.find((x) => x.service === service);
  if (!c) throw new Error(`no call for ${service}`);
  return c;
}

interface SdkError {
  name: string;
  code?: string;
  message: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

async function failure(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  proxy = await startAwsProxy({ target: moto().endpoint });
  keyId = (await clients.kms().send(new CreateKeyCommand({ Description: 'proxy test' }))).KeyMetadata!.KeyId!;
  await clients.s3().send(new CreateBucketCommand({ Bucket: bucket }));
  await clients.kinesis().send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
  proxy.reset();
});

afterAll(async () => {
  await proxy?.stop();
});

afterEach(() => {
  proxy.reset();
});

describe('passing calls through', () => {
  it('forwards to moto and names each call by its SigV4 service and its action', async () => {
    const kms = clients.kms();
    await kms.send(new ListKeysCommand({}));
    await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    const s3 = clients.s3();
    await s3.send(new ListBucketsCommand({}));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyId } }] },
      }),
    );
    const lifecycleMissing = await failure(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })));
    expect(lifecycleMissing.name).toBe('NoSuchLifecycleConfiguration');
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: { Rules: [{ ID: 'expire', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 30 } }] },
      }),
    );
    await s3.send(new GetBucketLocationCommand({ Bucket: bucket }));
    await clients.ec2().send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    for (const c of CALLS) await c.send();

    expect(proxy.calls().map(({ service, action, status }) => [service, action, status])).toEqual([
      ['kms', 'ListKeys', 200],
      ['kms', 'GetKeyRotationStatus', 200],
      ['s3', 'ListBuckets', 200],
      ['s3', 'PutBucketEncryption', 200],
      ['s3', 'GetBucketLifecycleConfiguration', 404],
      ['s3', 'PutBucketLifecycleConfiguration', 200],
      ['s3', 'GetBucketLocation', 200],
      ['ec2', 'CreateVpc', 200],
      ...CALLS.map((c) => [c.service, c.action, 200]),
    ]);
    expect(proxy.count()).toBe(8 + CALLS.length);
    expect(proxy.count({ service: 's3' })).toBe(6);
    expect(proxy.count({ service: 'efs', action: 'describefilesystems' })).toBe(1);
    expect(proxy.count((c) => c.status >= 400)).toBe(1);
    expect(proxy.calls().every((c) => c.fault === undefined && c.ms >= 0)).toBe(true);
  });

  it('names S3 actions from the method, path and sub-resource', () => {
    const u = (path: string) => new URL(path, 'http://x');
    expect(s3Action('GET', u('/'))).toBe('ListBuckets');
    expect(s3Action('PUT', u('/b'))).toBe('CreateBucket');
    expect(s3Action('GET', u('/b?encryption'))).toBe('GetBucketEncryption');
    expect(s3Action('PUT', u('/b?encryption'))).toBe('PutBucketEncryption');
    expect(s3Action('GET', u('/b?lifecycle'))).toBe('GetBucketLifecycleConfiguration');
    expect(s3Action('PUT', u('/b?lifecycle'))).toBe('PutBucketLifecycleConfiguration');
    expect(s3Action('GET', u('/b?location'))).toBe('GetBucketLocation');
    expect(s3Action('GET', u('/b?policyStatus'))).toBe('GetBucketPolicyStatus');
    expect(s3Action('PUT', u('/b?publicAccessBlock'))).toBe('PutPublicAccessBlock');
    expect(s3Action('GET', u('/b?list-type=2'))).toBe('ListObjectsV2');
    expect(s3Action('PUT', u('/b/k'))).toBe('PutObject');
    expect(s3Action('PUT', u('/b/k'), { 'x-amz-copy-source': '/a/k' })).toBe('CopyObject');
  });

  it('names query and JSON actions from the form body and X-Amz-Target', () => {
    const auth = (service: string) => ({ authorization: `AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=x` });
    const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    expect(identify('POST', new URL('http://x/'), { ...auth('rds'), ...form }, Buffer.from('Action=DescribeDBClusters&Version=2014-10-31'))).toEqual({
      service: 'rds',
      action: 'DescribeDBClusters',
      protocol: 'query',
    });
    expect(identify('POST', new URL('http://x/'), { ...auth('ec2'), ...form }, Buffer.from('Action=DescribeSubnets&Version=2016-11-15')).protocol).toBe('ec2');
    expect(identify('POST', new URL('http://x/'), { ...auth('kms'), 'x-amz-target': 'TrentService.DescribeKey' }, Buffer.alloc(0))).toMatchObject({
      service: 'kms',
      action: 'DescribeKey',
      protocol: 'json',
    });
  });
});

describe('latency', () => {
  it('adds the configured latency to every request', async () => {
    proxy.setLatency(200);
    const kms = clients.kms();
    const t0 = performance.now();
    await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    await kms.send(new ListKeysCommand({}));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(400);
    expect(proxy.calls().map((c) => c.ms)).toEqual([expect.any(Number), expect.any(Number)]);
    for (const c of proxy.calls()) expect(c.ms).toBeGreaterThanOrEqual(200);
  });

  it('delays only the calls a delay rule matches', async () => {
    proxy.setRules([{ service: 'kms', action: 'DescribeKey', fault: { kind: 'delay', ms: 300 } }]);
    const kms = clients.kms();
    await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    await kms.send(new ListKeysCommand({}));
    const [describe, list] = proxy.calls();
    expect(describe).toMatchObject({ action: 'DescribeKey', status: 200, fault: 'delay' });
    expect(describe!.ms).toBeGreaterThanOrEqual(300);
    expect(list).toMatchObject({ action: 'ListKeys', status: 200 });
    expect(list!.fault).toBeUndefined();
    expect(list!.ms).toBeLessThan(300);
  });
});

describe('throttling, in each protocol’s shape', () => {
  it.each([
    ['kms', 'ThrottlingException', 400],
    ['kinesis', 'LimitExceededException', 400],
    ['dynamodb', 'ThrottlingException', 400],
    ['secretsmanager', 'ThrottlingException', 400],
    ['ec2', 'RequestLimitExceeded', 503],
    ['rds', 'Throttling', 400],
    ['elasticache', 'Throttling', 400],
    ['s3', 'SlowDown', 503],
    ['elasticfilesystem', 'ThrottlingException', 429],
  ])('%s: %s (HTTP %i) after the SDK retries', async (service, name, status) => {
    proxy.setRules([{ service, fault: { kind: 'throttle' } }]);
    const c = callFor(service);
    const err = await failure(c.send());
    expect(err.name).toBe(name);
    expect(err.$metadata?.httpStatusCode).toBe(status);
    expect(err.$metadata?.attempts).toBe(ATTEMPTS);
    expect(proxy.count({ service, action: c.action })).toBe(ATTEMPTS);
    expect(proxy.calls().every((x) => x.status === status && x.fault === 'throttle')).toBe(true);
  });

  it('throttles only the first `times` matches, so the retry succeeds', async () => {
    proxy.setRules([{ service: 'kms', action: 'DescribeKey', times: 2, fault: { kind: 'throttle' } }]);
    const out = await clients.kms().send(new DescribeKeyCommand({ KeyId: keyId }));
    expect(out.KeyMetadata?.KeyId).toBe(keyId);
    expect(out.$metadata.attempts).toBe(3);
    expect(proxy.calls().map((c) => c.status)).toEqual([400, 400, 200]);
  });

  it('leaves other actions and services alone', async () => {
    proxy.setRules([{ service: 'kms', action: 'DescribeKey', fault: { kind: 'throttle' } }]);
    await clients.kms().send(new ListKeysCommand({}));
    await callFor('s3').send();
    expect(proxy.calls().map((c) => [c.action, c.status])).toEqual([
      ['ListKeys', 200],
      ['GetBucketEncryption', 200],
    ]);
  });
});

describe('access denied, in each protocol’s shape', () => {
  it.each([
    ['kms', 'AccessDeniedException', 400],
    ['kinesis', 'AccessDeniedException', 400],
    ['dynamodb', 'AccessDeniedException', 400],
    ['secretsmanager', 'AccessDeniedException', 400],
    ['ec2', 'UnauthorizedOperation', 403],
    ['rds', 'AccessDenied', 403],
    ['elasticache', 'AccessDenied', 403],
    ['s3', 'AccessDenied', 403],
    ['elasticfilesystem', 'AccessDeniedException', 403],
  ])('%s: %s (HTTP %i), not retried', async (service, name, status) => {
    proxy.setRules([{ service, fault: { kind: 'deny' } }]);
    const err = await failure(callFor(service).send());
    expect(err.name).toBe(name);
    expect(err.$metadata?.httpStatusCode).toBe(status);
    expect(err.$metadata?.attempts).toBe(1);
    expect(proxy.count()).toBe(1);
  });

  it('S3 says "Access Denied"', async () => {
    proxy.setRules([{ service: 's3', fault: { kind: 'deny' } }]);
    const err = await failure(callFor('s3').send());
    expect(err.message).toBe('Access Denied');
  });
});

describe('server errors', () => {
  it.each<[string, 500 | 502 | 503, string]>([
    ['kms', 500, 'InternalFailure'],
    ['kms', 503, 'ServiceUnavailableException'],
    ['s3', 500, 'InternalError'],
    ['s3', 503, 'ServiceUnavailable'],
    ['ec2', 500, 'InternalError'],
    ['ec2', 503, 'Unavailable'],
    ['rds', 502, 'BadGateway'],
    ['rds', 503, 'ServiceUnavailable'],
    ['elasticfilesystem', 500, 'InternalServerError'],
  ])('%s HTTP %i: %s, retried as transient', async (service, code, name) => {
    proxy.setRules([{ service, fault: { kind: 'status', code } }]);
    const err = await failure(callFor(service).send());
    expect(err.name).toBe(name);
    expect(err.$metadata?.httpStatusCode).toBe(code);
    expect(proxy.count()).toBe(ATTEMPTS);
  });
});

describe('dropped and hung connections', () => {
  it.each(['kms', 's3', 'ec2'])('%s: a reset reaches the SDK as a network error, retried', async (service) => {
    proxy.setRules([{ service, fault: { kind: 'reset' } }]);
    const err = await failure(callFor(service).send());
    // Node's socket error; under Jest's VM realms the SDK wraps it and keeps only the message.
    expect(err.code ?? err.message).toMatch(/ECONNRESET|socket hang up/);
    expect(proxy.count()).toBe(ATTEMPTS);
    expect(proxy.calls().every((c) => c.status === 0 && c.fault === 'reset')).toBe(true);
  });

  it('a hang never answers: the SDK times out', async () => {
    proxy.setRules([{ service: 'kms', action: 'DescribeKey', fault: { kind: 'hang' } }]);
    const kms = new KMSClient(config({ requestTimeout: 300, maxAttempts: 1 }));
    const t0 = performance.now();
    const err = await failure(kms.send(new DescribeKeyCommand({ KeyId: keyId })));
    expect(err.name).toBe('TimeoutError');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    await new Promise((r) => setTimeout(r, 50));
    expect(proxy.calls()).toEqual([expect.objectContaining({ service: 'kms', action: 'DescribeKey', status: 0, fault: 'hang' })]);
  });
});

describe('rules and reset', () => {
  it('applies the first matching rule with uses left, then passes through', async () => {
    const rules: ProxyRule[] = [
      { service: 'kms', action: 'DescribeKey', times: 1, fault: { kind: 'deny' } },
      { service: 'kms', times: 1, fault: { kind: 'status', code: 503 } },
    ];
    proxy.setRules(rules);
    const kms = new KMSClient(config({ maxAttempts: 1 }));
    expect((await failure(kms.send(new DescribeKeyCommand({ KeyId: keyId })))).name).toBe('AccessDeniedException');
    expect((await failure(kms.send(new DescribeKeyCommand({ KeyId: keyId })))).name).toBe('ServiceUnavailableException');
    await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    expect(proxy.calls().map((c) => c.fault ?? c.status)).toEqual(['deny', 'status', 200]);
  });

  it('reset() forgets the calls and returns to the rules given at start', async () => {
    const fault: Fault = { kind: 'deny' };
    const own = await startAwsProxy({ target: moto().endpoint, rules: [{ service: 'kms', times: 1, fault }] });
    try {
      const kms = new KMSClient({ ...config({ maxAttempts: 1 }), endpoint: own.endpoint });
      await failure(kms.send(new ListKeysCommand({})));
      await kms.send(new ListKeysCommand({}));
      expect(own.count()).toBe(2);
      own.reset();
      expect(own.calls()).toEqual([]);
      expect((await failure(kms.send(new ListKeysCommand({})))).name).toBe('AccessDeniedException');
    } finally {
      await own.stop();
    }
  });

  it('records answers and replays them without asking the target', async () => {
    const kms = clients.kms();
    proxy.setReplay('record');
    const first = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    const missing = await failure(kms.send(new DescribeKeyCommand({ KeyId: 'alias/none' })));
    // Same body as DescribeKey's, told apart by X-Amz-Target only.
    const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    proxy.setReplay('replay');
    const again = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    expect(again.KeyMetadata).toEqual(first.KeyMetadata);
    expect((await failure(kms.send(new DescribeKeyCommand({ KeyId: 'alias/none' })))).name).toBe(missing.name);
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(rotation.KeyRotationEnabled);
    await kms.send(new ListKeysCommand({}));
    expect(proxy.calls().map((c) => [c.action, c.status, c.replayed === true])).toEqual([
      ['DescribeKey', 200, false],
      ['DescribeKey', 400, false],
      ['GetKeyRotationStatus', 200, false],
      ['DescribeKey', 200, true],
      ['DescribeKey', 400, true],
      ['GetKeyRotationStatus', 200, true],
      ['ListKeys', 200, false],
    ]);
    proxy.clearRecording();
  });

  it('forwards to loopback only', async () => {
    await expect(startAwsProxy({ target: 'http://example.com:80' })).rejects.toThrow(/loopback only/);
  });
});
