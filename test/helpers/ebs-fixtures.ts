/** EBS devices for the CMK check tables of instances and launch templates. */
import { absent, present, unknown, type Fact } from '../../src/facts/fact.js';
import type { EbsDeviceKey, KmsKeyFacts, LaunchTemplateVolumesFacts } from '../../src/facts/catalogue.js';
import type { CheckTable } from './check-cases.js';
import { AWS_MANAGED_ARN, CMK_ARN, OTHER_ARN, cmk, otherCmk, stackKeyNamed } from './kms-fixtures.js';

export const awsEbs: KmsKeyFacts = { keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab', arn: AWS_MANAGED_ARN, keyManager: 'AWS', keyState: 'Enabled', enabled: true, aliases: ['alias/aws/ebs'] };

export const device = (deviceName: string, keyRef: Fact<string>, key: Fact<KmsKeyFacts>, volumeId?: string): EbsDeviceKey => ({
  deviceName,
  keyRef,
  key,
  ...(volumeId ? { volumeId } : {}),
});

export const cmkRoot = device('/dev/xvda', present(CMK_ARN), present(cmk), 'vol-0aaa1111bbbb2222c');
export const cmkData = device('/dev/sdf', present(CMK_ARN), present(cmk), 'vol-0ddd3333eeee4444f');
export const plainData = device('/dev/sdg', absent('the volume is not encrypted'), absent('the volume is not encrypted'), 'vol-0fff5555aaaa6666b');
export const awsManagedData = device('/dev/sdh', present('alias/aws/ebs'), present(awsEbs), 'vol-0bbb7777cccc8888d');
export const unreadKey = device('/dev/sdi', present(CMK_ARN), unknown('kms:DescribeKey AccessDenied'), 'vol-0ccc9999dddd0000e');

const template = (volumes: EbsDeviceKey[], extra: Partial<LaunchTemplateVolumesFacts> = {}): LaunchTemplateVolumesFacts => ({
  launchTemplateId: 'lt-0a1b2c3d4e5f60718',
  version: '3',
  volumes: volumes.map(({ volumeId: _v, ...d }) => d),
  ...extra,
});

/**
 * The table both launch-template CMK checks share: a template judged on its own, and the version an
 * Auto Scaling group launches from, read into the same fact and judged the same way.
 */
export function launchTemplateCmkCases(): CheckTable<'ec2.launchTemplateVolumes'> {
  return {
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
  };
}
