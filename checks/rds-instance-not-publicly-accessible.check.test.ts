import { absent, present, unknown } from '../src/facts/fact.js';
import type { RdsInstanceFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './rds-instance-not-publicly-accessible.check.js';

const db: RdsInstanceFacts = { id: 'app-db', multiAZ: true, storageEncrypted: true, publiclyAccessible: false };

runCheckCases(check, {
  pass: [
    { name: 'private instance', facts: { 'rds.instance': present(db) }, expectEvidence: { publiclyAccessible: false } },
    { name: 'private member of an Aurora cluster', facts: { 'rds.instance': present({ ...db, clusterId: 'app-cluster' }) } },
  ],
  fail: [{ name: 'publicly accessible', facts: { 'rds.instance': present({ ...db, publiclyAccessible: true }) }, expectEvidence: { publiclyAccessible: true } }],
  error: [
    { name: 'the instance could not be described', facts: { 'rds.instance': unknown('AccessDenied') } },
    { name: 'not reported', facts: { 'rds.instance': present({ ...db, publiclyAccessible: undefined }) } },
    { name: 'no description came back', facts: { 'rds.instance': absent() } },
  ],
});
