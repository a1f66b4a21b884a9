import { absent, present, unknown, type Fact } from '../src/facts/fact.js';
import type { KmsKeyFacts } from '../src/facts/catalogue.js';
import { runCheckCases, type CheckCase } from '../test/helpers/check-cases.js';
import { AWS_MANAGED_ARN, CMK_ARN, CMK_ID, OTHER_ARN, cmk, otherCmk, stackKeyNamed } from '../test/helpers/kms-fixtures.js';
import check from './sns-topic-encrypted-with-cmk.check.js';

/** The AWS-managed key behind alias/aws/sns, as DescribeKey resolves the alias. */
const awsManaged: KmsKeyFacts = { keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab', arn: AWS_MANAGED_ARN, keyManager: 'AWS', keyState: 'Enabled', enabled: true, aliases: ['alias/aws/sns'] };

type Case = CheckCase<(typeof check.needs)[number]>;

const encrypted = (ref: string, key: Fact<KmsKeyFacts>): Case['facts'] => ({ 'encryption.kmsKeyRef': present(ref), 'encryption.kmsKey': key });

runCheckCases(check, {
  pass: [
    {
      name: 'encrypted with an enabled customer-managed key, no stack key named',
      facts: encrypted(CMK_ARN, present(cmk)),
      expectEvidence: { keyReference: CMK_ARN, keyArn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      name: 'encrypted with the stack CMK its outputs name, referenced by alias',
      facts: encrypted('alias/app', present(cmk)),
      related: stackKeyNamed(present(cmk)),
      expectEvidence: { keyReference: 'alias/app', keyArn: CMK_ARN, stackKeys: [CMK_ARN], stackKeysFrom: 'outputs' },
    },
  ],
  fail: [
    {
      name: 'no KMS key on the topic',
      facts: { 'encryption.kmsKeyRef': absent('the topic has no server-side encryption (no KmsMasterKeyId)'), 'encryption.kmsKey': absent('the topic has no server-side encryption (no KmsMasterKeyId)') },
      expectEvidence: { kmsKey: 'none', detail: 'the topic has no server-side encryption (no KmsMasterKeyId)' },
    },
    {
      name: 'the AWS-managed alias/aws/sns, resolved and failed',
      facts: encrypted('alias/aws/sns', present(awsManaged)),
      expectEvidence: { keyReference: 'alias/aws/sns', keyManager: 'AWS' },
    },
    {
      name: 'customer-managed key pending deletion',
      facts: encrypted(CMK_ARN, present({ ...cmk, keyState: 'PendingDeletion', enabled: false, deletionDate: '2027-01-01T00:00:00.000Z' })),
      expectEvidence: { keyState: 'PendingDeletion', deletionDate: '2027-01-01T00:00:00.000Z' },
    },
    {
      name: "another customer-managed key than the stack's",
      facts: encrypted(OTHER_ARN, present(otherCmk)),
      related: stackKeyNamed(present(cmk)),
      expectEvidence: { keyArn: OTHER_ARN, stackKeys: [CMK_ARN] },
    },
  ],
  error: [
    {
      name: 'the topic could not be read (AccessDenied)',
      facts: { 'encryption.kmsKeyRef': unknown('AccessDenied'), 'encryption.kmsKey': unknown('AccessDenied') },
    },
    {
      name: 'the key cannot be described',
      facts: encrypted(CMK_ARN, unknown('kms:DescribeKey AccessDenied')),
      expectEvidence: { keyReference: CMK_ARN },
    },
    {
      name: 'the stack key cannot be described',
      facts: encrypted(OTHER_ARN, present(otherCmk)),
      related: stackKeyNamed(unknown('kms:DescribeKey AccessDenied')),
      expectEvidence: { unresolvedStackKeys: [`${CMK_ID}: kms:DescribeKey AccessDenied`] },
    },
  ],
});
