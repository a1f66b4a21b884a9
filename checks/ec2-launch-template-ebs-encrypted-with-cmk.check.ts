import { defineCheck, error } from '../src/engine/define.js';
import { judgeCmkDevices } from '../src/judge/cmk-devices.js';

export default defineCheck({
  id: 'ec2-launch-template-ebs-encrypted-with-cmk',
  title: "The launch template's default version encrypts every EBS volume with the stack's enabled customer-managed KMS key",
  severity: 'high',
  family: 'cmk',
  // FSBP's and CIS's encryption controls accept any KMS key, AWS-managed ones included: none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::EC2::LaunchTemplate'],
  needs: ['ec2.launchTemplateVolumes'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    "Give every blockDeviceMappings entry of the LaunchTemplate (the root device included) ebs { encrypted: 'true', kmsKeyId: kmsKey.arn }, where kmsKey is the stack's own enabled KmsKey; without kmsKeyId the volumes use the account's EBS default key (aws/ebs unless changed). Make the new version the default (updateDefaultVersion: true).",
  evaluate: ({ facts, related }) => {
    const f = facts['ec2.launchTemplateVolumes'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('the launch template was not read');
    const t = f.value;
    return judgeCmkDevices(t.volumes, related, { launchTemplateId: t.launchTemplateId, version: t.version, ...(t.encryptionByDefault !== undefined ? { encryptionByDefault: t.encryptionByDefault } : {}) });
  },
});
