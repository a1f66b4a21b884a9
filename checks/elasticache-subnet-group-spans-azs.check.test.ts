import { absent, present, unknown } from '../src/facts/fact.js';
import type { ElastiCacheReplicationGroupFacts, SubnetFacts, SubnetGroupFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './elasticache-subnet-group-spans-azs.check.js';

const subnetGroup = (...subnets: Array<[string, string | undefined]>): SubnetGroupFacts => ({
  name: 'cache-subnets',
  subnets: subnets.map(([subnetId, az]) => (az === undefined ? { subnetId } : { subnetId, availabilityZone: az })),
});
const replicationGroup = (group: SubnetGroupFacts | undefined): ElastiCacheReplicationGroupFacts => ({
  id: 'cache',
  atRestEncryptionEnabled: true,
  transitEncryptionEnabled: true,
  automaticFailover: 'enabled',
  multiAZ: 'enabled',
  nodeGroups: [],
  ...(group ? { subnetGroup: group } : {}),
});
const subnet = (id: string, az: string): SubnetFacts => ({ subnetId: id, vpcId: 'vpc-0abc', availabilityZone: az, mapPublicIpOnLaunch: false, tier: 'private' });
const subnetRef = (id: string) => ({ type: 'AWS::EC2::Subnet' as const, id, region: 'us-east-1', keys: [`TapStackdev.private_subnet_ids[${id.slice(-1)}]`] });

runCheckCases(check, {
  pass: [
    {
      name: 'cache subnet group in two zones',
      facts: { 'elasticache.replicationGroup': present(replicationGroup(subnetGroup(['subnet-1', 'us-east-1a'], ['subnet-2', 'us-east-1b']))) },
      expectEvidence: { minAzs: 2, subnetGroup: 'cache-subnets', subnets: { 'subnet-1': 'us-east-1a', 'subnet-2': 'us-east-1b' }, azs: ['us-east-1a', 'us-east-1b'] },
    },
    {
      name: 'minAzs 3 with three zones',
      params: { minAzs: 3 },
      facts: {
        'elasticache.replicationGroup': present(replicationGroup(subnetGroup(['subnet-1', 'us-east-1a'], ['subnet-2', 'us-east-1b'], ['subnet-3', 'us-east-1c']))),
      },
      expectEvidence: { minAzs: 3, azs: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
    },
    {
      name: 'zones the group does not report are found from the outputs\' subnets',
      facts: { 'elasticache.replicationGroup': present(replicationGroup(subnetGroup(['subnet-1', undefined], ['subnet-2', undefined]))) },
      related: [
        { resource: subnetRef('subnet-1'), facts: { 'ec2.subnet': present(subnet('subnet-1', 'us-east-1a')) } },
        { resource: subnetRef('subnet-2'), facts: { 'ec2.subnet': present(subnet('subnet-2', 'us-east-1b')) } },
      ],
      expectEvidence: { zonesFromEc2: ['subnet-1', 'subnet-2'], subnets: { 'subnet-1': 'us-east-1a', 'subnet-2': 'us-east-1b' } },
    },
    {
      name: 'zones the group does not report are found from the outputs\' VPC',
      facts: { 'elasticache.replicationGroup': present(replicationGroup(subnetGroup(['subnet-1', 'us-east-1a'], ['subnet-2', undefined]))) },
      related: [
        {
          resource: { type: 'AWS::EC2::VPC', id: 'vpc-0abc', region: 'us-east-1', keys: ['TapStackdev.vpc_id'] },
          facts: { 'ec2.vpcSubnets': present([subnet('subnet-1', 'us-east-1a'), subnet('subnet-2', 'us-east-1b')]) },
        },
      ],
      expectEvidence: { zonesFromEc2: ['subnet-2'], azs: ['us-east-1a', 'us-east-1b'] },
    },
  ],
  fail: [
    {
      name: 'cache subnet group in one zone',
      facts: { 'elasticache.replicationGroup': present(replicationGroup(subnetGroup(['subnet-1', 'us-east-1a'], ['subnet-2', 'us-east-1a']))) },
      expectEvidence: { subnets: { 'subnet-1': 'us-east-1a', 'subnet-2': 'us-east-1a' }, azs: ['us-east-1a'] },
    },
    {
      name: 'cache subnet group with a single subnet',
      facts: { 'elasticache.replicationGroup': present(replicationGroup(subnetGroup(['subnet-1', 'us-east-1a']))) },
      expectEvidence: { subnets: { 'subnet-1': 'us-east-1a' }, azs: ['us-east-1a'] },
    },
    {
      name: 'minAzs 3 with two zones',
      params: { minAzs: 3 },
      facts: {
        'elasticache.replicationGroup': present(replicationGroup(subnetGroup(['subnet-1', 'us-east-1a'], ['subnet-2', 'us-east-1b'], ['subnet-3', 'us-east-1a']))),
      },
      expectEvidence: { minAzs: 3, azs: ['us-east-1a', 'us-east-1b'] },
    },
    {
      name: 'a single subnet fails although its zone could not be read',
      facts: { 'elasticache.replicationGroup': present(replicationGroup(subnetGroup(['subnet-1', undefined]))) },
      expectEvidence: { unreadAzs: ['subnet-1'], subnets: { 'subnet-1': '(unknown)' } },
    },
  ],
  error: [
    { name: 'the replication group could not be described (AccessDenied)', facts: { 'elasticache.replicationGroup': unknown('AccessDenied: elasticache:DescribeReplicationGroups') } },
    { name: 'no description came back', facts: { 'elasticache.replicationGroup': absent() } },
    {
      name: 'the cache subnet group could not be read',
      facts: { 'elasticache.replicationGroup': present(replicationGroup(undefined)) },
      expectEvidence: { subnetGroup: '(not read)' },
    },
    {
      name: 'subnet zones not reported and no EC2 fact names them',
      facts: { 'elasticache.replicationGroup': present(replicationGroup(subnetGroup(['subnet-1', undefined], ['subnet-2', undefined]))) },
      expectEvidence: { unreadAzs: ['subnet-1', 'subnet-2'], azs: [] },
    },
    {
      name: 'a subnet zone not reported and its EC2 fact unknown',
      facts: { 'elasticache.replicationGroup': present(replicationGroup(subnetGroup(['subnet-1', 'us-east-1a'], ['subnet-2', undefined]))) },
      related: [{ resource: subnetRef('subnet-2'), facts: { 'ec2.subnet': unknown('AccessDenied: ec2:DescribeSubnets') } }],
      expectEvidence: { unreadAzs: ['subnet-2'], subnets: { 'subnet-1': 'us-east-1a', 'subnet-2': '(unknown)' } },
    },
  ],
});
