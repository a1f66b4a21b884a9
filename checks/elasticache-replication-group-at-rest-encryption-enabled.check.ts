import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'elasticache-replication-group-at-rest-encryption-enabled',
  title: 'ElastiCache replication group encrypts data at rest',
  severity: 'high',
  family: 'encryption',
  controls: { fsbp: ['ElastiCache.4'], cis: [] },
  appliesTo: ['AWS::ElastiCache::ReplicationGroup'],
  needs: ['elasticache.replicationGroup'],
  remediation:
    'Set atRestEncryptionEnabled: true (and kmsKeyId: <your KmsKey>.arn for a customer-managed key) on the ElasticacheReplicationGroup. The setting cannot change on an existing group: the change replaces it, so plan for the cache to start empty or restore it from a snapshot.',
  evaluate: ({ facts }) => {
    const group = facts['elasticache.replicationGroup'];
    if (group.state === 'unknown') return error(group.reason);
    if (group.state === 'absent') return error(`the replication group was not described${group.reason ? `: ${group.reason}` : ''}`);
    const { id, atRestEncryptionEnabled, kmsKeyId } = group.value;
    if (!atRestEncryptionEnabled) return fail(`replication group ${id} does not encrypt data at rest`, { atRestEncryptionEnabled });
    return pass(
      `replication group ${id} encrypts data at rest`,
      kmsKeyId ? { atRestEncryptionEnabled, kmsKeyId } : { atRestEncryptionEnabled, kmsKeyId: '(none: the ElastiCache default key)' },
    );
  },
});
