import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'dynamodb-table-point-in-time-recovery',
  title: 'DynamoDB table has point-in-time recovery on',
  severity: 'high',
  family: 'lifecycle',
  controls: { fsbp: ['DynamoDB.2'], cis: [] },
  appliesTo: ['AWS::DynamoDB::Table'],
  needs: ['dynamodb.continuousBackups'],
  remediation: 'Set pointInTimeRecovery: { enabled: true } on the DynamodbTable, then deploy: DynamoDB keeps continuous backups restorable to any second of the recovery period.',
  evaluate: ({ facts }) => {
    const f = facts['dynamodb.continuousBackups'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('DynamoDB returned no continuous backups description');
    const b = f.value;
    const evidence: Record<string, unknown> = { continuousBackupsStatus: b.continuousBackupsStatus, pointInTimeRecoveryStatus: b.pointInTimeRecoveryStatus ?? '(not reported)' };
    if (b.recoveryPeriodInDays !== undefined) evidence.recoveryPeriodInDays = b.recoveryPeriodInDays;
    if (b.pointInTimeRecoveryStatus === 'ENABLED') return pass(`point-in-time recovery is on${b.recoveryPeriodInDays !== undefined ? ` (${b.recoveryPeriodInDays} days)` : ''}`, evidence);
    if (b.pointInTimeRecoveryStatus === undefined && b.continuousBackupsStatus === 'ENABLED') {
      return error('DynamoDB reported continuous backups on but not the point-in-time recovery status', evidence);
    }
    return fail(`point-in-time recovery is ${b.pointInTimeRecoveryStatus ?? 'off'}`, evidence);
  },
});
