import { absent, present, unknown } from '../src/facts/fact.js';
import type { KinesisStreamFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './kinesis-stream-encryption-enabled.check.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const stream = (over: Partial<KinesisStreamFacts>): KinesisStreamFacts => ({ name: 'events', status: 'ACTIVE', encryptionType: 'NONE', ...over });

runCheckCases(check, {
  pass: [
    {
      name: 'KMS with a customer-managed key',
      facts: { 'kinesis.stream': present(stream({ encryptionType: 'KMS', keyId: KEY_ARN })) },
      expectEvidence: { encryptionType: 'KMS', keyId: KEY_ARN },
    },
    {
      name: 'KMS with the AWS-managed aws/kinesis key',
      facts: { 'kinesis.stream': present(stream({ encryptionType: 'KMS', keyId: 'alias/aws/kinesis' })) },
      expectEvidence: { encryptionType: 'KMS', keyId: 'alias/aws/kinesis' },
    },
  ],
  fail: [
    {
      name: 'not encrypted (EncryptionType NONE)',
      facts: { 'kinesis.stream': present(stream({ encryptionType: 'NONE' })) },
      expectEvidence: { encryptionType: 'NONE' },
    },
  ],
  error: [
    {
      name: 'the stream could not be described (AccessDenied)',
      facts: { 'kinesis.stream': unknown('kinesis:DescribeStreamSummary AccessDenied') },
    },
    {
      name: 'the stream was reported absent instead of described',
      facts: { 'kinesis.stream': absent() },
    },
  ],
});
