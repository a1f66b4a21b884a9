import { runCmkCases } from '../test/helpers/cmk-cases.js';
import check from './logs-log-group-encrypted-with-cmk.check.js';

runCmkCases(check, { awsAlias: 'alias/aws/logs', noun: 'log group', noKeyReason: 'the log group has no KMS key (CloudWatch Logs encrypts it with a key of its own)' });
