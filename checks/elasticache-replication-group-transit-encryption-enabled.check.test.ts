import { absent, present, unknown } from '../src/facts/fact.js';
import type { ElastiCacheReplicationGroupFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './elasticache-replication-group-transit-encryption-enabled.check.js';

const group = (over: Partial<ElastiCacheReplicationGroupFacts>): ElastiCacheReplicationGroupFacts => ({
  id: 'app-cache',
  atRestEncryptionEnabled: true,
  transitEncryptionEnabled: false,
  automaticFailover: 'enabled',
  multiAZ: 'enabled',
  nodeGroups: [],
  ...over,
});

runCheckCases(check, {
  pass: [
    {
      name: 'transit encryption required',
      facts: { 'elasticache.replicationGroup': present(group({ transitEncryptionEnabled: true, transitEncryptionMode: 'required' })) },
      expectEvidence: { transitEncryptionMode: 'required' },
    },
    {
      name: 'encrypted in transit',
      facts: { 'elasticache.replicationGroup': present(group({ transitEncryptionEnabled: true })) },
      expectEvidence: { transitEncryptionEnabled: true },
    },
  ],
  fail: [
    {
      name: 'transit encryption in preferred mode: plain-text connections still accepted',
      facts: { 'elasticache.replicationGroup': present(group({ transitEncryptionEnabled: true, transitEncryptionMode: 'preferred' })) },
      expectEvidence: { transitEncryptionEnabled: true, transitEncryptionMode: 'preferred' },
    },
    {
      name: 'not encrypted in transit (though encrypted at rest)',
      facts: { 'elasticache.replicationGroup': present(group({ transitEncryptionEnabled: false, atRestEncryptionEnabled: true })) },
      expectEvidence: { transitEncryptionEnabled: false },
    },
  ],
  error: [
    {
      name: 'the replication group could not be described (timeout)',
      facts: { 'elasticache.replicationGroup': unknown('TimeoutError: the request timed out') },
    },
    {
      name: 'the replication group was reported absent instead of described',
      facts: { 'elasticache.replicationGroup': absent('not described') },
    },
  ],
});
