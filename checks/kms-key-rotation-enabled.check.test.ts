import { absent, present, unknown } from '../src/facts/fact.js';
import type { KmsKeyFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './kms-key-rotation-enabled.check.js';

const CMK_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const CMK_ARN = `arn:aws:kms:us-east-1:123456789012:key/${CMK_ID}`;
const AWS_S3_ARN = 'arn:aws:kms:us-east-1:123456789012:key/aaaa1111-12ab-34cd-56ef-1234567890ab';
const cmk: KmsKeyFacts = { keyId: CMK_ID, arn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true };
const awsManaged: KmsKeyFacts = { keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab', arn: AWS_S3_ARN, keyManager: 'AWS', keyState: 'Enabled', enabled: true, aliases: ['alias/aws/s3'] };

runCheckCases(check, {
  pass: [
    {
      name: 'symmetric key with KMS-generated material and rotation on',
      facts: { 'kms.key': present({ ...cmk, keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS' }), 'kms.rotationEnabled': present(true) },
      expectEvidence: { rotationEnabled: true },
    },
    {
      name: 'customer-managed key with automatic rotation on',
      facts: { 'kms.key': present(cmk), 'kms.rotationEnabled': present(true) },
      expectEvidence: { keyArn: CMK_ARN, keyManager: 'CUSTOMER', rotationEnabled: true },
    },
    {
      name: 'a disabled customer-managed key keeps its rotation setting',
      facts: { 'kms.key': present({ ...cmk, keyState: 'Disabled', enabled: false }), 'kms.rotationEnabled': present(true) },
      expectEvidence: { keyState: 'Disabled', rotationEnabled: true },
    },
  ],
  fail: [
    {
      name: 'customer-managed key with automatic rotation off',
      facts: { 'kms.key': present(cmk), 'kms.rotationEnabled': present(false) },
      expectEvidence: { keyArn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled', rotationEnabled: false },
    },
  ],
  error: [
    {
      name: 'the key could not be described (AccessDenied)',
      facts: { 'kms.key': unknown('kms:DescribeKey AccessDenied'), 'kms.rotationEnabled': unknown('kms:DescribeKey AccessDenied') },
    },
    {
      name: 'the rotation status could not be read (AccessDenied)',
      facts: { 'kms.key': present(cmk), 'kms.rotationEnabled': unknown('could not read rotation: AccessDeniedException') },
      expectEvidence: { keyArn: CMK_ARN, keyManager: 'CUSTOMER' },
    },
    {
      name: 'no rotation status was reported',
      facts: { 'kms.key': present(cmk), 'kms.rotationEnabled': absent() },
      expectEvidence: { keyArn: CMK_ARN },
    },
    {
      name: 'the rotation status was not collected at all',
      facts: { 'kms.key': present(cmk) },
    },
    {
      name: 'KMS did not report who manages the key',
      facts: { 'kms.key': present({ ...cmk, keyManager: 'UNKNOWN' }), 'kms.rotationEnabled': present(false) },
      expectEvidence: { keyManager: 'UNKNOWN' },
    },
  ],
  skipped: [
    {
      name: 'asymmetric key (automatic rotation does not apply; KMS refuses GetKeyRotationStatus)',
      facts: { 'kms.key': present({ ...cmk, keySpec: 'RSA_2048' }), 'kms.rotationEnabled': unknown('UnsupportedOperationException') },
      expectEvidence: { keySpec: 'RSA_2048' },
    },
    {
      name: 'key with imported material',
      facts: { 'kms.key': present({ ...cmk, keySpec: 'SYMMETRIC_DEFAULT', origin: 'EXTERNAL' }), 'kms.rotationEnabled': unknown('UnsupportedOperationException') },
      expectEvidence: { origin: 'EXTERNAL' },
    },
    {
      name: 'AWS-managed key: AWS rotates it itself',
      facts: { 'kms.key': present(awsManaged), 'kms.rotationEnabled': present(true) },
      expectEvidence: { keyArn: AWS_S3_ARN, keyManager: 'AWS' },
    },
  ],
});
