import { defineCheck, error, fail } from '../src/engine/define.js';
import { judgeCmk } from '../src/judge/cmk.js';

export default defineCheck({
  id: 's3-bucket-default-encryption-cmk',
  title: "S3 bucket encrypts by default with the stack's enabled customer-managed KMS key",
  severity: 'high',
  family: 'cmk',
  // Security Hub's S3.17 (encrypted with KMS keys, any key) belongs to NIST 800-53 and PCI DSS, not to FSBP; none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::S3::Bucket'],
  needs: ['s3.defaultEncryption', 'encryption.kmsKeyRef', 'encryption.kmsKey'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    `Give the bucket an S3BucketServerSideEncryptionConfigurationA resource with rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsKey.arn }, bucketKeyEnabled: true }] (kms_master_key_id in HCL), where kmsKey is the stack's own enabled KmsKey (the one its outputs name), not the AWS-managed aws/s3 key.`,
  evaluate: ({ facts, related }) => {
    const enc = facts['s3.defaultEncryption'];
    if (enc.state === 'unknown') return error(enc.reason);
    if (enc.state === 'absent') return fail('the bucket has no default encryption configuration', { defaultEncryption: 'none' });
    const rule = enc.value.find((r) => r.sseAlgorithm.startsWith('aws:kms'));
    if (!rule) {
      const algorithms = enc.value.map((r) => r.sseAlgorithm);
      return fail(`default encryption is ${algorithms.join(', ') || 'empty'}, not SSE-KMS with a customer-managed key`, { sseAlgorithm: algorithms });
    }
    const seen = { sseAlgorithm: rule.sseAlgorithm, kmsMasterKeyId: rule.kmsMasterKeyId ?? '(none: AWS-managed aws/s3)' };
    const verdict = judgeCmk({ keyRef: facts['encryption.kmsKeyRef'], key: facts['encryption.kmsKey'], related, noKeyMeans: 'the bucket names no KMS key' });
    return { ...verdict, evidence: { ...seen, ...verdict.evidence } };
  },
});
