import { defineCheck, error, skipped } from '../src/engine/define.js';
import { judgeCmkDevices } from '../src/judge/cmk-devices.js';

export default defineCheck({
  id: 'ec2-instance-ebs-encrypted-with-cmk',
  title: "Every EBS volume attached to the EC2 instance is encrypted with the stack's enabled customer-managed KMS key",
  severity: 'high',
  family: 'cmk',
  // FSBP's and CIS's encryption controls accept any KMS key, AWS-managed ones included: none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::EC2::Instance'],
  needs: ['ec2.instanceVolumes'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    "Set rootBlockDevice { encrypted: true, kmsKeyId: kmsKey.arn } and the same on every ebsBlockDevice of the Instance (and encrypted: true, kmsKeyId on any EbsVolume attached to it), where kmsKey is the stack's own enabled KmsKey. An existing volume cannot be encrypted in place: snapshot it, copy the snapshot with the key, and replace the volume (changing the Instance's root device replaces the instance).",
  evaluate: ({ facts, related }) => {
    const f = facts['ec2.instanceVolumes'];
    if (f.state === 'unknown') return error(f.reason);
    const devices = f.state === 'present' ? f.value : [];
    if (devices.length === 0) return skipped('the instance has no EBS volumes attached (instance store only)', { volumes: {} });
    return judgeCmkDevices(devices, related);
  },
});
