import { absent, present, unknown, type Fact } from '../src/facts/fact.js';
import type { KmsKeyFacts } from '../src/facts/catalogue.js';
import { runCheckCases, type CheckCase } from '../test/helpers/check-cases.js';
import { CMK_ARN, CMK_ID, OTHER_ARN, cmk, otherCmk, stackKeyNamed } from '../test/helpers/kms-fixtures.js';
import check from './s3-bucket-default-encryption-cmk.check.js';

const AWS_S3_ARN = 'arn:aws:kms:us-east-1:123456789012:key/aaaa1111-12ab-34cd-56ef-1234567890ab';
const awsManaged: KmsKeyFacts = { keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab', arn: AWS_S3_ARN, keyManager: 'AWS', keyState: 'Enabled', enabled: true, aliases: ['alias/aws/s3'] };

type Case = CheckCase<(typeof check.needs)[number]>;

/** The stack's KMS key as its outputs name it, with what DescribeKey said about it. */
const stackKey = (key: Fact<KmsKeyFacts>): NonNullable<Case['related']> => stackKeyNamed(key);

/** A bucket whose default encryption is SSE-KMS with `kmsMasterKeyId`, resolved to `key`. */
const sseKms = (kmsMasterKeyId: string | undefined, key: Fact<KmsKeyFacts>, sseAlgorithm = 'aws:kms'): Case['facts'] => ({
  's3.defaultEncryption': present([kmsMasterKeyId === undefined ? { sseAlgorithm } : { sseAlgorithm, kmsMasterKeyId }]),
  'encryption.kmsKeyRef': present(kmsMasterKeyId ?? 'alias/aws/s3'),
  'encryption.kmsKey': key,
});

runCheckCases(check, {
  pass: [
    {
      name: 'SSE-KMS with an enabled customer-managed key, no stack key named',
      facts: sseKms(CMK_ARN, present(cmk)),
      expectEvidence: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: CMK_ARN, keyReference: CMK_ARN, keyArn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      name: 'dual-layer SSE-KMS with a customer-managed key referenced by id',
      facts: sseKms(CMK_ID, present(cmk), 'aws:kms:dsse'),
      expectEvidence: { sseAlgorithm: 'aws:kms:dsse', kmsMasterKeyId: CMK_ID, keyArn: CMK_ARN },
    },
    {
      name: 'SSE-KMS with the stack CMK its outputs name',
      facts: sseKms(CMK_ARN, present(cmk)),
      related: stackKey(present(cmk)),
      expectEvidence: { keyArn: CMK_ARN, stackKeys: [CMK_ARN], stackKeysFrom: 'outputs' },
    },
  ],
  fail: [
    {
      name: 'SSE-S3 (AES256)',
      facts: {
        's3.defaultEncryption': present([{ sseAlgorithm: 'AES256' }]),
        'encryption.kmsKeyRef': absent('default encryption is AES256, not SSE-KMS'),
        'encryption.kmsKey': absent('default encryption is AES256, not SSE-KMS'),
      },
      expectEvidence: { sseAlgorithm: ['AES256'] },
    },
    {
      name: 'no default encryption configuration',
      facts: { 's3.defaultEncryption': absent('no default encryption configuration'), 'encryption.kmsKeyRef': absent(), 'encryption.kmsKey': absent() },
      expectEvidence: { defaultEncryption: 'none' },
    },
    {
      name: 'SSE-KMS without a key id uses the AWS-managed aws/s3 key',
      facts: sseKms(undefined, present(awsManaged)),
      expectEvidence: { kmsMasterKeyId: '(none: AWS-managed aws/s3)', keyReference: 'alias/aws/s3', keyArn: AWS_S3_ARN, keyManager: 'AWS' },
    },
    {
      name: 'customer-managed key disabled',
      facts: sseKms(CMK_ARN, present({ ...cmk, keyState: 'Disabled', enabled: false })),
      expectEvidence: { keyArn: CMK_ARN, keyState: 'Disabled' },
    },
    {
      name: 'customer-managed key pending deletion',
      facts: sseKms(CMK_ARN, present({ ...cmk, keyState: 'PendingDeletion', enabled: false, deletionDate: '2030-01-31T00:00:00.000Z' })),
      expectEvidence: { keyState: 'PendingDeletion', deletionDate: '2030-01-31T00:00:00.000Z' },
    },
    {
      name: 'stack CMK named in the outputs, the bucket uses a different CMK',
      facts: sseKms(OTHER_ARN, present(otherCmk)),
      related: stackKey(present(cmk)),
      expectEvidence: { kmsMasterKeyId: OTHER_ARN, keyArn: OTHER_ARN, stackKeys: [CMK_ARN], stackKeysFrom: 'outputs' },
    },
  ],
  error: [
    {
      name: 'default encryption could not be read (AccessDenied)',
      facts: {
        's3.defaultEncryption': unknown('AccessDenied: Access Denied (HTTP 403)'),
        'encryption.kmsKeyRef': unknown('AccessDenied: Access Denied (HTTP 403)'),
        'encryption.kmsKey': unknown('AccessDenied: Access Denied (HTTP 403)'),
      },
    },
    {
      name: 'the bucket names a key that cannot be described',
      facts: sseKms(CMK_ARN, unknown('kms:DescribeKey AccessDenied')),
      expectEvidence: { kmsMasterKeyId: CMK_ARN, keyReference: CMK_ARN },
    },
    {
      name: 'the key fact was not collected at all',
      facts: { 's3.defaultEncryption': present([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: CMK_ARN }]), 'encryption.kmsKeyRef': present(CMK_ARN) },
    },
    {
      name: 'the stack key named in the outputs cannot be described',
      facts: sseKms(OTHER_ARN, present(otherCmk)),
      related: stackKey(unknown('kms:DescribeKey AccessDenied')),
      expectEvidence: { keyArn: OTHER_ARN, unresolvedStackKeys: [`${CMK_ID}: kms:DescribeKey AccessDenied`] },
    },
  ],
});
