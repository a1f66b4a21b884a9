import { absent, present, unknown } from '../src/facts/fact.js';
import type { RdsClusterFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './rds-cluster-multi-az.check.js';

type Member = RdsClusterFacts['members'][number];
const writer: Member = { instanceId: 'app-1', isWriter: true, availabilityZone: 'us-east-1a' };
const reader = (id: string, az: string | undefined): Member => (az === undefined ? { instanceId: id, isWriter: false } : { instanceId: id, isWriter: false, availabilityZone: az });
const cluster = (members: Member[], extra: Partial<RdsClusterFacts> = {}): RdsClusterFacts => ({
  id: 'app-cluster',
  engine: 'aurora-postgresql',
  multiAZ: members.length > 1,
  storageEncrypted: true,
  members,
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  ...extra,
});

runCheckCases(check, {
  pass: [
    {
      name: 'Aurora writer and reader in two zones',
      facts: { 'rds.cluster': present(cluster([writer, reader('app-2', 'us-east-1b')])) },
      expectEvidence: { members: { 'app-1': 'us-east-1a', 'app-2': 'us-east-1b' }, distinctAzs: ['us-east-1a', 'us-east-1b'] },
    },
    {
      name: 'Multi-AZ DB cluster (PostgreSQL) with three instances in three zones',
      facts: {
        'rds.cluster': present(cluster([writer, reader('app-2', 'us-east-1b'), reader('app-3', 'us-east-1c')], { engine: 'postgres', multiAZ: true })),
      },
      expectEvidence: { distinctAzs: ['us-east-1a', 'us-east-1b', 'us-east-1c'], multiAZ: true, engine: 'postgres' },
    },
    {
      name: 'three instances, two of them sharing a zone',
      facts: { 'rds.cluster': present(cluster([writer, reader('app-2', 'us-east-1a'), reader('app-3', 'us-east-1b')])) },
      expectEvidence: { distinctAzs: ['us-east-1a', 'us-east-1b'] },
    },
  ],
  fail: [
    {
      name: 'one instance only',
      facts: { 'rds.cluster': present(cluster([writer])) },
      expectEvidence: { members: { 'app-1': 'us-east-1a' }, distinctAzs: ['us-east-1a'] },
    },
    {
      name: 'one instance whose zone could not be read still fails on its count',
      facts: { 'rds.cluster': present(cluster([reader('app-1', undefined)])) },
      expectEvidence: { members: { 'app-1': '(unknown)' }, distinctAzs: [] },
    },
    {
      name: 'no instances at all',
      facts: { 'rds.cluster': present(cluster([])) },
      expectEvidence: { members: {}, distinctAzs: [] },
    },
    {
      name: 'two instances in the same zone',
      facts: { 'rds.cluster': present(cluster([writer, reader('app-2', 'us-east-1a')])) },
      expectEvidence: { members: { 'app-1': 'us-east-1a', 'app-2': 'us-east-1a' }, distinctAzs: ['us-east-1a'] },
    },
    {
      name: 'the MultiAZ flag alone does not pass when the members share a zone',
      facts: { 'rds.cluster': present(cluster([writer, reader('app-2', 'us-east-1a')], { multiAZ: true })) },
      expectEvidence: { multiAZ: true, distinctAzs: ['us-east-1a'] },
    },
  ],
  error: [
    { name: 'the cluster could not be described (throttled)', facts: { 'rds.cluster': unknown('Throttling: Rate exceeded') } },
    { name: 'no description came back', facts: { 'rds.cluster': absent() } },
    {
      name: 'a member zone could not be read',
      facts: { 'rds.cluster': present(cluster([writer, reader('app-2', undefined)])) },
      expectEvidence: { members: { 'app-1': 'us-east-1a', 'app-2': '(unknown)' }, unreadAzs: ['app-2'] },
    },
    {
      name: 'a member zone could not be read although two zones are already known',
      facts: { 'rds.cluster': present(cluster([writer, reader('app-2', 'us-east-1b'), reader('app-3', undefined)])) },
      expectEvidence: { distinctAzs: ['us-east-1a', 'us-east-1b'], unreadAzs: ['app-3'] },
    },
  ],
});
