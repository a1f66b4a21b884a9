import { defineCheck } from '../src/engine/define.js';
import { judgeCmk } from '../src/judge/cmk.js';

export default defineCheck({
  id: 'dynamodb-table-encrypted-with-cmk',
  title: "DynamoDB table is encrypted with the stack's enabled customer-managed KMS key",
  severity: 'high',
  family: 'cmk',
  // FSBP's and CIS's encryption controls accept any KMS key, AWS-managed ones included: none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::DynamoDB::Table'],
  needs: ['encryption.kmsKeyRef', 'encryption.kmsKey'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    "Set serverSideEncryption: { enabled: true, kmsKeyArn: kmsKey.arn } on the DynamodbTable, where kmsKey is the stack's own enabled KmsKey (the one its outputs name). Without it the table uses an AWS-owned key; enabled: true without kmsKeyArn uses the AWS-managed aws/dynamodb key. DynamoDB switches the key in place.",
  evaluate: ({ facts, related }) => judgeCmk({ keyRef: facts['encryption.kmsKeyRef'], key: facts['encryption.kmsKey'], related, noKeyMeans: 'the table uses an AWS-owned key' }),
});
