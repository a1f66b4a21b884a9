/**
 * EC2 networking: VPCs and subnets. Per region, however many VPCs and subnets the outputs name,
 * the collector makes one DescribeVpcs, one DescribeSubnets and one DescribeRouteTables, each
 * filtered by id (EC2 takes up to 200 values per filter, so longer lists are split) and paged.
 * DescribeSubnets asks for the subnets of the named VPCs; named subnets outside those VPCs take
 * a second DescribeSubnets (filters are ANDed, so one request cannot ask for both).
 *
 * Id filters, not id lists: `DescribeSubnets` with `SubnetIds` fails the whole call when one id is
 * missing, while a filter just leaves it out, so one missing subnet cannot hide the others.
 */
import type { RouteTable, Subnet, Vpc } from '@aws-sdk/client-ec2';
import { requireSdk } from './sdk.js';
import { present, unknown, type Fact } from '../facts/fact.js';
import type { FactKey, SubnetFacts, VpcFacts } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CallOptions, CollectContext, Collector, FactRecord } from './context.js';
import { describeBatched as batched, type Batch } from './batch.js';

const { DescribeRouteTablesCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } = requireSdk('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2');

/** EC2 accepts at most 200 values in one filter. */
export const EC2_FILTER_VALUES = 200;
const PAGE_SIZE = { subnets: 1000, vpcs: 1000, routeTables: 100 } as const;

/** Errors EC2 raises for ids that do not exist; with filters it leaves such ids out instead. */
const NOT_FOUND = new Set(['InvalidSubnetID.NotFound', 'InvalidVpcID.NotFound']);

function ec2(ctx: CollectContext, region: string | undefined): InstanceType<typeof EC2Client> {
  return ctx.client('ec2', region, () => new EC2Client(ctx.clientConfig(region)));
}

/** The bare id of a VPC or subnet, from the id itself or its ARN (`arn:aws:ec2:…:subnet/subnet-…`). */
export function ec2Id(ref: Pick<ResourceRef, 'id'>): string {
  const id = ref.id.startsWith('arn:') ? ref.id.slice(ref.id.lastIndexOf('/') + 1) : ref.id;
  return id.toLowerCase();
}

/** One batched, filtered describe: chunks of EC2_FILTER_VALUES values, every page, missing ids left out. */
function describeBatched<T>(
  ctx: CollectContext,
  action: string,
  what: string,
  values: readonly string[],
  page: (chunk: string[], marker: string | undefined, options: CallOptions) => Promise<{ items: T[] | undefined; next: string | undefined }>,
): Promise<Batch<T>> {
  return batched(ctx, { action, what, values, chunkSize: EC2_FILTER_VALUES, notFound: NOT_FOUND }, page);
}

function describeVpcs(ctx: CollectContext, region: string | undefined, vpcIds: readonly string[]): Promise<Batch<Vpc>> {
  return describeBatched(ctx, 'ec2:DescribeVpcs', `VPCs in ${region ?? 'the default region'}`, vpcIds, async (values, token, o) => {
    const out = await ec2(ctx, region).send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: values }], MaxResults: PAGE_SIZE.vpcs, NextToken: token }),
      o,
    );
    return { items: out.Vpcs, next: out.NextToken };
  });
}

function describeSubnets(
  ctx: CollectContext,
  region: string | undefined,
  filter: 'vpc-id' | 'subnet-id',
  values: readonly string[],
): Promise<Batch<Subnet>> {
  return describeBatched(ctx, 'ec2:DescribeSubnets', `subnets in ${region ?? 'the default region'}`, values, async (chunkValues, token, o) => {
    const out = await ec2(ctx, region).send(
      new DescribeSubnetsCommand({ Filters: [{ Name: filter, Values: chunkValues }], MaxResults: PAGE_SIZE.subnets, NextToken: token }),
      o,
    );
    return { items: out.Subnets, next: out.NextToken };
  });
}

function describeRouteTables(ctx: CollectContext, region: string | undefined, vpcIds: readonly string[]): Promise<Batch<RouteTable>> {
  return describeBatched(ctx, 'ec2:DescribeRouteTables', `route tables in ${region ?? 'the default region'}`, vpcIds, async (values, token, o) => {
    const out = await ec2(ctx, region).send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: values }], MaxResults: PAGE_SIZE.routeTables, NextToken: token }),
      o,
    );
    return { items: out.RouteTables, next: out.NextToken };
  });
}

function isLive(association: { AssociationState?: { State?: string } }): boolean {
  const state = association.AssociationState?.State;
  return state === undefined || state === 'associated' || state === 'associating';
}

/** True when the table sends all IPv4 or IPv6 traffic to an internet gateway (a blackhole route sends nothing). */
export function routesToInternetGateway(table: RouteTable): boolean {
  return (table.Routes ?? []).some(
    (r) =>
      (r.DestinationCidrBlock === '0.0.0.0/0' || r.DestinationIpv6CidrBlock === '::/0') &&
      (r.GatewayId ?? '').startsWith('igw-') &&
      r.State !== 'blackhole',
  );
}

/** The route tables of each VPC, and the reason for each VPC whose tables could not be read. */
interface RouteTables {
  byVpc: Map<string, RouteTable[]>;
  failed: Map<string, string>;
}

/**
 * A subnet's tier, from its route table: the one explicitly associated with it, else its VPC's
 * main route table.
 */
export function subnetTier(subnetId: string, vpcId: string, tables: readonly RouteTable[]): Fact<SubnetFacts['tier']> {
  const explicit = tables.find((t) => (t.Associations ?? []).some((a) => a.SubnetId?.toLowerCase() === subnetId && isLive(a)));
  const table = explicit ?? tables.find((t) => (t.Associations ?? []).some((a) => a.Main === true && isLive(a)));
  if (!table) return unknown(`no route table is associated with ${subnetId}, and ${vpcId} has no main route table`);
  return present(routesToInternetGateway(table) ? 'public' : 'private');
}

function subnetFacts(s: Subnet, tables: RouteTables): Fact<SubnetFacts> {
  const subnetId = s.SubnetId?.toLowerCase();
  const vpcId = s.VpcId?.toLowerCase();
  if (!subnetId || !vpcId || !s.AvailabilityZone) return unknown(`DescribeSubnets returned ${subnetId ?? 'a subnet'} without its VPC or availability zone`);
  const failed = tables.failed.get(vpcId);
  if (failed) return unknown(`the tier of ${subnetId} is unknown: ${failed}`);
  const tier = subnetTier(subnetId, vpcId, tables.byVpc.get(vpcId) ?? []);
  if (tier.state !== 'present') return tier.state === 'unknown' ? tier : unknown(`the tier of ${subnetId} is unknown`);
  const facts: SubnetFacts = {
    subnetId: s.SubnetId!,
    vpcId: s.VpcId!,
    availabilityZone: s.AvailabilityZone,
    mapPublicIpOnLaunch: s.MapPublicIpOnLaunch === true,
    tier: tier.value,
  };
  if (s.AvailabilityZoneId) facts.availabilityZoneId = s.AvailabilityZoneId;
  if (s.CidrBlock) facts.cidrBlock = s.CidrBlock;
  return present(facts);
}

function vpcFacts(v: Vpc): VpcFacts {
  const facts: VpcFacts = { vpcId: v.VpcId! };
  if (v.CidrBlock) facts.cidrBlock = v.CidrBlock;
  if (v.State) facts.state = v.State;
  if (v.IsDefault !== undefined) facts.isDefault = v.IsDefault;
  return facts;
}

function byId<T>(items: readonly T[], id: (item: T) => string | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const key = id(item)?.toLowerCase();
    if (key) map.set(key, item);
  }
  return map;
}

async function collectRegion(
  ctx: CollectContext,
  region: string | undefined,
  refs: readonly ResourceRef[],
  want: ReadonlySet<FactKey>,
  out: Map<ResourceRef, FactRecord>,
): Promise<void> {
  const where = region ?? 'the default region';
  const vpcRefs = refs.filter((r) => r.type === 'AWS::EC2::VPC');
  const subnetRefs = refs.filter((r) => r.type === 'AWS::EC2::Subnet');
  const wantVpc = want.has('ec2.vpc') && vpcRefs.length > 0;
  const wantVpcSubnets = want.has('ec2.vpcSubnets') && vpcRefs.length > 0;
  const wantSubnet = want.has('ec2.subnet') && subnetRefs.length > 0;
  const vpcIds = [...new Set(vpcRefs.map(ec2Id))];
  const subnetIds = [...new Set(subnetRefs.map(ec2Id))];

  // The VPCs are described for either VPC fact: an empty subnet list is only true of a VPC that exists.
  const [vpcs, ofVpcs] = await Promise.all([
    wantVpc || wantVpcSubnets ? describeVpcs(ctx, region, vpcIds) : undefined,
    wantVpcSubnets ? describeSubnets(ctx, region, 'vpc-id', vpcIds) : undefined,
  ]);
  // Named subnets usually sit in a named VPC and came back above; only the others are asked for.
  const known = byId(ofVpcs?.items ?? [], (s) => s.SubnetId);
  const others = wantSubnet ? subnetIds.filter((id) => !known.has(id)) : [];
  const named = others.length > 0 ? await describeSubnets(ctx, region, 'subnet-id', others) : undefined;
  for (const [id, s] of byId(named?.items ?? [], (s) => s.SubnetId)) known.set(id, s);

  // One route-table lookup for every VPC that holds a subnet being reported.
  const tables: RouteTables = { byVpc: new Map(), failed: new Map() };
  const tableVpcs = [...new Set([...known.values()].map((s) => s.VpcId?.toLowerCase()).filter((v): v is string => !!v))];
  if (tableVpcs.length > 0) {
    const rt = await describeRouteTables(ctx, region, tableVpcs);
    tables.failed = rt.failed;
    for (const t of rt.items) {
      const vpc = t.VpcId?.toLowerCase();
      if (vpc) tables.byVpc.set(vpc, [...(tables.byVpc.get(vpc) ?? []), t]);
    }
  }

  const vpcById = byId(vpcs?.items ?? [], (v) => v.VpcId);
  for (const ref of vpcRefs) {
    const id = ec2Id(ref);
    const rec: FactRecord = {};
    const missing = unknown(`the VPC ${id} does not exist in ${where}`);
    const vpc = vpcById.get(id);
    const vpcFailed = vpcs?.failed.get(id);
    if (wantVpc) rec['ec2.vpc'] = vpc ? present(vpcFacts(vpc)) : vpcFailed ? unknown(vpcFailed) : missing;
    if (wantVpcSubnets) {
      const listFailed = ofVpcs?.failed.get(id);
      const members = (ofVpcs?.items ?? []).filter((s) => s.VpcId?.toLowerCase() === id);
      if (listFailed) rec['ec2.vpcSubnets'] = unknown(listFailed);
      else if (!vpc && members.length === 0) rec['ec2.vpcSubnets'] = vpcFailed ? unknown(vpcFailed) : missing;
      else rec['ec2.vpcSubnets'] = allPresent(members.map((s) => subnetFacts(s, tables)).sort(bySubnetId));
    }
    out.set(ref, rec);
  }

  for (const ref of subnetRefs) {
    const id = ec2Id(ref);
    const rec: FactRecord = {};
    if (wantSubnet) {
      const s = known.get(id);
      const failed = named?.failed.get(id);
      rec['ec2.subnet'] = s ? subnetFacts(s, tables) : failed ? unknown(failed) : unknown(`the subnet ${id} does not exist in ${where}`);
    }
    out.set(ref, rec);
  }
}

/** Unknown subnets sort first, so a VPC's list reports the first reason that blocks it. */
function bySubnetId(a: Fact<SubnetFacts>, b: Fact<SubnetFacts>): number {
  return (a.state === 'present' ? a.value.subnetId : '').localeCompare(b.state === 'present' ? b.value.subnetId : '');
}

/** The list of values when every fact is present, else the first fact that is not. */
function allPresent<T>(facts: ReadonlyArray<Fact<T>>): Fact<T[]> {
  const values: T[] = [];
  for (const f of facts) {
    if (f.state !== 'present') return f;
    values.push(f.value);
  }
  return present(values);
}

const collector: Collector = {
  service: 'ec2',
  types: ['AWS::EC2::VPC', 'AWS::EC2::Subnet'],
  provides: ['ec2.vpc', 'ec2.vpcSubnets', 'ec2.subnet'],
  actions: ['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeRouteTables'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    const byRegion = new Map<string | undefined, ResourceRef[]>();
    for (const ref of refs) {
      const region = ref.region ?? ctx.settings.region;
      byRegion.set(region, [...(byRegion.get(region) ?? []), ref]);
    }
    await Promise.all([...byRegion].map(([region, rs]) => collectRegion(ctx, region, rs, want, out)));
    return out;
  },
};
export default collector;
