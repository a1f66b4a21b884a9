import { defineCheck, error } from '../src/engine/define.js';
import { judgeCmkDevices } from '../src/judge/cmk-devices.js';

export default defineCheck({
  id: 'autoscaling-group-ebs-encrypted-with-cmk',
  title: "The launch template version an Auto Scaling group uses encrypts every EBS volume with the stack's enabled customer-managed KMS key",
  severity: 'high',
  family: 'cmk',
  // FSBP's and CIS's encryption controls accept any KMS key, AWS-managed ones included: none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::AutoScaling::AutoScalingGroup'],
  needs: ['ec2.launchTemplateVolumes'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    "In the LaunchTemplate the AutoscalingGroup uses, give every blockDeviceMappings entry (the root device included) ebs { encrypted: 'true', kmsKeyId: kmsKey.arn }, where kmsKey is the stack's own enabled KmsKey; without kmsKeyId the volumes use the account's EBS default key (aws/ebs unless changed). Point the group at the new version (launchTemplate { id, version: '$Latest' }) and refresh its instances.",
  evaluate: ({ facts, related }) => {
    const f = facts['ec2.launchTemplateVolumes'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('the launch template of the group was not read');
    const t = f.value;
    return judgeCmkDevices(t.volumes, related, { launchTemplateId: t.launchTemplateId, version: t.version, ...(t.encryptionByDefault !== undefined ? { encryptionByDefault: t.encryptionByDefault } : {}) });
  },
});
