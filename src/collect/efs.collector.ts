/**
 * EFS file systems, per region. Up to LIST_ABOVE named ids are described one by one, concurrently:
 * N calls. More are read from one paginated listing of the region's file systems: ceil(F/100)
 * calls for F file systems, a single call in most accounts, where per-id calls would cost N.
 */
import type { FileSystemDescription } from '@aws-sdk/client-efs';
import { requireSdk } from './sdk.js';
import { absent, present, unknown, type Fact } from '../facts/fact.js';
import type { EfsFileSystemFacts, EfsMountTargetFacts, FactKey } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext, Collector, FactRecord } from './context.js';
import { allPages, byRegion } from './batch.js';
import { withKmsKey } from './kms-ref.js';
import { byCodeUnit } from '../compare.js';

const { DescribeFileSystemsCommand, DescribeMountTargetsCommand, EFSClient } = requireSdk('@aws-sdk/client-efs') as typeof import('@aws-sdk/client-efs');

const PROVIDES: readonly FactKey[] = ['efs.fileSystem', 'encryption.kmsKeyRef', 'encryption.kmsKey'];
const MOUNT_TARGET_PAGE = 100;
/** Above this many ids in one region, list once instead of describing each. */
export const LIST_ABOVE = 3;
const PAGE_SIZE = 100;

function efs(ctx: CollectContext, region: string | undefined): InstanceType<typeof EFSClient> {
  return ctx.client('efs', region, () => new EFSClient(ctx.clientConfig(region)));
}

/** The `fs-…` id a ref names, from the id or a file-system ARN. */
export function fileSystemId(ref: ResourceRef): string {
  const m = /:file-system\/(fs-[0-9a-zA-Z]+)$/.exec(ref.id) ?? /:file-system\/(fs-[0-9a-zA-Z]+)$/.exec(ref.arn ?? '');
  return m ? m[1]! : ref.id;
}

export function fileSystemFacts(fs: FileSystemDescription): EfsFileSystemFacts {
  const facts: EfsFileSystemFacts = { id: fs.FileSystemId ?? '', encrypted: fs.Encrypted === true };
  if (fs.FileSystemArn) facts.arn = fs.FileSystemArn;
  if (fs.KmsKeyId) facts.kmsKeyId = fs.KmsKeyId;
  if (fs.AvailabilityZoneName) facts.availabilityZoneName = fs.AvailabilityZoneName;
  if (fs.LifeCycleState) facts.lifeCycleState = fs.LifeCycleState;
  return facts;
}

/**
 * The key a file system encrypts with. AWS always reports the key of an encrypted file system,
 * the AWS-managed `aws/elasticfilesystem` when none was chosen; moto reports none in that case,
 * which is read as that same AWS-managed key.
 */
export function fileSystemKeyRef(fs: EfsFileSystemFacts): Fact<string> {
  if (!fs.encrypted) return absent('the file system is not encrypted at rest');
  return present(fs.kmsKeyId ?? 'alias/aws/elasticfilesystem');
}

/** One file system by id: its description, or the reason it is unknown. */
async function describeOne(ctx: CollectContext, id: string, region: string | undefined): Promise<Fact<EfsFileSystemFacts>> {
  try {
    const out = await ctx.call('elasticfilesystem:DescribeFileSystems', (o) =>
      efs(ctx, region).send(new DescribeFileSystemsCommand({ FileSystemId: id }), o),
    );
    const fs = out.FileSystems?.find((f) => f.FileSystemId === id);
    return fs ? present(fileSystemFacts(fs)) : missing(id, region);
  } catch (err) {
    if ((err as Error).name === 'FileSystemNotFound') return missing(id, region, ctx.reason(err));
    return unknown(`could not describe the file system ${id}: ${ctx.reason(err)}`);
  }
}

/** Every file system of the region, each page through `ctx.call`. */
async function listAll(ctx: CollectContext, region: string | undefined): Promise<Map<string, FileSystemDescription>> {
  const list = await allPages(ctx, 'elasticfilesystem:DescribeFileSystems', async (Marker, o) => {
    const out = await efs(ctx, region).send(new DescribeFileSystemsCommand({ MaxItems: PAGE_SIZE, Marker }), o);
    return { items: out.FileSystems, next: out.NextMarker };
  });
  return new Map(list.filter((fs) => fs.FileSystemId).map((fs) => [fs.FileSystemId!, fs]));
}

/**
 * A file system's mount targets, each with its AZ: one DescribeMountTargets per file system (the
 * call takes one file system), every page.
 */
async function mountTargets(ctx: CollectContext, id: string, region: string | undefined): Promise<Fact<EfsMountTargetFacts[]>> {
  try {
    const list = await allPages(ctx, 'elasticfilesystem:DescribeMountTargets', async (Marker, o) => {
      const out = await efs(ctx, region).send(new DescribeMountTargetsCommand({ FileSystemId: id, MaxItems: MOUNT_TARGET_PAGE, Marker }), o);
      return { items: out.MountTargets, next: out.NextMarker };
    });
    return present(
      list
        .filter((m) => m.MountTargetId && m.LifeCycleState !== 'deleted')
        .map((m) => {
          const facts: EfsMountTargetFacts = { mountTargetId: m.MountTargetId! };
          if (m.SubnetId) facts.subnetId = m.SubnetId;
          if (m.AvailabilityZoneName) facts.availabilityZoneName = m.AvailabilityZoneName;
          if (m.AvailabilityZoneId) facts.availabilityZoneId = m.AvailabilityZoneId;
          if (m.LifeCycleState) facts.lifeCycleState = m.LifeCycleState;
          return facts;
        })
        .sort((a, b) => byCodeUnit(a.mountTargetId, b.mountTargetId)),
    );
  } catch (err) {
    if ((err as Error).name === 'FileSystemNotFound') return missing(id, region, ctx.reason(err));
    return unknown(`could not describe the mount targets of ${id}: ${ctx.reason(err)}`);
  }
}

function missing(id: string, region: string | undefined, detail?: string): Fact<never> {
  return unknown(`the file system ${id} does not exist in ${region ?? 'the default region'}${detail ? ` (${detail})` : ''}`);
}

const collector: Collector = {
  service: 'efs',
  types: ['AWS::EFS::FileSystem'],
  provides: [...PROVIDES, 'efs.mountTargets'],
  actions: ['elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:DescribeMountTargets'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    // Mount targets and file systems are read alongside; Promise.all, so a run-ending error from
    // either is never left unhandled.
    const [targets] = await Promise.all([want.has('efs.mountTargets') ? collectMountTargets(ctx, refs) : undefined, collectFileSystems(ctx, refs, want, out)]);
    if (targets) for (const [ref, f] of targets) out.set(ref, { ...out.get(ref), 'efs.mountTargets': f });
    return out;
  },
};
export default collector;

async function collectFileSystems(ctx: CollectContext, refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, out: Map<ResourceRef, FactRecord>): Promise<void> {
  if (!PROVIDES.some((k) => want.has(k))) {
    for (const ref of refs) out.set(ref, {});
    return;
  }
  const regions = byRegion(refs, ctx.settings.region);
  await Promise.all(
    [...regions].map(async ([region, regionRefs]) => {
      const ids = [...new Set(regionRefs.map(fileSystemId))];
      const facts = new Map<string, Fact<EfsFileSystemFacts>>();
      if (ids.length > LIST_ABOVE) {
        try {
          const all = await listAll(ctx, region);
          for (const id of ids) {
            const fs = all.get(id);
            facts.set(id, fs ? present(fileSystemFacts(fs)) : missing(id, region));
          }
        } catch (err) {
          const reason = unknown(`could not list file systems: ${ctx.reason(err)}`);
          for (const id of ids) facts.set(id, reason);
        }
      } else {
        await Promise.all(ids.map(async (id) => facts.set(id, await describeOne(ctx, id, region))));
      }
      await Promise.all(
        regionRefs.map(async (ref) => {
          const fs = facts.get(fileSystemId(ref))!;
          const rec: FactRecord = {};
          if (want.has('efs.fileSystem')) rec['efs.fileSystem'] = fs;
          Object.assign(rec, await withKmsKey(ctx, want, fs.state === 'present' ? fileSystemKeyRef(fs.value) : fs, region));
          out.set(ref, rec);
        }),
      );
    }),
  );
}

/** Mount targets of every named file system, concurrently, each file system once. */
async function collectMountTargets(ctx: CollectContext, refs: readonly ResourceRef[]): Promise<Map<ResourceRef, Fact<EfsMountTargetFacts[]>>> {
  const byKey = new Map<string, Promise<Fact<EfsMountTargetFacts[]>>>();
  const out = new Map<ResourceRef, Fact<EfsMountTargetFacts[]>>();
  await Promise.all(
    refs.map(async (ref) => {
      const region = ref.region ?? ctx.settings.region;
      const id = fileSystemId(ref);
      const key = `${region ?? ''}|${id}`;
      let p = byKey.get(key);
      if (!p) byKey.set(key, (p = mountTargets(ctx, id, region)));
      out.set(ref, await p);
    }),
  );
  return out;
}
