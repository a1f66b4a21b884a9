import { absent, present, unknown } from '../src/facts/fact.js';
import type { RdsInstanceFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './rds-instance-multi-az-enabled.check.js';

const single: RdsInstanceFacts = { id: 'app-db', engine: 'postgres', multiAZ: false, storageEncrypted: true, availabilityZone: 'us-east-1a' };
const multi: RdsInstanceFacts = { ...single, multiAZ: true, secondaryAvailabilityZone: 'us-east-1b' };

runCheckCases(check, {
  pass: [
    {
      name: 'Multi-AZ instance with its standby in another zone',
      facts: { 'rds.instance': present(multi) },
      expectEvidence: { multiAZ: true, availabilityZone: 'us-east-1a', secondaryAvailabilityZone: 'us-east-1b' },
    },
    {
      name: 'Multi-AZ instance whose standby zone is not reported',
      facts: { 'rds.instance': present({ ...single, multiAZ: true }) },
      expectEvidence: { multiAZ: true, secondaryAvailabilityZone: '(none)' },
    },
  ],
  fail: [
    {
      name: 'single-AZ instance',
      facts: { 'rds.instance': present(single) },
      expectEvidence: { multiAZ: false, availabilityZone: 'us-east-1a' },
    },
    {
      name: 'single-AZ instance whose zone is not reported',
      facts: { 'rds.instance': present({ ...single, availabilityZone: undefined }) },
      expectEvidence: { multiAZ: false, availabilityZone: '(unknown)' },
    },
  ],
  error: [
    { name: 'the instance could not be described (AccessDenied)', facts: { 'rds.instance': unknown('AccessDenied: rds:DescribeDBInstances') } },
    { name: 'the instance does not exist', facts: { 'rds.instance': unknown('the DB instance app-db does not exist in us-east-1') } },
    { name: 'no description came back', facts: { 'rds.instance': absent() } },
    { name: 'the fact was not collected', facts: {} },
  ],
  skipped: [
    {
      name: 'member of an Aurora cluster (judged with its cluster)',
      facts: { 'rds.instance': present({ ...single, engine: 'aurora-postgresql', clusterId: 'app-cluster' }) },
      expectEvidence: { clusterId: 'app-cluster' },
    },
  ],
});
