import { absent, present, unknown } from '../src/facts/fact.js';
import type { KmsKeyFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import { AWS_MANAGED_ARN, CMK_ARN, OTHER_ARN, cmk, otherCmk, stackKeyNamed } from '../test/helpers/kms-fixtures.js';
import check from './ec2-volume-encrypted-with-cmk.check.js';

const awsEbs: KmsKeyFacts = { keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab', arn: AWS_MANAGED_ARN, keyManager: 'AWS', keyState: 'Enabled', enabled: true, aliases: ['alias/aws/ebs'] };

runCheckCases(check, {
  pass: [
    { name: 'encrypted with the stack CMK', facts: { 'encryption.kmsKeyRef': present(CMK_ARN), 'encryption.kmsKey': present(cmk) }, related: stackKeyNamed(present(cmk)), expectEvidence: { keyArn: CMK_ARN, stackKeys: [CMK_ARN] } },
  ],
  fail: [
    { name: 'not encrypted', facts: { 'encryption.kmsKeyRef': absent('the volume is not encrypted'), 'encryption.kmsKey': absent('the volume is not encrypted') }, expectEvidence: { kmsKey: 'none' } },
    { name: 'encrypted with aws/ebs', facts: { 'encryption.kmsKeyRef': present('alias/aws/ebs'), 'encryption.kmsKey': present(awsEbs) }, expectEvidence: { keyManager: 'AWS' } },
    { name: "another team's CMK", facts: { 'encryption.kmsKeyRef': present(OTHER_ARN), 'encryption.kmsKey': present(otherCmk) }, related: stackKeyNamed(present(cmk)), expectEvidence: { keyArn: OTHER_ARN } },
  ],
  error: [
    { name: 'the volume could not be described', facts: { 'encryption.kmsKeyRef': unknown('ec2:DescribeVolumes AccessDenied'), 'encryption.kmsKey': unknown('ec2:DescribeVolumes AccessDenied') } },
    { name: 'the key could not be described', facts: { 'encryption.kmsKeyRef': present(CMK_ARN), 'encryption.kmsKey': unknown('kms:DescribeKey AccessDenied') } },
  ],
});
