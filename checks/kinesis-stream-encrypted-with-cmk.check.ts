import { defineCheck } from '../src/engine/define.js';
import { judgeCmk } from '../src/judge/cmk.js';

export default defineCheck({
  id: 'kinesis-stream-encrypted-with-cmk',
  title: "Kinesis stream is encrypted with the stack's enabled customer-managed KMS key, named by its key ARN",
  severity: 'high',
  family: 'cmk',
  // FSBP's and CIS's encryption controls accept any KMS key, AWS-managed ones included: none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::Kinesis::Stream'],
  needs: ['encryption.kmsKeyRef', 'encryption.kmsKey'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    `Set encryptionType: "KMS" and kmsKeyId: kmsKey.arn on the KinesisStream, where kmsKey is the stack's own enabled KmsKey (the one its outputs name), not the AWS-managed aws/kinesis key. Pass kmsKey.arn, not kmsKey.keyId or the alias: Kinesis stores the key id exactly as given, so only the full key ARN names the key unambiguously and matches IAM and key policies written for it.`,
  evaluate: ({ facts, related }) =>
    judgeCmk({ keyRef: facts['encryption.kmsKeyRef'], key: facts['encryption.kmsKey'], related, requireArn: true, noKeyMeans: 'the stream is not encrypted' }),
});
