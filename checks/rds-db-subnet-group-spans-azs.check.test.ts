import { absent, present, unknown } from '../src/facts/fact.js';
import type { RdsClusterFacts, RdsInstanceFacts, SubnetFacts, SubnetGroupFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './rds-db-subnet-group-spans-azs.check.js';

const group = (...subnets: Array<[string, string | undefined]>): SubnetGroupFacts => ({
  name: 'app-db-subnets',
  subnets: subnets.map(([subnetId, az]) => (az === undefined ? { subnetId } : { subnetId, availabilityZone: az })),
});
const instance = (subnetGroup: SubnetGroupFacts | undefined): RdsInstanceFacts => ({
  id: 'app-db',
  engine: 'postgres',
  multiAZ: true,
  storageEncrypted: true,
  ...(subnetGroup ? { subnetGroup } : {}),
});
const cluster = (subnetGroup: SubnetGroupFacts | undefined): RdsClusterFacts => ({
  id: 'app-cluster',
  engine: 'aurora-postgresql',
  multiAZ: true,
  storageEncrypted: true,
  members: [],
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  ...(subnetGroup ? { subnetGroup } : {}),
});
const asCluster = { type: 'AWS::RDS::DBCluster' as const, id: 'app-cluster' };
const subnet = (id: string, az: string): SubnetFacts => ({ subnetId: id, vpcId: 'vpc-0abc', availabilityZone: az, mapPublicIpOnLaunch: false, tier: 'private' });

const twoZones = group(['subnet-a', 'us-east-1a'], ['subnet-b', 'us-east-1b']);
const oneZone = group(['subnet-a', 'us-east-1a'], ['subnet-b', 'us-east-1a']);

runCheckCases(check, {
  pass: [
    {
      name: 'DB instance subnet group in two zones',
      facts: { 'rds.instance': present(instance(twoZones)) },
      expectEvidence: { minAzs: 2, subnetGroup: 'app-db-subnets', subnets: { 'subnet-a': 'us-east-1a', 'subnet-b': 'us-east-1b' }, azs: ['us-east-1a', 'us-east-1b'] },
    },
    {
      name: 'DB cluster subnet group in two zones',
      resource: asCluster,
      facts: { 'rds.cluster': present(cluster(twoZones)) },
      expectEvidence: { azs: ['us-east-1a', 'us-east-1b'] },
    },
    {
      name: 'minAzs 3 with three zones',
      params: { minAzs: 3 },
      facts: { 'rds.instance': present(instance(group(['subnet-a', 'us-east-1a'], ['subnet-b', 'us-east-1b'], ['subnet-c', 'us-east-1c']))) },
      expectEvidence: { minAzs: 3, azs: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
    },
    {
      name: 'a zone the group leaves out is found from the outputs\' subnet',
      facts: { 'rds.instance': present(instance(group(['subnet-a', 'us-east-1a'], ['subnet-b', undefined]))) },
      related: [{ resource: { type: 'AWS::EC2::Subnet', id: 'subnet-b', region: 'us-east-1', keys: ['SubnetB'] }, facts: { 'ec2.subnet': present(subnet('subnet-b', 'us-east-1b')) } }],
      expectEvidence: { subnets: { 'subnet-b': 'us-east-1b' }, zonesFromEc2: ['subnet-b'], azs: ['us-east-1a', 'us-east-1b'] },
    },
    {
      name: 'zones the group leaves out are found from the outputs\' VPC',
      resource: asCluster,
      facts: { 'rds.cluster': present(cluster(group(['subnet-a', undefined], ['subnet-b', undefined]))) },
      related: [
        {
          resource: { type: 'AWS::EC2::VPC', id: 'vpc-0abc', region: 'us-east-1', keys: ['VpcId'] },
          facts: { 'ec2.vpcSubnets': present([subnet('subnet-a', 'us-east-1a'), subnet('subnet-b', 'us-east-1c')]) },
        },
      ],
      expectEvidence: { zonesFromEc2: ['subnet-a', 'subnet-b'], azs: ['us-east-1a', 'us-east-1c'] },
    },
  ],
  fail: [
    {
      name: 'DB instance subnet group in one zone',
      facts: { 'rds.instance': present(instance(oneZone)) },
      expectEvidence: { subnets: { 'subnet-a': 'us-east-1a', 'subnet-b': 'us-east-1a' }, azs: ['us-east-1a'] },
    },
    {
      name: 'DB cluster subnet group in one zone',
      resource: asCluster,
      facts: { 'rds.cluster': present(cluster(oneZone)) },
      expectEvidence: { subnetGroup: 'app-db-subnets', azs: ['us-east-1a'] },
    },
    {
      name: 'minAzs 3 with two zones',
      params: { minAzs: 3 },
      facts: { 'rds.instance': present(instance(group(['subnet-a', 'us-east-1a'], ['subnet-b', 'us-east-1b'], ['subnet-c', 'us-east-1b']))) },
      expectEvidence: { minAzs: 3, azs: ['us-east-1a', 'us-east-1b'] },
    },
    {
      name: 'minAzs 3 with two subnets fails although a zone could not be read',
      params: { minAzs: 3 },
      facts: { 'rds.instance': present(instance(group(['subnet-a', 'us-east-1a'], ['subnet-b', undefined]))) },
      expectEvidence: { minAzs: 3, unreadAzs: ['subnet-b'], subnets: { 'subnet-b': '(unknown)' } },
    },
    {
      name: 'a subnet group with one subnet',
      facts: { 'rds.instance': present(instance(group(['subnet-a', 'us-east-1a']))) },
      expectEvidence: { subnets: { 'subnet-a': 'us-east-1a' }, azs: ['us-east-1a'] },
    },
  ],
  error: [
    { name: 'the DB instance could not be described (AccessDenied)', facts: { 'rds.instance': unknown('AccessDenied: rds:DescribeDBInstances') } },
    { name: 'the DB cluster\'s subnet group could not be described', resource: asCluster, facts: { 'rds.cluster': unknown('could not describe the DB subnet group app-db-subnets: AccessDenied') } },
    { name: 'no description of the DB instance came back', facts: { 'rds.instance': absent() } },
    { name: 'the DB instance reports no subnet group', facts: { 'rds.instance': present(instance(undefined)) }, expectEvidence: { subnetGroup: '(none reported)' } },
    { name: 'the DB cluster reports no subnet group', resource: asCluster, facts: { 'rds.cluster': present(cluster(undefined)) }, expectEvidence: { subnetGroup: '(none reported)' } },
    {
      name: 'a subnet zone could not be read and no EC2 fact names it',
      facts: { 'rds.instance': present(instance(group(['subnet-a', 'us-east-1a'], ['subnet-b', undefined]))) },
      related: [{ resource: { type: 'AWS::EC2::Subnet', id: 'subnet-z', region: 'us-east-1', keys: ['SubnetZ'] }, facts: { 'ec2.subnet': present(subnet('subnet-z', 'us-east-1b')) } }],
      expectEvidence: { unreadAzs: ['subnet-b'], subnets: { 'subnet-a': 'us-east-1a', 'subnet-b': '(unknown)' } },
    },
    {
      name: 'a subnet zone could not be read although two zones are already known',
      facts: { 'rds.instance': present(instance(group(['subnet-a', 'us-east-1a'], ['subnet-b', 'us-east-1b'], ['subnet-c', undefined]))) },
      related: [{ resource: { type: 'AWS::EC2::Subnet', id: 'subnet-c', region: 'us-east-1', keys: ['SubnetC'] }, facts: { 'ec2.subnet': unknown('AccessDenied') } }],
      expectEvidence: { unreadAzs: ['subnet-c'], azs: ['us-east-1a', 'us-east-1b'] },
    },
  ],
});
