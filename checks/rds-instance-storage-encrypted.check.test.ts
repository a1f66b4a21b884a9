import { absent, present, unknown } from '../src/facts/fact.js';
import type { RdsInstanceFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './rds-instance-storage-encrypted.check.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const db = (over: Partial<RdsInstanceFacts>): RdsInstanceFacts => ({ id: 'app-db', engine: 'postgres', multiAZ: true, storageEncrypted: false, ...over });

runCheckCases(check, {
  pass: [
    {
      name: 'storage encrypted with a KMS key',
      facts: { 'rds.instance': present(db({ storageEncrypted: true, kmsKeyId: KEY_ARN })) },
      expectEvidence: { storageEncrypted: true, kmsKeyId: KEY_ARN },
    },
  ],
  fail: [
    {
      name: 'storage not encrypted',
      facts: { 'rds.instance': present(db({ storageEncrypted: false })) },
      expectEvidence: { storageEncrypted: false },
    },
  ],
  error: [
    {
      name: 'the instance could not be described (AccessDenied)',
      facts: { 'rds.instance': unknown('rds:DescribeDBInstances AccessDenied') },
    },
    {
      name: 'the instance was reported absent instead of described',
      facts: { 'rds.instance': absent('not described') },
    },
  ],
});
