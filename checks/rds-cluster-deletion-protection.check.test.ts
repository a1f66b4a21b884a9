import { absent, present, unknown } from '../src/facts/fact.js';
import type { RdsClusterFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './rds-cluster-deletion-protection.check.js';

const cluster: RdsClusterFacts = { id: 'app-cluster', multiAZ: true, storageEncrypted: true, members: [], availabilityZones: [], deletionProtection: true };

runCheckCases(check, {
  pass: [{ name: 'deletion protection on', facts: { 'rds.cluster': present(cluster) }, expectEvidence: { deletionProtection: true } }],
  fail: [{ name: 'deletion protection off', facts: { 'rds.cluster': present({ ...cluster, deletionProtection: false }) }, expectEvidence: { deletionProtection: false } }],
  error: [
    { name: 'the cluster could not be described', facts: { 'rds.cluster': unknown('AccessDenied') } },
    { name: 'not reported', facts: { 'rds.cluster': present({ ...cluster, deletionProtection: undefined }) } },
    { name: 'no description came back', facts: { 'rds.cluster': absent() } },
  ],
  skipped: [{ name: 'a dev stack that does not require it', facts: { 'rds.cluster': present({ ...cluster, deletionProtection: false }) }, params: { required: false } }],
});
