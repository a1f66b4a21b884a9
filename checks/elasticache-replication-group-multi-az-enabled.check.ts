import { defineCheck, error, fail, pass } from '../src/engine/define.js';

const UNKNOWN_AZ = '(unknown)';

type Condition = 'multiAZ' | 'automaticFailover' | 'nodeGroupAzs';

/** `enabled` holds, `unknown` (the collector's mark for a value AWS did not report) is unread, anything else fails. */
function flag(value: string): 'ok' | 'fail' | 'unread' {
  if (value === 'enabled') return 'ok';
  return value === 'unknown' ? 'unread' : 'fail';
}

export default defineCheck({
  id: 'elasticache-replication-group-multi-az-enabled',
  title: 'ElastiCache replication group has Multi-AZ and automatic failover enabled, with every shard spread over two or more availability zones',
  severity: 'high',
  family: 'availability',
  controls: { fsbp: ['ElastiCache.3'], cis: [] },
  appliesTo: ['AWS::ElastiCache::ReplicationGroup'],
  needs: ['elasticache.replicationGroup'],
  remediation:
    'On the ElasticacheReplicationGroup set multiAzEnabled: true and automaticFailoverEnabled: true, give every shard at least one replica (numCacheClusters >= 2, or replicasPerNodeGroup >= 1 in cluster mode), and list distinct zones in preferredCacheClusterAzs so the primary and its replicas do not share one.',
  evaluate: ({ facts }) => {
    const f = facts['elasticache.replicationGroup'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('ElastiCache returned no description of the replication group');
    const group = f.value;

    const failed: Condition[] = [];
    const unread: string[] = [];
    const multiAZ = flag(group.multiAZ);
    const failover = flag(group.automaticFailover);
    if (multiAZ === 'fail') failed.push('multiAZ');
    if (multiAZ === 'unread') unread.push('multiAZ');
    if (failover === 'fail') failed.push('automaticFailover');
    if (failover === 'unread') unread.push('automaticFailover');

    const nodeGroups: Record<string, Record<string, string>> = {};
    const singleAz: string[] = [];
    const unreadAz: string[] = [];
    for (const ng of group.nodeGroups) {
      nodeGroups[ng.nodeGroupId] = Object.fromEntries(ng.members.map((m) => [m.cacheClusterId, m.availabilityZone ?? UNKNOWN_AZ]));
      const azs = new Set(ng.members.flatMap((m) => (m.availabilityZone === undefined ? [] : [m.availabilityZone])));
      const blind = ng.members.filter((m) => m.availabilityZone === undefined).map((m) => m.cacheClusterId);
      // Fewer than two members cannot span two zones, whatever their zones are.
      if (ng.members.length < 2) singleAz.push(ng.nodeGroupId);
      else if (blind.length > 0) unreadAz.push(...blind);
      else if (azs.size < 2) singleAz.push(ng.nodeGroupId);
    }
    if (singleAz.length > 0) failed.push('nodeGroupAzs');
    else if (group.nodeGroups.length === 0) unread.push('nodeGroupAzs');
    else if (unreadAz.length > 0) unread.push('nodeGroupAzs');

    const evidence = {
      multiAZ: group.multiAZ,
      automaticFailover: group.automaticFailover,
      nodeGroups,
      ...(singleAz.length > 0 ? { singleAzNodeGroups: singleAz } : {}),
      ...(unreadAz.length > 0 ? { unreadAzs: unreadAz } : {}),
    };
    if (failed.length > 0) return fail(`not met: ${failed.join(', ')}`, { ...evidence, failed, ...(unread.length > 0 ? { unread } : {}) });
    if (unread.length > 0) {
      const none = group.nodeGroups.length === 0 ? ' (no node groups were reported)' : '';
      return error(`could not be read: ${unread.join(', ')}${none}`, { ...evidence, unread });
    }
    return pass(`Multi-AZ and automatic failover enabled; ${group.nodeGroups.length} node group(s) each span two or more zones`, { ...evidence, failed });
  },
});
