import { absent, present, unknown } from '../src/facts/fact.js';
import type { ElastiCacheReplicationGroupFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './elasticache-replication-group-at-rest-encryption-enabled.check.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const group = (over: Partial<ElastiCacheReplicationGroupFacts>): ElastiCacheReplicationGroupFacts => ({
  id: 'app-cache',
  atRestEncryptionEnabled: false,
  transitEncryptionEnabled: true,
  automaticFailover: 'enabled',
  multiAZ: 'enabled',
  nodeGroups: [],
  ...over,
});

runCheckCases(check, {
  pass: [
    {
      name: 'encrypted at rest with a customer-managed key',
      facts: { 'elasticache.replicationGroup': present(group({ atRestEncryptionEnabled: true, kmsKeyId: KEY_ARN })) },
      expectEvidence: { atRestEncryptionEnabled: true, kmsKeyId: KEY_ARN },
    },
    {
      name: 'encrypted at rest with the ElastiCache default key',
      facts: { 'elasticache.replicationGroup': present(group({ atRestEncryptionEnabled: true })) },
      expectEvidence: { atRestEncryptionEnabled: true, kmsKeyId: '(none: the ElastiCache default key)' },
    },
  ],
  fail: [
    {
      name: 'not encrypted at rest (though encrypted in transit)',
      facts: { 'elasticache.replicationGroup': present(group({ atRestEncryptionEnabled: false, transitEncryptionEnabled: true })) },
      expectEvidence: { atRestEncryptionEnabled: false },
    },
  ],
  error: [
    {
      name: 'the replication group could not be described (AccessDenied)',
      facts: { 'elasticache.replicationGroup': unknown('elasticache:DescribeReplicationGroups AccessDenied') },
    },
    {
      name: 'the replication group was reported absent instead of described',
      facts: { 'elasticache.replicationGroup': absent() },
    },
  ],
});
