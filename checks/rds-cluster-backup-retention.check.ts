import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'rds-cluster-backup-retention',
  title: 'RDS DB cluster keeps automated backups for at least the configured number of days',
  severity: 'high',
  family: 'lifecycle',
  // RDS.11 (automatic backups) judges DB instances only; no FSBP control judges a cluster's backup retention.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::RDS::DBCluster'],
  needs: ['rds.cluster'],
  params: {
    minDays: { type: 'integer', default: 7, min: 1, max: 35, description: 'Automated backups must be kept at least this many days (RDS allows up to 35).' },
  },
  remediation: 'Set backupRetentionPeriod on the RdsCluster to at least the configured number of days (default 7; RDS allows 1 to 35), then deploy.',
  evaluate: ({ facts, params }) => {
    const f = facts['rds.cluster'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('RDS returned no description of the DB cluster');
    const days = f.value.backupRetentionPeriod;
    if (days === undefined) return error('RDS did not report the backup retention period of the DB cluster');
    const evidence = { backupRetentionPeriod: days, minDays: params.minDays };
    return days >= params.minDays ? pass(`automated backups are kept ${days} days`, evidence) : fail(`automated backups are kept ${days} days, fewer than ${params.minDays}`, evidence);
  },
});
