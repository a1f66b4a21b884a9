/**
 * EC2: VPCs and subnets, their NAT gateways and flow logs, security groups, instances and their
 * EBS volumes, volumes, and launch templates. Instances, volumes, NAT gateways and flow logs are
 * batched like subnets: one DescribeInstances, one DescribeVolumes, one or two DescribeNatGateways
 * (by id, then by VPC) and one DescribeFlowLogs per region, filtered and paged; security groups as
 * ec2-network.ts reads them. A launch template takes one DescribeLaunchTemplateVersions (see
 * ebs.ts), which its EBS facts and its instance metadata facts share; an instance's metadata
 * options come with DescribeInstances.
 *
 * VPCs and subnets. Per region, however many VPCs and subnets the outputs name,
 * the collector makes one DescribeVpcs, one DescribeSubnets and one DescribeRouteTables, each
 * filtered by id (EC2 takes up to 200 values per filter, so longer lists are split) and paged.
 * DescribeSubnets asks for the subnets of the named VPCs; named subnets outside those VPCs take
 * a second DescribeSubnets (filters are ANDed, so one request cannot ask for both).
 *
 * Id filters, not id lists: `DescribeSubnets` with `SubnetIds` fails the whole call when one id is
 * missing, while a filter just leaves it out, so one missing subnet cannot hide the others.
 */
import type { Instance, NatGateway, RouteTable, Subnet, Volume, Vpc } from '@aws-sdk/client-ec2';
import { requireSdk } from './sdk.js';
import { present, unknown, type Fact, allPresent } from '../facts/fact.js';
import type { EbsDeviceKey, EbsVolumeFacts, FactKey, InstanceMetadataFacts, NatGatewayFacts, SubnetFacts, SubnetNetworkFacts, VpcFacts, VpcNatFacts } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CallOptions, CollectContext, Collector, FactRecord } from './context.js';
import { byRegion, describeBatched as batched, type Batch } from './batch.js';
import { EBS_ACTIONS, describeTemplateMetadata, describeTemplateVersion, volumeKeyRef, withKey } from './ebs.js';
import { withKmsKey } from './kms-ref.js';
import { EC2_FILTER_VALUES, collectSecurityGroups, describeFlowLogs, routeFacts, vpcFlowLogs } from './ec2-network.js';
import { byCodeUnit } from '../compare.js';

export { EC2_FILTER_VALUES };

const { DescribeInstancesCommand, DescribeNatGatewaysCommand, DescribeRouteTablesCommand, DescribeSubnetsCommand, DescribeVolumesCommand, DescribeVpcsCommand, EC2Client } =
  requireSdk('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2');

const PAGE_SIZE = { subnets: 1000, vpcs: 1000, routeTables: 100, instances: 1000, volumes: 500, natGateways: 1000 } as const;

/** Errors EC2 raises for ids that do not exist; with filters it leaves such ids out instead. */
const NOT_FOUND = new Set(['InvalidSubnetID.NotFound', 'InvalidVpcID.NotFound', 'InvalidInstanceID.NotFound', 'InvalidVolume.NotFound', 'NatGatewayNotFound']);

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

function describeInstances(ctx: CollectContext, region: string | undefined, ids: readonly string[]): Promise<Batch<Instance>> {
  return describeBatched(ctx, 'ec2:DescribeInstances', `instances in ${region ?? 'the default region'}`, ids, async (values, token, o) => {
    const out = await ec2(ctx, region).send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: values }], MaxResults: PAGE_SIZE.instances, NextToken: token }),
      o,
    );
    return { items: (out.Reservations ?? []).flatMap((r) => r.Instances ?? []), next: out.NextToken };
  });
}

function describeVolumes(ctx: CollectContext, region: string | undefined, ids: readonly string[]): Promise<Batch<Volume>> {
  return describeBatched(ctx, 'ec2:DescribeVolumes', `volumes in ${region ?? 'the default region'}`, ids, async (values, token, o) => {
    const out = await ec2(ctx, region).send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: values }], MaxResults: PAGE_SIZE.volumes, NextToken: token }),
      o,
    );
    return { items: out.Volumes, next: out.NextToken };
  });
}

function describeNatGateways(ctx: CollectContext, region: string | undefined, filter: 'vpc-id' | 'nat-gateway-id', values: readonly string[]): Promise<Batch<NatGateway>> {
  return describeBatched(ctx, 'ec2:DescribeNatGateways', `NAT gateways in ${region ?? 'the default region'}`, values, async (chunkValues, token, o) => {
    const out = await ec2(ctx, region).send(
      new DescribeNatGatewaysCommand({ Filter: [{ Name: filter, Values: chunkValues }], MaxResults: PAGE_SIZE.natGateways, NextToken: token }),
      o,
    );
    return { items: out.NatGateways, next: out.NextToken };
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

/** The table a subnet routes by: the one explicitly associated with it, else its VPC's main table. */
function tableOf(subnetId: string, tables: readonly RouteTable[]): RouteTable | undefined {
  return (
    tables.find((t) => (t.Associations ?? []).some((a) => a.SubnetId?.toLowerCase() === subnetId && isLive(a))) ??
    tables.find((t) => (t.Associations ?? []).some((a) => a.Main === true && isLive(a)))
  );
}

/** How a subnet is wired: its address assignment, its tags and the route table it routes by. */
function subnetNetworkFacts(s: Subnet, tables: RouteTables): Fact<SubnetNetworkFacts> {
  const subnetId = s.SubnetId?.toLowerCase();
  const vpcId = s.VpcId?.toLowerCase();
  if (!subnetId || !vpcId) return unknown(`DescribeSubnets returned ${subnetId ?? 'a subnet'} without its VPC`);
  const failed = tables.failed.get(vpcId);
  if (failed) return unknown(`the routes of ${subnetId} are unknown: ${failed}`);
  const vpcTables = tables.byVpc.get(vpcId) ?? [];
  const explicit = vpcTables.find((t) => (t.Associations ?? []).some((a) => a.SubnetId?.toLowerCase() === subnetId && isLive(a)));
  const table = tableOf(subnetId, vpcTables);
  if (!table?.RouteTableId) return unknown(`no route table is associated with ${subnetId}, and ${vpcId} has no main route table`);
  const tags = Object.fromEntries((s.Tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? '']));
  return present({
    subnetId: s.SubnetId!,
    vpcId: s.VpcId!,
    mapPublicIpOnLaunch: s.MapPublicIpOnLaunch === true,
    assignIpv6AddressOnCreation: s.AssignIpv6AddressOnCreation === true,
    tags,
    routeTable: { routeTableId: table.RouteTableId, main: explicit === undefined, routes: (table.Routes ?? []).map(routeFacts) },
    routedTier: routesToInternetGateway(table) ? 'public' : 'private',
  });
}

/** The NAT gateway a subnet's default IPv4 route sends traffic to, if any (a blackhole route sends nothing). */
export function defaultRouteNat(subnetId: string, tables: readonly RouteTable[]): string | undefined {
  const route = (tableOf(subnetId, tables)?.Routes ?? []).find((r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.State !== 'blackhole');
  return route?.NatGatewayId || undefined;
}

/**
 * A VPC's NAT gateways with their AZs (from their subnets: DescribeNatGateways reports the subnet,
 * not the zone), and the NAT gateway each subnet's default route uses.
 */
function vpcNatFacts(vpcId: string, nats: readonly NatGateway[], subnets: ReadonlyMap<string, Subnet>, tables: RouteTables): Fact<VpcNatFacts> {
  const failed = tables.failed.get(vpcId);
  if (failed) return unknown(`the routes of ${vpcId} are unknown: ${failed}`);
  const members = [...subnets.values()].filter((s) => s.VpcId?.toLowerCase() === vpcId);
  const natGateways: NatGatewayFacts[] = [];
  for (const n of nats.filter((g) => g.VpcId?.toLowerCase() === vpcId)) {
    if (!n.NatGatewayId || !n.SubnetId) return unknown(`DescribeNatGateways returned ${n.NatGatewayId ?? 'a NAT gateway'} without its subnet`);
    if (n.State === 'deleted') continue;
    const az = subnets.get(n.SubnetId.toLowerCase())?.AvailabilityZone;
    if (!az) return unknown(`the availability zone of ${n.NatGatewayId} is unknown: its subnet ${n.SubnetId} was not described`);
    natGateways.push({ natGatewayId: n.NatGatewayId, subnetId: n.SubnetId, availabilityZone: az, state: n.State ?? 'unknown', connectivityType: n.ConnectivityType ?? 'public' });
  }
  const out: VpcNatFacts['subnets'] = [];
  for (const s of members) {
    const f = subnetFacts(s, tables);
    if (f.state !== 'present') return f.state === 'unknown' ? f : unknown(`the subnet ${s.SubnetId} could not be read`);
    const nat = defaultRouteNat(f.value.subnetId.toLowerCase(), tables.byVpc.get(vpcId) ?? []);
    out.push({ subnetId: f.value.subnetId, availabilityZone: f.value.availabilityZone, tier: f.value.tier, ...(nat ? { natGatewayId: nat } : {}) });
  }
  natGateways.sort((a, b) => byCodeUnit(a.natGatewayId, b.natGatewayId));
  out.sort((a, b) => byCodeUnit(a.subnetId, b.subnetId));
  return present({ vpcId, natGateways, subnets: out });
}

function volumeFacts(v: Volume): EbsVolumeFacts {
  const facts: EbsVolumeFacts = { volumeId: v.VolumeId!, encrypted: v.Encrypted === true };
  if (v.KmsKeyId) facts.kmsKeyId = v.KmsKeyId;
  if (v.AvailabilityZone) facts.availabilityZone = v.AvailabilityZone;
  if (v.State) facts.state = v.State;
  return facts;
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

/** One region: the network part and, alongside (they need nothing of each other), instances, volumes and templates. */
async function collectRegion(
  ctx: CollectContext,
  region: string | undefined,
  refs: readonly ResourceRef[],
  want: ReadonlySet<FactKey>,
  out: Map<ResourceRef, FactRecord>,
): Promise<void> {
  const groups = want.has('ec2.securityGroup') ? refs.filter((r) => r.type === 'AWS::EC2::SecurityGroup') : [];
  for (const ref of refs) if (ref.type === 'AWS::EC2::SecurityGroup') out.set(ref, {});
  await Promise.all([
    collectNetwork(ctx, region, refs, want, out),
    collectCompute(ctx, region, refs, want, out),
    groups.length > 0 ? collectSecurityGroups(ctx, region, groups, out) : undefined,
  ]);
}

async function collectNetwork(
  ctx: CollectContext,
  region: string | undefined,
  refs: readonly ResourceRef[],
  want: ReadonlySet<FactKey>,
  out: Map<ResourceRef, FactRecord>,
): Promise<void> {
  const where = region ?? 'the default region';
  const vpcRefs = refs.filter((r) => r.type === 'AWS::EC2::VPC');
  const subnetRefs = refs.filter((r) => r.type === 'AWS::EC2::Subnet');
  const natRefs = refs.filter((r) => r.type === 'AWS::EC2::NatGateway');
  const wantVpc = want.has('ec2.vpc') && vpcRefs.length > 0;
  const wantVpcSubnets = want.has('ec2.vpcSubnets') && vpcRefs.length > 0;
  const wantSubnet = (want.has('ec2.subnet') || want.has('ec2.subnetNetwork')) && subnetRefs.length > 0;
  const wantVpcNat = want.has('ec2.vpcNat') && vpcRefs.length > 0;
  const wantFlowLogs = want.has('ec2.vpcFlowLogs') && vpcRefs.length > 0;
  const wantNatVpc = want.has('ec2.vpcNat') && natRefs.length > 0;
  const vpcIds = [...new Set(vpcRefs.map(ec2Id))];
  const subnetIds = [...new Set(subnetRefs.map(ec2Id))];
  const natIds = [...new Set(natRefs.map(ec2Id))];

  // A named NAT gateway is judged with its VPC's: its VPC comes first.
  const namedNats = wantNatVpc ? await describeNatGateways(ctx, region, 'nat-gateway-id', natIds) : undefined;
  const natVpcIds = [...new Set((namedNats?.items ?? []).map((n) => n.VpcId?.toLowerCase()).filter((v): v is string => !!v))];
  const natScope = [...new Set([...(wantVpcNat ? vpcIds : []), ...natVpcIds])];
  const subnetScope = [...new Set([...(wantVpcSubnets ? vpcIds : []), ...natScope])];

  // The VPCs are described for every VPC fact: an empty list (of subnets, of flow logs) is only
  // true of a VPC that exists.
  const [vpcs, ofVpcs, nats, flowLogs] = await Promise.all([
    wantVpc || wantVpcSubnets || wantVpcNat || wantFlowLogs ? describeVpcs(ctx, region, vpcIds) : undefined,
    subnetScope.length > 0 ? describeSubnets(ctx, region, 'vpc-id', subnetScope) : undefined,
    natScope.length > 0 ? describeNatGateways(ctx, region, 'vpc-id', natScope) : undefined,
    wantFlowLogs ? describeFlowLogs(ctx, region, vpcIds) : undefined,
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

  /** A VPC's NAT facts, once its subnets, route tables and NAT gateways are read. */
  const natFact = (vpcId: string, exists: boolean, vpcFailed: string | undefined): Fact<VpcNatFacts> => {
    const failed = vpcFailed ?? ofVpcs?.failed.get(vpcId) ?? nats?.failed.get(vpcId);
    if (failed) return unknown(failed);
    if (!exists) return unknown(`the VPC ${vpcId} does not exist in ${where}`);
    return vpcNatFacts(vpcId, nats?.items ?? [], known, tables);
  };

  const vpcById = byId(vpcs?.items ?? [], (v) => v.VpcId);
  for (const ref of vpcRefs) {
    const id = ec2Id(ref);
    const rec: FactRecord = {};
    const missing = unknown(`the VPC ${id} does not exist in ${where}`);
    const vpc = vpcById.get(id);
    const vpcFailed = vpcs?.failed.get(id);
    if (wantVpc) rec['ec2.vpc'] = vpc ? present(vpcFacts(vpc)) : vpcFailed ? unknown(vpcFailed) : missing;
    if (wantVpcNat) rec['ec2.vpcNat'] = natFact(id, vpc !== undefined, vpcFailed);
    if (wantFlowLogs) rec['ec2.vpcFlowLogs'] = vpcFailed ? unknown(vpcFailed) : !vpc ? missing : vpcFlowLogs(id, flowLogs!);
    if (wantVpcSubnets) {
      const listFailed = ofVpcs?.failed.get(id);
      const members = (ofVpcs?.items ?? []).filter((s) => s.VpcId?.toLowerCase() === id);
      if (listFailed) rec['ec2.vpcSubnets'] = unknown(listFailed);
      else if (!vpc && members.length === 0) rec['ec2.vpcSubnets'] = vpcFailed ? unknown(vpcFailed) : missing;
      else rec['ec2.vpcSubnets'] = allPresent(members.map((s) => subnetFacts(s, tables)).sort(bySubnetId));
    }
    out.set(ref, rec);
  }

  for (const ref of natRefs) {
    const id = ec2Id(ref);
    const rec: FactRecord = {};
    if (wantNatVpc) {
      const nat = (namedNats?.items ?? []).find((n) => n.NatGatewayId?.toLowerCase() === id);
      const failed = namedNats?.failed.get(id);
      if (failed) rec['ec2.vpcNat'] = unknown(failed);
      else if (!nat?.VpcId || nat.State === 'deleted') rec['ec2.vpcNat'] = unknown(`the NAT gateway ${id} does not exist in ${where}`);
      else rec['ec2.vpcNat'] = natFact(nat.VpcId.toLowerCase(), true, undefined);
    }
    out.set(ref, rec);
  }

  for (const ref of subnetRefs) {
    const id = ec2Id(ref);
    const rec: FactRecord = {};
    if (wantSubnet) {
      const s = known.get(id);
      const failed = named?.failed.get(id);
      const missing = failed ? unknown(failed) : unknown(`the subnet ${id} does not exist in ${where}`);
      if (want.has('ec2.subnet')) rec['ec2.subnet'] = s ? subnetFacts(s, tables) : missing;
      if (want.has('ec2.subnetNetwork')) rec['ec2.subnetNetwork'] = s ? subnetNetworkFacts(s, tables) : missing;
    }
    out.set(ref, rec);
  }
}

/** Instances (with their volumes), volumes and launch templates of one region. */
async function collectCompute(
  ctx: CollectContext,
  region: string | undefined,
  refs: readonly ResourceRef[],
  want: ReadonlySet<FactKey>,
  out: Map<ResourceRef, FactRecord>,
): Promise<void> {
  const instanceRefs = want.has('ec2.instanceVolumes') || want.has('ec2.instanceMetadata') ? refs.filter((r) => r.type === 'AWS::EC2::Instance') : [];
  const wantVolume = want.has('ec2.volume') || want.has('encryption.kmsKeyRef') || want.has('encryption.kmsKey');
  const volumeRefs = wantVolume ? refs.filter((r) => r.type === 'AWS::EC2::Volume') : [];
  const templateRefs = want.has('ec2.launchTemplateVolumes') || want.has('ec2.launchTemplateMetadata') ? refs.filter((r) => r.type === 'AWS::EC2::LaunchTemplate') : [];
  for (const ref of refs) if (['AWS::EC2::Instance', 'AWS::EC2::Volume', 'AWS::EC2::LaunchTemplate'].includes(ref.type)) out.set(ref, {});

  await Promise.all([
    ...templateRefs.map(async (ref) => {
      // Both facts come from the one DescribeLaunchTemplateVersions (ebs.ts shares it).
      const spec = { id: ec2Id(ref) };
      const [volumes, metadata] = await Promise.all([
        want.has('ec2.launchTemplateVolumes') ? describeTemplateVersion(ctx, spec, region) : undefined,
        want.has('ec2.launchTemplateMetadata') ? describeTemplateMetadata(ctx, spec, region) : undefined,
      ]);
      out.set(ref, { ...(volumes ? { 'ec2.launchTemplateVolumes': volumes } : {}), ...(metadata ? { 'ec2.launchTemplateMetadata': metadata } : {}) });
    }),
    collectVolumes(ctx, region, instanceRefs, volumeRefs, want, out),
  ]);
}

/** The instance metadata service options an instance runs with. */
function instanceMetadata(id: string, instance: Instance | undefined, failed: string | undefined, where: string): Fact<InstanceMetadataFacts> {
  if (failed) return unknown(failed);
  if (!instance) return unknown(`the instance ${id} does not exist in ${where}`);
  const state = instance.State?.Name;
  if (state === 'terminated' || state === 'shutting-down') return unknown(`the instance ${id} is ${state}`);
  const m = instance.MetadataOptions;
  if (!m) return unknown(`DescribeInstances returned ${id} without its metadata options`);
  const facts: InstanceMetadataFacts = { instanceId: instance.InstanceId ?? id };
  if (m.HttpTokens) facts.httpTokens = m.HttpTokens;
  if (m.HttpEndpoint) facts.httpEndpoint = m.HttpEndpoint;
  if (m.HttpPutResponseHopLimit !== undefined) facts.httpPutResponseHopLimit = m.HttpPutResponseHopLimit;
  if (m.State) facts.state = m.State;
  return present(facts);
}

/** Named instances' volumes and named volumes: one DescribeInstances, then one DescribeVolumes for both. */
async function collectVolumes(
  ctx: CollectContext,
  region: string | undefined,
  instanceRefs: readonly ResourceRef[],
  volumeRefs: readonly ResourceRef[],
  want: ReadonlySet<FactKey>,
  out: Map<ResourceRef, FactRecord>,
): Promise<void> {
  const where = region ?? 'the default region';
  const instances = instanceRefs.length > 0 ? await describeInstances(ctx, region, [...new Set(instanceRefs.map(ec2Id))]) : undefined;
  const instanceById = byId(instances?.items ?? [], (i) => i.InstanceId);
  // Attached volumes are described only for the facts about them.
  const wantInstanceVolumes = want.has('ec2.instanceVolumes');
  const attached = wantInstanceVolumes
    ? [...instanceById.values()].flatMap((i) => (i.BlockDeviceMappings ?? []).map((m) => m.Ebs?.VolumeId?.toLowerCase()).filter((v): v is string => !!v))
    : [];
  const volumeIds = [...new Set([...volumeRefs.map(ec2Id), ...attached])];
  const volumes = volumeIds.length > 0 ? await describeVolumes(ctx, region, volumeIds) : undefined;
  const volumeById = byId(volumes?.items ?? [], (v) => v.VolumeId);

  await Promise.all([
    ...volumeRefs.map(async (ref) => {
      const id = ec2Id(ref);
      const v = volumeById.get(id);
      const failed = volumes?.failed.get(id);
      const fact: Fact<EbsVolumeFacts> = v ? present(volumeFacts(v)) : unknown(failed ?? `the volume ${id} does not exist in ${where}`);
      const rec: FactRecord = {};
      if (want.has('ec2.volume')) rec['ec2.volume'] = fact;
      Object.assign(rec, await withKmsKey(ctx, want, fact.state === 'present' ? volumeKeyRef(fact.value.encrypted, fact.value.kmsKeyId) : fact, region));
      out.set(ref, rec);
    }),
    ...instanceRefs.map(async (ref) => {
      const id = ec2Id(ref);
      const rec: FactRecord = {};
      if (want.has('ec2.instanceMetadata')) rec['ec2.instanceMetadata'] = instanceMetadata(id, instanceById.get(id), instances?.failed.get(id), where);
      if (wantInstanceVolumes) rec['ec2.instanceVolumes'] = await instanceVolumes(ctx, id, instanceById.get(id), instances?.failed.get(id), volumeById, volumes?.failed, where, region);
      out.set(ref, rec);
    }),
  ]);
}

async function instanceVolumes(
  ctx: CollectContext,
  id: string,
  instance: Instance | undefined,
  failed: string | undefined,
  volumeById: ReadonlyMap<string, Volume>,
  volumesFailed: ReadonlyMap<string, string> | undefined,
  where: string,
  region: string | undefined,
): Promise<Fact<EbsDeviceKey[]>> {
  if (failed) return unknown(failed);
  if (!instance) return unknown(`the instance ${id} does not exist in ${where}`);
  const state = instance.State?.Name;
  if (state === 'terminated' || state === 'shutting-down') return unknown(`the instance ${id} is ${state}`);
  const devices: EbsDeviceKey[] = [];
  for (const m of instance.BlockDeviceMappings ?? []) {
    const volumeId = m.Ebs?.VolumeId?.toLowerCase();
    if (!volumeId) continue;
    const v = volumeById.get(volumeId);
    if (!v) return unknown(volumesFailed?.get(volumeId) ?? `the volume ${volumeId} attached to ${id} was not found`);
    const device: Omit<EbsDeviceKey, 'key'> = { volumeId: v.VolumeId!, encrypted: v.Encrypted === true, keyRef: volumeKeyRef(v.Encrypted, v.KmsKeyId) };
    if (m.DeviceName) device.deviceName = m.DeviceName;
    devices.push(await withKey(ctx, device, region));
  }
  return present(devices);
}

/** Unknown subnets sort first, so a VPC's list reports the first reason that blocks it. */
function bySubnetId(a: Fact<SubnetFacts>, b: Fact<SubnetFacts>): number {
  return byCodeUnit(a.state === 'present' ? a.value.subnetId : '', b.state === 'present' ? b.value.subnetId : '');
}


const collector: Collector = {
  service: 'ec2',
  types: ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::NatGateway', 'AWS::EC2::Instance', 'AWS::EC2::Volume', 'AWS::EC2::LaunchTemplate', 'AWS::EC2::SecurityGroup'],
  provides: [
    'ec2.vpc',
    'ec2.vpcSubnets',
    'ec2.subnet',
    'ec2.vpcNat',
    'ec2.instanceVolumes',
    'ec2.volume',
    'ec2.launchTemplateVolumes',
    'encryption.kmsKeyRef',
    'encryption.kmsKey',
    'ec2.subnetNetwork',
    'ec2.securityGroup',
    'ec2.vpcFlowLogs',
    'ec2.instanceMetadata',
    'ec2.launchTemplateMetadata',
  ],
  actions: [
    'ec2:DescribeVpcs',
    'ec2:DescribeSubnets',
    'ec2:DescribeRouteTables',
    'ec2:DescribeNatGateways',
    'ec2:DescribeInstances',
    'ec2:DescribeVolumes',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeSecurityGroupRules',
    'ec2:DescribeFlowLogs',
    ...EBS_ACTIONS,
  ],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    const regions = byRegion(refs, ctx.settings.region);
    await Promise.all([...regions].map(([region, rs]) => collectRegion(ctx, region, rs, want, out)));
    return out;
  },
};
export default collector;
