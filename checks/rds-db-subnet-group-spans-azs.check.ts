import { defineCheck, error } from '../src/engine/define.js';
import { judgeSubnetGroup } from '../src/judge/subnet-group.js';

export default defineCheck({
  id: 'rds-db-subnet-group-spans-azs',
  title: 'RDS DB subnet group spans enough availability zones',
  severity: 'medium',
  family: 'availability',
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  needs: ['rds.instance', 'rds.cluster'],
  params: {
    minAzs: { type: 'integer', default: 2, min: 1, description: 'The fewest distinct availability zones the DB subnet group\'s subnets must span.' },
  },
  // Subnets a subnet group lists without their zone are looked up here.
  relatedNeeds: { 'AWS::EC2::Subnet': ['ec2.subnet'], 'AWS::EC2::VPC': ['ec2.vpcSubnets'] },
  remediation:
    'List subnets in at least minAzs availability zones in the DbSubnetGroup subnetIds (one Subnet per zone, each with its own availabilityZone), and point the DbInstance or RdsCluster at it with dbSubnetGroupName.',
  evaluate: ({ resource, facts, params, related }) => {
    const f = resource.type === 'AWS::RDS::DBCluster' ? facts['rds.cluster'] : facts['rds.instance'];
    const what = resource.type === 'AWS::RDS::DBCluster' ? 'DB cluster' : 'DB instance';
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error(`RDS returned no description of the ${what}`);
    const group = f.value.subnetGroup;
    if (group === undefined) return error(`RDS reported no DB subnet group for the ${what}, so its zones are unknown`, { subnetGroup: '(none reported)' });
    return judgeSubnetGroup(group, params.minAzs, related, 'DB subnet group');
  },
});
