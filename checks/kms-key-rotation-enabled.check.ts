import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';

export default defineCheck({
  id: 'kms-key-rotation-enabled',
  title: 'Customer-managed KMS key has automatic key rotation enabled',
  severity: 'medium',
  family: 'cmk',
  // Security Hub's KMS.4 (key rotation) belongs to the CIS and NIST standards, not to FSBP.
  controls: { fsbp: [], cis: ['3.6'] },
  appliesTo: ['AWS::KMS::Key'],
  needs: ['kms.key', 'kms.rotationEnabled'],
  remediation:
    'Set enableKeyRotation: true on the KmsKey (optionally rotationPeriodInDays, 90 to 2560; the default is 365), then deploy. Rotation keeps older key material, so data encrypted before stays readable.',
  evaluate: ({ facts }) => {
    const key = facts['kms.key'];
    if (key.state === 'unknown') return error(key.reason);
    if (key.state === 'absent') return error('KMS returned no description of the key');
    const k = key.value;
    const seen = { keyArn: k.arn, keyManager: k.keyManager };
    if (k.keyManager === 'AWS') return skipped('AWS-managed key: AWS rotates it itself every year, and its rotation cannot be configured', seen);
    if (k.keyManager !== 'CUSTOMER') return error(`KMS did not report who manages the key (KeyManager ${k.keyManager || 'empty'})`, seen);
    // KMS rotates only symmetric encryption keys whose material it generated itself.
    if (k.keySpec !== undefined && k.keySpec !== 'SYMMETRIC_DEFAULT') {
      return skipped(`automatic rotation applies only to symmetric encryption keys; this key is ${k.keySpec}`, { ...seen, keySpec: k.keySpec });
    }
    if (k.origin !== undefined && k.origin !== 'AWS_KMS') {
      return skipped(`a key whose material comes from ${k.origin} cannot rotate automatically`, { ...seen, origin: k.origin });
    }
    const rotation = facts['kms.rotationEnabled'];
    if (rotation.state === 'unknown') return error(rotation.reason, seen);
    if (rotation.state === 'absent') return error('KMS reported no rotation status for the key', seen);
    const evidence = { ...seen, keyState: k.keyState, rotationEnabled: rotation.value };
    return rotation.value
      ? pass(`automatic rotation is enabled for ${k.arn}`, evidence)
      : fail(`automatic rotation is off for the customer-managed key ${k.arn}`, evidence);
  },
});
