/**
 * The Kinesis collector against moto_server: streams encrypted with a CMK named by ARN, by bare key
 * id and by alias, one unencrypted, and one that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateStreamCommand, KinesisClient, StartStreamEncryptionCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import collector from '../../src/collect/kinesis.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { resolveKmsKey } from '../../src/collect/kms.collector.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const REGION = 'us-east-1';
const ALL: ReadonlySet<FactKey> = new Set(['kinesis.stream', 'encryption.kmsKeyRef', 'encryption.kmsKey']);
let moto: MotoServer;
const savedEnv = { ...process.env };
let keyArn: string;
let keyId: string;
const arns = new Map<string, string>();

function context(): CollectContext {
  return createContext(
    { region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 8 },
    { kmsResolver: (c, ref, region) => resolveKmsKey(c, ref, region) },
  );
}

function ref(id: string, arn?: string): ResourceRef {
  return arn ? { type: 'AWS::Kinesis::Stream', id, arn, keys: ['StreamArn'] } : { type: 'AWS::Kinesis::Stream', id, keys: ['StreamName'] };
}

beforeAll(async () => {
  moto = await takeMoto();
  Object.assign(process.env, emulatorEnv(moto.endpoint, REGION));
  const config = { region: REGION, endpoint: moto.endpoint };
  const kms = new KMSClient(config);
  // moto_server answers HTTP/1.1 only; the Kinesis client defaults to HTTP/2.
  const kinesis = new KinesisClient({ ...config, requestHandler: new NodeHttpHandler() });
  const key = (await kms.send(new CreateKeyCommand({ Description: 'stream key' }))).KeyMetadata!;
  keyArn = key.Arn!;
  keyId = key.KeyId!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/stream-key', TargetKeyId: keyId }));

  const streams: Array<[string, string | undefined]> = [
    ['by-arn', keyArn],
    ['by-id', keyId],
    ['by-alias', 'alias/stream-key'],
    ['raw', undefined],
  ];
  for (const [name, key] of streams) {
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
    if (key) await kinesis.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: key }));
    arns.set(name, `arn:aws:kinesis:${REGION}:123456789012:stream/${name}`);
  }
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

describe('kinesis collector against moto', () => {
  it('keeps each stream key reference as stored and resolves them all to the same CMK', async () => {
    const ctx = context();
    const refs = ['by-arn', 'by-id', 'by-alias', 'raw'].map((n) => ref(n));
    const out = await collector.collect(refs, ALL, ctx);
    const [byArn, byId, byAlias, raw] = refs.map((r) => out.get(r)!);

    expect(byArn!['kinesis.stream']).toMatchObject({ state: 'present', value: { name: 'by-arn', encryptionType: 'KMS', keyId: keyArn, status: 'ACTIVE' } });
    expect(byArn!['encryption.kmsKeyRef']).toEqual({ state: 'present', value: keyArn });
    // The reference by bare key id (not the ARN) stays visible as such.
    expect(byId!['kinesis.stream']).toMatchObject({ state: 'present', value: { keyId } });
    expect(byId!['encryption.kmsKeyRef']).toEqual({ state: 'present', value: keyId });
    expect(byAlias!['encryption.kmsKeyRef']).toEqual({ state: 'present', value: 'alias/stream-key' });
    for (const rec of [byArn!, byId!, byAlias!]) {
      expect(rec['encryption.kmsKey']).toMatchObject({ state: 'present', value: { arn: keyArn, keyManager: 'CUSTOMER' } });
    }

    expect(raw!['kinesis.stream']).toMatchObject({ state: 'present', value: { encryptionType: 'NONE' } });
    expect(raw!['encryption.kmsKeyRef']?.state).toBe('absent');
    expect(raw!['encryption.kmsKey']?.state).toBe('absent');

    expect(ctx.calls.get('kinesis:DescribeStreamSummary')).toBe(4);
    // The ARN and the bare id name one key and are described once; the alias once more.
    expect(ctx.calls.get('kms:DescribeKey')).toBe(2);
  });

  it('asks by ARN when the outputs gave one', async () => {
    const r = ref('by-arn', arns.get('by-arn'));
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    expect(rec['kinesis.stream']).toMatchObject({ state: 'present', value: { name: 'by-arn', arn: arns.get('by-arn') } });
  });

  it('reports a stream that does not exist as unknown', async () => {
    const r = ref('no-such-stream');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    for (const k of ALL) expect(rec[k]).toEqual({ state: 'unknown', reason: expect.stringContaining('no-such-stream does not exist') });
  });
});
