import { absent, present, unknown } from '../src/facts/fact.js';
import type { RdsInstanceFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './rds-instance-deletion-protection.check.js';

const db: RdsInstanceFacts = { id: 'app-db', multiAZ: true, storageEncrypted: true, deletionProtection: true };

runCheckCases(check, {
  pass: [{ name: 'deletion protection on', facts: { 'rds.instance': present(db) }, expectEvidence: { deletionProtection: true } }],
  fail: [{ name: 'deletion protection off (production default requires it)', facts: { 'rds.instance': present({ ...db, deletionProtection: false }) }, expectEvidence: { deletionProtection: false } }],
  error: [
    { name: 'the instance could not be described', facts: { 'rds.instance': unknown('AccessDenied') } },
    { name: 'not reported', facts: { 'rds.instance': present({ ...db, deletionProtection: undefined }) } },
    { name: 'no description came back', facts: { 'rds.instance': absent() } },
  ],
  skipped: [
    { name: 'a dev stack that does not require it', facts: { 'rds.instance': present({ ...db, deletionProtection: false }) }, params: { required: false }, expectEvidence: { required: false } },
    { name: 'member of an Aurora cluster', facts: { 'rds.instance': present({ ...db, clusterId: 'app-cluster' }) }, expectEvidence: { clusterId: 'app-cluster' } },
  ],
});
