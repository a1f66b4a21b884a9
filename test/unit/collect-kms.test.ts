import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import collector, { resolveKmsKey } from '../../src/collect/kms.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const kms = mockClient(KMSClient);
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:us-east-1:111122223333:key/${KEY_ID}`;
const ALL: ReadonlySet<FactKey> = new Set(['kms.key', 'kms.rotationEnabled']);

function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });
}

function context(): CollectContext {
  return createContext(
    { region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 },
    { kmsResolver: (c, ref, region) => resolveKmsKey(c, ref, region) },
  );
}

const ref = (id: string, extra: Partial<ResourceRef> = {}): ResourceRef => ({ type: 'AWS::KMS::Key', id, keys: ['kms_key'], region: 'us-east-1', ...extra });
const metadata = (over: Record<string, unknown> = {}) => ({
  KeyMetadata: {
    KeyId: KEY_ID,
    Arn: KEY_ARN,
    KeyManager: 'CUSTOMER' as const,
    KeyState: 'Enabled' as const,
    Enabled: true,
    KeySpec: 'SYMMETRIC_DEFAULT' as const,
    Origin: 'AWS_KMS' as const,
    ...over,
  },
});

beforeEach(() => {
  kms.reset();
});
afterEach(() => {
  kms.reset();
});

describe('kms collector', () => {
  it('asks a key named by its ARN for its rotation beside DescribeKey, not after it', async () => {
    let described = false;
    let rotationAskedBeforeDescribeAnswered = false;
    kms.on(DescribeKeyCommand).callsFake(async () => {
      await new Promise((r) => setTimeout(r, 20));
      described = true;
      return metadata();
    });
    kms.on(GetKeyRotationStatusCommand).callsFake(() => {
      rotationAskedBeforeDescribeAnswered = !described;
      return { KeyRotationEnabled: true };
    });
    const r = ref(KEY_ID, { arn: KEY_ARN });
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    expect(rec['kms.key']).toMatchObject({ state: 'present', value: { arn: KEY_ARN, keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS' } });
    expect(rec['kms.rotationEnabled']).toEqual({ state: 'present', value: true });
    expect(rotationAskedBeforeDescribeAnswered).toBe(true);
    expect(kms.commandCalls(GetKeyRotationStatusCommand)[0]!.args[0].input.KeyId).toBe(KEY_ARN);
  });

  it('resolves an alias first, then asks the key itself for its rotation', async () => {
    kms.on(DescribeKeyCommand).resolves(metadata());
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    const r = ref('alias/pipeline-dev');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    expect(rec['kms.rotationEnabled']).toEqual({ state: 'present', value: false });
    expect(kms.commandCalls(DescribeKeyCommand)[0]!.args[0].input.KeyId).toBe('alias/pipeline-dev');
    expect(kms.commandCalls(GetKeyRotationStatusCommand)[0]!.args[0].input.KeyId).toBe(KEY_ARN);
  });

  it('keeps both facts unknown, with the reason, when KMS denies', async () => {
    kms.on(DescribeKeyCommand).rejects(awsError('AccessDeniedException'));
    kms.on(GetKeyRotationStatusCommand).rejects(awsError('AccessDeniedException'));
    const r = ref(KEY_ARN);
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    expect(rec['kms.key']).toEqual({ state: 'unknown', reason: expect.stringContaining('AccessDeniedException') });
    expect(rec['kms.rotationEnabled']).toEqual({ state: 'unknown', reason: expect.stringContaining('AccessDeniedException') });
  });

  it('reports a key that does not exist as unknown, never absent', async () => {
    kms.on(DescribeKeyCommand).rejects(awsError('NotFoundException'));
    const fact = await resolveKmsKey(context(), KEY_ARN, 'us-east-1');
    expect(fact).toEqual({ state: 'unknown', reason: expect.stringContaining('does not exist') });
  });

  it('describes each key once however many resources name it (key ARN and key id are one key)', async () => {
    kms.on(DescribeKeyCommand).resolves(metadata());
    const ctx = context();
    await Promise.all([ctx.kmsKey(KEY_ARN, 'us-east-1'), ctx.kmsKey(KEY_ID, 'us-east-1'), ctx.kmsKey(KEY_ARN, undefined)]);
    expect(kms.commandCalls(DescribeKeyCommand)).toHaveLength(1);
  });

  describe('AWS-managed keys behind the reserved alias/aws/ prefix', () => {
    it('AWS: DescribeKey on alias/aws/s3 answers KeyManager=AWS', async () => {
      kms.on(DescribeKeyCommand).resolves(metadata({ KeyManager: 'AWS' }));
      expect(await resolveKmsKey(context(), 'alias/aws/s3', 'us-east-1')).toMatchObject({ state: 'present', value: { keyManager: 'AWS' } });
    });

    it('moto: the key does not exist until used (NotFound): still AWS-managed, never a pass for a CMK', async () => {
      kms.on(DescribeKeyCommand).rejects(awsError('NotFoundException'));
      expect(await resolveKmsKey(context(), 'alias/aws/kinesis', 'us-east-1')).toMatchObject({ state: 'present', value: { keyManager: 'AWS' } });
    });

    it('moto: creates it on first use but reports CUSTOMER; the reserved alias decides', async () => {
      kms.on(DescribeKeyCommand).resolves(metadata({ KeyManager: 'CUSTOMER' }));
      const arnAlias = 'arn:aws:kms:us-east-1:111122223333:alias/aws/secretsmanager';
      expect(await resolveKmsKey(context(), arnAlias, 'us-east-1')).toMatchObject({ state: 'present', value: { keyManager: 'AWS' } });
    });

    it('a customer alias that merely contains "aws" is not reserved', async () => {
      kms.on(DescribeKeyCommand).resolves(metadata());
      expect(await resolveKmsKey(context(), 'alias/my-aws/key', 'us-east-1')).toMatchObject({ state: 'present', value: { keyManager: 'CUSTOMER' } });
    });
  });
});
