import { defineCheck, error, fail, pass } from '../src/engine/define.js';

/** The algorithms S3 accepts for default encryption: SSE-S3, SSE-KMS and dual-layer SSE-KMS. */
const ALGORITHMS: readonly string[] = ['AES256', 'aws:kms', 'aws:kms:dsse'];

export default defineCheck({
  id: 's3-bucket-default-encryption-enabled',
  title: 'S3 bucket has default encryption enabled',
  severity: 'high',
  family: 'encryption',
  // FSBP retired S3.4 (server-side encryption) once S3 began encrypting every bucket by default; CIS v3.0.0 dropped it too.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::S3::Bucket'],
  needs: ['s3.defaultEncryption'],
  description: 'Passes when the bucket has a default-encryption rule with SSE-S3 (AES256), SSE-KMS (aws:kms) or dual-layer SSE-KMS (aws:kms:dsse).',
  remediation:
    "Give the bucket an S3BucketServerSideEncryptionConfigurationA resource with rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: <your KmsKey>.arn } }] (or sseAlgorithm: 'AES256' for SSE-S3).",
  evaluate: ({ facts }) => {
    const enc = facts['s3.defaultEncryption'];
    if (enc.state === 'unknown') return error(enc.reason);
    // AWS has applied SSE-S3 to every new bucket since January 2023, so a bucket without a default
    // encryption configuration is one created before then, or one living in an emulator.
    if (enc.state === 'absent') return fail('the bucket has no default encryption configuration', { defaultEncryption: 'none' });
    const algorithms = enc.value.map((r) => r.sseAlgorithm);
    const rule = enc.value.find((r) => ALGORITHMS.includes(r.sseAlgorithm));
    if (!rule) return fail(`the bucket's default encryption names no encryption algorithm (${algorithms.join(', ') || 'no rules'})`, { sseAlgorithm: algorithms });
    const evidence: Record<string, unknown> = { sseAlgorithm: rule.sseAlgorithm };
    if (rule.kmsMasterKeyId) evidence.kmsMasterKeyId = rule.kmsMasterKeyId;
    return pass(`default encryption is ${rule.sseAlgorithm}`, evidence);
  },
});
