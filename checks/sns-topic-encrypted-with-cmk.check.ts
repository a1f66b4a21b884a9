import { defineCheck } from '../src/engine/define.js';
import { judgeCmk } from '../src/judge/cmk.js';

export default defineCheck({
  id: 'sns-topic-encrypted-with-cmk',
  title: "SNS topic is encrypted with the stack's enabled customer-managed KMS key",
  severity: 'high',
  family: 'cmk',
  // Security Hub's SNS.1 (encrypted with any KMS key) is no longer in FSBP; none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::SNS::Topic'],
  needs: ['encryption.kmsKeyRef', 'encryption.kmsKey'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    "Set kmsMasterKeyId: kmsKey.arn on the SnsTopic, where kmsKey is the stack's own enabled KmsKey (the one its outputs name), and let the key policy allow the publishers (and sns.amazonaws.com for AWS event sources) to use it. Without it the topic stores messages unencrypted by SSE; alias/aws/sns is the AWS-managed key, not a customer-managed one.",
  evaluate: ({ facts, related }) =>
    judgeCmk({ keyRef: facts['encryption.kmsKeyRef'], key: facts['encryption.kmsKey'], related, noKeyMeans: 'the topic has no server-side encryption' }),
});
