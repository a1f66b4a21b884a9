import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DescribeFileSystemsCommand, EFSClient, type FileSystemDescription } from '@aws-sdk/client-efs';
import { mockClient } from 'aws-sdk-client-mock';
import collector, { LIST_ABOVE } from '../../src/collect/efs.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { present } from '../../src/facts/fact.js';
import type { FactKey, KmsKeyFacts } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';
import { CredentialsError } from '../../src/errors.js';

const efs = mockClient(EFSClient);
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ALL: ReadonlySet<FactKey> = new Set(['efs.fileSystem', 'encryption.kmsKeyRef', 'encryption.kmsKey']);

function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });
}

function context(resolved: string[] = []): CollectContext {
  return createContext(
    { region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 },
    {
      kmsResolver: async (_c, ref) => {
        resolved.push(ref);
        return present<KmsKeyFacts>({ keyId: 'k', arn: ref, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true });
      },
    },
  );
}

function ref(id: string, extra: Partial<ResourceRef> = {}): ResourceRef {
  return { type: 'AWS::EFS::FileSystem', id, keys: ['FileSystemId'], ...extra };
}

function fs(id: string, over: Partial<FileSystemDescription> = {}): FileSystemDescription {
  return {
    FileSystemId: id,
    FileSystemArn: `arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/${id}`,
    OwnerId: '111122223333',
    CreationToken: id,
    CreationTime: new Date(0),
    LifeCycleState: 'available',
    NumberOfMountTargets: 2,
    SizeInBytes: { Value: 6144 },
    PerformanceMode: 'generalPurpose',
    Encrypted: true,
    KmsKeyId: KEY_ARN,
    Tags: [],
    ...over,
  };
}

beforeEach(() => {
  efs.reset();
});
afterEach(() => {
  efs.reset();
});

describe('efs collector', () => {
  it('declares the IAM actions it calls', () => {
    expect(collector.actions).toEqual(['elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:DescribeMountTargets']);
    expect(collector.types).toEqual(['AWS::EFS::FileSystem']);
  });

  it('reads an encrypted regional file system by id', async () => {
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fs('fs-0123456789abcdef0')] });
    const resolved: string[] = [];
    const r = ref('fs-0123456789abcdef0');
    const rec = (await collector.collect([r], ALL, context(resolved))).get(r)!;
    expect(rec['efs.fileSystem']).toEqual(
      present({
        id: 'fs-0123456789abcdef0',
        arn: 'arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0',
        encrypted: true,
        kmsKeyId: KEY_ARN,
        lifeCycleState: 'available',
      }),
    );
    expect(rec['encryption.kmsKeyRef']).toEqual(present(KEY_ARN));
    expect(rec['encryption.kmsKey']).toMatchObject({ state: 'present', value: { arn: KEY_ARN } });
    expect(resolved).toEqual([KEY_ARN]);
    expect(efs.commandCalls(DescribeFileSystemsCommand)[0]!.args[0].input).toEqual({ FileSystemId: 'fs-0123456789abcdef0' });
  });

  it('reports the AZ of a One Zone file system', async () => {
    efs.on(DescribeFileSystemsCommand).resolves({
      FileSystems: [fs('fs-1', { AvailabilityZoneName: 'us-east-1b', AvailabilityZoneId: 'use1-az2' })],
    });
    const r = ref('fs-1');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    expect(rec['efs.fileSystem']).toMatchObject({ state: 'present', value: { availabilityZoneName: 'us-east-1b' } });
  });

  it('reports an unencrypted file system as having no key', async () => {
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fs('fs-1', { Encrypted: false, KmsKeyId: undefined })] });
    const resolved: string[] = [];
    const r = ref('fs-1');
    const rec = (await collector.collect([r], ALL, context(resolved))).get(r)!;
    expect(rec['efs.fileSystem']).toMatchObject({ state: 'present', value: { encrypted: false } });
    expect(rec['encryption.kmsKeyRef']).toEqual({ state: 'absent', reason: 'the file system is not encrypted at rest' });
    expect(rec['encryption.kmsKey']?.state).toBe('absent');
    expect(resolved).toEqual([]);
  });

  it('reads an encrypted file system that names no key as the AWS-managed key', async () => {
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fs('fs-1', { KmsKeyId: undefined })] });
    const r = ref('fs-1');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    expect(rec['encryption.kmsKeyRef']).toEqual(present('alias/aws/elasticfilesystem'));
  });

  it('reports a file system AWS does not know as unknown', async () => {
    efs.on(DescribeFileSystemsCommand).rejects(awsError('FileSystemNotFound', 404));
    const r = ref('fs-gone');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    for (const k of ALL) expect(rec[k]).toEqual({ state: 'unknown', reason: expect.stringContaining('fs-gone does not exist') });
  });

  it.each([
    ['AccessDeniedException', 403],
    ['ThrottlingException', 400],
    ['InternalServerError', 500],
  ])('makes every fact unknown on %s', async (name, status) => {
    efs.on(DescribeFileSystemsCommand).rejects(awsError(name, status));
    const r = ref('fs-1');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    for (const k of ALL) expect(rec[k]).toEqual({ state: 'unknown', reason: expect.stringContaining(name) });
  });

  it('ends the run on a credential error', async () => {
    efs.on(DescribeFileSystemsCommand).rejects(awsError('ExpiredTokenException', 403));
    await expect(collector.collect([ref('fs-1')], ALL, context())).rejects.toBeInstanceOf(CredentialsError);
  });

  it(`describes up to ${LIST_ABOVE} file systems one by one, concurrently`, async () => {
    efs.on(DescribeFileSystemsCommand).callsFake(async (input: { FileSystemId?: string }) => ({ FileSystems: [fs(input.FileSystemId!)] }));
    const ctx = context();
    const refs = ['fs-1', 'fs-2', 'fs-3'].map((id) => ref(id));
    const out = await collector.collect(refs, ALL, ctx);
    expect(refs.map((r) => out.get(r)!['efs.fileSystem']?.state)).toEqual(['present', 'present', 'present']);
    expect(ctx.calls.get('elasticfilesystem:DescribeFileSystems')).toBe(3);
  });

  it(`lists the region once, across pages, for more than ${LIST_ABOVE} file systems, and reports a missing one`, async () => {
    efs.on(DescribeFileSystemsCommand, { Marker: undefined }).resolves({ FileSystems: [fs('fs-1'), fs('fs-2'), fs('fs-other')], NextMarker: 'm2' });
    efs.on(DescribeFileSystemsCommand, { Marker: 'm2' }).resolves({ FileSystems: [fs('fs-3'), fs('fs-4', { Encrypted: false, KmsKeyId: undefined })], Marker: 'm2' });
    const ctx = context();
    const refs = ['fs-1', 'fs-2', 'fs-3', 'fs-4', 'fs-gone'].map((id) => ref(id));
    const out = await collector.collect(refs, ALL, ctx);
    expect(refs.slice(0, 4).map((r) => out.get(r)!['efs.fileSystem']?.state)).toEqual(['present', 'present', 'present', 'present']);
    expect(out.get(refs[3]!)!['encryption.kmsKeyRef']?.state).toBe('absent');
    expect(out.get(refs[4]!)!['efs.fileSystem']).toEqual({ state: 'unknown', reason: expect.stringContaining('fs-gone does not exist') });
    expect(efs.commandCalls(DescribeFileSystemsCommand).map((c) => c.args[0].input)).toEqual([
      { MaxItems: 100, Marker: undefined },
      { MaxItems: 100, Marker: 'm2' },
    ]);
    expect(ctx.calls.get('elasticfilesystem:DescribeFileSystems')).toBe(2);
  });

  it('makes every fact unknown when the listing fails part way', async () => {
    efs.on(DescribeFileSystemsCommand, { Marker: undefined }).resolves({ FileSystems: [fs('fs-1')], NextMarker: 'm2' });
    efs.on(DescribeFileSystemsCommand, { Marker: 'm2' }).rejects(awsError('ThrottlingException'));
    const refs = ['fs-1', 'fs-2', 'fs-3', 'fs-4'].map((id) => ref(id));
    const out = await collector.collect(refs, ALL, context());
    for (const r of refs) for (const k of ALL) expect(out.get(r)![k]).toEqual({ state: 'unknown', reason: expect.stringContaining('ThrottlingException') });
  });

  it('reports a page marker AWS repeats as unknown rather than looping', async () => {
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fs('fs-1')], NextMarker: 'again' });
    const refs = ['fs-1', 'fs-2', 'fs-3', 'fs-4'].map((id) => ref(id));
    const out = await collector.collect(refs, ALL, context());
    expect(out.get(refs[0]!)!['efs.fileSystem']).toEqual({ state: 'unknown', reason: expect.stringContaining('same page marker') });
  });

  it('groups by region: the ref region, else the run region', async () => {
    efs.on(DescribeFileSystemsCommand).callsFake(async (input: { FileSystemId?: string }) => ({ FileSystems: [fs(input.FileSystemId!)] }));
    const refs = [ref('fs-1'), ref('fs-2', { region: 'eu-west-1' })];
    await collector.collect(refs, ALL, context());
    const regions = await Promise.all(efs.commandCalls(DescribeFileSystemsCommand).map((c) => (c.thisValue as EFSClient).config.region()));
    expect(regions.sort()).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('accepts a file-system ARN as the id', async () => {
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fs('fs-0abc')] });
    const r = ref('arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0abc');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    expect(rec['efs.fileSystem']?.state).toBe('present');
    expect(efs.commandCalls(DescribeFileSystemsCommand)[0]!.args[0].input).toEqual({ FileSystemId: 'fs-0abc' });
  });

  it('makes no call when none of its facts is wanted, and returns only wanted facts', async () => {
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fs('fs-1')] });
    const ctx = context();
    const r = ref('fs-1');
    expect((await collector.collect([r], new Set<FactKey>(['kms.key']), ctx)).get(r)).toEqual({});
    expect(ctx.calls.size).toBe(0);
    expect(Object.keys((await collector.collect([r], new Set<FactKey>(['encryption.kmsKeyRef']), ctx)).get(r)!)).toEqual(['encryption.kmsKeyRef']);
  });
});
