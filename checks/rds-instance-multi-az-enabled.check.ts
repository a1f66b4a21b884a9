import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';

export default defineCheck({
  id: 'rds-instance-multi-az-enabled',
  title: 'RDS DB instance is deployed Multi-AZ with a standby in another availability zone',
  severity: 'high',
  family: 'availability',
  controls: { fsbp: ['RDS.5'], cis: [] },
  appliesTo: ['AWS::RDS::DBInstance'],
  needs: ['rds.instance'],
  remediation:
    'Set multiAz: true on the DbInstance resource (and leave availabilityZone unset, which Multi-AZ forbids), then deploy: RDS adds a synchronous standby in a second availability zone.',
  evaluate: ({ facts }) => {
    const f = facts['rds.instance'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('RDS returned no description of the DB instance');
    const db = f.value;
    if (db.clusterId !== undefined) {
      return skipped(`member of the DB cluster ${db.clusterId}: its availability is judged by rds-cluster-multi-az`, { clusterId: db.clusterId });
    }
    const evidence = {
      multiAZ: db.multiAZ,
      availabilityZone: db.availabilityZone ?? '(unknown)',
      secondaryAvailabilityZone: db.secondaryAvailabilityZone ?? '(none)',
    };
    return db.multiAZ
      ? pass(`Multi-AZ: primary in ${evidence.availabilityZone}, standby in ${evidence.secondaryAvailabilityZone}`, evidence)
      : fail(`single-AZ deployment in ${evidence.availabilityZone}: no standby`, evidence);
  },
});
