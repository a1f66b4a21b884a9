import { absent, present, unknown, type Fact } from '../src/facts/fact.js';
import type { KmsKeyFacts } from '../src/facts/catalogue.js';
import { runCheckCases, type CheckCase } from '../test/helpers/check-cases.js';
import { AWS_MANAGED_ARN, CMK_ARN, CMK_ID, OTHER_ARN, cmk, otherCmk, stackKeyNamed } from '../test/helpers/kms-fixtures.js';
import check from './efs-file-system-encrypted-with-cmk.check.js';

const AWS_EFS_ARN = AWS_MANAGED_ARN;
const awsManaged: KmsKeyFacts = {
  keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab',
  arn: AWS_EFS_ARN,
  keyManager: 'AWS',
  keyState: 'Enabled',
  enabled: true,
  aliases: ['alias/aws/elasticfilesystem'],
};

type Case = CheckCase<(typeof check.needs)[number]>;

const stackKey = (key: Fact<KmsKeyFacts>): NonNullable<Case['related']> => stackKeyNamed(key);

/** An encrypted file system whose KmsKeyId is `ref`, resolved to `key`. */
const encrypted = (ref: string, key: Fact<KmsKeyFacts>): Case['facts'] => ({ 'encryption.kmsKeyRef': present(ref), 'encryption.kmsKey': key });

runCheckCases(check, {
  pass: [
    {
      name: 'encrypted with an enabled customer-managed key, no stack key named',
      facts: encrypted(CMK_ARN, present(cmk)),
      expectEvidence: { keyReference: CMK_ARN, keyArn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      name: 'encrypted with the stack CMK its outputs name',
      facts: encrypted(CMK_ARN, present(cmk)),
      related: stackKey(present(cmk)),
      expectEvidence: { keyArn: CMK_ARN, stackKeys: [CMK_ARN], stackKeysFrom: 'outputs' },
    },
  ],
  fail: [
    {
      name: 'not encrypted at rest',
      facts: { 'encryption.kmsKeyRef': absent('the file system is not encrypted at rest'), 'encryption.kmsKey': absent('the file system is not encrypted at rest') },
      expectEvidence: { kmsKey: 'none', detail: 'the file system is not encrypted at rest' },
    },
    {
      name: 'encrypted with the AWS-managed aws/elasticfilesystem key',
      facts: encrypted(AWS_EFS_ARN, present(awsManaged)),
      expectEvidence: { keyReference: AWS_EFS_ARN, keyArn: AWS_EFS_ARN, keyManager: 'AWS' },
    },
    {
      name: 'customer-managed key disabled',
      facts: encrypted(CMK_ARN, present({ ...cmk, keyState: 'Disabled', enabled: false })),
      expectEvidence: { keyArn: CMK_ARN, keyState: 'Disabled' },
    },
    {
      name: 'stack CMK named in the outputs, the file system uses a different CMK',
      facts: encrypted(OTHER_ARN, present(otherCmk)),
      related: stackKey(present(cmk)),
      expectEvidence: { keyArn: OTHER_ARN, stackKeys: [CMK_ARN], stackKeysFrom: 'outputs' },
    },
  ],
  error: [
    {
      name: 'the file system could not be described (AccessDenied)',
      facts: {
        'encryption.kmsKeyRef': unknown('elasticfilesystem:DescribeFileSystems AccessDenied'),
        'encryption.kmsKey': unknown('elasticfilesystem:DescribeFileSystems AccessDenied'),
      },
    },
    {
      name: 'the key does not exist any more',
      facts: encrypted(CMK_ARN, unknown(`the KMS key ${CMK_ARN} does not exist`)),
      expectEvidence: { keyReference: CMK_ARN },
    },
    {
      name: 'the stack key named in the outputs cannot be described',
      facts: encrypted(OTHER_ARN, present(otherCmk)),
      related: stackKey(unknown('kms:DescribeKey AccessDenied')),
      expectEvidence: { keyArn: OTHER_ARN, unresolvedStackKeys: [`${CMK_ID}: kms:DescribeKey AccessDenied`] },
    },
  ],
});
