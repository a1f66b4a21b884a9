import { absent, present, unknown, type Fact } from '../src/facts/fact.js';
import type { KmsKeyFacts, RdsInstanceFacts } from '../src/facts/catalogue.js';
import { runCheckCases, type CheckCase } from '../test/helpers/check-cases.js';
import { AWS_MANAGED_ARN, CMK_ARN, CMK_ID, OTHER_ARN, cmk, otherCmk, stackKeyNamed } from '../test/helpers/kms-fixtures.js';
import check from './rds-instance-encrypted-with-cmk.check.js';

const AWS_RDS_ARN = AWS_MANAGED_ARN;
const awsManaged: KmsKeyFacts = { keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab', arn: AWS_RDS_ARN, keyManager: 'AWS', keyState: 'Enabled', enabled: true };

type Case = CheckCase<(typeof check.needs)[number]>;

const stackKey = (key: Fact<KmsKeyFacts>): NonNullable<Case['related']> => stackKeyNamed(key);

const instance = (extra: Partial<RdsInstanceFacts> = {}): RdsInstanceFacts => ({ id: 'app-db', engine: 'postgres', multiAZ: true, storageEncrypted: true, kmsKeyId: CMK_ARN, ...extra });

/** An encrypted standalone instance whose key RDS reports as `ref`, resolved to `key`. */
const encrypted = (ref: string, key: Fact<KmsKeyFacts>): Case['facts'] => ({
  'rds.instance': present(instance({ kmsKeyId: ref })),
  'encryption.kmsKeyRef': present(ref),
  'encryption.kmsKey': key,
});

runCheckCases(check, {
  pass: [
    {
      name: 'storage encrypted with an enabled customer-managed key, no stack key named',
      facts: encrypted(CMK_ARN, present(cmk)),
      expectEvidence: { keyReference: CMK_ARN, keyArn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      name: 'storage encrypted with the stack CMK its outputs name',
      facts: encrypted(CMK_ARN, present(cmk)),
      related: stackKey(present(cmk)),
      expectEvidence: { keyArn: CMK_ARN, stackKeys: [CMK_ARN], stackKeysFrom: 'outputs' },
    },
  ],
  fail: [
    {
      name: 'storage not encrypted',
      facts: {
        'rds.instance': present(instance({ storageEncrypted: false, kmsKeyId: undefined })),
        'encryption.kmsKeyRef': absent('storage is not encrypted'),
        'encryption.kmsKey': absent('storage is not encrypted'),
      },
      expectEvidence: { kmsKey: 'none', detail: 'storage is not encrypted' },
    },
    {
      name: 'encrypted with the AWS-managed aws/rds key',
      facts: encrypted(AWS_RDS_ARN, present(awsManaged)),
      expectEvidence: { keyReference: AWS_RDS_ARN, keyManager: 'AWS' },
    },
    {
      name: 'customer-managed key disabled',
      facts: encrypted(CMK_ARN, present({ ...cmk, keyState: 'Disabled', enabled: false })),
      expectEvidence: { keyArn: CMK_ARN, keyState: 'Disabled' },
    },
    {
      name: 'stack CMK named in the outputs, the instance uses a different CMK',
      facts: encrypted(OTHER_ARN, present(otherCmk)),
      related: stackKey(present(cmk)),
      expectEvidence: { keyArn: OTHER_ARN, stackKeys: [CMK_ARN], stackKeysFrom: 'outputs' },
    },
  ],
  error: [
    {
      name: 'the instance could not be described (AccessDenied)',
      facts: {
        'rds.instance': unknown('rds:DescribeDBInstances AccessDenied'),
        'encryption.kmsKeyRef': unknown('rds:DescribeDBInstances AccessDenied'),
        'encryption.kmsKey': unknown('rds:DescribeDBInstances AccessDenied'),
      },
    },
    {
      name: 'RDS reports encrypted storage but names no key',
      facts: {
        'rds.instance': present(instance({ kmsKeyId: undefined })),
        'encryption.kmsKeyRef': unknown('RDS reports the storage of app-db as encrypted but names no KMS key'),
        'encryption.kmsKey': unknown('RDS reports the storage of app-db as encrypted but names no KMS key'),
      },
    },
    {
      name: 'the key cannot be described',
      facts: encrypted(CMK_ARN, unknown('kms:DescribeKey AccessDenied')),
      expectEvidence: { keyReference: CMK_ARN },
    },
    {
      name: 'the stack key named in the outputs cannot be described',
      facts: encrypted(OTHER_ARN, present(otherCmk)),
      related: stackKey(unknown('kms:DescribeKey AccessDenied')),
      expectEvidence: { keyArn: OTHER_ARN, unresolvedStackKeys: [`${CMK_ID}: kms:DescribeKey AccessDenied`] },
    },
  ],
  skipped: [
    {
      name: 'Aurora cluster member: the cluster holds the storage key',
      facts: {
        'rds.instance': present(instance({ id: 'app-cluster-instance-1', clusterId: 'app-cluster', kmsKeyId: OTHER_ARN })),
        'encryption.kmsKeyRef': present(OTHER_ARN),
        'encryption.kmsKey': present(otherCmk),
      },
      related: stackKey(present(cmk)),
      expectEvidence: { clusterId: 'app-cluster' },
    },
  ],
});
