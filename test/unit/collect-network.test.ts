/**
 * The network wiring collectors on AWS's documented shapes and faults, where moto differs or
 * cannot fail: every read denied (AccessDenied → unknown, never an empty list), an HTTP listener
 * AWS reports without a security policy (moto reports ELBSecurityPolicy-2016-08), route targets
 * moto does not make, long id lists split at EC2's 200 filter values, paged answers, and expired
 * credentials.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type DescribeFlowLogsCommandInput,
  type DescribeSecurityGroupRulesCommandInput,
  type Route,
} from '@aws-sdk/client-ec2';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeRulesCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import ec2Collector from '../../src/collect/ec2.collector.js';
import { routeFacts } from '../../src/collect/ec2-network.js';
import elbv2Collector, { listenerFacts, loadBalancerArnOf } from '../../src/collect/elbv2.collector.js';
import asgCollector from '../../src/collect/autoscaling.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { CredentialsError } from '../../src/errors.js';
import type { Fact } from '../../src/facts/fact.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { ResourceRef, ResourceType } from '../../src/types.js';

const ec2 = mockClient(EC2Client);
const elb = mockClient(ElasticLoadBalancingV2Client);
const asg = mockClient(AutoScalingClient);

const VPC = 'vpc-0a1b2c3d4e5f60718';
const SUBNET = 'subnet-0a1b2c3d4e5f60718';
const SG = 'sg-0a1b2c3d4e5f60718';
const LB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/0123456789abcdef';
const HTTP_ARN = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/0123456789abcdef/00000000000000aa';
const HTTPS_ARN = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/0123456789abcdef/00000000000000bb';

function awsError(name: string, status = 400, message = `${name} message`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

function context(): CollectContext {
  return createContext({ region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 });
}

const ref = (type: ResourceType, id: string, extra: Partial<ResourceRef> = {}): ResourceRef => ({ type, id, keys: [id], region: 'us-east-1', ...extra });

function value<T>(f: Fact<T> | undefined): T {
  if (f?.state !== 'present') throw new Error(`expected a present fact, got ${JSON.stringify(f)}`);
  return f.value;
}

function reasonOf(f: Fact<unknown> | undefined): string {
  if (f?.state !== 'unknown') throw new Error(`expected an unknown fact, got ${JSON.stringify(f)}`);
  return f.reason;
}

beforeEach(() => {
  ec2.reset();
  elb.reset();
  asg.reset();
});
afterEach(() => {
  ec2.reset();
  elb.reset();
  asg.reset();
});

describe('security groups', () => {
  const want = new Set<FactKey>(['ec2.securityGroup']);
  const group = { GroupId: SG, GroupName: 'web', VpcId: VPC };

  it('a denied DescribeSecurityGroups leaves the group unknown, by id and by name', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(awsError('UnauthorizedOperation', 403, 'You are not authorized to perform this operation.'));
    const byId = ref('AWS::EC2::SecurityGroup', SG);
    const byName = ref('AWS::EC2::SecurityGroup', 'web-sg');
    const out = await ec2Collector.collect([byId, byName], want, context());
    expect(reasonOf(out.get(byId)!['ec2.securityGroup'])).toBe('could not describe security groups in us-east-1: access to ec2:DescribeSecurityGroups was denied: UnauthorizedOperation: You are not authorized to perform this operation. (HTTP 403)');
    expect(reasonOf(out.get(byName)!['ec2.securityGroup'])).toContain('UnauthorizedOperation');
    expect(ec2.commandCalls(DescribeSecurityGroupRulesCommand)).toHaveLength(0);
  });

  it('a denied DescribeSecurityGroupRules leaves the group unknown, never without rules', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [group] });
    ec2.on(DescribeSecurityGroupRulesCommand).rejects(awsError('UnauthorizedOperation', 403));
    const r = ref('AWS::EC2::SecurityGroup', SG);
    expect(reasonOf((await ec2Collector.collect([r], want, context())).get(r)!['ec2.securityGroup'])).toMatch(/^could not describe security group rules in us-east-1: access to ec2:DescribeSecurityGroupRules was denied: UnauthorizedOperation/);
  });

  it('reads every page of rules, names protocols given by number, and keeps ingress only', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [group] });
    ec2.on(DescribeSecurityGroupRulesCommand)
      .resolvesOnce({ SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-1', GroupId: SG, IsEgress: false, IpProtocol: '6', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' }], NextToken: 'p2' })
      .resolvesOnce({
        SecurityGroupRules: [
          { SecurityGroupRuleId: 'sgr-2', GroupId: SG, IsEgress: false, IpProtocol: '-1', FromPort: -1, ToPort: -1, PrefixListId: 'pl-0123' },
          { SecurityGroupRuleId: 'sgr-3', GroupId: SG, IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' },
        ],
      });
    const r = ref('AWS::EC2::SecurityGroup', SG);
    expect(value((await ec2Collector.collect([r], want, context())).get(r)!['ec2.securityGroup']).ingress).toEqual([
      { ruleId: 'sgr-1', protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' },
      { ruleId: 'sgr-2', protocol: '-1', prefixListId: 'pl-0123' },
    ]);
    expect(ec2.commandCalls(DescribeSecurityGroupRulesCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'p2']);
  });

  it('splits more than 200 groups into filters of 200 values', async () => {
    const many = Array.from({ length: 250 }, (_, i) => `sg-${i.toString(16).padStart(17, '0')}`);
    ec2.on(DescribeSecurityGroupsCommand).callsFake((input: { Filters: Array<{ Values: string[] }> }) => ({
      SecurityGroups: input.Filters[0]!.Values.map((id) => ({ GroupId: id, GroupName: id, VpcId: VPC })),
    }));
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [] });
    const out = await ec2Collector.collect(many.map((id) => ref('AWS::EC2::SecurityGroup', id)), want, context());
    expect([...out.values()].every((rec) => rec['ec2.securityGroup']?.state === 'present')).toBe(true);
    const sizes = (calls: Array<{ args: [{ input: unknown }] }>) => calls.map((c) => (c.args[0].input as DescribeSecurityGroupRulesCommandInput).Filters![0]!.Values!.length).sort((a, b) => b - a);
    expect(sizes(ec2.commandCalls(DescribeSecurityGroupsCommand) as never)).toEqual([200, 50]);
    expect(sizes(ec2.commandCalls(DescribeSecurityGroupRulesCommand) as never)).toEqual([200, 50]);
  });

  it('an expired credential ends the run', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(awsError('AuthFailure', 401));
    await expect(ec2Collector.collect([ref('AWS::EC2::SecurityGroup', SG)], want, context())).rejects.toBeInstanceOf(CredentialsError);
  });
});

describe('subnets as they are wired', () => {
  const want = new Set<FactKey>(['ec2.subnetNetwork']);

  it('a denied DescribeRouteTables leaves the subnet unknown', async () => {
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: SUBNET, VpcId: VPC, AvailabilityZone: 'us-east-1a' }] });
    ec2.on(DescribeRouteTablesCommand).rejects(awsError('UnauthorizedOperation', 403));
    const r = ref('AWS::EC2::Subnet', SUBNET);
    expect(reasonOf((await ec2Collector.collect([r], want, context())).get(r)!['ec2.subnetNetwork'])).toMatch(/^the routes of subnet-0a1b2c3d4e5f60718 are unknown: could not describe route tables in us-east-1: access to ec2:DescribeRouteTables was denied: UnauthorizedOperation/);
  });

  it('a denied DescribeSubnets leaves the subnet unknown', async () => {
    ec2.on(DescribeSubnetsCommand).rejects(awsError('UnauthorizedOperation', 403));
    const r = ref('AWS::EC2::Subnet', SUBNET);
    expect(reasonOf((await ec2Collector.collect([r], want, context())).get(r)!['ec2.subnetNetwork'])).toContain('UnauthorizedOperation');
  });

  it('a VPC without a main route table (AWS always has one) leaves an unassociated subnet unknown', async () => {
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: SUBNET, VpcId: VPC, AvailabilityZone: 'us-east-1a' }] });
    ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [{ RouteTableId: 'rtb-other', VpcId: VPC, Associations: [{ SubnetId: 'subnet-other' }], Routes: [] }] });
    const r = ref('AWS::EC2::Subnet', SUBNET);
    expect(reasonOf((await ec2Collector.collect([r], want, context())).get(r)!['ec2.subnetNetwork'])).toBe(`no route table is associated with ${SUBNET}, and ${VPC} has no main route table`);
  });

  it('an association being removed no longer counts: the subnet routes by the main table', async () => {
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: SUBNET, VpcId: VPC, AvailabilityZone: 'us-east-1a', AssignIpv6AddressOnCreation: true, Tags: [{ Key: 'Name', Value: 'app' }] }] });
    ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        { RouteTableId: 'rtb-old', VpcId: VPC, Associations: [{ SubnetId: SUBNET, AssociationState: { State: 'disassociating' } }], Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }] },
        { RouteTableId: 'rtb-main', VpcId: VPC, Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }] },
      ],
    });
    const r = ref('AWS::EC2::Subnet', SUBNET);
    expect(value((await ec2Collector.collect([r], want, context())).get(r)!['ec2.subnetNetwork'])).toMatchObject({
      assignIpv6AddressOnCreation: true,
      tags: { Name: 'app' },
      routeTable: { routeTableId: 'rtb-main', main: true },
      routedTier: 'private',
    });
  });

  it('names every kind of route target AWS reports', () => {
    expect(
      [
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active' },
        { DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'vgw-1' },
        { DestinationPrefixListId: 'pl-1', GatewayId: 'vpce-1' },
        { DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-1' },
        { DestinationCidrBlock: '10.2.0.0/16', VpcPeeringConnectionId: 'pcx-1' },
        { DestinationCidrBlock: '0.0.0.0/0', CarrierGatewayId: 'cagw-1' },
        { DestinationCidrBlock: '0.0.0.0/0', LocalGatewayId: 'lgw-1' },
        { DestinationCidrBlock: '0.0.0.0/0', CoreNetworkArn: 'arn:aws:networkmanager::1:core-network/c-1' },
        { DestinationCidrBlock: '0.0.0.0/0', InstanceId: 'i-1', NetworkInterfaceId: 'eni-1' },
        { DestinationCidrBlock: '0.0.0.0/0', InstanceId: 'i-2' },
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-gone', State: 'blackhole' },
      ].map((r) => routeFacts(r as Route)),
    ).toEqual([
      { destination: '0.0.0.0/0', target: 'igw-1', targetType: 'internet-gateway', state: 'active' },
      { destination: '10.1.0.0/16', target: 'vgw-1', targetType: 'virtual-private-gateway' },
      { destination: 'pl-1', target: 'vpce-1', targetType: 'vpc-endpoint' },
      { destination: '0.0.0.0/0', target: 'tgw-1', targetType: 'transit-gateway' },
      { destination: '10.2.0.0/16', target: 'pcx-1', targetType: 'vpc-peering' },
      { destination: '0.0.0.0/0', target: 'cagw-1', targetType: 'carrier-gateway' },
      { destination: '0.0.0.0/0', target: 'lgw-1', targetType: 'local-gateway' },
      { destination: '0.0.0.0/0', target: 'arn:aws:networkmanager::1:core-network/c-1', targetType: 'core-network' },
      { destination: '0.0.0.0/0', target: 'eni-1', targetType: 'network-interface' },
      { destination: '0.0.0.0/0', target: 'i-2', targetType: 'instance' },
      { destination: '0.0.0.0/0', target: 'igw-gone', targetType: 'internet-gateway', state: 'blackhole' },
    ]);
  });
});

describe('VPC flow logs', () => {
  const want = new Set<FactKey>(['ec2.vpcFlowLogs']);

  it('a denied DescribeFlowLogs leaves the VPC unknown, never without flow logs', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC }] });
    ec2.on(DescribeFlowLogsCommand).rejects(awsError('UnauthorizedOperation', 403));
    const r = ref('AWS::EC2::VPC', VPC);
    expect(reasonOf((await ec2Collector.collect([r], want, context())).get(r)!['ec2.vpcFlowLogs'])).toMatch(/^could not describe flow logs in us-east-1: access to ec2:DescribeFlowLogs was denied: UnauthorizedOperation/);
  });

  it('a denied DescribeVpcs leaves the flow logs unknown: an empty list is only true of a VPC that exists', async () => {
    ec2.on(DescribeVpcsCommand).rejects(awsError('UnauthorizedOperation', 403));
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    const r = ref('AWS::EC2::VPC', VPC);
    expect(reasonOf((await ec2Collector.collect([r], want, context())).get(r)!['ec2.vpcFlowLogs'])).toMatch(/^could not describe VPCs in us-east-1: access to ec2:DescribeVpcs was denied: UnauthorizedOperation/);
  });

  // moto fails a flow log's delivery only when its CloudWatch Logs group does not exist; AWS also
  // reports FAILED when the role or the bucket policy refuses delivery. The fact keeps what EC2 says.
  it('keeps only the VPC’s own flow logs, a failing delivery as AWS reports it, and a log group name as the destination', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC }] });
    ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [
        { FlowLogId: 'fl-2', ResourceId: VPC, TrafficType: 'REJECT', FlowLogStatus: 'ACTIVE', DeliverLogsStatus: 'FAILED', DeliverLogsErrorMessage: 'Access error', LogDestinationType: 'cloud-watch-logs', LogGroupName: '/vpc/flow' },
        { FlowLogId: 'fl-1', ResourceId: 'vpc-other', TrafficType: 'ALL', FlowLogStatus: 'ACTIVE' },
      ],
    });
    const r = ref('AWS::EC2::VPC', VPC);
    expect(value((await ec2Collector.collect([r], want, context())).get(r)!['ec2.vpcFlowLogs'])).toEqual([
      { flowLogId: 'fl-2', trafficType: 'REJECT', flowLogStatus: 'ACTIVE', deliverLogsStatus: 'FAILED', deliverLogsErrorMessage: 'Access error', logDestinationType: 'cloud-watch-logs', logDestination: '/vpc/flow' },
    ]);
  });

  it('asks for 250 VPCs in filters of 200 and 50 values, every page', async () => {
    const many = Array.from({ length: 250 }, (_, i) => `vpc-${i.toString(16).padStart(17, '0')}`);
    ec2.on(DescribeVpcsCommand).callsFake((input: { Filters: Array<{ Values: string[] }> }) => ({ Vpcs: input.Filters[0]!.Values.map((VpcId) => ({ VpcId })) }));
    ec2.on(DescribeFlowLogsCommand).callsFake((input: DescribeFlowLogsCommandInput) =>
      input.NextToken ? { FlowLogs: [{ FlowLogId: 'fl-last', ResourceId: many[0], TrafficType: 'ALL', FlowLogStatus: 'ACTIVE' }] } : { FlowLogs: [], ...(input.Filter![0]!.Values!.length === 200 ? { NextToken: 'more' } : {}) },
    );
    const out = await ec2Collector.collect(many.map((id) => ref('AWS::EC2::VPC', id)), want, context());
    const calls = ec2.commandCalls(DescribeFlowLogsCommand).map((c) => [c.args[0].input.Filter![0]!.Values!.length, c.args[0].input.NextToken ?? null]);
    expect(calls.sort()).toEqual([[200, 'more'], [200, null], [50, null]].sort());
    expect(value([...out.entries()].find(([r]) => r.id === many[0])![1]['ec2.vpcFlowLogs'])).toEqual([{ flowLogId: 'fl-last', trafficType: 'ALL', flowLogStatus: 'ACTIVE' }]);
  });
});

describe('instance metadata options', () => {
  it('a denied DescribeInstances leaves the options unknown; an instance reported without options is unknown', async () => {
    ec2.on(DescribeInstancesCommand).rejects(awsError('UnauthorizedOperation', 403));
    const r = ref('AWS::EC2::Instance', 'i-0a1b2c3d4e5f60718');
    const want = new Set<FactKey>(['ec2.instanceMetadata']);
    expect(reasonOf((await ec2Collector.collect([r], want, context())).get(r)!['ec2.instanceMetadata'])).toContain('UnauthorizedOperation');
    ec2.reset();
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-0a1b2c3d4e5f60718', State: { Name: 'running' } }] }] });
    expect(reasonOf((await ec2Collector.collect([r], want, context())).get(r)!['ec2.instanceMetadata'])).toBe('DescribeInstances returned i-0a1b2c3d4e5f60718 without its metadata options');
  });

  it('a terminated instance is unknown, not judged', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-0a1b2c3d4e5f60718', State: { Name: 'terminated' }, MetadataOptions: { HttpTokens: 'optional' } }] }] });
    const r = ref('AWS::EC2::Instance', 'i-0a1b2c3d4e5f60718');
    expect(reasonOf((await ec2Collector.collect([r], new Set<FactKey>(['ec2.instanceMetadata']), context())).get(r)!['ec2.instanceMetadata'])).toBe('the instance i-0a1b2c3d4e5f60718 is terminated');
  });

  it('a denied DescribeLaunchTemplateVersions leaves a template’s and a group’s options unknown', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(awsError('UnauthorizedOperation', 403));
    asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [{ AutoScalingGroupName: 'web', LaunchTemplate: { LaunchTemplateId: 'lt-0a1b2c3d4e5f60718', Version: '3' }, AvailabilityZones: [], MinSize: 0, MaxSize: 1, DesiredCapacity: 0, DefaultCooldown: 0, HealthCheckType: 'EC2', CreatedTime: new Date() }] });
    const want = new Set<FactKey>(['ec2.launchTemplateMetadata']);
    const t = ref('AWS::EC2::LaunchTemplate', 'lt-0a1b2c3d4e5f60718');
    const g = ref('AWS::AutoScaling::AutoScalingGroup', 'web');
    expect(reasonOf((await ec2Collector.collect([t], want, context())).get(t)!['ec2.launchTemplateMetadata'])).toBe('could not describe the launch template lt-0a1b2c3d4e5f60718: access to ec2:DescribeLaunchTemplateVersions was denied: UnauthorizedOperation: UnauthorizedOperation message (HTTP 403)');
    expect(reasonOf((await asgCollector.collect([g], want, context())).get(g)!['ec2.launchTemplateMetadata'])).toContain('UnauthorizedOperation');
    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand).map((c) => c.args[0].input.Versions)).toEqual([['$Default'], ['3']]);
  });
});

describe('load balancer listeners', () => {
  const lbRef = ref('AWS::ElasticLoadBalancingV2::LoadBalancer', LB_ARN);
  const lb = { LoadBalancerArn: LB_ARN, LoadBalancerName: 'web', Type: 'application' as const, Scheme: 'internet-facing' as const, SecurityGroups: [SG], AvailabilityZones: [] };
  const http = { ListenerArn: HTTP_ARN, LoadBalancerArn: LB_ARN, Protocol: 'HTTP' as const, Port: 80, DefaultActions: [{ Type: 'redirect' as const, RedirectConfig: { Protocol: 'HTTPS', StatusCode: 'HTTP_301' as const } }] };
  const https = { ListenerArn: HTTPS_ARN, LoadBalancerArn: LB_ARN, Protocol: 'HTTPS' as const, Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', DefaultActions: [{ Type: 'forward' as const }] };

  it('a denied DescribeListeners leaves the load balancer’s listeners and a named listener unknown', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [lb] });
    elb.on(DescribeListenersCommand).rejects(awsError('AccessDenied', 403));
    const listener = ref('AWS::ElasticLoadBalancingV2::Listener', HTTPS_ARN, { arn: HTTPS_ARN });
    const out = await elbv2Collector.collect([lbRef, listener], new Set<FactKey>(['elbv2.listeners', 'elbv2.listener']), context());
    expect(reasonOf(out.get(lbRef)!['elbv2.listeners'])).toBe(`could not describe the listeners of ${LB_ARN}: access to elasticloadbalancing:DescribeListeners was denied: AccessDenied: AccessDenied message (HTTP 403)`);
    expect(reasonOf(out.get(listener)!['elbv2.listener'])).toContain('AccessDenied');
    // One listing for the load balancer and its listener.
    expect(elb.commandCalls(DescribeListenersCommand)).toHaveLength(1);
  });

  it('a denied DescribeRules leaves the HTTP listener unknown (a rule may forward), and with it the load balancer’s listeners', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [lb] });
    elb.on(DescribeListenersCommand).resolves({ Listeners: [http, https] });
    elb.on(DescribeRulesCommand).rejects(awsError('AccessDenied', 403));
    const listener = ref('AWS::ElasticLoadBalancingV2::Listener', HTTPS_ARN, { arn: HTTPS_ARN });
    const out = await elbv2Collector.collect([lbRef, listener], new Set<FactKey>(['elbv2.listeners', 'elbv2.listener']), context());
    expect(reasonOf(out.get(lbRef)!['elbv2.listeners'])).toBe(`could not describe the rules of the listener ${HTTP_ARN}: access to elasticloadbalancing:DescribeRules was denied: AccessDenied: AccessDenied message (HTTP 403)`);
    // The HTTPS listener needs no rules: it is judged by its policy.
    expect(value(out.get(listener)!['elbv2.listener'])).toMatchObject({ listenerArn: HTTPS_ARN, sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(elb.commandCalls(DescribeRulesCommand).map((c) => c.args[0].input.ListenerArn)).toEqual([HTTP_ARN]);
  });

  it('a listener deleted between the listing and its rules is unknown; a load balancer that is gone too', async () => {
    elb.on(DescribeListenersCommand, { LoadBalancerArn: LB_ARN }).resolves({ Listeners: [http] });
    elb.on(DescribeRulesCommand).rejects(awsError('ListenerNotFound', 400, 'One or more listeners not found'));
    const gone = LB_ARN.replace('/web/', '/gone/');
    elb.on(DescribeListenersCommand, { LoadBalancerArn: gone }).rejects(awsError('LoadBalancerNotFound', 400, 'One or more load balancers not found'));
    const a = ref('AWS::ElasticLoadBalancingV2::Listener', HTTP_ARN, { arn: HTTP_ARN });
    const b = ref('AWS::ElasticLoadBalancingV2::Listener', HTTP_ARN.replace('/web/', '/gone/'));
    const out = await elbv2Collector.collect([a, b], new Set<FactKey>(['elbv2.listener']), context());
    expect(reasonOf(out.get(a)!['elbv2.listener'])).toMatch(/^the listener .* does not exist in us-east-1 \(ListenerNotFound/);
    expect(reasonOf(out.get(b)!['elbv2.listener'])).toMatch(/^the load balancer .*\/gone\/.* does not exist in us-east-1 \(LoadBalancerNotFound/);
  });

  it('an id that is not a listener ARN names no load balancer: unknown, without a call', async () => {
    const r = ref('AWS::ElasticLoadBalancingV2::Listener', 'web-https');
    const out = await elbv2Collector.collect([r], new Set<FactKey>(['elbv2.listener']), context());
    expect(reasonOf(out.get(r)!['elbv2.listener'])).toMatch(/^web-https is not a listener ARN/);
    expect(elb.calls()).toHaveLength(0);
  });

  it('follows every page of listeners and rules', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [lb] });
    elb.on(DescribeListenersCommand).resolvesOnce({ Listeners: [http], NextMarker: 'm2' }).resolvesOnce({ Listeners: [https] });
    elb.on(DescribeRulesCommand)
      .resolvesOnce({ Rules: [{ RuleArn: 'r1', Priority: '1', Actions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', StatusCode: 'HTTP_301' } }] }], NextMarker: 'r2' })
      .resolvesOnce({ Rules: [{ RuleArn: 'r2', Priority: '2', Actions: [{ Type: 'fixed-response' }] }, { RuleArn: 'default', Priority: 'default', IsDefault: true, Actions: http.DefaultActions }] });
    const out = await elbv2Collector.collect([lbRef], new Set<FactKey>(['elbv2.listeners']), context());
    const listeners = value(out.get(lbRef)!['elbv2.listeners']);
    expect(listeners.map((l) => l.listenerArn)).toEqual([HTTP_ARN, HTTPS_ARN]);
    expect(listeners[0]!.rules).toEqual([
      { ruleArn: 'r1', priority: '1', actions: [{ type: 'redirect', redirect: { protocol: 'HTTPS', statusCode: 'HTTP_301' } }] },
      { ruleArn: 'r2', priority: '2', actions: [{ type: 'fixed-response' }] },
    ]);
    expect(elb.commandCalls(DescribeListenersCommand).map((c) => c.args[0].input.Marker)).toEqual([undefined, 'm2']);
  });

  it('keeps a security policy for HTTPS and TLS listeners only (moto reports one for HTTP listeners; AWS does not)', () => {
    expect(listenerFacts({ ...http, SslPolicy: 'ELBSecurityPolicy-2016-08' })).not.toHaveProperty('sslPolicy');
    expect(listenerFacts({ ...https, Protocol: 'TLS' })).toMatchObject({ sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(listenerFacts(http)).toEqual({ listenerArn: HTTP_ARN, loadBalancerArn: LB_ARN, port: 80, protocol: 'HTTP', certificateArns: [], defaultActions: [{ type: 'redirect', redirect: { protocol: 'HTTPS', statusCode: 'HTTP_301' } }] });
  });

  it('a listener or rule ARN names its load balancer', () => {
    expect(loadBalancerArnOf(HTTP_ARN)).toBe(LB_ARN);
    expect(loadBalancerArnOf('arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:1:listener/net/ingest/abc/def')).toBe('arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:1:loadbalancer/net/ingest/abc');
    expect(loadBalancerArnOf('arn:aws:elasticloadbalancing:us-east-1:1:listener-rule/app/web/abc/def/123')).toBe('arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/abc');
    expect(loadBalancerArnOf(LB_ARN)).toBeUndefined();
    expect(loadBalancerArnOf('web-https')).toBeUndefined();
  });
});
