/**
 * The table every "encrypted with the stack's CMK" check shares when its service stores the key as
 * written and AWS names its own managed key by an `alias/aws/<service>` alias (SNS, SQS, CloudWatch
 * Logs): pass on the stack's enabled CMK (by ARN or alias), fail on no key, on the AWS-managed
 * alias resolved, on a key pending deletion and on another team's CMK; error when anything could not
 * be read.
 */
import { absent, present, unknown, type Fact } from '../../src/facts/fact.js';
import type { KmsKeyFacts } from '../../src/facts/catalogue.js';
import type { CheckDefinition, ParamSpecs } from '../../src/engine/define.js';
import { runCheckCases, type CheckTable } from './check-cases.js';
import { AWS_MANAGED_ARN, CMK_ARN, CMK_ID, OTHER_ARN, cmk, otherCmk, stackKeyNamed } from './kms-fixtures.js';

type Needs = 'encryption.kmsKeyRef' | 'encryption.kmsKey';

export interface CmkTableSpec {
  /** The service's AWS-managed alias: `alias/aws/sns`. */
  awsAlias: string;
  /** What the resource is called in case names. */
  noun: string;
  /** The reason the collector gives for a resource without a KMS key. */
  noKeyReason: string;
}

export function runCmkCases<PS extends ParamSpecs>(check: CheckDefinition<Needs, PS>, spec: CmkTableSpec): void {
  const awsManaged: KmsKeyFacts = { keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab', arn: AWS_MANAGED_ARN, keyManager: 'AWS', keyState: 'Enabled', enabled: true, aliases: [spec.awsAlias] };
  const encrypted = (ref: string, key: Fact<KmsKeyFacts>) => ({ 'encryption.kmsKeyRef': present(ref), 'encryption.kmsKey': key });
  const table: CheckTable<Needs> = {
    pass: [
      {
        name: 'encrypted with an enabled customer-managed key, no stack key named',
        facts: encrypted(CMK_ARN, present(cmk)),
        expectEvidence: { keyReference: CMK_ARN, keyArn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled' },
      },
      {
        name: 'encrypted with the stack CMK its outputs name, referenced by alias',
        facts: encrypted('alias/app', present(cmk)),
        related: stackKeyNamed(present(cmk)),
        expectEvidence: { keyReference: 'alias/app', keyArn: CMK_ARN, stackKeys: [CMK_ARN], stackKeysFrom: 'outputs' },
      },
    ],
    fail: [
      {
        name: `no KMS key on the ${spec.noun}`,
        facts: { 'encryption.kmsKeyRef': absent(spec.noKeyReason), 'encryption.kmsKey': absent(spec.noKeyReason) },
        expectEvidence: { kmsKey: 'none', detail: spec.noKeyReason },
      },
      {
        name: `the AWS-managed ${spec.awsAlias}, resolved and failed`,
        facts: encrypted(spec.awsAlias, present(awsManaged)),
        expectEvidence: { keyReference: spec.awsAlias, keyManager: 'AWS' },
      },
      {
        name: 'customer-managed key pending deletion',
        facts: encrypted(CMK_ARN, present({ ...cmk, keyState: 'PendingDeletion', enabled: false, deletionDate: '2027-01-01T00:00:00.000Z' })),
        expectEvidence: { keyState: 'PendingDeletion', deletionDate: '2027-01-01T00:00:00.000Z' },
      },
      {
        name: "another customer-managed key than the stack's",
        facts: encrypted(OTHER_ARN, present(otherCmk)),
        related: stackKeyNamed(present(cmk)),
        expectEvidence: { keyArn: OTHER_ARN, stackKeys: [CMK_ARN] },
      },
    ],
    error: [
      {
        name: `the ${spec.noun} could not be read (AccessDenied)`,
        facts: { 'encryption.kmsKeyRef': unknown('AccessDenied'), 'encryption.kmsKey': unknown('AccessDenied') },
      },
      {
        name: 'the key cannot be described',
        facts: encrypted(CMK_ARN, unknown('kms:DescribeKey AccessDenied')),
        expectEvidence: { keyReference: CMK_ARN },
      },
      {
        name: 'the stack key cannot be described',
        facts: encrypted(OTHER_ARN, present(otherCmk)),
        related: stackKeyNamed(unknown('kms:DescribeKey AccessDenied')),
        expectEvidence: { unresolvedStackKeys: [`${CMK_ID}: kms:DescribeKey AccessDenied`] },
      },
    ],
  };
  runCheckCases(check, table);
}
