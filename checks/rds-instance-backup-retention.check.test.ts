import { absent, present, unknown } from '../src/facts/fact.js';
import type { RdsInstanceFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './rds-instance-backup-retention.check.js';

const db = (days?: number): RdsInstanceFacts => ({ id: 'app-db', multiAZ: true, storageEncrypted: true, ...(days !== undefined ? { backupRetentionPeriod: days } : {}) });

runCheckCases(check, {
  pass: [
    { name: 'seven days (the default minimum)', facts: { 'rds.instance': present(db(7)) }, expectEvidence: { backupRetentionPeriod: 7, minDays: 7 } },
    { name: 'one day where the config asks for one', facts: { 'rds.instance': present(db(1)) }, params: { minDays: 1 }, expectEvidence: { backupRetentionPeriod: 1 } },
  ],
  fail: [
    { name: 'fewer days than the minimum', facts: { 'rds.instance': present(db(3)) }, expectEvidence: { backupRetentionPeriod: 3, minDays: 7 } },
    { name: 'automated backups off', facts: { 'rds.instance': present(db(0)) }, expectEvidence: { backupRetentionPeriod: 0 } },
  ],
  error: [
    { name: 'the instance could not be described', facts: { 'rds.instance': unknown('AccessDenied') } },
    { name: 'RDS did not report the retention', facts: { 'rds.instance': present(db()) } },
    { name: 'no description came back', facts: { 'rds.instance': absent() } },
  ],
  skipped: [{ name: 'member of an Aurora cluster', facts: { 'rds.instance': present({ ...db(1), clusterId: 'app-cluster' }) }, expectEvidence: { clusterId: 'app-cluster' } }],
});
