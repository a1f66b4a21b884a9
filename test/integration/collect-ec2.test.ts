/**
 * The EC2 collector against moto_server: a VPC with public subnets (their route table sends
 * 0.0.0.0/0 to an internet gateway), a private subnet behind a NAT gateway and one left on the
 * main route table, in two AZs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
} from '@aws-sdk/client-ec2';
import collector from '../../src/collect/ec2.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { resolveKmsKey } from '../../src/collect/kms.collector.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import type { FactKey, SubnetFacts, VpcFacts } from '../../src/facts/catalogue.js';
import type { Fact } from '../../src/facts/fact.js';
import type { ResourceRef } from '../../src/types.js';

const REGION = 'us-east-1';
const ALL: ReadonlySet<FactKey> = new Set(['ec2.vpc', 'ec2.vpcSubnets', 'ec2.subnet']);
let moto: MotoServer;
const savedEnv = { ...process.env };
let vpcId: string;
/** Subnets by role: public-a, public-b, nat-a, main-b. */
const subnets: Record<string, string> = {};

function context(): CollectContext {
  return createContext(
    { region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 8 },
    { kmsResolver: (c, ref, region) => resolveKmsKey(c, ref, region) },
  );
}

const vpcRef = (id: string): ResourceRef => ({ type: 'AWS::EC2::VPC', id, keys: ['VpcId'] });
const subnetRef = (id: string): ResourceRef => ({ type: 'AWS::EC2::Subnet', id, keys: [`Subnet ${id}`] });

function value<T>(f: Fact<T> | undefined): T {
  if (f?.state !== 'present') throw new Error(`expected a present fact, got ${JSON.stringify(f)}`);
  return f.value;
}

function reasonOf(f: Fact<unknown> | undefined): string {
  if (f?.state !== 'unknown') throw new Error(`expected an unknown fact, got ${JSON.stringify(f)}`);
  return f.reason;
}

beforeAll(async () => {
  moto = await takeMoto();
  Object.assign(process.env, emulatorEnv(moto.endpoint, REGION));
  const ec2 = new EC2Client({ region: REGION, endpoint: moto.endpoint });

  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
  const make = async (role: string, cidr: string, az: string): Promise<string> => {
    const id = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: az }))).Subnet!.SubnetId!;
    subnets[role] = id;
    return id;
  };
  const publicA = await make('public-a', '10.30.0.0/24', 'us-east-1a');
  const publicB = await make('public-b', '10.30.1.0/24', 'us-east-1b');
  const natA = await make('nat-a', '10.30.10.0/24', 'us-east-1a');
  await make('main-b', '10.30.11.0/24', 'us-east-1b');
  await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: publicA, MapPublicIpOnLaunch: { Value: true } }));

  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  const publicRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  for (const s of [publicA, publicB]) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRt, SubnetId: s }));

  const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: publicA, AllocationId: eip }))).NatGateway!.NatGatewayId!;
  const privateRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: privateRt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateRt, SubnetId: natA }));
  // `main-b` stays on the VPC's main route table, which only routes inside the VPC.
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

describe('ec2 collector against moto', () => {
  it('reports the VPC, its subnets and their tiers with one call of each kind', async () => {
    const refs = [vpcRef(vpcId), ...Object.values(subnets).map(subnetRef)];
    const ctx = context();
    const out = await collector.collect(refs, ALL, ctx);

    expect(value(out.get(refs[0]!)?.['ec2.vpc'])).toEqual({ vpcId, cidrBlock: '10.30.0.0/16', state: 'available', isDefault: false } satisfies VpcFacts);
    const bySubnet = (role: string): SubnetFacts => value(out.get(refs.find((r) => r.id === subnets[role])!)?.['ec2.subnet']);
    expect(bySubnet('public-a')).toMatchObject({ subnetId: subnets['public-a'], vpcId, availabilityZone: 'us-east-1a', cidrBlock: '10.30.0.0/24', mapPublicIpOnLaunch: true, tier: 'public' });
    expect(bySubnet('public-b')).toMatchObject({ availabilityZone: 'us-east-1b', mapPublicIpOnLaunch: false, tier: 'public' });
    expect(bySubnet('nat-a')).toMatchObject({ availabilityZone: 'us-east-1a', tier: 'private' });
    expect(bySubnet('main-b')).toMatchObject({ availabilityZone: 'us-east-1b', tier: 'private' });

    const list = value(out.get(refs[0]!)?.['ec2.vpcSubnets']);
    expect(list.map((s) => [s.subnetId, s.availabilityZone, s.tier]).sort()).toEqual(
      [
        [subnets['public-a'], 'us-east-1a', 'public'],
        [subnets['public-b'], 'us-east-1b', 'public'],
        [subnets['nat-a'], 'us-east-1a', 'private'],
        [subnets['main-b'], 'us-east-1b', 'private'],
      ].sort(),
    );
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'ec2:DescribeVpcs': 1, 'ec2:DescribeSubnets': 1, 'ec2:DescribeRouteTables': 1 });
  });

  it('a VPC or subnet that does not exist is unknown, and does not hide the ones that do', async () => {
    const refs = [vpcRef('vpc-0000000000000dead'), subnetRef('subnet-0000000000000dead'), subnetRef(subnets['main-b']!)];
    const out = await collector.collect(refs, ALL, context());

    expect(reasonOf(out.get(refs[0]!)?.['ec2.vpc'])).toMatch(/vpc-0000000000000dead does not exist/);
    expect(reasonOf(out.get(refs[0]!)?.['ec2.vpcSubnets'])).toMatch(/vpc-0000000000000dead does not exist/);
    expect(reasonOf(out.get(refs[1]!)?.['ec2.subnet'])).toMatch(/subnet-0000000000000dead does not exist/);
    expect(value(out.get(refs[2]!)?.['ec2.subnet']).tier).toBe('private');
  });
});
