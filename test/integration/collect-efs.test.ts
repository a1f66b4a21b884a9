/**
 * The EFS collector against moto_server. Where moto differs from AWS: an encrypted file system
 * created without a key reports no KmsKeyId (AWS reports the ARN of `aws/elasticfilesystem`), and
 * the key moto makes for `alias/aws/elasticfilesystem` says KeyManager CUSTOMER (AWS: AWS; the KMS
 * resolution judges by the reserved alias). The unit test covers AWS's shape.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateFileSystemCommand, EFSClient } from '@aws-sdk/client-efs';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import collector, { LIST_ABOVE } from '../../src/collect/efs.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { resolveKmsKey } from '../../src/collect/kms.collector.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const REGION = 'us-east-1';
const ALL: ReadonlySet<FactKey> = new Set(['efs.fileSystem', 'encryption.kmsKeyRef', 'encryption.kmsKey']);
let moto: MotoServer;
const savedEnv = { ...process.env };
let keyArn: string;
let efs: EFSClient;
const ids: Record<'cmk' | 'managed' | 'plain' | 'oneZone', string> = { cmk: '', managed: '', plain: '', oneZone: '' };

function context(): CollectContext {
  return createContext(
    { region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 8 },
    { kmsResolver: (c, ref, region) => resolveKmsKey(c, ref, region) },
  );
}

function ref(id: string): ResourceRef {
  return { type: 'AWS::EFS::FileSystem', id, keys: ['FileSystemId'] };
}

async function create(token: string, extra: { Encrypted?: boolean; KmsKeyId?: string; AvailabilityZoneName?: string } = {}): Promise<string> {
  return (await efs.send(new CreateFileSystemCommand({ CreationToken: token, ...extra }))).FileSystemId!;
}

beforeAll(async () => {
  moto = await takeMoto();
  Object.assign(process.env, emulatorEnv(moto.endpoint, REGION));
  const config = { region: REGION, endpoint: moto.endpoint };
  efs = new EFSClient(config);
  keyArn = (await new KMSClient(config).send(new CreateKeyCommand({ Description: 'efs key' }))).KeyMetadata!.Arn!;
  ids.cmk = await create('cmk', { Encrypted: true, KmsKeyId: keyArn });
  ids.managed = await create('managed', { Encrypted: true });
  ids.plain = await create('plain', { Encrypted: false });
  ids.oneZone = await create('one-zone', { Encrypted: true, KmsKeyId: keyArn, AvailabilityZoneName: 'us-east-1a' });
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

describe('efs collector against moto', () => {
  it(`describes up to ${LIST_ABOVE} file systems by id: CMK, AWS-managed key, unencrypted`, async () => {
    const ctx = context();
    const refs = [ref(ids.cmk), ref(ids.managed), ref(ids.plain)];
    const out = await collector.collect(refs, ALL, ctx);
    const [cmk, managed, plain] = refs.map((r) => out.get(r)!);

    expect(cmk!['efs.fileSystem']).toMatchObject({ state: 'present', value: { id: ids.cmk, encrypted: true, kmsKeyId: keyArn, lifeCycleState: 'available' } });
    expect(cmk!['encryption.kmsKeyRef']).toEqual({ state: 'present', value: keyArn });
    expect(cmk!['encryption.kmsKey']).toMatchObject({ state: 'present', value: { arn: keyArn, keyManager: 'CUSTOMER' } });

    expect(managed!['encryption.kmsKeyRef']).toEqual({ state: 'present', value: 'alias/aws/elasticfilesystem' });
    expect(managed!['encryption.kmsKey']).toMatchObject({ state: 'present', value: { keyManager: 'AWS', aliases: ['alias/aws/elasticfilesystem'] } });

    expect(plain!['efs.fileSystem']).toMatchObject({ state: 'present', value: { encrypted: false } });
    expect(plain!['encryption.kmsKeyRef']?.state).toBe('absent');
    expect(ctx.calls.get('elasticfilesystem:DescribeFileSystems')).toBe(3);
  });

  it(`lists once for more than ${LIST_ABOVE} file systems, with the One Zone AZ and a missing one`, async () => {
    const ctx = context();
    const refs = [ids.cmk, ids.managed, ids.plain, ids.oneZone, 'fs-0000000000000dead'].map(ref);
    const out = await collector.collect(refs, ALL, ctx);
    expect(out.get(refs[3]!)!['efs.fileSystem']).toMatchObject({ state: 'present', value: { availabilityZoneName: 'us-east-1a' } });
    expect(out.get(refs[0]!)!['encryption.kmsKeyRef']).toEqual({ state: 'present', value: keyArn });
    for (const k of ALL) expect(out.get(refs[4]!)![k]).toEqual({ state: 'unknown', reason: expect.stringContaining('fs-0000000000000dead does not exist') });
    expect(ctx.calls.get('elasticfilesystem:DescribeFileSystems')).toBe(1);
  });

  it('reports a file system asked by id that does not exist as unknown', async () => {
    const r = ref('fs-0000000000000beef');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    for (const k of ALL) expect(rec[k]).toEqual({ state: 'unknown', reason: expect.stringContaining('fs-0000000000000beef does not exist') });
  });

  it('follows NextMarker across pages of the listing', async () => {
    const more: string[] = [];
    for (let i = 0; i < 100; i++) more.push(await create(`bulk-${i}`, { Encrypted: true, KmsKeyId: keyArn }));
    const ctx = context();
    const refs = [ids.cmk, ids.plain, more[0]!, more[99]!].map(ref);
    const out = await collector.collect(refs, new Set<FactKey>(['efs.fileSystem']), ctx);
    expect(refs.map((r) => out.get(r)!['efs.fileSystem']?.state)).toEqual(['present', 'present', 'present', 'present']);
    expect(ctx.calls.get('elasticfilesystem:DescribeFileSystems')).toBe(2);
  }, 60_000);
});
