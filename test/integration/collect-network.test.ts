/**
 * The network wiring collectors against one moto_server: security groups (by id, ARN and name)
 * with their ingress rules, subnets' route tables (explicit and main) and tags, VPC flow logs,
 * instance and launch template metadata options (an Auto Scaling group's through its template),
 * and load balancer listeners with the rules of HTTP listeners that redirect.
 *
 * Where moto differs from AWS (AWS's behaviour is covered in test/unit/collect-network.test.ts):
 * - an HTTP listener reports the security policy `ELBSecurityPolicy-2016-08` (AWS reports none
 *   for HTTP listeners); the collector keeps a policy for HTTPS and TLS listeners only;
 * - a flow log is `ACTIVE` from the start, and fails its delivery only when its CloudWatch Logs
 *   group does not exist (AWS also reports `FAILED` for a role or bucket policy that refuses it).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateEgressOnlyInternetGatewayCommand,
  CreateFlowLogsCommand,
  CreateInternetGatewayCommand,
  CreateLaunchTemplateCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, CreateTargetGroupCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AutoScalingClient, CreateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { ACMClient, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import ec2Collector from '../../src/collect/ec2.collector.js';
import elbv2Collector from '../../src/collect/elbv2.collector.js';
import asgCollector from '../../src/collect/autoscaling.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { Fact } from '../../src/facts/fact.js';
import type { ResourceRef, ResourceType } from '../../src/types.js';

const REGION = 'eu-west-1';
const A = 'eu-west-1a';
const B = 'eu-west-1b';
let moto: MotoServer;
const savedEnv = { ...process.env };
const ids: Record<string, string> = {};

function context(): CollectContext {
  return createContext({ region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 8 });
}

const ref = (type: ResourceType, id: string, extra: Partial<ResourceRef> = {}): ResourceRef => ({ type, id, keys: [id], ...extra });

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
  const config = { region: REGION, endpoint: moto.endpoint };
  const ec2 = new EC2Client(config);

  // A VPC with a public subnet (its own table to the internet gateway), a private subnet (its own
  // table through a NAT gateway, ::/0 through an egress-only gateway) and a subnet on the main table.
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc!.VpcId!;
  ids.vpc = vpc;
  const subnet = async (cidr: string, az: string) => (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: az }))).Subnet!.SubnetId!;
  ids.pub = await subnet('10.50.0.0/24', A);
  ids.priv = await subnet('10.50.10.0/24', A);
  ids.mainOnly = await subnet('10.50.20.0/24', B);
  await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: ids.pub, MapPublicIpOnLaunch: { Value: true } }));
  await ec2.send(new CreateTagsCommand({ Resources: [ids.pub], Tags: [{ Key: 'Name', Value: 'web/Vpc/PublicSubnet1' }, { Key: 'aws-cdk:subnet-type', Value: 'Public' }] }));
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  ids.igw = igw;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const publicRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  ids.publicRt = publicRt;
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRt, SubnetId: ids.pub }));
  const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  ids.nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: ids.pub, AllocationId: eip }))).NatGateway!.NatGatewayId!;
  const eigw = (await ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpc }))).EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId!;
  ids.eigw = eigw;
  const privateRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  ids.privateRt = privateRt;
  await ec2.send(new CreateRouteCommand({ RouteTableId: privateRt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ids.nat }));
  await ec2.send(new CreateRouteCommand({ RouteTableId: privateRt, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: eigw }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateRt, SubnetId: ids.priv }));

  // A second VPC, without flow logs, that also holds a group named `shared-sg`; a third whose flow
  // log cannot deliver (its CloudWatch Logs group does not exist).
  ids.otherVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.51.0.0/16' }))).Vpc!.VpcId!;
  ids.failingVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.52.0.0/16' }))).Vpc!.VpcId!;

  // Security groups: the load balancer's (80/443 from the world), one open to SSH, a name two VPCs share.
  const group = async (name: string, vpcId: string) => (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcId }))).GroupId!;
  ids.albSg = await group('web-alb-sg', vpc);
  ids.sshSg = await group('web-ssh-sg', vpc);
  ids.sharedA = await group('shared-sg', vpc);
  ids.sharedB = await group('shared-sg', ids.otherVpc);
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: ids.albSg,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'web' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      ],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: ids.sshSg,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: ids.albSg }] },
      ],
    }),
  );

  // A flow log of the first VPC, to S3.
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'network-flow-logs', CreateBucketConfiguration: { LocationConstraint: REGION } }));
  ids.flowLog = (await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpc], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::network-flow-logs' }))).FlowLogIds![0]!;
  ids.failingFlowLog = (
    await ec2.send(
      new CreateFlowLogsCommand({
        ResourceIds: [ids.failingVpc],
        ResourceType: 'VPC',
        TrafficType: 'REJECT',
        LogGroupName: '/vpc/missing',
        DeliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/flow-logs',
      }),
    )
  ).FlowLogIds![0]!;

  // Instances and launch templates: IMDSv2 required, and the defaults.
  const run = async (tokens?: 'required') =>
    (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1, SubnetId: ids.priv, ...(tokens ? { MetadataOptions: { HttpTokens: tokens } } : {}) }))).Instances![0]!.InstanceId!;
  ids.v2Instance = await run('required');
  ids.v1Instance = await run();
  const template = async (name: string, metadata: boolean) =>
    (
      await ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: name,
          LaunchTemplateData: { ImageId: 'ami-12c6146b', ...(metadata ? { MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2 } } : {}) },
        }),
      )
    ).LaunchTemplate!.LaunchTemplateId!;
  ids.v2Template = await template('web-imdsv2', true);
  ids.plainTemplate = await template('web-plain', false);
  const asg = new AutoScalingClient(config);
  await asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'web-imds',
      MinSize: 0,
      MaxSize: 1,
      DesiredCapacity: 0,
      LaunchTemplate: { LaunchTemplateId: ids.v2Template, Version: '$Latest' },
      VPCZoneIdentifier: ids.priv,
    }),
  );
  asg.destroy();

  // An internet-facing ALB: HTTPS on a recommended policy, HTTP redirecting, one rule that forwards.
  const elb = new ElasticLoadBalancingV2Client(config);
  const subnetB = await subnet('10.50.1.0/24', B);
  const alb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'net-alb', Subnets: [ids.pub, subnetB], SecurityGroups: [ids.albSg], Scheme: 'internet-facing', Type: 'application' }))).LoadBalancers![0]!;
  ids.albArn = alb.LoadBalancerArn!;
  const tg = (await elb.send(new CreateTargetGroupCommand({ Name: 'net-web', Protocol: 'HTTP', Port: 8080, VpcId: vpc }))).TargetGroups![0]!.TargetGroupArn!;
  const acm = new ACMClient(config);
  const cert = (await acm.send(new RequestCertificateCommand({ DomainName: 'web.example.com' }))).CertificateArn!;
  acm.destroy();
  ids.https = (
    await elb.send(
      new CreateListenerCommand({ LoadBalancerArn: ids.albArn, Protocol: 'HTTPS', Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', Certificates: [{ CertificateArn: cert }], DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }),
    )
  ).Listeners![0]!.ListenerArn!;
  ids.http = (
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: ids.albArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] }))
  ).Listeners![0]!.ListenerArn!;
  await elb.send(new CreateRuleCommand({ ListenerArn: ids.http, Priority: 10, Conditions: [{ Field: 'path-pattern', Values: ['/health'] }], Actions: [{ Type: 'forward', TargetGroupArn: tg }] }));
  ids.bareAlb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'net-bare', Subnets: [ids.pub, subnetB], Type: 'application' }))).LoadBalancers![0]!.LoadBalancerArn!;
  for (const c of [ec2, s3, elb]) c.destroy();
}, 120_000);

afterAll(async () => {
  process.env = savedEnv;
  await moto?.stop();
});

describe('security groups', () => {
  const want = new Set<FactKey>(['ec2.securityGroup']);

  it('reads groups by id, ARN and name with their ingress rules only, in one call per filter and one for the rules', async () => {
    const ctx = context();
    const byId = ref('AWS::EC2::SecurityGroup', ids.albSg!);
    const byArn = ref('AWS::EC2::SecurityGroup', `arn:aws:ec2:${REGION}:123456789012:security-group/${ids.sshSg}`);
    const byName = ref('AWS::EC2::SecurityGroup', 'web-ssh-sg');
    const out = await ec2Collector.collect([byId, byArn, byName], want, ctx);
    const alb = value(out.get(byId)!['ec2.securityGroup']);
    expect(alb).toMatchObject({ groupId: ids.albSg, groupName: 'web-alb-sg', vpcId: ids.vpc });
    expect(alb.ingress.map((r) => [r.protocol, r.fromPort, r.toPort, r.cidrIpv4 ?? r.cidrIpv6]).sort()).toEqual([
      ['tcp', 443, 443, '0.0.0.0/0'],
      ['tcp', 443, 443, '::/0'],
      ['tcp', 80, 80, '0.0.0.0/0'],
    ]);
    expect(alb.ingress.every((r) => /^sgr-[0-9a-f]+$/.test(r.ruleId ?? ''))).toBe(true);
    expect(alb.ingress.find((r) => r.cidrIpv4 === '0.0.0.0/0' && r.fromPort === 443)?.description).toBe('web');
    // The default egress rule is not an ingress rule.
    expect(alb.ingress.some((r) => r.protocol === '-1')).toBe(false);

    const ssh = value(out.get(byName)!['ec2.securityGroup']);
    expect(value(out.get(byArn)!['ec2.securityGroup'])).toEqual(ssh);
    expect(ssh.ingress).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }),
        expect.objectContaining({ protocol: '-1', referencedGroupId: ids.albSg }),
      ]),
    );
    // All traffic carries no port range.
    expect(ssh.ingress.find((r) => r.protocol === '-1')).not.toHaveProperty('fromPort');
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'ec2:DescribeSecurityGroups': 2, 'ec2:DescribeSecurityGroupRules': 1 });
  });

  it('a group that does not exist, a name no group has, and a name two VPCs share are unknown, saying why', async () => {
    const missingId = ref('AWS::EC2::SecurityGroup', 'sg-0123456789abcdef0');
    const missingName = ref('AWS::EC2::SecurityGroup', 'no-such-sg');
    const shared = ref('AWS::EC2::SecurityGroup', 'shared-sg');
    const out = await ec2Collector.collect([missingId, missingName, shared], want, context());
    expect(reasonOf(out.get(missingId)!['ec2.securityGroup'])).toBe(`the security group sg-0123456789abcdef0 does not exist in ${REGION}`);
    expect(reasonOf(out.get(missingName)!['ec2.securityGroup'])).toBe(`no security group is named no-such-sg in ${REGION}`);
    const reason = reasonOf(out.get(shared)!['ec2.securityGroup']);
    expect(reason).toMatch(/^2 security groups are named shared-sg in eu-west-1 \(.*\): name the group by its id in the outputs$/);
    expect(reason).toContain(ids.sharedA);
    expect(reason).toContain(ids.sharedB);
  });
});

describe('subnets as they are wired', () => {
  const want = new Set<FactKey>(['ec2.subnetNetwork']);

  it('reads each subnet’s route table (its own, else the main one), its routes by target and its tags', async () => {
    const ctx = context();
    const [pub, priv, mainOnly] = [ids.pub!, ids.priv!, ids.mainOnly!].map((id) => ref('AWS::EC2::Subnet', id));
    const out = await ec2Collector.collect([pub!, priv!, mainOnly!], want, ctx);
    expect(value(out.get(pub!)!['ec2.subnetNetwork'])).toMatchObject({
      subnetId: ids.pub,
      vpcId: ids.vpc,
      mapPublicIpOnLaunch: true,
      assignIpv6AddressOnCreation: false,
      tags: { Name: 'web/Vpc/PublicSubnet1', 'aws-cdk:subnet-type': 'Public' },
      routeTable: { routeTableId: ids.publicRt, main: false },
      routedTier: 'public',
    });
    const p = value(out.get(priv!)!['ec2.subnetNetwork']);
    expect(p).toMatchObject({ mapPublicIpOnLaunch: false, tags: {}, routedTier: 'private', routeTable: { routeTableId: ids.privateRt, main: false } });
    expect(p.routeTable.routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ destination: '10.50.0.0/16', target: 'local', targetType: 'local' }),
        expect.objectContaining({ destination: '0.0.0.0/0', target: ids.nat, targetType: 'nat-gateway' }),
        expect.objectContaining({ destination: '::/0', target: ids.eigw, targetType: 'egress-only-internet-gateway' }),
      ]),
    );
    const m = value(out.get(mainOnly!)!['ec2.subnetNetwork']);
    expect(m.routeTable.main).toBe(true);
    expect(m.routeTable.routes.map((r) => r.targetType)).toEqual(['local']);
    expect(m.routedTier).toBe('private');
    // One read of each kind for the three subnets.
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'ec2:DescribeSubnets': 1, 'ec2:DescribeRouteTables': 1 });
  });

  it('a subnet that does not exist is unknown', async () => {
    const gone = ref('AWS::EC2::Subnet', 'subnet-0123456789abcdef0');
    const out = await ec2Collector.collect([gone], want, context());
    expect(reasonOf(out.get(gone)!['ec2.subnetNetwork'])).toBe(`the subnet subnet-0123456789abcdef0 does not exist in ${REGION}`);
  });
});

describe('VPC flow logs', () => {
  const want = new Set<FactKey>(['ec2.vpcFlowLogs']);

  it('reads the flow logs of every VPC in one DescribeFlowLogs: a list for each, empty where there is none, a failing delivery as reported', async () => {
    const ctx = context();
    const logged = ref('AWS::EC2::VPC', ids.vpc!);
    const bare = ref('AWS::EC2::VPC', ids.otherVpc!);
    const failing = ref('AWS::EC2::VPC', ids.failingVpc!);
    const out = await ec2Collector.collect([logged, bare, failing], want, ctx);
    expect(value(out.get(logged)!['ec2.vpcFlowLogs'])).toEqual([
      { flowLogId: ids.flowLog, trafficType: 'ALL', flowLogStatus: 'ACTIVE', deliverLogsStatus: 'SUCCESS', logDestinationType: 's3', logDestination: 'arn:aws:s3:::network-flow-logs' },
    ]);
    expect(value(out.get(bare)!['ec2.vpcFlowLogs'])).toEqual([]);
    expect(value(out.get(failing)!['ec2.vpcFlowLogs'])).toEqual([
      { flowLogId: ids.failingFlowLog, trafficType: 'REJECT', flowLogStatus: 'ACTIVE', deliverLogsStatus: 'FAILED', deliverLogsErrorMessage: 'Access error', logDestinationType: 'cloud-watch-logs', logDestination: '/vpc/missing' },
    ]);
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'ec2:DescribeVpcs': 1, 'ec2:DescribeFlowLogs': 1 });
  });

  it('a VPC that does not exist is unknown, not a VPC without flow logs', async () => {
    const gone = ref('AWS::EC2::VPC', 'vpc-0123456789abcdef0');
    const out = await ec2Collector.collect([gone], want, context());
    expect(reasonOf(out.get(gone)!['ec2.vpcFlowLogs'])).toBe(`the VPC vpc-0123456789abcdef0 does not exist in ${REGION}`);
  });
});

describe('instance metadata options', () => {
  it('reads instances’ options from the one DescribeInstances, without describing their volumes', async () => {
    const ctx = context();
    const v2 = ref('AWS::EC2::Instance', ids.v2Instance!);
    const v1 = ref('AWS::EC2::Instance', ids.v1Instance!);
    const out = await ec2Collector.collect([v2, v1], new Set<FactKey>(['ec2.instanceMetadata']), ctx);
    expect(value(out.get(v2)!['ec2.instanceMetadata'])).toMatchObject({ instanceId: ids.v2Instance, httpTokens: 'required', httpEndpoint: 'enabled' });
    expect(value(out.get(v1)!['ec2.instanceMetadata'])).toMatchObject({ httpTokens: 'optional' });
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'ec2:DescribeInstances': 1 });
  });

  it('reads a template’s default version once for its EBS devices and its metadata options', async () => {
    const ctx = context();
    const v2 = ref('AWS::EC2::LaunchTemplate', ids.v2Template!);
    const plain = ref('AWS::EC2::LaunchTemplate', ids.plainTemplate!);
    const out = await ec2Collector.collect([v2, plain], new Set<FactKey>(['ec2.launchTemplateMetadata', 'ec2.launchTemplateVolumes']), ctx);
    expect(value(out.get(v2)!['ec2.launchTemplateMetadata'])).toEqual({ launchTemplateId: ids.v2Template, launchTemplateName: 'web-imdsv2', version: '1', httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2 });
    // A template that sets no options: none in the fact (the AMI's or the account's default applies).
    expect(value(out.get(plain)!['ec2.launchTemplateMetadata'])).toEqual({ launchTemplateId: ids.plainTemplate, launchTemplateName: 'web-plain', version: '1' });
    expect(out.get(plain)!['ec2.launchTemplateVolumes']?.state).not.toBe(undefined);
    expect(ctx.calls.get('ec2:DescribeLaunchTemplateVersions')).toBe(2);
  });

  it('reads an Auto Scaling group’s options from the template version it launches', async () => {
    const group = ref('AWS::AutoScaling::AutoScalingGroup', 'web-imds');
    const out = await asgCollector.collect([group], new Set<FactKey>(['ec2.launchTemplateMetadata']), context());
    expect(value(out.get(group)!['ec2.launchTemplateMetadata'])).toMatchObject({ launchTemplateId: ids.v2Template, version: '1', httpTokens: 'required' });
  });
});

describe('load balancer listeners', () => {
  it('lists a load balancer’s listeners in one call, reads the rules of the HTTP listener that redirects, and its security groups', async () => {
    const ctx = context();
    const lb = ref('AWS::ElasticLoadBalancingV2::LoadBalancer', ids.albArn!);
    const out = await elbv2Collector.collect([lb], new Set<FactKey>(['elbv2.loadBalancer', 'elbv2.listeners']), ctx);
    expect(value(out.get(lb)!['elbv2.loadBalancer'])).toMatchObject({ scheme: 'internet-facing', securityGroups: [ids.albSg] });
    const listeners = value(out.get(lb)!['elbv2.listeners']).sort((a, b) => (a.port ?? 0) - (b.port ?? 0));
    expect(listeners).toHaveLength(2);
    expect(listeners[0]).toMatchObject({ listenerArn: ids.http, protocol: 'HTTP', port: 80, defaultActions: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }] });
    // moto reports a security policy for HTTP listeners; AWS does not, and neither does the fact.
    expect(listeners[0]).not.toHaveProperty('sslPolicy');
    expect(listeners[0]!.rules).toEqual([expect.objectContaining({ priority: '10', actions: [{ type: 'forward' }] })]);
    expect(listeners[1]).toMatchObject({ listenerArn: ids.https, protocol: 'HTTPS', port: 443, sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', defaultActions: [{ type: 'forward' }] });
    expect(listeners[1]!.certificateArns).toEqual([expect.stringMatching(/^arn:aws:acm:/)]);
    expect(listeners[1]).not.toHaveProperty('rules');
    expect(Object.fromEntries(ctx.calls)).toEqual({
      'elasticloadbalancing:DescribeLoadBalancers': 1,
      'elasticloadbalancing:DescribeListeners': 1,
      'elasticloadbalancing:DescribeRules': 1,
    });
  });

  it('listeners a state names on their own share their load balancer’s one listing; a load balancer named by name is listed by its ARN', async () => {
    const ctx = context();
    const listener = (arn: string) => ref('AWS::ElasticLoadBalancingV2::Listener', arn, { arn, region: REGION });
    const https = listener(ids.https!);
    const http = listener(ids.http!);
    const byName = ref('AWS::ElasticLoadBalancingV2::LoadBalancer', 'net-alb');
    const bare = ref('AWS::ElasticLoadBalancingV2::LoadBalancer', 'net-bare');
    const out = await elbv2Collector.collect([https, http, byName, bare], new Set<FactKey>(['elbv2.listener', 'elbv2.listeners']), ctx);
    expect(value(out.get(https)!['elbv2.listener'])).toMatchObject({ listenerArn: ids.https, protocol: 'HTTPS' });
    expect(value(out.get(http)!['elbv2.listener'])).toMatchObject({ listenerArn: ids.http, rules: [expect.objectContaining({ priority: '10' })] });
    expect(value(out.get(byName)!['elbv2.listeners'])).toHaveLength(2);
    expect(value(out.get(bare)!['elbv2.listeners'])).toEqual([]);
    // The named load balancer's listing serves both listeners and the load balancer itself.
    expect(ctx.calls.get('elasticloadbalancing:DescribeListeners')).toBe(2);
    expect(ctx.calls.get('elasticloadbalancing:DescribeRules')).toBe(1);
  });

  it('a listener its load balancer no longer has, and a listener of a load balancer that does not exist, are unknown', async () => {
    const goneListener = ids.https!.replace(/[0-9a-f]{16}$/, '0123456789abcdef');
    const goneLb = `arn:aws:elasticloadbalancing:${REGION}:123456789012:listener/app/gone/0123456789abcdef/0123456789abcdef`;
    const a = ref('AWS::ElasticLoadBalancingV2::Listener', goneListener, { arn: goneListener, region: REGION });
    const b = ref('AWS::ElasticLoadBalancingV2::Listener', goneLb, { arn: goneLb, region: REGION });
    const out = await elbv2Collector.collect([a, b], new Set<FactKey>(['elbv2.listener']), context());
    expect(reasonOf(out.get(a)!['elbv2.listener'])).toBe(`the listener ${goneListener} does not exist in ${REGION}`);
    expect(reasonOf(out.get(b)!['elbv2.listener'])).toMatch(/^the load balancer arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer\/app\/gone\/0123456789abcdef does not exist in eu-west-1 \(LoadBalancerNotFound/);
  });
});
