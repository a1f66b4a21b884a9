import { absent, present, unknown } from '../src/facts/fact.js';
import type { SubnetFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './ec2-vpc-subnets-span-azs.check.js';

const subnet = (id: string, az: string, tier: SubnetFacts['tier']): SubnetFacts => ({
  subnetId: id,
  vpcId: 'vpc-0abc',
  availabilityZone: az,
  mapPublicIpOnLaunch: tier === 'public',
  tier,
});
const pubA = subnet('subnet-pub-a', 'us-east-1a', 'public');
const pubB = subnet('subnet-pub-b', 'us-east-1b', 'public');
const pubC = subnet('subnet-pub-c', 'us-east-1c', 'public');
const privA = subnet('subnet-priv-a', 'us-east-1a', 'private');
const privB = subnet('subnet-priv-b', 'us-east-1b', 'private');
const privC = subnet('subnet-priv-c', 'us-east-1c', 'private');
const privA2 = subnet('subnet-priv-a2', 'us-east-1a', 'private');

runCheckCases(check, {
  pass: [
    {
      name: 'public and private tiers each in two zones',
      facts: { 'ec2.vpcSubnets': present([pubA, pubB, privA, privB]) },
      expectEvidence: {
        minAzs: 2,
        tiers: { public: { 'subnet-pub-a': 'us-east-1a', 'subnet-pub-b': 'us-east-1b' }, private: { 'subnet-priv-a': 'us-east-1a', 'subnet-priv-b': 'us-east-1b' } },
        azs: { public: ['us-east-1a', 'us-east-1b'], private: ['us-east-1a', 'us-east-1b'] },
      },
    },
    {
      name: 'private-only VPC in two zones',
      facts: { 'ec2.vpcSubnets': present([privA, privB]) },
      expectEvidence: { azs: { private: ['us-east-1a', 'us-east-1b'] } },
    },
    {
      name: 'minAzs 3 with both tiers in three zones',
      params: { minAzs: 3 },
      facts: { 'ec2.vpcSubnets': present([pubA, pubB, pubC, privA, privB, privC]) },
      expectEvidence: { minAzs: 3, azs: { public: ['us-east-1a', 'us-east-1b', 'us-east-1c'], private: ['us-east-1a', 'us-east-1b', 'us-east-1c'] } },
    },
    {
      name: 'minAzs 1 with a single-zone VPC',
      params: { minAzs: 1 },
      facts: { 'ec2.vpcSubnets': present([privA]) },
      expectEvidence: { minAzs: 1, azs: { private: ['us-east-1a'] } },
    },
  ],
  fail: [
    {
      name: 'VPC with no subnets',
      facts: { 'ec2.vpcSubnets': present([]) },
      expectEvidence: { subnets: 0 },
    },
    {
      name: 'VPC whose subnet list AWS reports as not configured',
      facts: { 'ec2.vpcSubnets': absent() },
      expectEvidence: { subnets: 0 },
    },
    {
      name: 'all subnets in one zone',
      facts: { 'ec2.vpcSubnets': present([pubA, privA]) },
      expectEvidence: { short: ['public', 'private'], azs: { public: ['us-east-1a'], private: ['us-east-1a'] } },
    },
    {
      name: 'two zones overall, but the public tier sits in one',
      facts: { 'ec2.vpcSubnets': present([pubA, privA, privB]) },
      expectEvidence: { short: ['public'], tiers: { public: { 'subnet-pub-a': 'us-east-1a' } } },
    },
    {
      name: 'two private subnets in the same zone',
      facts: { 'ec2.vpcSubnets': present([privA, privA2]) },
      expectEvidence: { short: ['private'], tiers: { private: { 'subnet-priv-a': 'us-east-1a', 'subnet-priv-a2': 'us-east-1a' } } },
    },
    {
      name: 'minAzs 3 with tiers in two zones',
      params: { minAzs: 3 },
      facts: { 'ec2.vpcSubnets': present([pubA, pubB, privA, privB, privC]) },
      expectEvidence: { minAzs: 3, short: ['public'], azs: { private: ['us-east-1a', 'us-east-1b', 'us-east-1c'] } },
    },
  ],
  error: [
    { name: 'the subnets could not be listed (AccessDenied)', facts: { 'ec2.vpcSubnets': unknown('AccessDenied: ec2:DescribeSubnets') } },
    { name: 'a subnet tier could not be read', facts: { 'ec2.vpcSubnets': unknown('the tier of subnet-pub-a is unknown: could not describe route tables') } },
    { name: 'the VPC does not exist', facts: { 'ec2.vpcSubnets': unknown('the VPC vpc-0abc does not exist in us-east-1') } },
  ],
});
