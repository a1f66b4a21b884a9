import { absent, present, unknown } from '../src/facts/fact.js';
import type { RdsClusterFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './rds-cluster-storage-encrypted.check.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const cluster = (over: Partial<RdsClusterFacts>): RdsClusterFacts => ({
  id: 'app-cluster',
  engine: 'aurora-postgresql',
  multiAZ: true,
  storageEncrypted: false,
  members: [{ instanceId: 'app-cluster-1', isWriter: true, availabilityZone: 'us-east-1a' }],
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  ...over,
});

runCheckCases(check, {
  pass: [
    {
      name: 'cluster storage encrypted with a KMS key',
      facts: { 'rds.cluster': present(cluster({ storageEncrypted: true, kmsKeyId: KEY_ARN })) },
      expectEvidence: { storageEncrypted: true, kmsKeyId: KEY_ARN },
    },
  ],
  fail: [
    {
      name: 'cluster storage not encrypted',
      facts: { 'rds.cluster': present(cluster({ storageEncrypted: false })) },
      expectEvidence: { storageEncrypted: false },
    },
  ],
  error: [
    {
      name: 'the cluster could not be described (throttled)',
      facts: { 'rds.cluster': unknown('Throttling: Rate exceeded (after retries)') },
    },
    {
      name: 'the cluster was reported absent instead of described',
      facts: { 'rds.cluster': absent() },
    },
  ],
});
