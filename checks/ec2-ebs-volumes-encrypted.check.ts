import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';
import type { EbsDeviceKey } from '../src/facts/catalogue.js';

function label(d: EbsDeviceKey, i: number): string {
  return [d.deviceName, d.volumeId].filter(Boolean).join(' ') || `volume ${i + 1}`;
}

/**
 * Encryption at rest, whatever the key: every EBS volume attached to an instance, a named volume,
 * and every volume a launch template (a template the outputs name, or the version an Auto Scaling
 * group uses) launches. Which key encrypts them is the CMK checks' business.
 */
export default defineCheck({
  id: 'ec2-ebs-volumes-encrypted',
  title: 'EBS volumes are encrypted at rest (attached to the instance, the volume itself, or launched by the template or group)',
  severity: 'high',
  family: 'encryption',
  // CIS 2.2.1 is the account's EBS encryption by default (EC2.7), not a volume's own encryption.
  controls: { fsbp: ['EC2.3', 'EC2.181'], cis: [] },
  appliesTo: ['AWS::EC2::Instance', 'AWS::EC2::Volume', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::AutoScalingGroup'],
  needs: ['ec2.instanceVolumes', 'ec2.volume', 'ec2.launchTemplateVolumes'],
  remediation:
    "Set encrypted: true on the EbsVolume, on the Instance's rootBlockDevice and every ebsBlockDevice, and on every blockDeviceMappings ebs of the LaunchTemplate (or turn on EBS encryption by default for the account and region with EbsEncryptionByDefault). An existing volume cannot be encrypted in place: snapshot it, copy the snapshot encrypted, and replace the volume.",
  evaluate: ({ resource, facts }) => {
    if (resource.type === 'AWS::EC2::Volume') {
      const v = facts['ec2.volume'];
      if (v.state === 'unknown') return error(v.reason);
      if (v.state === 'absent') return error('the volume was not read');
      const evidence = { volumeId: v.value.volumeId, encrypted: v.value.encrypted };
      return v.value.encrypted ? pass('the volume is encrypted at rest', evidence) : fail('the volume is not encrypted at rest', evidence);
    }
    let devices: readonly EbsDeviceKey[];
    const extra: Record<string, unknown> = {};
    if (resource.type === 'AWS::EC2::Instance') {
      const f = facts['ec2.instanceVolumes'];
      if (f.state === 'unknown') return error(f.reason);
      devices = f.state === 'present' ? f.value : [];
      if (devices.length === 0) return skipped('the instance has no EBS volumes attached (instance store only)', { volumes: {} });
    } else {
      const f = facts['ec2.launchTemplateVolumes'];
      if (f.state === 'unknown') return error(f.reason);
      if (f.state === 'absent') return error('the launch template was not read');
      devices = f.value.volumes;
      Object.assign(extra, { launchTemplateId: f.value.launchTemplateId, version: f.value.version });
    }
    const volumes = Object.fromEntries(devices.map((d, i) => [label(d, i), d.encrypted ?? 'unknown']));
    const evidence = { ...extra, volumes };
    const plain = devices.map((d, i) => [d, label(d, i)] as const).filter(([d]) => d.encrypted === false);
    if (plain.length > 0) {
      const why = plain.map(([d, l]) => (d.keyRef.state === 'absent' && d.keyRef.reason ? `${l} (${d.keyRef.reason})` : l));
      return fail(`not encrypted at rest: ${why.join('; ')}`, { ...evidence, unencrypted: plain.map(([, l]) => l) });
    }
    const unread = devices.map((d, i) => [d, label(d, i)] as const).filter(([d]) => d.encrypted === undefined);
    if (unread.length > 0) {
      return error(`whether ${unread.map(([, l]) => l).join(', ')} ${unread.length === 1 ? 'is' : 'are'} encrypted could not be read: ${unread.map(([d]) => (d.keyRef.state === 'unknown' ? d.keyRef.reason : 'not reported')).join('; ')}`, evidence);
    }
    return pass(`every EBS volume (${devices.length}) is encrypted at rest`, evidence);
  },
});
