import { absent, present, unknown, type Fact } from '../src/facts/fact.js';
import type { KmsKeyFacts } from '../src/facts/catalogue.js';
import { runCheckCases, type CheckCase } from '../test/helpers/check-cases.js';
import { AWS_MANAGED_ARN, CMK_ARN, CMK_ID, OTHER_ARN, cmk, otherCmk, stackKeyNamed } from '../test/helpers/kms-fixtures.js';
import check from './rds-cluster-encrypted-with-cmk.check.js';

const AWS_RDS_ARN = AWS_MANAGED_ARN;
const awsManaged: KmsKeyFacts = { keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab', arn: AWS_RDS_ARN, keyManager: 'AWS', keyState: 'Enabled', enabled: true };

type Case = CheckCase<(typeof check.needs)[number]>;

const stackKey = (key: Fact<KmsKeyFacts>): NonNullable<Case['related']> => stackKeyNamed(key);

/** An encrypted cluster whose key RDS reports as `ref`, resolved to `key`. */
const encrypted = (ref: string, key: Fact<KmsKeyFacts>): Case['facts'] => ({ 'encryption.kmsKeyRef': present(ref), 'encryption.kmsKey': key });

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
      facts: { 'encryption.kmsKeyRef': absent('storage is not encrypted'), 'encryption.kmsKey': absent('storage is not encrypted') },
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
      name: 'customer-managed key pending deletion',
      facts: encrypted(CMK_ARN, present({ ...cmk, keyState: 'PendingDeletion', enabled: false, deletionDate: '2030-01-31T00:00:00.000Z' })),
      expectEvidence: { keyState: 'PendingDeletion', deletionDate: '2030-01-31T00:00:00.000Z' },
    },
    {
      name: 'stack CMK named in the outputs, the cluster uses a different CMK',
      facts: encrypted(OTHER_ARN, present(otherCmk)),
      related: stackKey(present(cmk)),
      expectEvidence: { keyArn: OTHER_ARN, stackKeys: [CMK_ARN], stackKeysFrom: 'outputs' },
    },
  ],
  error: [
    {
      name: 'the cluster could not be described (throttled)',
      facts: { 'encryption.kmsKeyRef': unknown('rds:DescribeDBClusters Throttling'), 'encryption.kmsKey': unknown('rds:DescribeDBClusters Throttling') },
    },
    {
      name: 'the key cannot be described',
      facts: encrypted(CMK_ARN, unknown('kms:DescribeKey AccessDenied')),
      expectEvidence: { keyReference: CMK_ARN },
    },
    {
      name: 'the key fact was not collected at all',
      facts: { 'encryption.kmsKeyRef': present(CMK_ARN) },
    },
    {
      name: 'the stack key named in the outputs cannot be described',
      facts: encrypted(OTHER_ARN, present(otherCmk)),
      related: stackKey(unknown('kms:DescribeKey AccessDenied')),
      expectEvidence: { keyArn: OTHER_ARN, unresolvedStackKeys: [`${CMK_ID}: kms:DescribeKey AccessDenied`] },
    },
  ],
});
