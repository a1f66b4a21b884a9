import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type DescribeRouteTablesCommandInput,
  type DescribeSubnetsCommandInput,
  type RouteTable,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import collector, { EC2_FILTER_VALUES, subnetTier } from '../../src/collect/ec2.collector.js';
import { createContext, type CollectContext, type FactRecord } from '../../src/collect/context.js';
import type { FactKey, SubnetFacts } from '../../src/facts/catalogue.js';
import type { Fact } from '../../src/facts/fact.js';
import type { ResourceRef } from '../../src/types.js';
import { CredentialsError } from '../../src/errors.js';

const ec2 = mockClient(EC2Client);
const ALL: ReadonlySet<FactKey> = new Set(['ec2.vpc', 'ec2.vpcSubnets', 'ec2.subnet']);
const VPC = 'vpc-0a1b2c3d4e5f60001';
const OTHER_VPC = 'vpc-0a1b2c3d4e5f60002';

function awsError(name: string, status = 400, message = `${name} message`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

function context(): CollectContext {
  return createContext({ region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 });
}

function vpcRef(id: string, region?: string): ResourceRef {
  return { type: 'AWS::EC2::VPC', id, keys: ['VpcId'], ...(region ? { region } : {}) };
}

function subnetRef(id: string, region?: string): ResourceRef {
  return { type: 'AWS::EC2::Subnet', id, keys: [id], ...(region ? { region } : {}) };
}

function subnet(id: string, az: string, vpcId = VPC, over: Partial<Subnet> = {}): Subnet {
  return { SubnetId: id, VpcId: vpcId, AvailabilityZone: az, AvailabilityZoneId: `use1-${az.slice(-1)}`, CidrBlock: '10.0.0.0/24', MapPublicIpOnLaunch: false, State: 'available', ...over };
}

function vpc(id: string): Vpc {
  return { VpcId: id, CidrBlock: '10.0.0.0/16', State: 'available', IsDefault: false };
}

const LOCAL = { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' as const };

/** The VPC's main table: no explicit subnet, `Main: true`. */
function mainTable(vpcId: string, routes: RouteTable['Routes'] = [LOCAL]): RouteTable {
  return { RouteTableId: `rtb-main-${vpcId}`, VpcId: vpcId, Associations: [{ Main: true, RouteTableId: `rtb-main-${vpcId}`, AssociationState: { State: 'associated' } }], Routes: routes };
}

function tableFor(subnetIds: string[], routes: RouteTable['Routes'], vpcId = VPC): RouteTable {
  const id = `rtb-${subnetIds.join('-')}`;
  return {
    RouteTableId: id,
    VpcId: vpcId,
    Associations: subnetIds.map((s) => ({ Main: false, SubnetId: s, RouteTableId: id, AssociationState: { State: 'associated' as const } })),
    Routes: [LOCAL, ...(routes ?? [])],
  };
}

const toIgw = { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0123456789abcdef0', State: 'active' as const };
const toNat = { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0123456789abcdef0', State: 'active' as const };

function filterValues(input: { Filters?: Array<{ Name?: string; Values?: string[] }> }, name: string): string[] | undefined {
  return input.Filters?.find((f) => f.Name === name)?.Values;
}

/** Serves DescribeSubnets from a fixed set, honouring the vpc-id and subnet-id filters as AWS does (missing ids left out). */
function serveSubnets(all: Subnet[]): void {
  ec2.on(DescribeSubnetsCommand).callsFake((input: DescribeSubnetsCommandInput) => {
    const byVpc = filterValues(input, 'vpc-id');
    const byId = filterValues(input, 'subnet-id');
    return { Subnets: all.filter((s) => (!byVpc || byVpc.includes(s.VpcId!)) && (!byId || byId.includes(s.SubnetId!))) };
  });
}

function serveTables(all: RouteTable[]): void {
  ec2.on(DescribeRouteTablesCommand).callsFake((input: DescribeRouteTablesCommandInput) => {
    const byVpc = filterValues(input, 'vpc-id') ?? [];
    return { RouteTables: all.filter((t) => byVpc.includes(t.VpcId!)) };
  });
}

function subnetValue(rec: FactRecord | undefined): SubnetFacts {
  const f = rec?.['ec2.subnet'];
  if (f?.state !== 'present') throw new Error(`expected a present ec2.subnet, got ${JSON.stringify(f)}`);
  return f.value;
}

function reasonOf(f: Fact<unknown> | undefined): string {
  if (f?.state !== 'unknown') throw new Error(`expected an unknown fact, got ${JSON.stringify(f)}`);
  return f.reason;
}

beforeEach(() => {
  ec2.reset();
});
afterEach(() => {
  ec2.reset();
});

describe('ec2 collector: tier', () => {
  it('classifies by the explicitly associated table, else the main table, and only a default route to an igw is public', async () => {
    const subnets = [
      subnet('subnet-pub', 'us-east-1a'),
      subnet('subnet-nat', 'us-east-1b'),
      subnet('subnet-main', 'us-east-1a'),
      subnet('subnet-v6', 'us-east-1b'),
      subnet('subnet-hole', 'us-east-1c'),
    ];
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc(VPC)] });
    serveSubnets(subnets);
    serveTables([
      // The main table routes to the internet, but explicit associations win.
      mainTable(VPC, [LOCAL, toIgw]),
      tableFor(['subnet-pub'], [toIgw]),
      tableFor(['subnet-nat'], [toNat]),
      tableFor(['subnet-v6'], [{ DestinationIpv6CidrBlock: '::/0', GatewayId: 'igw-0123456789abcdef0', State: 'active' }]),
      tableFor(['subnet-hole'], [{ ...toIgw, State: 'blackhole' }]),
    ]);
    const refs = [vpcRef(VPC), ...subnets.map((s) => subnetRef(s.SubnetId!))];
    const ctx = context();
    const out = await collector.collect(refs, ALL, ctx);

    const tiers = Object.fromEntries(refs.slice(1).map((r) => [r.id, subnetValue(out.get(r)).tier]));
    expect(tiers).toEqual({ 'subnet-pub': 'public', 'subnet-nat': 'private', 'subnet-main': 'public', 'subnet-v6': 'public', 'subnet-hole': 'private' });
    expect(subnetValue(out.get(refs[1]!))).toEqual({
      subnetId: 'subnet-pub',
      vpcId: VPC,
      availabilityZone: 'us-east-1a',
      availabilityZoneId: 'use1-a',
      cidrBlock: '10.0.0.0/24',
      mapPublicIpOnLaunch: false,
      tier: 'public',
    });
    const list = out.get(refs[0]!)?.['ec2.vpcSubnets'];
    expect(list?.state).toBe('present');
    expect(list?.state === 'present' && list.value.map((s) => [s.subnetId, s.tier])).toEqual([
      ['subnet-hole', 'private'],
      ['subnet-main', 'public'],
      ['subnet-nat', 'private'],
      ['subnet-pub', 'public'],
      ['subnet-v6', 'public'],
    ]);
    expect(out.get(refs[0]!)?.['ec2.vpc']).toEqual({ state: 'present', value: { vpcId: VPC, cidrBlock: '10.0.0.0/16', state: 'available', isDefault: false } });
    // One call of each kind: the named subnets all came back with their VPC's subnets.
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'ec2:DescribeVpcs': 1, 'ec2:DescribeSubnets': 1, 'ec2:DescribeRouteTables': 1 });
  });

  it('a main table without an igw route makes unassociated subnets private', () => {
    expect(subnetTier('subnet-a', VPC, [mainTable(VPC, [LOCAL, toNat]), tableFor(['subnet-b'], [toIgw])])).toEqual({ state: 'present', value: 'private' });
    expect(subnetTier('subnet-b', VPC, [mainTable(VPC, [LOCAL, toNat]), tableFor(['subnet-b'], [toIgw])])).toEqual({ state: 'present', value: 'public' });
  });

  it('ignores a disassociated explicit table and falls back to the main table', () => {
    const gone: RouteTable = { ...tableFor(['subnet-a'], [toIgw]), Associations: [{ SubnetId: 'subnet-a', Main: false, AssociationState: { State: 'disassociated' } }] };
    expect(subnetTier('subnet-a', VPC, [mainTable(VPC), gone])).toEqual({ state: 'present', value: 'private' });
  });

  it('is unknown when neither an explicit nor a main route table exists', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc(VPC)] });
    serveSubnets([subnet('subnet-a', 'us-east-1a')]);
    serveTables([tableFor(['subnet-other'], [toIgw])]);
    const out = await collector.collect([subnetRef('subnet-a')], ALL, context());
    expect(reasonOf(out.get([...out.keys()][0]!)?.['ec2.subnet'])).toMatch(/no route table/);
  });
});

describe('ec2 collector: batching', () => {
  it('asks for named subnets outside the named VPCs in a second DescribeSubnets, and covers both VPCs in one route-table call', async () => {
    const subnets = [subnet('subnet-a', 'us-east-1a'), subnet('subnet-x', 'us-east-1b', OTHER_VPC)];
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc(VPC)] });
    serveSubnets(subnets);
    serveTables([mainTable(VPC), mainTable(OTHER_VPC, [LOCAL, toIgw])]);
    const refs = [vpcRef(VPC), subnetRef('subnet-a'), subnetRef('subnet-x')];
    const ctx = context();
    const out = await collector.collect(refs, ALL, ctx);

    expect(subnetValue(out.get(refs[2]!))).toMatchObject({ vpcId: OTHER_VPC, tier: 'public' });
    expect(subnetValue(out.get(refs[1]!))).toMatchObject({ vpcId: VPC, tier: 'private' });
    const subnetCalls = ec2.commandCalls(DescribeSubnetsCommand).map((c) => c.args[0].input.Filters);
    expect(subnetCalls).toEqual([[{ Name: 'vpc-id', Values: [VPC] }], [{ Name: 'subnet-id', Values: ['subnet-x'] }]]);
    const tableCalls = ec2.commandCalls(DescribeRouteTablesCommand);
    expect(tableCalls).toHaveLength(1);
    expect(filterValues(tableCalls[0]!.args[0].input, 'vpc-id')?.sort()).toEqual([VPC, OTHER_VPC].sort());
  });

  it('splits 250 subnets into two filters of 200 and 50, with one route-table call', async () => {
    const subnets = Array.from({ length: 250 }, (_, i) => subnet(`subnet-${String(i).padStart(4, '0')}`, i % 2 ? 'us-east-1a' : 'us-east-1b'));
    serveSubnets(subnets);
    serveTables([mainTable(VPC)]);
    const refs = subnets.map((s) => subnetRef(s.SubnetId!));
    const ctx = context();
    const out = await collector.collect(refs, new Set<FactKey>(['ec2.subnet']), ctx);

    const sizes = ec2.commandCalls(DescribeSubnetsCommand).map((c) => filterValues(c.args[0].input, 'subnet-id')?.length);
    expect(sizes).toEqual([EC2_FILTER_VALUES, 50]);
    expect(refs.every((r) => out.get(r)?.['ec2.subnet']?.state === 'present')).toBe(true);
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'ec2:DescribeSubnets': 2, 'ec2:DescribeRouteTables': 1 });
  });

  it('follows NextToken through every page, each page a counted call', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc(VPC)] });
    ec2
      .on(DescribeSubnetsCommand)
      .resolvesOnce({ Subnets: [subnet('subnet-a', 'us-east-1a')], NextToken: 'page-2' })
      .resolvesOnce({ Subnets: [subnet('subnet-b', 'us-east-1b')], NextToken: 'page-3' })
      .resolvesOnce({ Subnets: [subnet('subnet-c', 'us-east-1c')] });
    ec2
      .on(DescribeRouteTablesCommand)
      .resolvesOnce({ RouteTables: [mainTable(VPC)], NextToken: 'rt-2' })
      .resolvesOnce({ RouteTables: [tableFor(['subnet-c'], [toIgw])] });
    const ref = vpcRef(VPC);
    const ctx = context();
    const out = await collector.collect([ref], ALL, ctx);

    const list = out.get(ref)?.['ec2.vpcSubnets'];
    expect(list?.state === 'present' && list.value.map((s) => `${s.subnetId}:${s.tier}`)).toEqual(['subnet-a:private', 'subnet-b:private', 'subnet-c:public']);
    expect(ec2.commandCalls(DescribeSubnetsCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'page-2', 'page-3']);
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'ec2:DescribeVpcs': 1, 'ec2:DescribeSubnets': 3, 'ec2:DescribeRouteTables': 2 });
  });

  it('makes one set of calls per region, each with its own client', async () => {
    serveSubnets([subnet('subnet-a', 'us-east-1a'), subnet('subnet-w', 'eu-west-1a', OTHER_VPC)]);
    serveTables([mainTable(VPC), mainTable(OTHER_VPC)]);
    const refs = [subnetRef('subnet-a'), subnetRef('subnet-w', 'eu-west-1')];
    const out = await collector.collect(refs, new Set<FactKey>(['ec2.subnet']), context());

    const regions = await Promise.all(ec2.commandCalls(DescribeSubnetsCommand).map((c) => (c.thisValue as EC2Client).config.region()));
    expect(regions.sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(subnetValue(out.get(refs[1]!)).availabilityZone).toBe('eu-west-1a');
  });

  it('makes only DescribeVpcs when only the VPC fact is wanted', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc(VPC)] });
    const ref = vpcRef(VPC);
    const ctx = context();
    const out = await collector.collect([ref], new Set<FactKey>(['ec2.vpc']), ctx);
    expect(out.get(ref)?.['ec2.vpc']?.state).toBe('present');
    expect(out.get(ref)?.['ec2.vpcSubnets']).toBeUndefined();
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'ec2:DescribeVpcs': 1 });
  });

  it('accepts an ARN as the id', async () => {
    serveSubnets([subnet('subnet-a', 'us-east-1a')]);
    serveTables([mainTable(VPC)]);
    const ref = subnetRef('arn:aws:ec2:us-east-1:111122223333:subnet/subnet-a');
    const out = await collector.collect([ref], new Set<FactKey>(['ec2.subnet']), context());
    expect(subnetValue(out.get(ref)).subnetId).toBe('subnet-a');
  });
});

describe('ec2 collector: missing resources', () => {
  it('a subnet or VPC that AWS does not return is unknown: does not exist, for all its facts', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    serveSubnets([subnet('subnet-a', 'us-east-1a')]);
    serveTables([mainTable(VPC)]);
    const refs = [vpcRef('vpc-0000000000000dead'), subnetRef('subnet-a'), subnetRef('subnet-gone')];
    const out = await collector.collect(refs, ALL, context());

    expect(reasonOf(out.get(refs[0]!)?.['ec2.vpc'])).toMatch(/vpc-0000000000000dead does not exist/);
    expect(reasonOf(out.get(refs[0]!)?.['ec2.vpcSubnets'])).toMatch(/vpc-0000000000000dead does not exist/);
    expect(reasonOf(out.get(refs[2]!)?.['ec2.subnet'])).toMatch(/subnet-gone does not exist/);
    expect(subnetValue(out.get(refs[1]!)).subnetId).toBe('subnet-a');
  });

  it('with only the subnet list wanted, still checks the VPC exists: an empty list is no proof', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    serveSubnets([]);
    const ref = vpcRef('vpc-0000000000000dead');
    const ctx = context();
    const out = await collector.collect([ref], new Set<FactKey>(['ec2.vpcSubnets']), ctx);
    expect(reasonOf(out.get(ref)?.['ec2.vpcSubnets'])).toMatch(/vpc-0000000000000dead does not exist/);
    expect(out.get(ref)?.['ec2.vpc']).toBeUndefined();
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'ec2:DescribeVpcs': 1, 'ec2:DescribeSubnets': 1 });
  });

  it('a VPC that exists without subnets has an empty, present subnet list', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc(VPC)] });
    serveSubnets([]);
    const ref = vpcRef(VPC);
    const ctx = context();
    const out = await collector.collect([ref], ALL, ctx);
    expect(out.get(ref)?.['ec2.vpcSubnets']).toEqual({ state: 'present', value: [] });
    expect(ctx.calls.get('ec2:DescribeRouteTables')).toBeUndefined();
  });

  it('on InvalidSubnetID.NotFound naming one id, asks again without it and marks only that one missing', async () => {
    ec2
      .on(DescribeSubnetsCommand)
      .rejectsOnce(awsError('InvalidSubnetID.NotFound', 400, "The subnet ID 'subnet-gone' does not exist"))
      .callsFake((input: DescribeSubnetsCommandInput) => ({ Subnets: (filterValues(input, 'subnet-id') ?? []).map((id) => subnet(id, 'us-east-1a')) }));
    serveTables([mainTable(VPC)]);
    const refs = [subnetRef('subnet-a'), subnetRef('subnet-gone'), subnetRef('subnet-b')];
    const out = await collector.collect(refs, new Set<FactKey>(['ec2.subnet']), context());

    expect(reasonOf(out.get(refs[1]!)?.['ec2.subnet'])).toMatch(/subnet-gone does not exist/);
    expect(subnetValue(out.get(refs[0]!)).subnetId).toBe('subnet-a');
    expect(subnetValue(out.get(refs[2]!)).subnetId).toBe('subnet-b');
    expect(filterValues(ec2.commandCalls(DescribeSubnetsCommand)[1]!.args[0].input, 'subnet-id')).toEqual(['subnet-a', 'subnet-b']);
  });

  it('on InvalidVpcID.NotFound naming several ids, asks again for the rest only', async () => {
    const gone = ['vpc-0000000000000dea1', 'vpc-0000000000000dea2'];
    ec2
      .on(DescribeVpcsCommand)
      .rejectsOnce(awsError('InvalidVpcID.NotFound', 400, `VpcID {'${gone[0]}', '${gone[1]}'} does not exist.`))
      .resolves({ Vpcs: [vpc(VPC)] });
    const refs = [vpcRef(gone[0]!), vpcRef(VPC), vpcRef(gone[1]!)];
    const ctx = context();
    const out = await collector.collect(refs, new Set<FactKey>(['ec2.vpc']), ctx);

    expect(out.get(refs[1]!)?.['ec2.vpc']?.state).toBe('present');
    expect(reasonOf(out.get(refs[0]!)?.['ec2.vpc'])).toMatch(/does not exist/);
    expect(reasonOf(out.get(refs[2]!)?.['ec2.vpc'])).toMatch(/does not exist/);
    expect(filterValues(ec2.commandCalls(DescribeVpcsCommand)[1]!.args[0].input, 'vpc-id')).toEqual([VPC]);
    expect(ctx.calls.get('ec2:DescribeVpcs')).toBe(2);
  });

  it('a NotFound error that names none of the ids leaves them all unknown with the reason', async () => {
    ec2.on(DescribeSubnetsCommand).rejects(awsError('InvalidSubnetID.NotFound', 400, 'The subnet ID does not exist'));
    const refs = [subnetRef('subnet-a'), subnetRef('subnet-b')];
    const out = await collector.collect(refs, new Set<FactKey>(['ec2.subnet']), context());
    for (const r of refs) expect(reasonOf(out.get(r)?.['ec2.subnet'])).toMatch(/could not describe subnets.*InvalidSubnetID\.NotFound/);
    expect(ec2.commandCalls(DescribeSubnetsCommand)).toHaveLength(1);
  });
});

describe('ec2 collector: errors never become defaults', () => {
  const failures: Array<[string, Error, RegExp]> = [
    ['access denied', awsError('UnauthorizedOperation', 403), /UnauthorizedOperation.*HTTP 403/],
    ['AccessDenied', awsError('AccessDenied', 403), /AccessDenied.*HTTP 403/],
    ['throttling after retries', awsError('RequestLimitExceeded', 503), /RequestLimitExceeded/],
    ['a 5xx', awsError('InternalError', 500), /InternalError.*HTTP 500/],
    ['a timeout', Object.assign(new Error('aborted'), { name: 'TimeoutError' }), /timed out/],
  ];

  it.each(failures)('DescribeSubnets failing with %s leaves every subnet fact unknown; the VPC fact stands', async (_label, err, reason) => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc(VPC)] });
    ec2.on(DescribeSubnetsCommand).rejects(err);
    const refs = [vpcRef(VPC), subnetRef('subnet-a'), subnetRef('subnet-b')];
    const ctx = context();
    const out = await collector.collect(refs, ALL, ctx);

    expect(reasonOf(out.get(refs[0]!)?.['ec2.vpcSubnets'])).toMatch(reason);
    expect(reasonOf(out.get(refs[1]!)?.['ec2.subnet'])).toMatch(reason);
    expect(reasonOf(out.get(refs[2]!)?.['ec2.subnet'])).toMatch(reason);
    expect(out.get(refs[0]!)?.['ec2.vpc']?.state).toBe('present');
    expect(ctx.calls.get('ec2:DescribeRouteTables')).toBeUndefined();
  });

  it.each(failures)('DescribeVpcs failing with %s leaves the VPC fact unknown', async (_label, err, reason) => {
    ec2.on(DescribeVpcsCommand).rejects(err);
    serveSubnets([]);
    const ref = vpcRef(VPC);
    const out = await collector.collect([ref], ALL, context());
    expect(reasonOf(out.get(ref)?.['ec2.vpc'])).toMatch(reason);
    // No subnets and no VPC answer: nothing says the VPC exists, so its empty list is not reported.
    expect(reasonOf(out.get(ref)?.['ec2.vpcSubnets'])).toMatch(reason);
  });

  it.each(failures)('DescribeRouteTables failing with %s leaves every tier, and so every subnet fact, unknown', async (_label, err, reason) => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc(VPC)] });
    serveSubnets([subnet('subnet-a', 'us-east-1a')]);
    ec2.on(DescribeRouteTablesCommand).rejects(err);
    const refs = [vpcRef(VPC), subnetRef('subnet-a')];
    const out = await collector.collect(refs, ALL, context());
    expect(reasonOf(out.get(refs[1]!)?.['ec2.subnet'])).toMatch(reason);
    expect(reasonOf(out.get(refs[0]!)?.['ec2.vpcSubnets'])).toMatch(reason);
    expect(out.get(refs[0]!)?.['ec2.vpc']?.state).toBe('present');
  });

  it('a failure on a later page keeps none of the earlier pages', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc(VPC)] });
    ec2
      .on(DescribeSubnetsCommand)
      .resolvesOnce({ Subnets: [subnet('subnet-a', 'us-east-1a')], NextToken: 'page-2' })
      .rejectsOnce(awsError('InternalError', 500));
    serveTables([mainTable(VPC)]);
    const ref = vpcRef(VPC);
    const out = await collector.collect([ref], ALL, context());
    expect(reasonOf(out.get(ref)?.['ec2.vpcSubnets'])).toMatch(/InternalError/);
  });

  it('a failed chunk leaves only its own subnets unknown', async () => {
    const subnets = Array.from({ length: 210 }, (_, i) => subnet(`subnet-${String(i).padStart(4, '0')}`, 'us-east-1a'));
    ec2.on(DescribeSubnetsCommand).callsFake((input: DescribeSubnetsCommandInput) => {
      const ids = filterValues(input, 'subnet-id') ?? [];
      if (ids.length === 10) throw awsError('InternalError', 500);
      return { Subnets: subnets.filter((s) => ids.includes(s.SubnetId!)) };
    });
    serveTables([mainTable(VPC)]);
    const refs = subnets.map((s) => subnetRef(s.SubnetId!));
    const out = await collector.collect(refs, new Set<FactKey>(['ec2.subnet']), context());
    const states = refs.map((r) => out.get(r)?.['ec2.subnet']?.state);
    expect(states.filter((s) => s === 'present')).toHaveLength(200);
    expect(states.slice(200)).toEqual(Array(10).fill('unknown'));
  });

  it('an expired credential ends the run instead of becoming an unknown fact', async () => {
    ec2.on(DescribeSubnetsCommand).rejects(awsError('AuthFailure', 401));
    await expect(collector.collect([subnetRef('subnet-a')], ALL, context())).rejects.toBeInstanceOf(CredentialsError);
  });
});

describe('ec2 collector: contract', () => {
  it('declares every action it calls, all read-only', () => {
    expect(collector.actions.every((a) => /^ec2:(Describe|Get|List)/.test(a))).toBe(true);
    expect([...collector.actions].sort()).toEqual([
      'ec2:DescribeFlowLogs',
      'ec2:DescribeInstances',
      'ec2:DescribeLaunchTemplateVersions',
      'ec2:DescribeNatGateways',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroupRules',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:DescribeVolumes',
      'ec2:DescribeVpcs',
      'ec2:GetEbsDefaultKmsKeyId',
      'ec2:GetEbsEncryptionByDefault',
    ]);
    expect(collector.types).toContain('AWS::EC2::SecurityGroup');
  });
});
