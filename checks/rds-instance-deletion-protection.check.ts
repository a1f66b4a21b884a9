import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';

export default defineCheck({
  id: 'rds-instance-deletion-protection',
  title: 'RDS DB instance has deletion protection on',
  severity: 'medium',
  family: 'exposure',
  controls: { fsbp: ['RDS.8'], cis: [] },
  appliesTo: ['AWS::RDS::DBInstance'],
  needs: ['rds.instance'],
  description: 'Dev stacks that are torn down on purpose set required to false (or waive the check for their instances).',
  params: {
    required: { type: 'boolean', default: true, description: 'Whether deletion protection must be on; false skips the check.' },
  },
  remediation: 'Set deletionProtection: true on the DbInstance, then deploy.',
  evaluate: ({ facts, params }) => {
    const f = facts['rds.instance'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('RDS returned no description of the DB instance');
    const db = f.value;
    if (db.clusterId !== undefined) {
      return skipped(`member of the DB cluster ${db.clusterId}: deletion protection is the cluster's, judged by rds-cluster-deletion-protection`, { clusterId: db.clusterId });
    }
    if (!params.required) return skipped('deletion protection is not required (required: false)', { required: false });
    const on = db.deletionProtection;
    if (on === undefined) return error('RDS did not report whether the DB instance has deletion protection');
    return on ? pass('deletion protection is on', { deletionProtection: true }) : fail('deletion protection is off: the instance can be deleted', { deletionProtection: false });
  },
});
