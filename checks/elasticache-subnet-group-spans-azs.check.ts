import { defineCheck, error } from '../src/engine/define.js';
import { judgeSubnetGroup } from '../src/judge/subnet-group.js';

export default defineCheck({
  id: 'elasticache-subnet-group-spans-azs',
  title: 'ElastiCache subnet group spans enough availability zones',
  severity: 'medium',
  family: 'availability',
  // ElastiCache.7 asks only that a cluster not use the default subnet group, not that its subnets span zones.
  controls: { fsbp: [], cis: [] },
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
    return judgeSubnetGroup(group, params.minAzs, related, 'cache subnet group');
  },
});
