import { absent, present, unknown } from '../src/facts/fact.js';
import type { EfsMountTargetFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './efs-file-system-mount-targets-span-azs.check.js';

const mt = (id: string, az: string, state = 'available'): EfsMountTargetFacts => ({ mountTargetId: id, subnetId: `subnet-${id}`, availabilityZoneName: az, lifeCycleState: state });

runCheckCases(check, {
  pass: [
    {
      name: 'mount targets in two zones',
      facts: { 'efs.mountTargets': present([mt('fsmt-a', 'us-east-1a'), mt('fsmt-b', 'us-east-1b')]) },
      expectEvidence: { azs: ['us-east-1a', 'us-east-1b'], mountTargets: { 'fsmt-a': { availabilityZone: 'us-east-1a', state: 'available' } } },
    },
    { name: 'zone ids only', facts: { 'efs.mountTargets': present([{ mountTargetId: 'fsmt-a', availabilityZoneId: 'use1-az1', lifeCycleState: 'available' }, { mountTargetId: 'fsmt-b', availabilityZoneId: 'use1-az2', lifeCycleState: 'available' }]) } },
  ],
  fail: [
    { name: 'no mount targets', facts: { 'efs.mountTargets': present([]) }, expectEvidence: { azs: [] } },
    { name: 'no mount targets reported', facts: { 'efs.mountTargets': absent() }, expectEvidence: { azs: [] } },
    { name: 'one zone', facts: { 'efs.mountTargets': present([mt('fsmt-a', 'us-east-1a')]) }, expectEvidence: { azs: ['us-east-1a'] } },
    { name: 'the second zone is still being created', facts: { 'efs.mountTargets': present([mt('fsmt-a', 'us-east-1a'), mt('fsmt-b', 'us-east-1b', 'creating')]) }, expectEvidence: { azs: ['us-east-1a'] } },
  ],
  error: [
    { name: 'the mount targets could not be described', facts: { 'efs.mountTargets': unknown('elasticfilesystem:DescribeMountTargets AccessDenied') } },
    { name: 'a mount target without its zone', facts: { 'efs.mountTargets': present([{ mountTargetId: 'fsmt-a', lifeCycleState: 'available' }]) } },
  ],
});
