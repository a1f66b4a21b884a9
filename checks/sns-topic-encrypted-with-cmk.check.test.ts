import { runCmkCases } from '../test/helpers/cmk-cases.js';
import check from './sns-topic-encrypted-with-cmk.check.js';

runCmkCases(check, { awsAlias: 'alias/aws/sns', noun: 'topic', noKeyReason: 'the topic has no server-side encryption (no KmsMasterKeyId)' });
