/**
 * ElastiCache replication groups, batched per region:
 * - `DescribeReplicationGroups`: by id when the run names one group (one call, however many groups
 *   the account holds); listed once, paginated, when it names several (one page of up to 100 groups
 *   answers for all of them, where per-id calls would cost one call each).
 * - only for `elasticache.replicationGroup`: one paginated `DescribeCacheClusters` listing the
 *   region's cache clusters, sent beside the group lookup (it does not depend on it), which gives
 *   each member's subnet group (a replication group does not report its own) and the AZ of any
 *   member whose node-group entry has none; then one `DescribeCacheSubnetGroups` per distinct
 *   subnet group. Each group's KMS key is resolved as soon as the group is known.
 * So N groups in one region cost 1 (N = 1) or ceil(G/100) calls for the groups, plus
 * ceil(C/100) for the cache clusters and one per distinct subnet group, where G and C are the
 * region's group and cluster counts.
 */
import type { CacheCluster, CacheSubnetGroup, ReplicationGroup } from '@aws-sdk/client-elasticache';
import { requireSdk } from './sdk.js';
import { absent, present, unknown, type Fact } from '../facts/fact.js';
import type { ElastiCacheReplicationGroupFacts, FactKey, SubnetGroupFacts } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext, Collector, FactRecord } from './context.js';
import { allPages, byRegion } from './batch.js';
import { withKmsKey } from './kms-ref.js';

const { DescribeCacheClustersCommand, DescribeCacheSubnetGroupsCommand, DescribeReplicationGroupsCommand, ElastiCacheClient } = requireSdk('@aws-sdk/client-elasticache') as typeof import('@aws-sdk/client-elasticache');

const PROVIDES: readonly FactKey[] = ['elasticache.replicationGroup', 'encryption.kmsKeyRef', 'encryption.kmsKey'];
const PAGE_SIZE = 100;

function elasticache(ctx: CollectContext, region: string | undefined): InstanceType<typeof ElastiCacheClient> {
  return ctx.client('elasticache', region, () => new ElastiCacheClient(ctx.clientConfig(region)));
}


/** The group id a ref names: the id, or the last part of a replication-group ARN. ElastiCache stores ids in lower case. */
export function groupId(ref: ResourceRef): string {
  const m = /:replicationgroup:([^:/]+)$/.exec(ref.id) ?? /:replicationgroup:([^:/]+)$/.exec(ref.arn ?? '');
  return (m ? m[1]! : ref.id).toLowerCase();
}

type Lookup = { groups: Map<string, ReplicationGroup> } | { error: unknown };

async function describeGroups(ctx: CollectContext, ids: readonly string[], region: string | undefined): Promise<Lookup> {
  try {
    const client = elasticache(ctx, region);
    const only = ids.length === 1 ? ids[0] : undefined;
    const list =
      only !== undefined
        ? ((
            await ctx.call('elasticache:DescribeReplicationGroups', (o) =>
              client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: only }), o),
            )
          ).ReplicationGroups ?? [])
        : await allPages(ctx, 'elasticache:DescribeReplicationGroups', async (Marker, o) => {
            const out = await client.send(new DescribeReplicationGroupsCommand({ MaxRecords: PAGE_SIZE, Marker }), o);
            return { items: out.ReplicationGroups, next: out.Marker };
          });
    return { groups: new Map(list.filter((g) => g.ReplicationGroupId).map((g) => [g.ReplicationGroupId!.toLowerCase(), g])) };
  } catch (err) {
    // Asked by id, a missing group is this error; the ref is then reported missing below.
    if ((err as Error).name === 'ReplicationGroupNotFoundFault') return { groups: new Map() };
    return { error: err };
  }
}

/**
 * The region's cache clusters by id, or why they could not be listed: members then keep the AZs
 * their node groups report, and the subnet group stays unread with that reason.
 */
async function describeClusters(ctx: CollectContext, region: string | undefined): Promise<Map<string, CacheCluster> | string> {
  try {
    const client = elasticache(ctx, region);
    const list = await allPages(ctx, 'elasticache:DescribeCacheClusters', async (Marker, o) => {
      const out = await client.send(new DescribeCacheClustersCommand({ MaxRecords: PAGE_SIZE, Marker }), o);
      return { items: out.CacheClusters, next: out.Marker };
    });
    return new Map(list.filter((c) => c.CacheClusterId).map((c) => [c.CacheClusterId!.toLowerCase(), c]));
  } catch (err) {
    return `could not list cache clusters: ${ctx.reason(err)}`;
  }
}

/** The subnet group's subnets, or why they could not be read. */
async function describeSubnetGroup(ctx: CollectContext, name: string, region: string | undefined): Promise<SubnetGroupFacts | string> {
  let group: CacheSubnetGroup | undefined;
  try {
    const out = await ctx.call('elasticache:DescribeCacheSubnetGroups', (o) =>
      elasticache(ctx, region).send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: name }), o),
    );
    group = out.CacheSubnetGroups?.find((g) => g.CacheSubnetGroupName === name);
  } catch (err) {
    return `could not describe the cache subnet group ${name}: ${ctx.reason(err)}`;
  }
  if (!group) return `the cache subnet group ${name} was not returned by DescribeCacheSubnetGroups`;
  return {
    name,
    subnets: (group.Subnets ?? []).map((s) => {
      const subnet: SubnetGroupFacts['subnets'][number] = { subnetId: s.SubnetIdentifier ?? '' };
      // moto leaves SubnetAvailabilityZone empty; AWS names the zone.
      if (s.SubnetAvailabilityZone?.Name) subnet.availabilityZone = s.SubnetAvailabilityZone.Name;
      return subnet;
    }),
  };
}

/** An AZ name as a cache cluster reports it; `Multiple` (a multi-node Memcached cluster) names no single zone. */
function clusterAz(c: CacheCluster | undefined): string | undefined {
  const az = c?.PreferredAvailabilityZone;
  return az && az !== 'Multiple' ? az : undefined;
}

/** The member cache-cluster ids of a group: node-group members first, then `MemberClusters`. */
function memberIds(g: ReplicationGroup): string[] {
  const ids = (g.NodeGroups ?? []).flatMap((ng) => (ng.NodeGroupMembers ?? []).map((m) => m.CacheClusterId ?? ''));
  return [...new Set([...ids, ...(g.MemberClusters ?? [])].filter(Boolean))];
}

export function groupFacts(
  g: ReplicationGroup,
  clusters: Map<string, CacheCluster> | string | undefined,
  subnetGroups: Map<string, SubnetGroupFacts | string>,
): ElastiCacheReplicationGroupFacts {
  const listed = typeof clusters === 'string' ? undefined : clusters;
  const facts: ElastiCacheReplicationGroupFacts = {
    id: g.ReplicationGroupId ?? '',
    atRestEncryptionEnabled: g.AtRestEncryptionEnabled === true,
    transitEncryptionEnabled: g.TransitEncryptionEnabled === true,
    // AWS always reports both; a missing value is kept visible rather than read as enabled or disabled.
    automaticFailover: g.AutomaticFailover ?? 'unknown',
    multiAZ: g.MultiAZ ?? 'unknown',
    nodeGroups: (g.NodeGroups ?? []).map((ng) => ({
      nodeGroupId: ng.NodeGroupId ?? '',
      members: (ng.NodeGroupMembers ?? []).map((m) => {
        const member: ElastiCacheReplicationGroupFacts['nodeGroups'][number]['members'][number] = { cacheClusterId: m.CacheClusterId ?? '' };
        // An AZ nobody reported stays undefined (checks read it as unknown); it is never guessed.
        const az = m.PreferredAvailabilityZone ?? clusterAz(listed?.get((m.CacheClusterId ?? '').toLowerCase()));
        if (az) member.availabilityZone = az;
        if (m.CurrentRole) member.role = m.CurrentRole;
        return member;
      }),
    })),
  };
  if (g.ARN) facts.arn = g.ARN;
  if (g.Status) facts.status = g.Status;
  if (g.KmsKeyId) facts.kmsKeyId = g.KmsKeyId;
  if (g.TransitEncryptionMode) facts.transitEncryptionMode = g.TransitEncryptionMode;
  if (g.ClusterEnabled !== undefined) facts.clusterEnabled = g.ClusterEnabled;
  const subnetGroupName = subnetGroupOf(g, listed);
  const subnetGroup = subnetGroupName === undefined ? undefined : subnetGroups.get(subnetGroupName);
  if (typeof subnetGroup === 'object') facts.subnetGroup = subnetGroup;
  else {
    // A replication group does not name its subnet group; only its member cache clusters do.
    // (moto lists no replication-group members in DescribeCacheClusters, so this is the path there.)
    facts.subnetGroupUnread =
      typeof clusters === 'string'
        ? clusters
        : (subnetGroup ?? (clusters ? 'DescribeCacheClusters listed none of its member clusters, which name the subnet group' : 'cache clusters were not listed'));
  }
  return facts;
}

function subnetGroupOf(g: ReplicationGroup, clusters: Map<string, CacheCluster> | undefined): string | undefined {
  if (!clusters) return undefined;
  for (const id of memberIds(g)) {
    const name = clusters.get(id.toLowerCase())?.CacheSubnetGroupName;
    if (name) return name;
  }
  return undefined;
}

/**
 * The key a group encrypts with. Without `KmsKeyId`, at-rest encryption uses ElastiCache's default
 * service-managed key, which is no KMS key of the account: reported absent, like no customer key.
 */
export function groupKeyRef(g: ReplicationGroup): Fact<string> {
  if (g.AtRestEncryptionEnabled !== true) return absent('encryption at rest is off');
  if (g.KmsKeyId) return present(g.KmsKeyId);
  return absent('encrypted at rest with the ElastiCache default (service-managed) key, not a KMS key');
}

/** Every wanted fact this collector owes, unknown for one reason. */
function allUnknown(want: ReadonlySet<FactKey>, reason: string): FactRecord {
  return Object.fromEntries(PROVIDES.filter((k) => want.has(k)).map((k) => [k, unknown(reason)]));
}

const collector: Collector = {
  service: 'elasticache',
  types: ['AWS::ElastiCache::ReplicationGroup'],
  provides: PROVIDES,
  actions: ['elasticache:DescribeReplicationGroups', 'elasticache:DescribeCacheClusters', 'elasticache:DescribeCacheSubnetGroups'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    const needGroup = want.has('elasticache.replicationGroup');
    const needKey = want.has('encryption.kmsKeyRef') || want.has('encryption.kmsKey');
    if (!needGroup && !needKey) {
      for (const ref of refs) out.set(ref, {});
      return out;
    }
    const regions = byRegion(refs, ctx.settings.region);
    await Promise.all(
      [...regions].map(async ([region, regionRefs]) => {
        const ids = [...new Set(regionRefs.map(groupId))];
        // The cache-cluster listing does not depend on the groups: it goes out beside them.
        const clustersP = needGroup ? describeClusters(ctx, region) : undefined;
        clustersP?.catch(() => undefined); // awaited below; not left unhandled if the groups fail first
        const lookup = await describeGroups(ctx, ids, region);
        if ('error' in lookup) {
          const reason = `could not describe replication groups: ${ctx.reason(lookup.error)}`;
          for (const ref of regionRefs) out.set(ref, allUnknown(want, reason));
          return;
        }
        const found = regionRefs.filter((ref) => lookup.groups.has(groupId(ref)));
        // Each group's key is resolved as soon as the group is known, beside the cluster lookups.
        const keys = new Map(
          needKey ? found.map((ref) => [ref, withKmsKey(ctx, want, groupKeyRef(lookup.groups.get(groupId(ref))!), region)] as const) : [],
        );
        for (const k of keys.values()) k.catch(() => undefined); // awaited below
        let clusters: Map<string, CacheCluster> | string | undefined;
        const subnetGroups = new Map<string, SubnetGroupFacts | string>();
        if (clustersP) clusters = await clustersP;
        if (needGroup && found.length > 0) {
          const listed = typeof clusters === 'string' ? undefined : clusters;
          const names = new Set(found.map((ref) => subnetGroupOf(lookup.groups.get(groupId(ref))!, listed)).filter((n) => n !== undefined));
          await Promise.all([...names].map(async (n) => subnetGroups.set(n, await describeSubnetGroup(ctx, n, region))));
        }
        await Promise.all(
          regionRefs.map(async (ref) => {
            const g = lookup.groups.get(groupId(ref));
            if (!g) {
              out.set(ref, allUnknown(want, `the replication group ${groupId(ref)} does not exist in ${region ?? 'the default region'}`));
              return;
            }
            const rec: FactRecord = {};
            if (needGroup) rec['elasticache.replicationGroup'] = present(groupFacts(g, clusters, subnetGroups));
            if (needKey) Object.assign(rec, await keys.get(ref));
            out.set(ref, rec);
          }),
        );
      }),
    );
    return out;
  },
};
export default collector;
