import { absent, present, unknown } from '../src/facts/fact.js';
import type { RdsClusterFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './rds-cluster-backup-retention.check.js';

const cluster = (days?: number): RdsClusterFacts => ({
  id: 'app-cluster',
  multiAZ: true,
  storageEncrypted: true,
  members: [],
  availabilityZones: [],
  ...(days !== undefined ? { backupRetentionPeriod: days } : {}),
});

runCheckCases(check, {
  pass: [
    { name: 'fourteen days', facts: { 'rds.cluster': present(cluster(14)) }, expectEvidence: { backupRetentionPeriod: 14, minDays: 7 } },
    { name: 'the configured minimum', facts: { 'rds.cluster': present(cluster(2)) }, params: { minDays: 2 } },
  ],
  fail: [{ name: 'one day (the Aurora default)', facts: { 'rds.cluster': present(cluster(1)) }, expectEvidence: { backupRetentionPeriod: 1, minDays: 7 } }],
  error: [
    { name: 'the cluster does not exist', facts: { 'rds.cluster': unknown('the DB cluster app-cluster does not exist') } },
    { name: 'RDS did not report the retention', facts: { 'rds.cluster': present(cluster()) } },
    { name: 'no description came back', facts: { 'rds.cluster': absent() } },
  ],
});
