/**
 * How a stack's network is wired, read for the EC2 collector: security groups and their ingress
 * rules, a VPC's flow logs, and routes as facts. Calls grow with the regions, never with the
 * resources: per region one DescribeSecurityGroups by id and one by name (for groups the stack
 * names by name), one DescribeSecurityGroupRules for the groups found, and one DescribeFlowLogs
 * for the VPCs; each filtered (200 values per filter, longer lists split) and paged.
 *
 * Rules come from DescribeSecurityGroupRules rather than the groups' `IpPermissions`: it names
 * each rule (`sgr-…`), one source per rule, which is what a finding should point at.
 */
import type { FlowLog, Route, SecurityGroup, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { requireSdk } from './sdk.js';
import { present, unknown, type Fact } from '../facts/fact.js';
import type { FlowLogFacts, RouteFacts, SecurityGroupFacts, SecurityGroupRuleFacts } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CallOptions, CollectContext, FactRecord } from './context.js';
import { describeBatched, type Batch } from './batch.js';
import { ec2Client } from './ebs.js';
import { protocolName } from '../judge/ingress.js';
import { byCodeUnit } from '../compare.js';

const { DescribeFlowLogsCommand, DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand } = requireSdk('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2');

/** EC2 accepts at most 200 values in one filter. */
export const EC2_FILTER_VALUES = 200;
const PAGE_SIZE = { securityGroups: 1000, rules: 1000, flowLogs: 1000 } as const;

/** With filters EC2 leaves ids that do not exist out; these are the errors its id lists raise instead. */
const NOT_FOUND = new Set(['InvalidGroup.NotFound', 'InvalidGroupId.NotFound', 'InvalidVpcID.NotFound']);

function batched<T>(
  ctx: CollectContext,
  action: string,
  what: string,
  values: readonly string[],
  page: (chunk: string[], marker: string | undefined, options: CallOptions) => Promise<{ items: T[] | undefined; next: string | undefined }>,
): Promise<Batch<T>> {
  return describeBatched(ctx, { action, what, values, chunkSize: EC2_FILTER_VALUES, notFound: NOT_FOUND }, page);
}

// ---------------------------------------------------------------------------------------------
// Routes

/** A route as a fact: its destination, its target and what kind of target that is. */
export function routeFacts(r: Route): RouteFacts {
  const destination = r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId ?? '(unknown)';
  const state = r.State ? { state: r.State } : {};
  const gateway = r.GatewayId;
  const by = (target: string, targetType: RouteFacts['targetType']): RouteFacts => ({ destination, target, targetType, ...state });
  if (gateway === 'local') return by(gateway, 'local');
  if (gateway?.startsWith('igw-')) return by(gateway, 'internet-gateway');
  if (gateway?.startsWith('vgw-')) return by(gateway, 'virtual-private-gateway');
  if (gateway?.startsWith('vpce-')) return by(gateway, 'vpc-endpoint');
  if (r.EgressOnlyInternetGatewayId) return by(r.EgressOnlyInternetGatewayId, 'egress-only-internet-gateway');
  if (r.NatGatewayId) return by(r.NatGatewayId, 'nat-gateway');
  if (r.TransitGatewayId) return by(r.TransitGatewayId, 'transit-gateway');
  if (r.VpcPeeringConnectionId) return by(r.VpcPeeringConnectionId, 'vpc-peering');
  if (r.CarrierGatewayId) return by(r.CarrierGatewayId, 'carrier-gateway');
  if (r.LocalGatewayId) return by(r.LocalGatewayId, 'local-gateway');
  if (r.CoreNetworkArn) return by(r.CoreNetworkArn, 'core-network');
  // A NAT instance's route names the instance and its interface: the interface is the target.
  if (r.NetworkInterfaceId) return by(r.NetworkInterfaceId, 'network-interface');
  if (r.InstanceId) return by(r.InstanceId, 'instance');
  return by(gateway ?? '(unknown)', 'other');
}

// ---------------------------------------------------------------------------------------------
// Security groups

function ruleFacts(r: SecurityGroupRule): SecurityGroupRuleFacts {
  const protocol = protocolName(r.IpProtocol ?? '-1');
  const facts: SecurityGroupRuleFacts = { protocol };
  if (r.SecurityGroupRuleId) facts.ruleId = r.SecurityGroupRuleId;
  // EC2 reports -1 for "no port" (all traffic, and the protocols without ports).
  if (r.FromPort !== undefined && r.FromPort >= 0) facts.fromPort = r.FromPort;
  if (r.ToPort !== undefined && r.ToPort >= 0) facts.toPort = r.ToPort;
  if (r.CidrIpv4) facts.cidrIpv4 = r.CidrIpv4;
  if (r.CidrIpv6) facts.cidrIpv6 = r.CidrIpv6;
  if (r.PrefixListId) facts.prefixListId = r.PrefixListId;
  if (r.ReferencedGroupInfo?.GroupId) facts.referencedGroupId = r.ReferencedGroupInfo.GroupId;
  if (r.Description) facts.description = r.Description;
  return facts;
}

/** The bare group id of a ref named by id or ARN (`…:security-group/sg-…`), else undefined: the ref names the group by name. */
export function groupIdOf(ref: Pick<ResourceRef, 'id'>): string | undefined {
  const id = ref.id.startsWith('arn:') ? ref.id.slice(ref.id.lastIndexOf('/') + 1) : ref.id;
  return id.startsWith('sg-') ? id.toLowerCase() : undefined;
}

/**
 * The security groups of one region: those named by id (or ARN) and those named by name (an
 * output such as `WebSecurityGroup: "web-sg"`), each with its ingress rules.
 */
export async function collectSecurityGroups(ctx: CollectContext, region: string | undefined, refs: readonly ResourceRef[], out: Map<ResourceRef, FactRecord>): Promise<void> {
  const where = region ?? 'the default region';
  const ids = [...new Set(refs.map(groupIdOf).filter((id): id is string => id !== undefined))];
  const names = [...new Set(refs.filter((r) => groupIdOf(r) === undefined).map((r) => r.id))];
  const describe = (filter: 'group-id' | 'group-name', values: string[]) =>
    batched<SecurityGroup>(ctx, 'ec2:DescribeSecurityGroups', `security groups in ${where}`, values, async (chunk, token, o) => {
      const page = await ec2Client(ctx, region).send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: filter, Values: chunk }], MaxResults: PAGE_SIZE.securityGroups, NextToken: token }),
        o,
      );
      return { items: page.SecurityGroups, next: page.NextToken };
    });
  const [byId, byName] = await Promise.all([ids.length > 0 ? describe('group-id', ids) : undefined, names.length > 0 ? describe('group-name', names) : undefined]);

  const groups = new Map<string, SecurityGroup>();
  for (const g of [...(byId?.items ?? []), ...(byName?.items ?? [])]) if (g.GroupId) groups.set(g.GroupId.toLowerCase(), g);
  const found = [...groups.keys()];
  const rules =
    found.length > 0
      ? await batched<SecurityGroupRule>(ctx, 'ec2:DescribeSecurityGroupRules', `security group rules in ${where}`, found, async (chunk, token, o) => {
          const page = await ec2Client(ctx, region).send(
            new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: chunk }], MaxResults: PAGE_SIZE.rules, NextToken: token }),
            o,
          );
          return { items: page.SecurityGroupRules, next: page.NextToken };
        })
      : undefined;

  const factOf = (g: SecurityGroup): Fact<SecurityGroupFacts> => {
    const groupId = g.GroupId!.toLowerCase();
    const failed = rules?.failed.get(groupId);
    if (failed) return unknown(failed);
    const ingress = (rules?.items ?? []).filter((r) => r.GroupId?.toLowerCase() === groupId && r.IsEgress !== true).map(ruleFacts);
    return present({ groupId: g.GroupId!, groupName: g.GroupName ?? '', ...(g.VpcId ? { vpcId: g.VpcId } : {}), ingress });
  };

  for (const ref of refs) {
    const id = groupIdOf(ref);
    let fact: Fact<SecurityGroupFacts>;
    if (id !== undefined) {
      const g = groups.get(id);
      const failed = byId?.failed.get(id);
      fact = g ? factOf(g) : unknown(failed ?? `the security group ${id} does not exist in ${where}`);
    } else {
      const failed = byName?.failed.get(ref.id);
      // Names are unique within a VPC only: a name two VPCs share does not say which group is meant.
      const matches = [...groups.values()].filter((g) => g.GroupName === ref.id);
      if (failed) fact = unknown(failed);
      else if (matches.length === 0) fact = unknown(`no security group is named ${ref.id} in ${where}`);
      else if (matches.length > 1) {
        const which = matches.map((g) => `${g.GroupId} in ${g.VpcId ?? 'no VPC'}`).join(', ');
        fact = unknown(`${matches.length} security groups are named ${ref.id} in ${where} (${which}): name the group by its id in the outputs`);
      } else fact = factOf(matches[0]!);
    }
    out.set(ref, { 'ec2.securityGroup': fact });
  }
}

// ---------------------------------------------------------------------------------------------
// Flow logs

/** The flow logs of the given VPCs (DescribeFlowLogs filtered by `resource-id`). */
export function describeFlowLogs(ctx: CollectContext, region: string | undefined, vpcIds: readonly string[]): Promise<Batch<FlowLog>> {
  return batched<FlowLog>(ctx, 'ec2:DescribeFlowLogs', `flow logs in ${region ?? 'the default region'}`, vpcIds, async (chunk, token, o) => {
    const page = await ec2Client(ctx, region).send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: chunk }], MaxResults: PAGE_SIZE.flowLogs, NextToken: token }), o);
    return { items: page.FlowLogs, next: page.NextToken };
  });
}

/** The flow logs of one VPC, from a DescribeFlowLogs batch. */
export function vpcFlowLogs(vpcId: string, batch: Batch<FlowLog>): Fact<FlowLogFacts[]> {
  const failed = batch.failed.get(vpcId);
  if (failed) return unknown(failed);
  const logs: FlowLogFacts[] = batch.items
    .filter((f) => f.ResourceId?.toLowerCase() === vpcId)
    .map((f) => ({
      flowLogId: f.FlowLogId ?? '',
      trafficType: f.TrafficType ?? '',
      flowLogStatus: f.FlowLogStatus ?? '',
      ...(f.DeliverLogsStatus ? { deliverLogsStatus: f.DeliverLogsStatus } : {}),
      ...(f.DeliverLogsErrorMessage ? { deliverLogsErrorMessage: f.DeliverLogsErrorMessage } : {}),
      ...(f.LogDestinationType ? { logDestinationType: f.LogDestinationType } : {}),
      ...(f.LogDestination ? { logDestination: f.LogDestination } : f.LogGroupName ? { logDestination: f.LogGroupName } : {}),
    }))
    .sort((a, b) => byCodeUnit(a.flowLogId, b.flowLogId));
  return present(logs);
}
