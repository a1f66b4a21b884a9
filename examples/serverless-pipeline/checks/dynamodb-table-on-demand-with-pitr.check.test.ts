import { absent, present, unknown } from '../../../src/facts/fact.js';
import { loadCheckModule } from '../../../src/engine/registry.js';
import { runCheckCases } from '../../../test/helpers/check-cases.js';

const { check } = await loadCheckModule(new URL('./dynamodb-table-on-demand-with-pitr.check.mjs', import.meta.url).pathname, false);

describe('what the check reads', () => {
  it('DescribeTable and DescribeContinuousBackups by name; a table never on demand is provisioned', () => {
    const { billing, pitr } = check.reads!;
    const table = { type: 'AWS::DynamoDB::Table' as const, id: 'events', keys: [] };
    expect(billing!.input(table)).toEqual({ TableName: 'events' });
    expect(pitr!.input(table)).toEqual({ TableName: 'events' });
    expect(billing!.keep!({ Table: { BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' } } })).toBe('PAY_PER_REQUEST');
    expect(billing!.keep!({ Table: { TableName: 'events' } })).toBe('PROVISIONED');
    expect(pitr!.keep!({ ContinuousBackupsDescription: { PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' } } })).toBe('ENABLED');
    expect(pitr!.keep!({ ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED' } })).toBeUndefined();
  });
});

runCheckCases(check, {
  pass: [{ name: 'on demand with PITR', facts: { billing: present('PAY_PER_REQUEST'), pitr: present('ENABLED') }, expectEvidence: { billingMode: 'PAY_PER_REQUEST', pointInTimeRecovery: 'ENABLED' } }],
  fail: [
    { name: 'PITR off', facts: { billing: present('PAY_PER_REQUEST'), pitr: present('DISABLED') }, expectEvidence: { pointInTimeRecovery: 'DISABLED' } },
    { name: 'PITR not reported', facts: { billing: present('PAY_PER_REQUEST'), pitr: absent() }, expectEvidence: { pointInTimeRecovery: 'not reported' } },
    { name: 'provisioned', facts: { billing: present('PROVISIONED'), pitr: present('ENABLED') }, expectEvidence: { billingMode: 'PROVISIONED' } },
    { name: 'provisioned without PITR', facts: { billing: present('PROVISIONED'), pitr: present('DISABLED') } },
  ],
  error: [
    { name: 'the table could not be described', facts: { billing: unknown('ResourceNotFoundException'), pitr: present('ENABLED') } },
    { name: 'the backups could not be described', facts: { billing: present('PAY_PER_REQUEST'), pitr: unknown('AccessDeniedException') } },
    { name: 'nothing read', facts: {} },
  ],
});
