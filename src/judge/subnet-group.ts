/**
 * The judgement both subnet-group checks share (RDS DB subnet groups, ElastiCache cache subnet
 * groups): the group's subnets span at least `minAzs` availability zones.
 */
import { error, fail, pass, type RelatedView, type Verdict } from '../engine/define.js';
import type { SubnetGroupFacts } from '../facts/catalogue.js';

const UNKNOWN_AZ = '(unknown)';

/**
 * The zone of a subnet the group lists without one (some ElastiCache endpoints leave
 * `SubnetAvailabilityZone` empty), from the EC2 facts of the run's subnets and VPCs (the subnets
 * the outputs name, and the subnets of the VPCs they name).
 */
function zoneFromEc2(subnetId: string, related: RelatedView): string | undefined {
  const id = subnetId.toLowerCase();
  for (const ref of related.resources('AWS::EC2::Subnet')) {
    const f = related.fact(ref, 'ec2.subnet');
    if (f?.state === 'present' && f.value.subnetId.toLowerCase() === id) return f.value.availabilityZone;
  }
  for (const ref of related.resources('AWS::EC2::VPC')) {
    const f = related.fact(ref, 'ec2.vpcSubnets');
    const s = f?.state === 'present' ? f.value.find((x) => x.subnetId.toLowerCase() === id) : undefined;
    if (s) return s.availabilityZone;
  }
  return undefined;
}

/** Judges whether a DB or cache subnet group spans `minAzs` zones; `kind` names it in messages. */
export function judgeSubnetGroup(group: SubnetGroupFacts, minAzs: number, related: RelatedView, kind: string): Verdict {
  const subnets: Record<string, string> = {};
  const fromEc2: string[] = [];
  const unread: string[] = [];
  for (const s of group.subnets) {
    const az = s.availabilityZone ?? zoneFromEc2(s.subnetId, related);
    if (s.availabilityZone === undefined && az !== undefined) fromEc2.push(s.subnetId);
    if (az === undefined) unread.push(s.subnetId);
    subnets[s.subnetId] = az ?? UNKNOWN_AZ;
  }
  const azs = [...new Set(Object.values(subnets).filter((az) => az !== UNKNOWN_AZ))].sort();
  const evidence = {
    minAzs,
    subnetGroup: group.name,
    subnets,
    azs,
    ...(fromEc2.length > 0 ? { zonesFromEc2: fromEc2 } : {}),
    ...(unread.length > 0 ? { unreadAzs: unread } : {}),
  };
  // Fewer subnets than minAzs cannot span minAzs zones, whatever the unread ones hold.
  if (group.subnets.length < minAzs) return fail(`the ${kind} ${group.name} has ${group.subnets.length} subnet(s), fewer than ${minAzs} availability zones`, evidence);
  if (unread.length > 0) return error(`the availability zone of ${unread.join(', ')} in the ${kind} ${group.name} could not be read`, evidence);
  if (azs.length < minAzs) return fail(`the ${kind} ${group.name} spans ${azs.length} availability zone(s) (${azs.join(', ')}), fewer than ${minAzs}`, evidence);
  return pass(`the ${kind} ${group.name} spans ${azs.join(', ')}`, evidence);
}

