import { present, unknown } from '../src/facts/fact.js';
import type { NatGatewayFacts, VpcNatFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './ec2-vpc-nat-gateways-span-azs.check.js';

const nat = (id: string, az: string, state = 'available'): NatGatewayFacts => ({ natGatewayId: id, subnetId: `subnet-pub-${az.slice(-1)}`, availabilityZone: az, state, connectivityType: 'public' });
const pub = (az: string): VpcNatFacts['subnets'][number] => ({ subnetId: `subnet-pub-${az.slice(-1)}`, availabilityZone: az, tier: 'public' });
const priv = (az: string, natGatewayId?: string): VpcNatFacts['subnets'][number] => ({
  subnetId: `subnet-priv-${az.slice(-1)}`,
  availabilityZone: az,
  tier: 'private',
  ...(natGatewayId ? { natGatewayId } : {}),
});
const vpc = (natGateways: NatGatewayFacts[], subnets: VpcNatFacts['subnets']) => ({ 'ec2.vpcNat': present<VpcNatFacts>({ vpcId: 'vpc-0abc', natGateways, subnets }) });

const A = 'us-east-1a';
const B = 'us-east-1b';
const C = 'us-east-1c';

runCheckCases(check, {
  pass: [
    {
      name: 'one NAT gateway per zone, each private subnet through its own zone',
      facts: vpc([nat('nat-a', A), nat('nat-b', B)], [pub(A), pub(B), priv(A, 'nat-a'), priv(B, 'nat-b')]),
      expectEvidence: { minAzs: 2, natAzs: [A, B], publicAzs: [A, B], routes: { 'subnet-priv-a': { natGatewayId: 'nat-a' } } },
    },
    {
      name: 'a NAT gateway named by the outputs, judged by its VPC (resource type NatGateway)',
      resource: { type: 'AWS::EC2::NatGateway', id: 'nat-a' },
      facts: vpc([nat('nat-a', A), nat('nat-b', B)], [pub(A), pub(B), priv(A, 'nat-a'), priv(B, 'nat-b')]),
    },
    {
      name: 'minAzs 1 and one zone only',
      params: { minAzs: 1 },
      facts: vpc([nat('nat-a', A)], [pub(A), priv(A, 'nat-a')]),
    },
    {
      name: 'sameAzRoutes off allows a cross-zone route',
      params: { sameAzRoutes: false },
      facts: vpc([nat('nat-a', A), nat('nat-b', B)], [pub(A), pub(B), priv(A, 'nat-a'), priv(B, 'nat-a'), { ...priv(C, 'nat-b'), subnetId: 'subnet-priv-c' }]),
    },
  ],
  fail: [
    {
      name: 'a single NAT gateway for two zones',
      facts: vpc([nat('nat-a', A)], [pub(A), pub(B), priv(A, 'nat-a'), priv(B, 'nat-a')]),
      expectEvidence: { natAzs: [A], zonesWithoutNat: [B] },
    },
    {
      name: 'two NAT gateways but every subnet routes through one',
      facts: vpc([nat('nat-a', A), nat('nat-b', B)], [pub(A), pub(B), priv(A, 'nat-a'), priv(B, 'nat-a')]),
      expectEvidence: { natAzs: [A], crossZoneRoutes: ['subnet-priv-b'] },
    },
    {
      name: 'a zone with public subnets but no NAT gateway (onePerPublicAz)',
      facts: vpc([nat('nat-a', A), nat('nat-b', B)], [pub(A), pub(B), pub(C), priv(A, 'nat-a'), priv(B, 'nat-b')]),
      expectEvidence: { zonesWithoutNat: [C] },
    },
    {
      name: 'a route through a failed NAT gateway',
      facts: vpc([nat('nat-a', A), nat('nat-b', B, 'failed')], [pub(A), pub(B), priv(A, 'nat-a'), priv(B, 'nat-b')]),
      expectEvidence: { natAzs: [A] },
    },
    {
      name: 'minAzs 3 with two zones',
      params: { minAzs: 3 },
      facts: vpc([nat('nat-a', A), nat('nat-b', B)], [pub(A), pub(B), priv(A, 'nat-a'), priv(B, 'nat-b')]),
      expectEvidence: { minAzs: 3 },
    },
  ],
  error: [
    { name: 'the NAT gateways could not be described', facts: { 'ec2.vpcNat': unknown('ec2:DescribeNatGateways AccessDenied') } },
    { name: 'the route tables could not be read', facts: { 'ec2.vpcNat': unknown('the routes of vpc-0abc are unknown: could not describe route tables') } },
  ],
  skipped: [{ name: 'no subnet routes through a NAT gateway', facts: vpc([], [pub(A), pub(B), priv(A), priv(B)]) }],
});
