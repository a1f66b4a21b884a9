import { defineCheck, error, fail, pass } from '../src/engine/define.js';

/**
 * SSE states that count as encrypted with KMS. `UPDATING` is DynamoDB switching the table's key
 * (e.g. from the AWS-managed aws/dynamodb key to a customer-managed one): the table stays
 * encrypted under KMS throughout, so it passes, with the state in the evidence.
 * `ENABLING`, `DISABLING` and `DISABLED` do not.
 */
const ENCRYPTED_STATES: readonly string[] = ['ENABLED', 'UPDATING'];

export default defineCheck({
  id: 'dynamodb-table-encrypted-with-kms',
  title: 'DynamoDB table is encrypted with a KMS key',
  severity: 'medium',
  family: 'encryption',
  // DynamoDB.3 is about DAX clusters; no control asks a table for a KMS key (every table is encrypted at rest).
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::DynamoDB::Table'],
  needs: ['dynamodb.table'],
  description:
    'Passes when the table reports SSE type KMS with status ENABLED or UPDATING (a key change in progress). A table without an SSE description is encrypted with an AWS-owned key, which the account cannot see, audit or control, and fails.',
  remediation:
    'Set serverSideEncryption: { enabled: true, kmsKeyArn: <your KmsKey>.arn } on the DynamodbTable (without kmsKeyArn the table uses the AWS-managed aws/dynamodb key). The change applies in place.',
  evaluate: ({ facts }) => {
    const table = facts['dynamodb.table'];
    if (table.state === 'unknown') return error(table.reason);
    if (table.state === 'absent') return error(`the table was not described${table.reason ? `: ${table.reason}` : ''}`);
    const { name, sseType, sseStatus, kmsMasterKeyArn } = table.value;
    if (sseType === undefined && sseStatus === undefined) {
      return fail(`table ${name} is encrypted with an AWS-owned key, not a KMS key`, { sseDescription: 'none (AWS-owned key)' });
    }
    const evidence: Record<string, unknown> = { sseType: sseType ?? '(none)', sseStatus: sseStatus ?? '(none)' };
    if (kmsMasterKeyArn) evidence.kmsMasterKeyArn = kmsMasterKeyArn;
    if (sseType !== 'KMS') return fail(`table ${name} reports SSE type ${sseType ?? '(none)'}, not KMS`, evidence);
    if (sseStatus === undefined || !ENCRYPTED_STATES.includes(sseStatus)) return fail(`table ${name} reports KMS encryption as ${sseStatus ?? '(no status)'}`, evidence);
    return pass(
      sseStatus === 'UPDATING' ? `table ${name} is encrypted with KMS (key change in progress)` : `table ${name} is encrypted with KMS`,
      evidence,
    );
  },
});
