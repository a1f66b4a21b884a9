import { absent, present, unknown, type Fact } from '../src/facts/fact.js';
import type { KmsKeyFacts } from '../src/facts/catalogue.js';
import { runCheckCases, type CheckCase } from '../test/helpers/check-cases.js';
import { AWS_MANAGED_ARN, CMK_ARN, CMK_ID, OTHER_ARN, cmk, otherCmk, stackKeyNamed } from '../test/helpers/kms-fixtures.js';
import check from './logs-log-group-encrypted-with-cmk.check.js';

/** The AWS-managed key behind alias/aws/logs, as DescribeKey resolves the alias. */
const awsManaged: KmsKeyFacts = { keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab', arn: AWS_MANAGED_ARN, keyManager: 'AWS', keyState: 'Enabled', enabled: true, aliases: ['alias/aws/logs'] };

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
      name: 'no KMS key on the log group',
      facts: { 'encryption.kmsKeyRef': absent('the log group has no KMS key (CloudWatch Logs encrypts it with a key of its own)'), 'encryption.kmsKey': absent('the log group has no KMS key (CloudWatch Logs encrypts it with a key of its own)') },
      expectEvidence: { kmsKey: 'none', detail: 'the log group has no KMS key (CloudWatch Logs encrypts it with a key of its own)' },
    },
    {
      name: 'the AWS-managed alias/aws/logs, resolved and failed',
      facts: encrypted('alias/aws/logs', present(awsManaged)),
      expectEvidence: { keyReference: 'alias/aws/logs', keyManager: 'AWS' },
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
      name: 'the log group could not be read (AccessDenied)',
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
