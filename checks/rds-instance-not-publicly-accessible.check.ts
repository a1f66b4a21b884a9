import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'rds-instance-not-publicly-accessible',
  title: 'RDS DB instance is not publicly accessible',
  severity: 'critical',
  family: 'exposure',
  controls: { fsbp: ['RDS.2'], cis: ['2.3.3'] },
  appliesTo: ['AWS::RDS::DBInstance'],
  needs: ['rds.instance'],
  remediation: 'Set publiclyAccessible: false on the DbInstance (and place it in private subnets), then deploy: RDS removes its public address.',
  evaluate: ({ facts }) => {
    const f = facts['rds.instance'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('RDS returned no description of the DB instance');
    const p = f.value.publiclyAccessible;
    if (p === undefined) return error('RDS did not report whether the DB instance is publicly accessible');
    return p
      ? fail('the DB instance is publicly accessible: its endpoint resolves to a public address', { publiclyAccessible: true })
      : pass('the DB instance is not publicly accessible', { publiclyAccessible: false });
  },
});
