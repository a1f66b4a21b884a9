import { absent, present, unknown } from '../src/facts/fact.js';
import type { DynamoDbTableFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './dynamodb-table-encrypted-with-kms.check.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const table = (over: Partial<DynamoDbTableFacts>): DynamoDbTableFacts => ({ name: 'orders', status: 'ACTIVE', ...over });

runCheckCases(check, {
  pass: [
    {
      name: 'KMS with a customer-managed key, enabled',
      facts: { 'dynamodb.table': present(table({ sseType: 'KMS', sseStatus: 'ENABLED', kmsMasterKeyArn: KEY_ARN })) },
      expectEvidence: { sseType: 'KMS', sseStatus: 'ENABLED', kmsMasterKeyArn: KEY_ARN },
    },
    {
      name: 'KMS while the key is being changed (UPDATING)',
      facts: { 'dynamodb.table': present(table({ sseType: 'KMS', sseStatus: 'UPDATING', kmsMasterKeyArn: KEY_ARN })) },
      expectEvidence: { sseType: 'KMS', sseStatus: 'UPDATING' },
    },
  ],
  fail: [
    {
      name: 'no SSE description: the AWS-owned key',
      facts: { 'dynamodb.table': present(table({})) },
      expectEvidence: { sseDescription: 'none (AWS-owned key)' },
    },
    {
      name: 'KMS encryption being disabled',
      facts: { 'dynamodb.table': present(table({ sseType: 'KMS', sseStatus: 'DISABLING', kmsMasterKeyArn: KEY_ARN })) },
      expectEvidence: { sseType: 'KMS', sseStatus: 'DISABLING' },
    },
    {
      name: 'KMS encryption disabled',
      facts: { 'dynamodb.table': present(table({ sseType: 'KMS', sseStatus: 'DISABLED' })) },
      expectEvidence: { sseStatus: 'DISABLED' },
    },
    {
      name: 'KMS encryption still being enabled',
      facts: { 'dynamodb.table': present(table({ sseType: 'KMS', sseStatus: 'ENABLING' })) },
      expectEvidence: { sseStatus: 'ENABLING' },
    },
    {
      name: 'SSE type AES256, not KMS',
      facts: { 'dynamodb.table': present(table({ sseType: 'AES256', sseStatus: 'ENABLED' })) },
      expectEvidence: { sseType: 'AES256', sseStatus: 'ENABLED' },
    },
  ],
  error: [
    {
      name: 'the table could not be described (AccessDenied)',
      facts: { 'dynamodb.table': unknown('dynamodb:DescribeTable AccessDenied') },
    },
    {
      name: 'the table was reported absent instead of described',
      facts: { 'dynamodb.table': absent() },
    },
  ],
});
