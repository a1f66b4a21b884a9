import { runCmkCases } from '../test/helpers/cmk-cases.js';
import check from './sqs-queue-encrypted-with-cmk.check.js';

// SSE-SQS encrypts with keys SQS owns: no KMS key of the account, so not a CMK.
runCmkCases(check, { awsAlias: 'alias/aws/sqs', noun: 'queue', noKeyReason: 'the queue uses SQS-managed encryption (SSE-SQS), no KMS key' });
