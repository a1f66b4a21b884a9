/**
 * The compute and network collectors against one moto_server: EC2 instances and their EBS
 * volumes, volumes, launch templates, NAT gateways; ELBv2 load balancers; Auto Scaling groups;
 * EFS mount targets.
 *
 * Where moto differs from AWS (AWS's behaviour is covered in test/unit/collect-compute.test.ts):
 * - moto does not implement GetEbsDefaultKmsKeyId: a template mapping encrypted without a key
 *   has an unknown key here (on AWS: the account's default key, `alias/aws/ebs` unless changed);
 * - an encrypted volume created without a key reports the key ARN behind moto's `alias/aws/ebs`,
 *   and moto's DescribeKey calls that key CUSTOMER (AWS: AWS-managed);
 * - moto gives a network load balancer the application form of DNS name
 *   (`<name>-1.<region>.elb.amazonaws.com`; AWS: `<name>-<id>.elb.<region>.amazonaws.com`);
 * - moto leaves names that do not exist out of DescribeLoadBalancers (AWS fails the call with
 *   LoadBalancerNotFound), and reports no NAT gateway ConnectivityType (AWS: `public` by default).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AutoScalingClient, CreateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { CreateFileSystemCommand, CreateMountTargetCommand, EFSClient } from '@aws-sdk/client-efs';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import ec2Collector from '../../src/collect/ec2.collector.js';
import elbv2Collector from '../../src/collect/elbv2.collector.js';
import asgCollector from '../../src/collect/autoscaling.collector.js';
import efsCollector from '../../src/collect/efs.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { resolveKmsKey } from '../../src/collect/kms.collector.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { Fact } from '../../src/facts/fact.js';
import type { ResourceRef, ResourceType } from '../../src/types.js';

const REGION = 'eu-west-2';
const A = 'eu-west-2a';
const B = 'eu-west-2b';
let moto: MotoServer;
const savedEnv = { ...process.env };
let keyArn: string;
const ids: Record<string, string> = {};

function context(): CollectContext {
  return createContext(
    { region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 8 },
    { kmsResolver: (c, ref, region) => resolveKmsKey(c, ref, region) },
  );
}

const ref = (type: ResourceType, id: string): ResourceRef => ({ type, id, keys: [id] });

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
  keyArn = (await new KMSClient(config).send(new CreateKeyCommand({ Description: 'stack key' }))).KeyMetadata!.Arn!;

  // Two VPCs: `good` with a NAT gateway per zone, `single` with one NAT gateway for both zones.
  for (const name of ['good', 'single']) {
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: name === 'good' ? '10.40.0.0/16' : '10.41.0.0/16' }))).Vpc!.VpcId!;
    ids[`${name}Vpc`] = vpc;
    const base = name === 'good' ? '10.40' : '10.41';
    const subnet = async (cidr: string, az: string): Promise<string> =>
      (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `${base}.${cidr}`, AvailabilityZone: az }))).Subnet!.SubnetId!;
    const pubA = await subnet('0.0/24', A);
    const pubB = await subnet('1.0/24', B);
    const privA = await subnet('10.0/24', A);
    const privB = await subnet('11.0/24', B);
    Object.assign(ids, { [`${name}PubA`]: pubA, [`${name}PubB`]: pubB, [`${name}PrivA`]: privA, [`${name}PrivB`]: privB });
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    const publicRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: publicRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
    for (const s of [pubA, pubB]) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRt, SubnetId: s }));
    const nat = async (s: string): Promise<string> => {
      const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
      return (await ec2.send(new CreateNatGatewayCommand({ SubnetId: s, AllocationId: eip }))).NatGateway!.NatGatewayId!;
    };
    const natA = await nat(pubA);
    const natB = name === 'good' ? await nat(pubB) : natA;
    ids[`${name}NatA`] = natA;
    for (const [s, n] of [[privA, natA], [privB, natB]] as const) {
      const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
      await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: n }));
      await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: s }));
    }
  }

  // Instances: one on the stack key, one with an unencrypted data volume.
  const run = async (data: { Encrypted?: boolean; KmsKeyId?: string }): Promise<string> =>
    (
      await ec2.send(
        new RunInstancesCommand({
          ImageId: 'ami-12c6146b',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: ids.goodPrivA,
          BlockDeviceMappings: [
            { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8, Encrypted: true, KmsKeyId: keyArn } },
            { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 8, ...data } },
          ],
        }),
      )
    ).Instances![0]!.InstanceId!;
  ids.cmkInstance = await run({ Encrypted: true, KmsKeyId: keyArn });
  ids.plainInstance = await run({});
  ids.cmkVolume = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: A, Size: 8, Encrypted: true, KmsKeyId: keyArn }))).VolumeId!;
  ids.plainVolume = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: A, Size: 8 }))).VolumeId!;

  // Launch templates: on the stack key; one whose second version drops encryption.
  const template = async (name: string, encrypted: boolean): Promise<string> =>
    (
      await ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: name,
          LaunchTemplateData: {
            ImageId: 'ami-12c6146b',
            BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: encrypted ? { Encrypted: true, KmsKeyId: keyArn, VolumeSize: 8 } : { VolumeSize: 8 } }],
          },
        }),
      )
    ).LaunchTemplate!.LaunchTemplateId!;
  ids.cmkTemplate = await template('web-cmk', true);
  ids.versionedTemplate = await template('web-versioned', true);
  await ec2.send(
    new CreateLaunchTemplateVersionCommand({
      LaunchTemplateId: ids.versionedTemplate,
      LaunchTemplateData: { ImageId: 'ami-12c6146b', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8 } }] },
    }),
  );
  ids.defaultKeyTemplate = (
    await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'web-default-key',
        LaunchTemplateData: { ImageId: 'ami-12c6146b', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeSize: 8 } }] },
      }),
    )
  ).LaunchTemplate!.LaunchTemplateId!;

  // Auto Scaling groups: over two zones on the CMK template; over one zone on the template's latest version.
  const asg = new AutoScalingClient(config);
  await asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'web-spread',
      MinSize: 0,
      MaxSize: 2,
      DesiredCapacity: 0,
      LaunchTemplate: { LaunchTemplateId: ids.cmkTemplate, Version: '$Default' },
      VPCZoneIdentifier: `${ids.goodPrivA},${ids.goodPrivB}`,
    }),
  );
  await asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'web-one-zone',
      MinSize: 0,
      MaxSize: 2,
      DesiredCapacity: 0,
      LaunchTemplate: { LaunchTemplateId: ids.versionedTemplate, Version: '$Latest' },
      VPCZoneIdentifier: ids.goodPrivA,
    }),
  );

  // Load balancers: an ALB over two zones, an NLB in one.
  const elb = new ElasticLoadBalancingV2Client(config);
  const alb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'tap-alb', Subnets: [ids.goodPubA!, ids.goodPubB!], Type: 'application' }))).LoadBalancers![0]!;
  ids.albArn = alb.LoadBalancerArn!;
  ids.albDns = alb.DNSName!;
  ids.nlbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'tap-nlb', Subnets: [ids.goodPubA!], Type: 'network', Scheme: 'internal' }))).LoadBalancers![0]!.LoadBalancerArn!;

  // EFS: mount targets in two zones, and in one.
  const efs = new EFSClient(config);
  ids.efsSpread = (await efs.send(new CreateFileSystemCommand({ CreationToken: 'spread' }))).FileSystemId!;
  ids.efsOne = (await efs.send(new CreateFileSystemCommand({ CreationToken: 'one' }))).FileSystemId!;
  for (const s of [ids.goodPrivA!, ids.goodPrivB!]) await efs.send(new CreateMountTargetCommand({ FileSystemId: ids.efsSpread, SubnetId: s }));
  await efs.send(new CreateMountTargetCommand({ FileSystemId: ids.efsOne, SubnetId: ids.goodPrivA }));
}, 120_000);

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

describe('ec2 collector: NAT gateways', () => {
  it('reads each VPC’s NAT gateways with their zones, and the NAT gateway each subnet routes through, in one DescribeNatGateways', async () => {
    const ctx = context();
    const good = ref('AWS::EC2::VPC', ids.goodVpc!);
    const single = ref('AWS::EC2::VPC', ids.singleVpc!);
    const out = await ec2Collector.collect([good, single], new Set<FactKey>(['ec2.vpcNat']), ctx);
    const g = value(out.get(good)!['ec2.vpcNat']);
    expect(g.natGateways.map((n) => n.availabilityZone).sort()).toEqual([A, B]);
    expect(g.natGateways.every((n) => n.state === 'available' && n.connectivityType === 'public')).toBe(true);
    expect(g.subnets.find((s) => s.subnetId === ids.goodPrivA)).toEqual({ subnetId: ids.goodPrivA, availabilityZone: A, tier: 'private', natGatewayId: ids.goodNatA });
    expect(g.subnets.find((s) => s.subnetId === ids.goodPubA)).toMatchObject({ tier: 'public' });
    expect(g.subnets.find((s) => s.subnetId === ids.goodPubA)?.natGatewayId).toBeUndefined();
    const s = value(out.get(single)!['ec2.vpcNat']);
    expect(s.natGateways).toHaveLength(1);
    expect(s.subnets.filter((x) => x.natGatewayId === ids.singleNatA)).toHaveLength(2);
    expect(ctx.calls.get('ec2:DescribeNatGateways')).toBe(1);
    expect(ctx.calls.get('ec2:DescribeSubnets')).toBe(1);
    expect(ctx.calls.get('ec2:DescribeRouteTables')).toBe(1);
  });

  it('judges a named NAT gateway by its VPC, and a missing one is unknown', async () => {
    const ctx = context();
    const nat = ref('AWS::EC2::NatGateway', ids.goodNatA!);
    const missing = ref('AWS::EC2::NatGateway', 'nat-0000000000000dead');
    const out = await ec2Collector.collect([nat, missing], new Set<FactKey>(['ec2.vpcNat']), ctx);
    expect(value(out.get(nat)!['ec2.vpcNat']).vpcId).toBe(ids.goodVpc);
    expect(reasonOf(out.get(missing)!['ec2.vpcNat'])).toContain('nat-0000000000000dead does not exist');
  });
});

describe('ec2 collector: instances, volumes and launch templates', () => {
  it('reads every volume of each instance with one DescribeInstances and one DescribeVolumes', async () => {
    const ctx = context();
    const cmk = ref('AWS::EC2::Instance', ids.cmkInstance!);
    const plain = ref('AWS::EC2::Instance', ids.plainInstance!);
    const missing = ref('AWS::EC2::Instance', 'i-0000000000000dead');
    const out = await ec2Collector.collect([cmk, plain, missing], new Set<FactKey>(['ec2.instanceVolumes']), ctx);
    const volumes = value(out.get(cmk)!['ec2.instanceVolumes']);
    expect(volumes.map((v) => v.deviceName)).toEqual(['/dev/xvda', '/dev/sdf']);
    for (const v of volumes) {
      expect(v.keyRef).toEqual({ state: 'present', value: keyArn });
      expect(v.key).toMatchObject({ state: 'present', value: { arn: keyArn, keyManager: 'CUSTOMER', keyState: 'Enabled' } });
    }
    const p = value(out.get(plain)!['ec2.instanceVolumes']);
    expect(p.find((v) => v.deviceName === '/dev/sdf')).toMatchObject({ encrypted: false, keyRef: { state: 'absent' } });
    expect(p.find((v) => v.deviceName === '/dev/xvda')?.encrypted).toBe(true);
    expect(reasonOf(out.get(missing)!['ec2.instanceVolumes'])).toContain('i-0000000000000dead does not exist');
    expect(ctx.calls.get('ec2:DescribeInstances')).toBe(1);
    expect(ctx.calls.get('ec2:DescribeVolumes')).toBe(1);
  });

  it('reads a named volume’s key', async () => {
    const cmk = ref('AWS::EC2::Volume', ids.cmkVolume!);
    const plain = ref('AWS::EC2::Volume', ids.plainVolume!);
    const out = await ec2Collector.collect([cmk, plain], new Set<FactKey>(['ec2.volume', 'encryption.kmsKeyRef', 'encryption.kmsKey']), context());
    expect(value(out.get(cmk)!['ec2.volume'])).toMatchObject({ volumeId: ids.cmkVolume, encrypted: true, kmsKeyId: keyArn, availabilityZone: A });
    expect(out.get(cmk)!['encryption.kmsKey']).toMatchObject({ state: 'present', value: { arn: keyArn } });
    expect(out.get(plain)!['encryption.kmsKeyRef']?.state).toBe('absent');
  });

  it('reads a launch template’s default version; a key-less encrypted mapping is unknown on moto (no GetEbsDefaultKmsKeyId)', async () => {
    const cmk = ref('AWS::EC2::LaunchTemplate', ids.cmkTemplate!);
    const versioned = ref('AWS::EC2::LaunchTemplate', ids.versionedTemplate!);
    const defaultKey = ref('AWS::EC2::LaunchTemplate', ids.defaultKeyTemplate!);
    const ctx = context();
    const out = await ec2Collector.collect([cmk, versioned, defaultKey], new Set<FactKey>(['ec2.launchTemplateVolumes']), ctx);
    const t = value(out.get(cmk)!['ec2.launchTemplateVolumes']);
    expect(t).toMatchObject({ launchTemplateId: ids.cmkTemplate, version: '1' });
    expect(t.volumes[0]).toMatchObject({ deviceName: '/dev/xvda', keyRef: { state: 'present', value: keyArn }, key: { state: 'present', value: { arn: keyArn } } });
    // The default version is still version 1, on the key.
    expect(value(out.get(versioned)!['ec2.launchTemplateVolumes']).volumes[0]!.keyRef).toEqual({ state: 'present', value: keyArn });
    const keyless = value(out.get(defaultKey)!['ec2.launchTemplateVolumes']).volumes[0]!;
    expect(reasonOf(keyless.keyRef)).toContain('EBS default KMS key');
    // Encrypted it is, whatever the key.
    expect(keyless.encrypted).toBe(true);
    expect(ctx.calls.get('ec2:DescribeLaunchTemplateVersions')).toBe(3);
  });
});

describe('autoscaling collector', () => {
  it('reads the groups in one call, and the template version each group uses', async () => {
    const ctx = context();
    const spread = ref('AWS::AutoScaling::AutoScalingGroup', 'web-spread');
    const oneZone = ref('AWS::AutoScaling::AutoScalingGroup', `arn:aws:autoscaling:${REGION}:123456789012:autoScalingGroup:x:autoScalingGroupName/web-one-zone`);
    const missing = ref('AWS::AutoScaling::AutoScalingGroup', 'web-gone');
    const out = await asgCollector.collect([spread, oneZone, missing], new Set<FactKey>(['autoscaling.group', 'ec2.launchTemplateVolumes']), ctx);
    expect(value(out.get(spread)!['autoscaling.group'])).toMatchObject({ name: 'web-spread', availabilityZones: [A, B], launchTemplate: { id: ids.cmkTemplate, version: '$Default' } });
    expect(value(out.get(spread)!['ec2.launchTemplateVolumes']).volumes[0]!.key).toMatchObject({ state: 'present', value: { arn: keyArn } });
    expect(value(out.get(oneZone)!['autoscaling.group']).availabilityZones).toEqual([A]);
    // $Latest is version 2, which does not ask for encryption; moto's account default is off.
    const latest = value(out.get(oneZone)!['ec2.launchTemplateVolumes']);
    expect(latest).toMatchObject({ version: '2' });
    expect(latest.volumes[0]).toMatchObject({ encrypted: false, keyRef: { state: 'absent' } });
    expect(reasonOf(out.get(missing)!['autoscaling.group'])).toContain('web-gone does not exist');
    expect(ctx.calls.get('autoscaling:DescribeAutoScalingGroups')).toBe(1);
    expect(ctx.calls.get('ec2:GetEbsEncryptionByDefault')).toBe(1);
  });
});

describe('elbv2 collector', () => {
  it('reads load balancers by ARN and by the name a DNS name gives, one call each', async () => {
    const ctx = context();
    const alb = ref('AWS::ElasticLoadBalancingV2::LoadBalancer', ids.albArn!);
    const nlb = ref('AWS::ElasticLoadBalancingV2::LoadBalancer', ids.nlbArn!);
    const byName = ref('AWS::ElasticLoadBalancingV2::LoadBalancer', 'tap-alb');
    const missing = ref('AWS::ElasticLoadBalancingV2::LoadBalancer', 'tap-gone');
    const out = await elbv2Collector.collect([alb, nlb, byName, missing], new Set<FactKey>(['elbv2.loadBalancer']), ctx);
    expect(value(out.get(alb)!['elbv2.loadBalancer'])).toMatchObject({ arn: ids.albArn, name: 'tap-alb', type: 'application' });
    expect(value(out.get(alb)!['elbv2.loadBalancer']).availabilityZones.map((z) => z.zoneName).sort()).toEqual([A, B]);
    expect(value(out.get(nlb)!['elbv2.loadBalancer'])).toMatchObject({ type: 'network', scheme: 'internal', availabilityZones: [{ zoneName: A }] });
    expect(value(out.get(byName)!['elbv2.loadBalancer']).arn).toBe(ids.albArn);
    expect(reasonOf(out.get(missing)!['elbv2.loadBalancer'])).toContain('tap-gone does not exist');
    expect(ctx.calls.get('elasticloadbalancing:DescribeLoadBalancers')).toBe(2);
  });
});

describe('efs collector: mount targets', () => {
  it('reads each file system’s mount targets with their zones', async () => {
    const ctx = context();
    const spread = ref('AWS::EFS::FileSystem', ids.efsSpread!);
    const one = ref('AWS::EFS::FileSystem', ids.efsOne!);
    const missing = ref('AWS::EFS::FileSystem', 'fs-0000000000000dead');
    const out = await efsCollector.collect([spread, one, missing], new Set<FactKey>(['efs.mountTargets']), ctx);
    expect(value(out.get(spread)!['efs.mountTargets']).map((m) => m.availabilityZoneName).sort()).toEqual([A, B]);
    expect(value(out.get(one)!['efs.mountTargets'])).toEqual([expect.objectContaining({ availabilityZoneName: A, lifeCycleState: 'available', subnetId: ids.goodPrivA })]);
    expect(reasonOf(out.get(missing)!['efs.mountTargets'])).toContain('fs-0000000000000dead does not exist');
    expect(ctx.calls.get('elasticfilesystem:DescribeMountTargets')).toBe(3);
    expect(ctx.calls.get('elasticfilesystem:DescribeFileSystems')).toBeUndefined();
  });
});
