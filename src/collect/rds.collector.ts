/**
 * RDS: DB instances and DB clusters. Per region, however many the outputs name, the collector
 * makes, all at once, one DescribeDBClusters (filter `db-cluster-id`), one DescribeDBInstances for
 * the named instances (filter `db-instance-id`) and one for the clusters' members (filter
 * `db-cluster-id`), each split into 100 values per filter and paged: one round trip, where asking
 * for the members by name would wait for the clusters first. A cluster's subnet group comes from
 * its member instances; DescribeDBSubnetGroups is asked only for a cluster that has none.
 *
 * RDS stores identifiers in lower case and matches them without regard to case, so outputs that
 * spell `MyDb` name the instance `mydb`.
 */
import type { DBCluster, DBInstance, DBSubnetGroup } from '@aws-sdk/client-rds';
import { requireSdk } from './sdk.js';
import { absent, present, unknown, type Fact } from '../facts/fact.js';
import type { FactKey, RdsClusterFacts, RdsInstanceFacts, SubnetGroupFacts } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CallOptions, CollectContext, Collector, FactRecord } from './context.js';
import { byRegion, describeBatched as batched, type Batch } from './batch.js';
import { withKmsKey } from './kms-ref.js';

const { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeDBSubnetGroupsCommand, RDSClient } = requireSdk('@aws-sdk/client-rds') as typeof import('@aws-sdk/client-rds');

/** Values per filter in one RDS describe call. */
export const RDS_FILTER_VALUES = 100;
/** RDS pages hold at most 100 records. */
const PAGE_SIZE = 100;

/** Errors RDS raises for identifiers that do not exist; with filters it leaves them out instead. */
const NOT_FOUND = new Set(['DBInstanceNotFoundFault', 'DBInstanceNotFound', 'DBClusterNotFoundFault']);

function rds(ctx: CollectContext, region: string | undefined): InstanceType<typeof RDSClient> {
  return ctx.client('rds', region, () => new RDSClient(ctx.clientConfig(region)));
}

/** The identifier of a DB instance or cluster, from the identifier or its ARN (`arn:aws:rds:…:db:name`), in RDS's lower case. */
export function rdsId(ref: Pick<ResourceRef, 'id'>): string {
  const id = ref.id.startsWith('arn:') ? ref.id.slice(ref.id.lastIndexOf(':') + 1) : ref.id;
  return id.toLowerCase();
}

/** One batched, filtered describe: chunks of RDS_FILTER_VALUES values, every page, missing ids left out. */
function describeBatched<T>(
  ctx: CollectContext,
  action: string,
  what: string,
  values: readonly string[],
  page: (chunk: string[], marker: string | undefined, options: CallOptions) => Promise<{ items: T[] | undefined; next: string | undefined }>,
): Promise<Batch<T>> {
  return batched(ctx, { action, what, values, chunkSize: RDS_FILTER_VALUES, notFound: NOT_FOUND }, page);
}

function describeInstances(ctx: CollectContext, region: string | undefined, ids: readonly string[]): Promise<Batch<DBInstance>> {
  return describeBatched(ctx, 'rds:DescribeDBInstances', `DB instances in ${region ?? 'the default region'}`, ids, async (values, marker, o) => {
    const out = await rds(ctx, region).send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-instance-id', Values: values }], MaxRecords: PAGE_SIZE, Marker: marker }),
      o,
    );
    return { items: out.DBInstances, next: out.Marker };
  });
}

/** The member instances of clusters, by the `db-cluster-id` filter; failures are keyed by cluster id. */
function describeMembers(ctx: CollectContext, region: string | undefined, clusterIds: readonly string[]): Promise<Batch<DBInstance>> {
  return describeBatched(ctx, 'rds:DescribeDBInstances', `the instances of DB clusters in ${region ?? 'the default region'}`, clusterIds, async (values, marker, o) => {
    const out = await rds(ctx, region).send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: values }], MaxRecords: PAGE_SIZE, Marker: marker }),
      o,
    );
    return { items: out.DBInstances, next: out.Marker };
  });
}

function describeClusters(ctx: CollectContext, region: string | undefined, ids: readonly string[]): Promise<Batch<DBCluster>> {
  return describeBatched(ctx, 'rds:DescribeDBClusters', `DB clusters in ${region ?? 'the default region'}`, ids, async (values, marker, o) => {
    const out = await rds(ctx, region).send(
      new DescribeDBClustersCommand({ Filters: [{ Name: 'db-cluster-id', Values: values }], MaxRecords: PAGE_SIZE, Marker: marker }),
      o,
    );
    return { items: out.DBClusters, next: out.Marker };
  });
}

/** DescribeDBSubnetGroups takes no filters: one call per group, for clusters whose members do not name theirs. */
async function describeSubnetGroup(ctx: CollectContext, region: string | undefined, name: string): Promise<Fact<SubnetGroupFacts>> {
  try {
    const out = await ctx.call('rds:DescribeDBSubnetGroups', (o) =>
      rds(ctx, region).send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: name }), o),
    );
    const group = out.DBSubnetGroups?.find((g) => g.DBSubnetGroupName?.toLowerCase() === name.toLowerCase());
    return group ? present(subnetGroupFacts(group)) : unknown(`the DB subnet group ${name} does not exist`);
  } catch (err) {
    if ((err as Error).name === 'DBSubnetGroupNotFoundFault') return unknown(`the DB subnet group ${name} does not exist (${ctx.reason(err)})`);
    return unknown(`could not describe the DB subnet group ${name}: ${ctx.reason(err)}`);
  }
}

export function subnetGroupFacts(g: DBSubnetGroup): SubnetGroupFacts {
  return {
    name: g.DBSubnetGroupName ?? '',
    subnets: (g.Subnets ?? []).map((s) => {
      const subnet: SubnetGroupFacts['subnets'][number] = { subnetId: s.SubnetIdentifier ?? '' };
      if (s.SubnetAvailabilityZone?.Name) subnet.availabilityZone = s.SubnetAvailabilityZone.Name;
      return subnet;
    }),
  };
}

export function instanceFacts(i: DBInstance): RdsInstanceFacts {
  const facts: RdsInstanceFacts = {
    id: i.DBInstanceIdentifier ?? '',
    multiAZ: i.MultiAZ === true,
    storageEncrypted: i.StorageEncrypted === true,
  };
  if (i.DBInstanceArn) facts.arn = i.DBInstanceArn;
  if (i.Engine) facts.engine = i.Engine;
  if (i.DBInstanceStatus) facts.status = i.DBInstanceStatus;
  if (i.KmsKeyId) facts.kmsKeyId = i.KmsKeyId;
  if (i.AvailabilityZone) facts.availabilityZone = i.AvailabilityZone;
  if (i.SecondaryAvailabilityZone) facts.secondaryAvailabilityZone = i.SecondaryAvailabilityZone;
  if (i.DBClusterIdentifier) facts.clusterId = i.DBClusterIdentifier;
  if (i.DBSubnetGroup) facts.subnetGroup = subnetGroupFacts(i.DBSubnetGroup);
  if (i.BackupRetentionPeriod !== undefined) facts.backupRetentionPeriod = i.BackupRetentionPeriod;
  if (i.PubliclyAccessible !== undefined) facts.publiclyAccessible = i.PubliclyAccessible;
  if (i.DeletionProtection !== undefined) facts.deletionProtection = i.DeletionProtection;
  return facts;
}

export function clusterFacts(c: DBCluster, members: ReadonlyMap<string, DBInstance>, subnetGroup: SubnetGroupFacts | undefined): RdsClusterFacts {
  const facts: RdsClusterFacts = {
    id: c.DBClusterIdentifier ?? '',
    multiAZ: c.MultiAZ === true,
    storageEncrypted: c.StorageEncrypted === true,
    members: (c.DBClusterMembers ?? []).map((m) => {
      const member: RdsClusterFacts['members'][number] = { instanceId: m.DBInstanceIdentifier ?? '', isWriter: m.IsClusterWriter === true };
      const az = members.get((m.DBInstanceIdentifier ?? '').toLowerCase())?.AvailabilityZone;
      if (az) member.availabilityZone = az;
      return member;
    }),
    availabilityZones: c.AvailabilityZones ?? [],
  };
  if (c.DBClusterArn) facts.arn = c.DBClusterArn;
  if (c.Engine) facts.engine = c.Engine;
  if (c.Status) facts.status = c.Status;
  if (c.KmsKeyId) facts.kmsKeyId = c.KmsKeyId;
  if (subnetGroup) facts.subnetGroup = subnetGroup;
  if (c.BackupRetentionPeriod !== undefined) facts.backupRetentionPeriod = c.BackupRetentionPeriod;
  if (c.DeletionProtection !== undefined) facts.deletionProtection = c.DeletionProtection;
  return facts;
}

/** The key an instance or cluster encrypts its storage with, as RDS reports it. */
export function storageKeyRef(what: string, encrypted: boolean | undefined, kmsKeyId: string | undefined): Fact<string> {
  if (encrypted !== true) return absent('storage is not encrypted');
  return kmsKeyId ? present(kmsKeyId) : unknown(`RDS reports the storage of ${what} as encrypted but names no KMS key`);
}

function byId<T>(items: readonly T[], id: (item: T) => string | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const key = id(item)?.toLowerCase();
    if (key) map.set(key, item);
  }
  return map;
}

const wantsKey = (want: ReadonlySet<FactKey>): boolean => want.has('encryption.kmsKeyRef') || want.has('encryption.kmsKey');

/** Every wanted fact of a resource, as the same unknown. */
function allUnknown(keys: readonly FactKey[], want: ReadonlySet<FactKey>, reason: string): FactRecord {
  return Object.fromEntries(keys.filter((k) => want.has(k)).map((k) => [k, unknown(reason)]));
}

const INSTANCE_FACTS: readonly FactKey[] = ['rds.instance', 'encryption.kmsKeyRef', 'encryption.kmsKey'];
const CLUSTER_FACTS: readonly FactKey[] = ['rds.cluster', 'encryption.kmsKeyRef', 'encryption.kmsKey'];

async function collectRegion(
  ctx: CollectContext,
  region: string | undefined,
  refs: readonly ResourceRef[],
  want: ReadonlySet<FactKey>,
  out: Map<ResourceRef, FactRecord>,
): Promise<void> {
  const where = region ?? 'the default region';
  const instanceRefs = refs.filter((r) => r.type === 'AWS::RDS::DBInstance');
  const clusterRefs = refs.filter((r) => r.type === 'AWS::RDS::DBCluster');
  const wantInstances = instanceRefs.length > 0 && (want.has('rds.instance') || wantsKey(want));
  const wantClusterFact = clusterRefs.length > 0 && want.has('rds.cluster');
  const wantClusters = clusterRefs.length > 0 && (wantClusterFact || wantsKey(want));
  const instanceIds = wantInstances ? [...new Set(instanceRefs.map(rdsId))] : [];
  const clusterIds = [...new Set(clusterRefs.map(rdsId))];

  // Three independent lookups, all at once: the clusters, the named instances, and the clusters'
  // members (by the db-cluster-id filter, for their AZs). Nothing waits for another round trip.
  const clustersP = wantClusters ? describeClusters(ctx, region, clusterIds) : undefined;
  const instancesP = instanceIds.length > 0 ? describeInstances(ctx, region, instanceIds) : undefined;
  const membersP = wantClusterFact ? describeMembers(ctx, region, clusterIds) : undefined;
  const instanceRefsDone = instancesP?.then(async (instances) => {
    const instanceById = byId(instances.items, (i) => i.DBInstanceIdentifier);
    await Promise.all(
      instanceRefs.map(async (ref) => {
        const id = rdsId(ref);
        const i = instanceById.get(id);
        const failed = instances.failed.get(id);
        if (!i) return void out.set(ref, allUnknown(INSTANCE_FACTS, want, failed ?? `the DB instance ${id} does not exist in ${where}`));
        const rec: FactRecord = {};
        if (want.has('rds.instance')) rec['rds.instance'] = present(instanceFacts(i));
        Object.assign(rec, await withKmsKey(ctx, want, storageKeyRef(id, i.StorageEncrypted, i.KmsKeyId), region));
        out.set(ref, rec);
      }),
    );
  });
  // Awaited at the end; a rejection seen earlier by the cluster path must not go unhandled meanwhile.
  instanceRefsDone?.catch(() => undefined);
  if (!wantInstances) for (const ref of instanceRefs) out.set(ref, {});
  const [clusterBatch, members] = await Promise.all([clustersP, membersP]);
  const instanceById = byId(members?.items ?? [], (i) => i.DBInstanceIdentifier);

  // A cluster whose members do not carry the subnet group (a cluster without instances) has it
  // described by name, once per group.
  const clusterById = byId(clusterBatch?.items ?? [], (c) => c.DBClusterIdentifier);
  const groupLookups = new Map<string, Promise<Fact<SubnetGroupFacts>>>();
  const subnetGroupOf = (c: DBCluster): Promise<Fact<SubnetGroupFacts>> | Fact<SubnetGroupFacts> | undefined => {
    for (const m of c.DBClusterMembers ?? []) {
      const g = instanceById.get((m.DBInstanceIdentifier ?? '').toLowerCase())?.DBSubnetGroup;
      if (g) return present(subnetGroupFacts(g));
    }
    const name = c.DBSubnetGroup;
    if (!name) return undefined;
    let p = groupLookups.get(name.toLowerCase());
    if (!p) groupLookups.set(name.toLowerCase(), (p = describeSubnetGroup(ctx, region, name)));
    return p;
  };

  await Promise.all(
    clusterRefs.map(async (ref) => {
      if (!wantClusters) return void out.set(ref, {});
      const id = rdsId(ref);
      const c = clusterById.get(id);
      const failed = clusterBatch?.failed.get(id);
      if (!c) return void out.set(ref, allUnknown(CLUSTER_FACTS, want, failed ?? `the DB cluster ${id} does not exist in ${where}`));
      const [fact, keys] = await Promise.all([
        wantClusterFact ? clusterFact(c) : undefined,
        withKmsKey(ctx, want, storageKeyRef(id, c.StorageEncrypted, c.KmsKeyId), region),
      ]);
      out.set(ref, { ...(fact ? { 'rds.cluster': fact } : {}), ...keys });
    }),
  );
  await instanceRefsDone;

  async function clusterFact(c: DBCluster): Promise<Fact<RdsClusterFacts>> {
    const memberFailed = members?.failed.get((c.DBClusterIdentifier ?? '').toLowerCase());
    if (memberFailed) return unknown(`the availability zones of the members of ${c.DBClusterIdentifier} are unknown: ${memberFailed}`);
    const group = await subnetGroupOf(c);
    if (group && group.state !== 'present') return group.state === 'unknown' ? group : unknown(`the subnet group of ${c.DBClusterIdentifier} is unknown`);
    return present(clusterFacts(c, instanceById, group?.value));
  }
}

const collector: Collector = {
  service: 'rds',
  types: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  provides: ['rds.instance', 'rds.cluster', 'encryption.kmsKeyRef', 'encryption.kmsKey'],
  actions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters', 'rds:DescribeDBSubnetGroups'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    const regions = byRegion(refs, ctx.settings.region);
    await Promise.all([...regions].map(([region, rs]) => collectRegion(ctx, region, rs, want, out)));
    return out;
  },
};
export default collector;
