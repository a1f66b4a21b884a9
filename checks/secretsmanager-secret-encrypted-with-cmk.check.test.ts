import { present, unknown, type Fact } from '../src/facts/fact.js';
import type { KmsKeyFacts } from '../src/facts/catalogue.js';
import { runCheckCases, type CheckCase } from '../test/helpers/check-cases.js';
import { AWS_MANAGED_ARN, CMK_ARN, CMK_ID, OTHER_ARN, cmk, otherCmk, stackKeyNamed } from '../test/helpers/kms-fixtures.js';
import check from './secretsmanager-secret-encrypted-with-cmk.check.js';

const AWS_SM_ARN = AWS_MANAGED_ARN;
const awsManaged: KmsKeyFacts = {
  keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab',
  arn: AWS_SM_ARN,
  keyManager: 'AWS',
  keyState: 'Enabled',
  enabled: true,
  aliases: ['alias/aws/secretsmanager'],
};

type Case = CheckCase<(typeof check.needs)[number]>;

const stackKey = (key: Fact<KmsKeyFacts>): NonNullable<Case['related']> => stackKeyNamed(key);

/** A secret whose KmsKeyId is `ref`, resolved to `key`. */
const encrypted = (ref: string, key: Fact<KmsKeyFacts>): Case['facts'] => ({ 'encryption.kmsKeyRef': present(ref), 'encryption.kmsKey': key });

runCheckCases(check, {
  pass: [
    {
      name: 'encrypted with an enabled customer-managed key, no stack key named',
      facts: encrypted(CMK_ARN, present(cmk)),
      expectEvidence: { keyReference: CMK_ARN, keyArn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      name: 'encrypted with the stack CMK its outputs name, referenced by alias',
      facts: encrypted('alias/app-secrets', present({ ...cmk, aliases: ['alias/app-secrets'] })),
      related: stackKey(present(cmk)),
      expectEvidence: { keyReference: 'alias/app-secrets', keyArn: CMK_ARN, stackKeys: [CMK_ARN], stackKeysFrom: 'outputs' },
    },
  ],
  fail: [
    {
      name: 'no KmsKeyId: the AWS-managed aws/secretsmanager key',
      facts: encrypted('alias/aws/secretsmanager', present(awsManaged)),
      expectEvidence: { keyReference: 'alias/aws/secretsmanager', keyArn: AWS_SM_ARN, keyManager: 'AWS' },
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
      name: 'stack CMK named in the outputs, the secret uses a different CMK',
      facts: encrypted(OTHER_ARN, present(otherCmk)),
      related: stackKey(present(cmk)),
      expectEvidence: { keyArn: OTHER_ARN, stackKeys: [CMK_ARN], stackKeysFrom: 'outputs' },
    },
  ],
  error: [
    {
      name: 'the secret could not be described (AccessDenied)',
      facts: {
        'encryption.kmsKeyRef': unknown('secretsmanager:DescribeSecret AccessDenied'),
        'encryption.kmsKey': unknown('secretsmanager:DescribeSecret AccessDenied'),
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
});
