import { defineCheck } from '../src/engine/define.js';
import { judgeCmk } from '../src/judge/cmk.js';

export default defineCheck({
  id: 'sqs-queue-encrypted-with-cmk',
  title: "SQS queue is encrypted with the stack's enabled customer-managed KMS key",
  severity: 'high',
  family: 'cmk',
  // FSBP's and CIS's encryption controls accept any KMS key, AWS-managed ones included: none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::SQS::Queue'],
  needs: ['encryption.kmsKeyRef', 'encryption.kmsKey'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    "Set kmsMasterKeyId: kmsKey.arn on the SqsQueue (and leave sqsManagedSseEnabled unset), where kmsKey is the stack's own enabled KmsKey (the one its outputs name). SQS-managed encryption (SSE-SQS) encrypts with keys SQS owns, and alias/aws/sqs is the AWS-managed key: neither is a customer-managed key.",
  evaluate: ({ facts, related }) =>
    judgeCmk({ keyRef: facts['encryption.kmsKeyRef'], key: facts['encryption.kmsKey'], related, noKeyMeans: 'the queue has no KMS key' }),
});
