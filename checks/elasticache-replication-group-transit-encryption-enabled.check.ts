import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'elasticache-replication-group-transit-encryption-enabled',
  title: 'ElastiCache replication group encrypts data in transit',
  severity: 'high',
  family: 'encryption',
  controls: { fsbp: ['ElastiCache.5'], cis: [] },
  appliesTo: ['AWS::ElastiCache::ReplicationGroup'],
  needs: ['elasticache.replicationGroup'],
  description: 'Passes when the replication group reports TransitEncryptionEnabled (TLS between clients and nodes and between nodes).',
  remediation:
    "Set transitEncryptionEnabled: true on the ElasticacheReplicationGroup, and have clients connect with TLS. On Redis OSS 7 or later and Valkey the change applies in place by way of transitEncryptionMode: 'preferred' and then 'required'; on older engines it replaces the group.",
  evaluate: ({ facts }) => {
    const group = facts['elasticache.replicationGroup'];
    if (group.state === 'unknown') return error(group.reason);
    if (group.state === 'absent') return error(`the replication group was not described${group.reason ? `: ${group.reason}` : ''}`);
    const { id, transitEncryptionEnabled, transitEncryptionMode } = group.value;
    const evidence = { transitEncryptionEnabled, ...(transitEncryptionMode ? { transitEncryptionMode } : {}) };
    if (!transitEncryptionEnabled) return fail(`replication group ${id} does not encrypt data in transit`, evidence);
    // `preferred` is the migration step: TLS is offered, but plain-text connections are still accepted.
    if (transitEncryptionMode === 'preferred') return fail(`replication group ${id} still accepts plain-text connections (transit encryption mode preferred)`, evidence);
    return pass(`replication group ${id} encrypts data in transit`, evidence);
  },
});
