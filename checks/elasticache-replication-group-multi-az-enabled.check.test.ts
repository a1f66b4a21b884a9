import { absent, present, unknown } from '../src/facts/fact.js';
import type { ElastiCacheReplicationGroupFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './elasticache-replication-group-multi-az-enabled.check.js';

type NodeGroup = ElastiCacheReplicationGroupFacts['nodeGroups'][number];
const shard = (id: string, ...azs: Array<string | undefined>): NodeGroup => ({
  nodeGroupId: id,
  members: azs.map((az, i) => ({ cacheClusterId: `cache-${id}-00${i + 1}`, role: i === 0 ? 'primary' : 'replica', ...(az === undefined ? {} : { availabilityZone: az }) })),
});
const group = (extra: Partial<ElastiCacheReplicationGroupFacts> = {}): ElastiCacheReplicationGroupFacts => ({
  id: 'cache',
  atRestEncryptionEnabled: true,
  transitEncryptionEnabled: true,
  automaticFailover: 'enabled',
  multiAZ: 'enabled',
  nodeGroups: [shard('0001', 'us-east-1a', 'us-east-1b')],
  ...extra,
});

runCheckCases(check, {
  pass: [
    {
      name: 'one shard, primary and replica in two zones',
      facts: { 'elasticache.replicationGroup': present(group()) },
      expectEvidence: {
        multiAZ: 'enabled',
        automaticFailover: 'enabled',
        nodeGroups: { '0001': { 'cache-0001-001': 'us-east-1a', 'cache-0001-002': 'us-east-1b' } },
        failed: [],
      },
    },
    {
      name: 'cluster mode, two shards each over two zones',
      facts: {
        'elasticache.replicationGroup': present(
          group({ clusterEnabled: true, nodeGroups: [shard('0001', 'us-east-1a', 'us-east-1b'), shard('0002', 'us-east-1b', 'us-east-1c', 'us-east-1b')] }),
        ),
      },
      expectEvidence: { nodeGroups: { '0002': { 'cache-0002-001': 'us-east-1b', 'cache-0002-002': 'us-east-1c' } }, failed: [] },
    },
  ],
  fail: [
    {
      name: 'Multi-AZ disabled',
      facts: { 'elasticache.replicationGroup': present(group({ multiAZ: 'disabled' })) },
      expectEvidence: { multiAZ: 'disabled', failed: ['multiAZ'] },
    },
    {
      name: 'automatic failover disabled',
      facts: { 'elasticache.replicationGroup': present(group({ automaticFailover: 'disabled' })) },
      expectEvidence: { automaticFailover: 'disabled', failed: ['automaticFailover'] },
    },
    {
      name: 'automatic failover still enabling',
      facts: { 'elasticache.replicationGroup': present(group({ automaticFailover: 'enabling' })) },
      expectEvidence: { automaticFailover: 'enabling', failed: ['automaticFailover'] },
    },
    {
      name: 'flags on, but the primary and replica share a zone',
      facts: { 'elasticache.replicationGroup': present(group({ nodeGroups: [shard('0001', 'us-east-1a', 'us-east-1a')] })) },
      expectEvidence: { failed: ['nodeGroupAzs'], singleAzNodeGroups: ['0001'] },
    },
    {
      name: 'one shard spread, the other in one zone',
      facts: { 'elasticache.replicationGroup': present(group({ nodeGroups: [shard('0001', 'us-east-1a', 'us-east-1b'), shard('0002', 'us-east-1c', 'us-east-1c')] })) },
      expectEvidence: { failed: ['nodeGroupAzs'], singleAzNodeGroups: ['0002'] },
    },
    {
      name: 'a single node with nothing enabled fails all three',
      facts: { 'elasticache.replicationGroup': present(group({ multiAZ: 'disabled', automaticFailover: 'disabled', nodeGroups: [shard('0001', 'us-east-1a')] })) },
      expectEvidence: { failed: ['multiAZ', 'automaticFailover', 'nodeGroupAzs'], nodeGroups: { '0001': { 'cache-0001-001': 'us-east-1a' } } },
    },
    {
      name: 'Multi-AZ disabled fails even though a replica zone could not be read',
      facts: { 'elasticache.replicationGroup': present(group({ multiAZ: 'disabled', nodeGroups: [shard('0001', 'us-east-1a', undefined)] })) },
      expectEvidence: { failed: ['multiAZ'], unread: ['nodeGroupAzs'], unreadAzs: ['cache-0001-002'] },
    },
    {
      name: 'a shard without replicas fails although its zone could not be read',
      facts: { 'elasticache.replicationGroup': present(group({ nodeGroups: [shard('0001', undefined)] })) },
      expectEvidence: { failed: ['nodeGroupAzs'], nodeGroups: { '0001': { 'cache-0001-001': '(unknown)' } } },
    },
  ],
  error: [
    { name: 'the group could not be described (AccessDenied)', facts: { 'elasticache.replicationGroup': unknown('AccessDenied: elasticache:DescribeReplicationGroups') } },
    { name: 'no description came back', facts: { 'elasticache.replicationGroup': absent() } },
    {
      name: 'a replica zone could not be read',
      facts: { 'elasticache.replicationGroup': present(group({ nodeGroups: [shard('0001', 'us-east-1a', undefined)] })) },
      expectEvidence: { unread: ['nodeGroupAzs'], unreadAzs: ['cache-0001-002'], nodeGroups: { '0001': { 'cache-0001-002': '(unknown)' } } },
    },
    {
      name: 'a replica zone could not be read although two zones are already known',
      facts: { 'elasticache.replicationGroup': present(group({ nodeGroups: [shard('0001', 'us-east-1a', 'us-east-1b', undefined)] })) },
      expectEvidence: { unread: ['nodeGroupAzs'], unreadAzs: ['cache-0001-003'] },
    },
    {
      name: 'AWS did not report the Multi-AZ setting',
      facts: { 'elasticache.replicationGroup': present(group({ multiAZ: 'unknown' })) },
      expectEvidence: { unread: ['multiAZ'] },
    },
    {
      name: 'no node groups were reported',
      facts: { 'elasticache.replicationGroup': present(group({ nodeGroups: [] })) },
      expectEvidence: { unread: ['nodeGroupAzs'], nodeGroups: {} },
    },
  ],
});
