import { absent, present, unknown, type Fact } from '../src/facts/fact.js';
import type { KmsKeyFacts } from '../src/facts/catalogue.js';
import { runCheckCases, type CheckCase } from '../test/helpers/check-cases.js';
import { AWS_MANAGED_ARN, CMK_ARN, CMK_ID, OTHER_ARN, cmk, otherCmk, stackKeyNamed } from '../test/helpers/kms-fixtures.js';
import check from './kinesis-stream-encrypted-with-cmk.check.js';

const ALIAS_ARN = 'arn:aws:kms:us-east-1:123456789012:alias/app-stream';
const AWS_KINESIS_ARN = AWS_MANAGED_ARN;
const awsManaged: KmsKeyFacts = {
  keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab',
  arn: AWS_KINESIS_ARN,
  keyManager: 'AWS',
  keyState: 'Enabled',
  enabled: true,
  aliases: ['alias/aws/kinesis'],
};

type Case = CheckCase<(typeof check.needs)[number]>;

const stackKey = (key: Fact<KmsKeyFacts>): NonNullable<Case['related']> => stackKeyNamed(key);

/** A KMS-encrypted stream whose KeyId is stored as `ref`, resolved to `key`. */
const encrypted = (ref: string, key: Fact<KmsKeyFacts>): Case['facts'] => ({ 'encryption.kmsKeyRef': present(ref), 'encryption.kmsKey': key });

runCheckCases(check, {
  pass: [
    {
      name: 'KeyId stored as the full key ARN of an enabled customer-managed key',
      facts: encrypted(CMK_ARN, present(cmk)),
      expectEvidence: { keyReference: CMK_ARN, keyArn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      name: 'KeyId stored as the key ARN of the stack CMK its outputs name',
      facts: encrypted(CMK_ARN, present(cmk)),
      related: stackKey(present(cmk)),
      expectEvidence: { keyReference: CMK_ARN, stackKeys: [CMK_ARN], stackKeysFrom: 'outputs' },
    },
  ],
  fail: [
    {
      name: 'not encrypted (EncryptionType NONE)',
      facts: {
        'encryption.kmsKeyRef': absent('the stream is not encrypted (EncryptionType NONE)'),
        'encryption.kmsKey': absent('the stream is not encrypted (EncryptionType NONE)'),
      },
      expectEvidence: { kmsKey: 'none', detail: 'the stream is not encrypted (EncryptionType NONE)' },
    },
    {
      name: 'encrypted with the AWS-managed aws/kinesis key',
      facts: encrypted('alias/aws/kinesis', present(awsManaged)),
      expectEvidence: { keyReference: 'alias/aws/kinesis', keyArn: AWS_KINESIS_ARN, keyManager: 'AWS' },
    },
    {
      name: 'customer-managed key disabled',
      facts: encrypted(CMK_ARN, present({ ...cmk, keyState: 'Disabled', enabled: false })),
      expectEvidence: { keyArn: CMK_ARN, keyState: 'Disabled' },
    },
    {
      name: 'KeyId stored as the bare key id of the stack CMK',
      facts: encrypted(CMK_ID, present(cmk)),
      related: stackKey(present(cmk)),
      expectEvidence: { keyReference: CMK_ID, keyArn: CMK_ARN, useKeyArn: CMK_ARN },
    },
    {
      name: 'KeyId stored as an alias name',
      facts: encrypted('alias/app-stream', present({ ...cmk, aliases: ['alias/app-stream'] })),
      expectEvidence: { keyReference: 'alias/app-stream', useKeyArn: CMK_ARN },
    },
    {
      name: 'KeyId stored as an alias ARN',
      facts: encrypted(ALIAS_ARN, present({ ...cmk, aliases: ['alias/app-stream'] })),
      expectEvidence: { keyReference: ALIAS_ARN, useKeyArn: CMK_ARN },
    },
    {
      name: 'stack CMK named in the outputs, the stream uses a different CMK',
      facts: encrypted(OTHER_ARN, present(otherCmk)),
      related: stackKey(present(cmk)),
      expectEvidence: { keyReference: OTHER_ARN, keyArn: OTHER_ARN, stackKeys: [CMK_ARN], stackKeysFrom: 'outputs' },
    },
  ],
  error: [
    {
      name: 'the stream could not be described (LimitExceeded after retries)',
      facts: {
        'encryption.kmsKeyRef': unknown('kinesis:DescribeStreamSummary LimitExceededException'),
        'encryption.kmsKey': unknown('kinesis:DescribeStreamSummary LimitExceededException'),
      },
    },
    {
      name: 'KMS encryption reported without a key id',
      facts: {
        'encryption.kmsKeyRef': unknown('the stream reports KMS encryption but no key id'),
        'encryption.kmsKey': unknown('the stream reports KMS encryption but no key id'),
      },
    },
    {
      name: 'the alias the stream stores cannot be resolved',
      facts: encrypted('alias/app-stream', unknown('the KMS key alias/app-stream does not exist')),
      expectEvidence: { keyReference: 'alias/app-stream' },
    },
    {
      name: 'the stack key named in the outputs cannot be described',
      facts: encrypted(OTHER_ARN, present(otherCmk)),
      related: stackKey(unknown('kms:DescribeKey AccessDenied')),
      expectEvidence: { keyArn: OTHER_ARN, unresolvedStackKeys: [`${CMK_ID}: kms:DescribeKey AccessDenied`] },
    },
  ],
});
