// The table bills per request and can be restored to any second of the last 35 days.
import { defineCheck, pass, fail, error } from 'postflight';

export default defineCheck({
  id: 'dynamodb-table-on-demand-with-pitr',
  title: 'DynamoDB table bills PAY_PER_REQUEST and has point-in-time recovery enabled',
  severity: 'high',
  appliesTo: ['AWS::DynamoDB::Table'],
  reads: {
    billing: {
      client: '@aws-sdk/client-dynamodb',
      command: 'DescribeTable',
      input: (table) => ({ TableName: table.id }),
      // A table that was never on demand has no BillingModeSummary: it is provisioned.
      keep: (t) => t.Table?.BillingModeSummary?.BillingMode ?? 'PROVISIONED',
    },
    pitr: {
      client: '@aws-sdk/client-dynamodb',
      command: 'DescribeContinuousBackups',
      input: (table) => ({ TableName: table.id }),
      keep: (b) => b.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus,
    },
  },
  remediation: 'Set billing_mode = "PAY_PER_REQUEST" and point_in_time_recovery { enabled = true } on the aws_dynamodb_table.',
  evaluate: ({ facts }) => {
    const { billing, pitr } = facts;
    if (billing.state === 'unknown') return error(billing.reason);
    if (pitr.state === 'unknown') return error(pitr.reason);
    const evidence = {
      billingMode: billing.state === 'present' ? billing.value : 'unknown',
      pointInTimeRecovery: pitr.state === 'present' ? pitr.value : 'not reported',
    };
    const problems = [];
    if (evidence.billingMode !== 'PAY_PER_REQUEST') problems.push(`bills ${evidence.billingMode}`);
    if (evidence.pointInTimeRecovery !== 'ENABLED') problems.push(`point-in-time recovery is ${evidence.pointInTimeRecovery}`);
    return problems.length ? fail(`the table ${problems.join(' and ')}`, evidence) : pass('on demand, with point-in-time recovery', evidence);
  },
});
