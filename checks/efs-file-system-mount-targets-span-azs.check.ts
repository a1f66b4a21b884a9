import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'efs-file-system-mount-targets-span-azs',
  title: 'EFS file system has available mount targets in enough availability zones',
  severity: 'medium',
  family: 'availability',
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::EFS::FileSystem'],
  needs: ['efs.mountTargets'],
  params: {
    minAzs: { type: 'integer', default: 2, min: 1, description: 'The fewest distinct availability zones with an available mount target.' },
  },
  remediation:
    'Add an EfsMountTarget for the file system in a subnet of each availability zone its clients run in, at least minAzs zones (one per zone: for_each over the private subnets), so that clients in a zone keep their mount when another zone fails.',
  evaluate: ({ facts, params }) => {
    const f = facts['efs.mountTargets'];
    if (f.state === 'unknown') return error(f.reason);
    const targets = f.state === 'present' ? f.value : [];
    const unzoned = targets.filter((t) => t.lifeCycleState === 'available' && !t.availabilityZoneName && !t.availabilityZoneId);
    if (unzoned.length > 0) return error(`EFS did not report the availability zone of ${unzoned.map((t) => t.mountTargetId).join(', ')}`);
    const available = targets.filter((t) => t.lifeCycleState === 'available');
    const zones = [...new Set(available.map((t) => t.availabilityZoneName ?? t.availabilityZoneId!))].sort();
    const evidence = {
      minAzs: params.minAzs,
      azs: zones,
      mountTargets: Object.fromEntries(targets.map((t) => [t.mountTargetId, { availabilityZone: t.availabilityZoneName ?? t.availabilityZoneId, state: t.lifeCycleState, subnetId: t.subnetId }])),
    };
    if (targets.length === 0) return fail('the file system has no mount targets', evidence);
    if (zones.length < params.minAzs) return fail(`available mount targets in ${zones.length} availability zone${zones.length === 1 ? '' : 's'} (${zones.join(', ') || 'none'}), fewer than ${params.minAzs}`, evidence);
    return pass(`available mount targets in ${zones.length} availability zones (${zones.join(', ')})`, evidence);
  },
});
