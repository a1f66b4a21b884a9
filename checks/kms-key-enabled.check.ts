import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';

export default defineCheck({
  id: 'kms-key-enabled',
  title: 'Customer-managed KMS key is enabled',
  severity: 'high',
  family: 'cmk',
  // KMS.3 fails a key scheduled for deletion; this check fails that key too (and a disabled one).
  controls: { fsbp: ['KMS.3'], cis: [] },
  appliesTo: ['AWS::KMS::Key'],
  needs: ['kms.key'],
  remediation:
    'Keep isEnabled: true (the default) on the KmsKey and deploy. A key pending deletion must first be restored with `aws kms cancel-key-deletion --key-id <key ARN>` (before its deletion date; afterwards the data it encrypted is lost), then enabled by the next deploy or `aws kms enable-key`. A key pending import needs its key material imported (KmsExternalKey keyMaterialBase64).',
  evaluate: ({ facts }) => {
    const key = facts['kms.key'];
    if (key.state === 'unknown') return error(key.reason);
    if (key.state === 'absent') return error('KMS returned no description of the key');
    const k = key.value;
    const evidence = { keyArn: k.arn, keyManager: k.keyManager, keyState: k.keyState };
    if (k.keyManager === 'AWS') return skipped('AWS-managed key: AWS keeps it enabled, and it cannot be disabled or deleted', evidence);
    if (k.keyManager !== 'CUSTOMER') return error(`KMS did not report who manages the key (KeyManager ${k.keyManager || 'empty'})`, evidence);
    if (!k.keyState || k.keyState === 'UNKNOWN') return error(`KMS did not report the state of the key ${k.arn}`, evidence);
    if (k.keyState === 'Enabled') return pass(`the customer-managed key ${k.arn} is Enabled`, evidence);
    if (k.keyState === 'PendingDeletion') {
      return fail(`the customer-managed key ${k.arn} is scheduled for deletion${k.deletionDate ? ` on ${k.deletionDate}` : ''}`, {
        ...evidence,
        deletionDate: k.deletionDate ?? '(not reported)',
      });
    }
    return fail(`the customer-managed key ${k.arn} is ${k.keyState}, not Enabled`, evidence);
  },
});
