import { defineCheck } from '../src/engine/define.js';
import { judgeCmk } from '../src/judge/cmk.js';

export default defineCheck({
  id: 'logs-log-group-encrypted-with-cmk',
  title: "CloudWatch Logs log group is encrypted with the stack's enabled customer-managed KMS key",
  severity: 'medium',
  family: 'cmk',
  // FSBP's and CIS's encryption controls accept any KMS key, AWS-managed ones included: none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::Logs::LogGroup'],
  needs: ['encryption.kmsKeyRef', 'encryption.kmsKey'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    "Set kmsKeyId: kmsKey.arn on the CloudwatchLogGroup, where kmsKey is the stack's own enabled KmsKey (the one its outputs name), and allow logs.<region>.amazonaws.com to use the key in its key policy. Without it CloudWatch Logs encrypts the group with a key of its own.",
  evaluate: ({ facts, related }) =>
    judgeCmk({ keyRef: facts['encryption.kmsKeyRef'], key: facts['encryption.kmsKey'], related, noKeyMeans: 'the log group has no KMS key' }),
});
