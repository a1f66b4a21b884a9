import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';

export default defineCheck({
  id: 'rds-instance-backup-retention',
  title: 'RDS DB instance keeps automated backups for at least the configured number of days',
  severity: 'high',
  family: 'lifecycle',
  controls: { fsbp: ['RDS.11'], cis: [] },
  appliesTo: ['AWS::RDS::DBInstance'],
  needs: ['rds.instance'],
  params: {
    minDays: { type: 'integer', default: 7, min: 1, max: 35, description: 'Automated backups must be kept at least this many days (RDS allows up to 35).' },
  },
  remediation:
    'Set backupRetentionPeriod on the DbInstance to at least the configured number of days (default 7; RDS allows 1 to 35; 0 turns automated backups off), then deploy.',
  evaluate: ({ facts, params }) => {
    const f = facts['rds.instance'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('RDS returned no description of the DB instance');
    const db = f.value;
    if (db.clusterId !== undefined) {
      return skipped(`member of the DB cluster ${db.clusterId}: its backups are judged by rds-cluster-backup-retention`, { clusterId: db.clusterId });
    }
    const days = db.backupRetentionPeriod;
    if (days === undefined) return error('RDS did not report the backup retention period of the DB instance');
    const evidence = { backupRetentionPeriod: days, minDays: params.minDays };
    if (days === 0) return fail('automated backups are off (retention 0 days)', evidence);
    return days >= params.minDays ? pass(`automated backups are kept ${days} days`, evidence) : fail(`automated backups are kept ${days} days, fewer than ${params.minDays}`, evidence);
  },
});
