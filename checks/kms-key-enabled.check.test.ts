import { absent, present, unknown } from '../src/facts/fact.js';
import type { KmsKeyFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './kms-key-enabled.check.js';

const CMK_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const CMK_ARN = `arn:aws:kms:us-east-1:123456789012:key/${CMK_ID}`;
const AWS_S3_ARN = 'arn:aws:kms:us-east-1:123456789012:key/aaaa1111-12ab-34cd-56ef-1234567890ab';
const cmk: KmsKeyFacts = { keyId: CMK_ID, arn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true };
const awsManaged: KmsKeyFacts = { keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab', arn: AWS_S3_ARN, keyManager: 'AWS', keyState: 'Enabled', enabled: true, aliases: ['alias/aws/s3'] };

runCheckCases(check, {
  pass: [
    {
      name: 'customer-managed key Enabled',
      facts: { 'kms.key': present(cmk) },
      expectEvidence: { keyArn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
  ],
  fail: [
    {
      name: 'customer-managed key pending deletion',
      facts: { 'kms.key': present({ ...cmk, keyState: 'PendingDeletion', enabled: false, deletionDate: '2030-01-31T00:00:00.000Z' }) },
      expectEvidence: { keyArn: CMK_ARN, keyState: 'PendingDeletion', deletionDate: '2030-01-31T00:00:00.000Z' },
    },
    {
      name: 'customer-managed key pending deletion, no deletion date reported',
      facts: { 'kms.key': present({ ...cmk, keyState: 'PendingDeletion', enabled: false }) },
      expectEvidence: { keyState: 'PendingDeletion', deletionDate: '(not reported)' },
    },
    {
      name: 'customer-managed key disabled',
      facts: { 'kms.key': present({ ...cmk, keyState: 'Disabled', enabled: false }) },
      expectEvidence: { keyArn: CMK_ARN, keyState: 'Disabled' },
    },
    {
      name: 'external key waiting for its key material',
      facts: { 'kms.key': present({ ...cmk, keyState: 'PendingImport', enabled: false }) },
      expectEvidence: { keyState: 'PendingImport' },
    },
    {
      name: 'key in a custom key store that is disconnected',
      facts: { 'kms.key': present({ ...cmk, keyState: 'Unavailable', enabled: false }) },
      expectEvidence: { keyState: 'Unavailable' },
    },
  ],
  error: [
    {
      name: 'the key could not be described (AccessDenied)',
      facts: { 'kms.key': unknown('kms:DescribeKey AccessDenied') },
    },
    {
      name: 'the key no longer exists',
      facts: { 'kms.key': unknown(`the KMS key ${CMK_ARN} does not exist`) },
    },
    {
      name: 'no description of the key',
      facts: { 'kms.key': absent() },
    },
    {
      name: 'KMS did not report the key state',
      facts: { 'kms.key': present({ ...cmk, keyState: 'UNKNOWN' }) },
      expectEvidence: { keyState: 'UNKNOWN' },
    },
  ],
  skipped: [
    {
      name: 'AWS-managed key: AWS keeps it enabled',
      facts: { 'kms.key': present(awsManaged) },
      expectEvidence: { keyArn: AWS_S3_ARN, keyManager: 'AWS' },
    },
  ],
});
