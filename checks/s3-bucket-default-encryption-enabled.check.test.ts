import { absent, present, unknown } from '../src/facts/fact.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './s3-bucket-default-encryption-enabled.check.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

runCheckCases(check, {
  pass: [
    {
      name: 'SSE-S3 (AES256), the default for buckets created since 2023',
      facts: { 's3.defaultEncryption': present([{ sseAlgorithm: 'AES256', bucketKeyEnabled: false }]) },
      expectEvidence: { sseAlgorithm: 'AES256' },
    },
    {
      name: 'SSE-KMS with a customer-managed key',
      facts: { 's3.defaultEncryption': present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN, bucketKeyEnabled: true }]) },
      expectEvidence: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN },
    },
    {
      name: 'SSE-KMS without a key id (the AWS-managed aws/s3 key)',
      facts: { 's3.defaultEncryption': present([{ sseAlgorithm: 'aws:kms' }]) },
      expectEvidence: { sseAlgorithm: 'aws:kms' },
    },
    {
      name: 'dual-layer SSE-KMS',
      facts: { 's3.defaultEncryption': present([{ sseAlgorithm: 'aws:kms:dsse', kmsMasterKeyId: KEY_ARN }]) },
      expectEvidence: { sseAlgorithm: 'aws:kms:dsse' },
    },
  ],
  fail: [
    {
      name: 'no default encryption configuration (an old bucket or an emulator)',
      facts: { 's3.defaultEncryption': absent('no default encryption configuration') },
      expectEvidence: { defaultEncryption: 'none' },
    },
    {
      name: 'a configuration whose rule sets no algorithm',
      facts: { 's3.defaultEncryption': present([{ sseAlgorithm: 'NONE' }]) },
      expectEvidence: { sseAlgorithm: ['NONE'] },
    },
    {
      name: 'a configuration with no rules',
      facts: { 's3.defaultEncryption': present([]) },
      expectEvidence: { sseAlgorithm: [] },
    },
  ],
  error: [
    {
      name: 'default encryption could not be read (AccessDenied)',
      facts: { 's3.defaultEncryption': unknown('AccessDenied: Access Denied (HTTP 403)') },
    },
    {
      name: 'default encryption was not collected',
      facts: {},
    },
  ],
});
