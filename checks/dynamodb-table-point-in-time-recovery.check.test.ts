import { absent, present, unknown } from '../src/facts/fact.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './dynamodb-table-point-in-time-recovery.check.js';

runCheckCases(check, {
  pass: [
    {
      name: 'point-in-time recovery on',
      facts: { 'dynamodb.continuousBackups': present({ continuousBackupsStatus: 'ENABLED', pointInTimeRecoveryStatus: 'ENABLED', recoveryPeriodInDays: 35 }) },
      expectEvidence: { pointInTimeRecoveryStatus: 'ENABLED', recoveryPeriodInDays: 35 },
    },
  ],
  fail: [
    {
      name: 'point-in-time recovery off',
      facts: { 'dynamodb.continuousBackups': present({ continuousBackupsStatus: 'ENABLED', pointInTimeRecoveryStatus: 'DISABLED' }) },
      expectEvidence: { pointInTimeRecoveryStatus: 'DISABLED' },
    },
    {
      name: 'continuous backups off, no recovery status',
      facts: { 'dynamodb.continuousBackups': present({ continuousBackupsStatus: 'DISABLED' }) },
      expectEvidence: { continuousBackupsStatus: 'DISABLED', pointInTimeRecoveryStatus: '(not reported)' },
    },
  ],
  error: [
    { name: 'the table does not exist', facts: { 'dynamodb.continuousBackups': unknown('the table orders does not exist') } },
    { name: 'continuous backups on but no recovery status', facts: { 'dynamodb.continuousBackups': present({ continuousBackupsStatus: 'ENABLED' }) } },
    { name: 'no description came back', facts: { 'dynamodb.continuousBackups': absent() } },
  ],
});
