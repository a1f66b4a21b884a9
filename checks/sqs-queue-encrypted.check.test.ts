import { absent, present, unknown } from '../src/facts/fact.js';
import type { SqsQueueFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './sqs-queue-encrypted.check.js';

const URL = 'https://sqs.eu-west-2.amazonaws.com/123456789012/ingest';
const plain: SqsQueueFacts = { url: URL, sqsManagedSseEnabled: false };

runCheckCases(check, {
  pass: [
    { name: 'SSE-KMS', facts: { 'sqs.queue': present({ ...plain, kmsMasterKeyId: 'alias/app' }) }, expectEvidence: { sse: 'SSE-KMS', kmsMasterKeyId: 'alias/app' } },
    { name: 'SSE-SQS: encrypted, though not with a CMK', facts: { 'sqs.queue': present({ ...plain, sqsManagedSseEnabled: true }) }, expectEvidence: { sse: 'SSE-SQS' } },
  ],
  fail: [{ name: 'neither SSE-KMS nor SSE-SQS', facts: { 'sqs.queue': present(plain) }, expectEvidence: { sse: 'none' } }],
  error: [
    { name: 'the queue does not exist', facts: { 'sqs.queue': unknown('the queue ingest does not exist in eu-west-2') } },
    { name: 'no attributes came back', facts: { 'sqs.queue': absent() } },
    { name: 'the fact was not collected', facts: {} },
  ],
});
