import { absent, present, unknown } from '../src/facts/fact.js';
import type { EbsDeviceKey, LaunchTemplateVolumesFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import { CMK_ARN, cmk } from '../test/helpers/kms-fixtures.js';
import { device } from '../test/helpers/ebs-fixtures.js';
import check from './ec2-ebs-volumes-encrypted.check.js';

const enc = (name: string, volumeId?: string): EbsDeviceKey => ({ ...device(name, present(CMK_ARN), present(cmk), volumeId), encrypted: true });
const plain = (name: string, volumeId?: string): EbsDeviceKey => ({ ...device(name, absent('the volume is not encrypted'), absent('the volume is not encrypted'), volumeId), encrypted: false });
const template = (volumes: EbsDeviceKey[]): LaunchTemplateVolumesFacts => ({ launchTemplateId: 'lt-0a1b2c3d4e5f60718', version: '2', volumes });
const TEMPLATE = { type: 'AWS::EC2::LaunchTemplate' as const, id: 'lt-0a1b2c3d4e5f60718' };
const GROUP = { type: 'AWS::AutoScaling::AutoScalingGroup' as const, id: 'tap-web' };
const VOLUME = { type: 'AWS::EC2::Volume' as const, id: 'vol-0a1b2c3d4e5f60718' };

runCheckCases(check, {
  pass: [
    { name: 'an instance whose volumes are all encrypted', facts: { 'ec2.instanceVolumes': present([enc('/dev/xvda', 'vol-1'), enc('/dev/sdf', 'vol-2')]) }, expectEvidence: { volumes: { '/dev/xvda vol-1': true, '/dev/sdf vol-2': true } } },
    { name: 'an encrypted volume', resource: VOLUME, facts: { 'ec2.volume': present({ volumeId: 'vol-0a1b2c3d4e5f60718', encrypted: true }) }, expectEvidence: { encrypted: true } },
    {
      name: "a template encrypted with the account's default key, which could not be read (encryption is known)",
      resource: TEMPLATE,
      facts: { 'ec2.launchTemplateVolumes': present(template([{ deviceName: '/dev/xvda', encrypted: true, keyRef: unknown('GetEbsDefaultKmsKeyId denied'), key: unknown('GetEbsDefaultKmsKeyId denied') }])) },
      expectEvidence: { launchTemplateId: 'lt-0a1b2c3d4e5f60718', volumes: { '/dev/xvda': true } },
    },
    { name: "a group's template", resource: GROUP, facts: { 'ec2.launchTemplateVolumes': present(template([enc('/dev/xvda')])) } },
  ],
  fail: [
    { name: 'an instance with an unencrypted data volume', facts: { 'ec2.instanceVolumes': present([enc('/dev/xvda', 'vol-1'), plain('/dev/sdf', 'vol-2')]) }, expectEvidence: { unencrypted: ['/dev/sdf vol-2'] } },
    { name: 'an unencrypted volume', resource: VOLUME, facts: { 'ec2.volume': present({ volumeId: 'vol-0a1b2c3d4e5f60718', encrypted: false }) }, expectEvidence: { encrypted: false } },
    { name: 'a template mapping without encryption, encryption by default off', resource: TEMPLATE, facts: { 'ec2.launchTemplateVolumes': present(template([plain('/dev/xvda')])) }, expectEvidence: { unencrypted: ['/dev/xvda'] } },
    { name: "a group's template without encryption", resource: GROUP, facts: { 'ec2.launchTemplateVolumes': present(template([plain('/dev/xvda')])) } },
  ],
  error: [
    { name: 'the instance could not be described', facts: { 'ec2.instanceVolumes': unknown('ec2:DescribeInstances AccessDenied') } },
    { name: 'the volume could not be described', resource: VOLUME, facts: { 'ec2.volume': unknown('ec2:DescribeVolumes AccessDenied') } },
    {
      name: 'encryption by default could not be read for a mapping that does not ask for it',
      resource: TEMPLATE,
      facts: { 'ec2.launchTemplateVolumes': present(template([{ deviceName: '/dev/xvda', keyRef: unknown('GetEbsEncryptionByDefault denied'), key: unknown('GetEbsEncryptionByDefault denied') }])) },
    },
    { name: 'the group launches from a launch configuration', resource: GROUP, facts: { 'ec2.launchTemplateVolumes': unknown('the group launches from the launch configuration web-lc') } },
  ],
  skipped: [{ name: 'an instance-store-only instance', facts: { 'ec2.instanceVolumes': present([]) } }],
});
