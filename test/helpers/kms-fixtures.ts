/** KMS keys the CMK-usage check tables share: the stack's CMK, another team's CMK, and how the stack names its key. */
import type { Fact } from '../../src/facts/fact.js';
import type { KmsKeyFacts } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

export const CMK_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const CMK_ARN = `arn:aws:kms:us-east-1:123456789012:key/${CMK_ID}`;
export const OTHER_ID = '9999eeee-12ab-34cd-56ef-1234567890ab';
export const OTHER_ARN = `arn:aws:kms:us-east-1:123456789012:key/${OTHER_ID}`;
/** The key behind an AWS-managed alias such as `alias/aws/s3`. */
export const AWS_MANAGED_ARN = 'arn:aws:kms:us-east-1:123456789012:key/aaaa1111-12ab-34cd-56ef-1234567890ab';

export const cmk: KmsKeyFacts = { keyId: CMK_ID, arn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true };
export const otherCmk: KmsKeyFacts = { ...cmk, keyId: OTHER_ID, arn: OTHER_ARN };

/** The run's other resources when the outputs name the stack's CMK (`kms_key_arn`), described as `key`. */
export const stackKeyNamed = (key: Fact<KmsKeyFacts>): Array<{ resource: ResourceRef; facts: { 'kms.key': Fact<KmsKeyFacts> } }> => [
  { resource: { type: 'AWS::KMS::Key', id: CMK_ID, keys: ['kms_key_arn'], region: 'us-east-1' }, facts: { 'kms.key': key } },
];
