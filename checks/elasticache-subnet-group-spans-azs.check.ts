import { defineCheck, error, fail, pass, type RelatedView, type Verdict } from '../src/engine/define.js';
import type { SubnetGroupFacts } from '../src/facts/catalogue.js';

const UNKNOWN_AZ = '(unknown)';

/**
 * The zone of a subnet the group lists without one (some ElastiCache endpoints leave
 * `SubnetAvailabilityZone` empty), from the EC2 facts of the run's subnets and VPCs.
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

function judge(group: SubnetGroupFacts, minAzs: number, related: RelatedView): Verdict {
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
  if (group.subnets.length < minAzs) {
    return fail(`the cache subnet group ${group.name} has ${group.subnets.length} subnet(s), fewer than ${minAzs} availability zones`, evidence);
  }
  if (unread.length > 0) return error(`the availability zone of ${unread.join(', ')} in the cache subnet group ${group.name} could not be read`, evidence);
  if (azs.length < minAzs) {
    return fail(`the cache subnet group ${group.name} spans ${azs.length} availability zone(s) (${azs.join(', ')}), fewer than ${minAzs}`, evidence);
  }
  return pass(`the cache subnet group ${group.name} spans ${azs.join(', ')}`, evidence);
}

export default defineCheck({
  id: 'elasticache-subnet-group-spans-azs',
  title: 'ElastiCache subnet group spans enough availability zones',
  severity: 'medium',
  appliesTo: ['AWS::ElastiCache::ReplicationGroup'],
  needs: ['elasticache.replicationGroup'],
  params: {
    minAzs: { type: 'integer', default: 2, min: 1, description: 'The fewest distinct availability zones the cache subnet group\'s subnets must span.' },
  },
  // Subnets a subnet group lists without their zone are looked up here.
  relatedNeeds: { 'AWS::EC2::Subnet': ['ec2.subnet'], 'AWS::EC2::VPC': ['ec2.vpcSubnets'] },
  remediation:
    'List subnets in at least minAzs availability zones in the ElasticacheSubnetGroup subnetIds (one Subnet per zone, each with its own availabilityZone), and point the ElasticacheReplicationGroup at it with subnetGroupName.',
  evaluate: ({ facts, params, related }) => {
    const f = facts['elasticache.replicationGroup'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('ElastiCache returned no description of the replication group');
    const group = f.value.subnetGroup;
    if (group === undefined) {
      const why = f.value.subnetGroupUnread ?? 'it was not reported';
      return error(`the cache subnet group of the replication group could not be read (${why}), so its zones are unknown`, { subnetGroup: '(not read)', reason: why });
    }
    return judge(group, params.minAzs, related);
  },
});
