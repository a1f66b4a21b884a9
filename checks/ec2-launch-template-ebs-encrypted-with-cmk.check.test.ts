import { absent, present, unknown } from '../src/facts/fact.js';
import type { EbsDeviceKey, LaunchTemplateVolumesFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import { CMK_ARN, OTHER_ARN, cmk, otherCmk, stackKeyNamed } from '../test/helpers/kms-fixtures.js';
import { awsEbs, cmkRoot, device, unreadKey } from '../test/helpers/ebs-fixtures.js';
import check from './ec2-launch-template-ebs-encrypted-with-cmk.check.js';

const template = (volumes: EbsDeviceKey[], extra: Partial<LaunchTemplateVolumesFacts> = {}): LaunchTemplateVolumesFacts => ({
  launchTemplateId: 'lt-0a1b2c3d4e5f60718',
  version: '3',
  volumes: volumes.map(({ volumeId: _v, ...d }) => d),
  ...extra,
});

runCheckCases(check, {
  pass: [
    {
      name: 'every mapping names the stack CMK',
      facts: { 'ec2.launchTemplateVolumes': present(template([cmkRoot, device('/dev/sdf', present(CMK_ARN), present(cmk))])) },
      related: stackKeyNamed(present(cmk)),
      expectEvidence: { launchTemplateId: 'lt-0a1b2c3d4e5f60718', version: '3', volumes: { '/dev/xvda': { status: 'pass', keyArn: CMK_ARN } } },
    },
    {
      name: "no mapping, and the account's EBS default key is the stack CMK with encryption by default on",
      facts: { 'ec2.launchTemplateVolumes': present(template([device("(the AMI's volumes)", present(CMK_ARN), present(cmk))], { encryptionByDefault: true })) },
      related: stackKeyNamed(present(cmk)),
      expectEvidence: { encryptionByDefault: true },
    },
  ],
  fail: [
    {
      name: "a mapping encrypted without a key: the account default key is aws/ebs",
      facts: { 'ec2.launchTemplateVolumes': present(template([cmkRoot, device('/dev/sdf', present('arn:aws:kms:us-east-1:123456789012:alias/aws/ebs'), present(awsEbs))])) },
      expectEvidence: { failing: ['/dev/sdf'] },
    },
    {
      name: 'a mapping that does not ask for encryption, encryption by default off',
      facts: { 'ec2.launchTemplateVolumes': present(template([device('/dev/xvda', absent('the mapping does not set Encrypted: true'), absent('the mapping does not set Encrypted: true'))])) },
      expectEvidence: { failing: ['/dev/xvda'], volumes: { '/dev/xvda': { status: 'fail', kmsKey: 'none' } } },
    },
    {
      name: 'no mapping and encryption by default off',
      facts: { 'ec2.launchTemplateVolumes': present(template([device("(the AMI's volumes)", absent('the launch template maps no EBS volume'), absent('the launch template maps no EBS volume'))], { encryptionByDefault: false })) },
      expectEvidence: { encryptionByDefault: false, failing: ["(the AMI's volumes)"] },
    },
    {
      name: "another team's CMK",
      facts: { 'ec2.launchTemplateVolumes': present(template([device('/dev/xvda', present(OTHER_ARN), present(otherCmk))])) },
      related: stackKeyNamed(present(cmk)),
      expectEvidence: { failing: ['/dev/xvda'] },
    },
  ],
  error: [
    { name: 'the launch template could not be described', facts: { 'ec2.launchTemplateVolumes': unknown('ec2:DescribeLaunchTemplateVersions AccessDenied') } },
    {
      name: "the account's EBS default key could not be read",
      facts: { 'ec2.launchTemplateVolumes': present(template([device('/dev/xvda', unknown("could not read the account's EBS default KMS key"), unknown("could not read the account's EBS default KMS key"))])) },
      expectEvidence: { unread: ['/dev/xvda'] },
    },
    { name: 'a key could not be described', facts: { 'ec2.launchTemplateVolumes': present(template([cmkRoot, unreadKey])) } },
  ],
});
