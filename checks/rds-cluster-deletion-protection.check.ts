import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';

export default defineCheck({
  id: 'rds-cluster-deletion-protection',
  title: 'RDS DB cluster has deletion protection on',
  severity: 'medium',
  family: 'exposure',
  controls: { fsbp: ['RDS.7'], cis: [] },
  appliesTo: ['AWS::RDS::DBCluster'],
  needs: ['rds.cluster'],
  description: 'Dev stacks that are torn down on purpose set required to false (or waive the check for their clusters).',
  params: {
    required: { type: 'boolean', default: true, description: 'Whether deletion protection must be on; false skips the check.' },
  },
  remediation: 'Set deletionProtection: true on the RdsCluster, then deploy.',
  evaluate: ({ facts, params }) => {
    const f = facts['rds.cluster'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('RDS returned no description of the DB cluster');
    if (!params.required) return skipped('deletion protection is not required (required: false)', { required: false });
    const on = f.value.deletionProtection;
    if (on === undefined) return error('RDS did not report whether the DB cluster has deletion protection');
    return on ? pass('deletion protection is on', { deletionProtection: true }) : fail('deletion protection is off: the cluster can be deleted', { deletionProtection: false });
  },
});
