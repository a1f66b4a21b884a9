/**
 * The compute and network collectors on AWS's documented shapes and faults, where moto differs
 * or cannot fail: the account's EBS default key and encryption by default, LoadBalancerNotFound
 * failing a whole DescribeLoadBalancers, private NAT gateways, terminated instances, volumes
 * whose key EC2 leaves out, launch configurations, and access denied.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  type DescribeLaunchTemplateVersionsCommandInput,
} from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client, type DescribeLoadBalancersCommandInput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeMountTargetsCommand, EFSClient } from '@aws-sdk/client-efs';
import { mockClient } from 'aws-sdk-client-mock';
import ec2Collector, { defaultRouteNat } from '../../src/collect/ec2.collector.js';
import elbv2Collector from '../../src/collect/elbv2.collector.js';
import asgCollector from '../../src/collect/autoscaling.collector.js';
import efsCollector from '../../src/collect/efs.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { CredentialsError } from '../../src/errors.js';
import { present, type Fact } from '../../src/facts/fact.js';
import type { FactKey, KmsKeyFacts } from '../../src/facts/catalogue.js';
import type { ResourceRef, ResourceType } from '../../src/types.js';

const ec2 = mockClient(EC2Client);
const elb = mockClient(ElasticLoadBalancingV2Client);
const asg = mockClient(AutoScalingClient);
const efs = mockClient(EFSClient);
const ACCOUNT = '111122223333';
const CMK = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const AWS_EBS_ALIAS = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/ebs`;

function awsError(name: string, status = 400, message = `${name} message`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

/** Resolves keys without KMS: an `alias/aws/…` is AWS-managed, anything else the stack's CMK. */
function context(resolved: string[] = []): CollectContext {
  return createContext(
    { region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 },
    {
      kmsResolver: async (_c, ref) => {
        resolved.push(ref);
        const aws = ref.includes('alias/aws/');
        return present<KmsKeyFacts>({ keyId: 'k', arn: aws ? `arn:aws:kms:us-east-1:${ACCOUNT}:key/aws-ebs` : ref, keyManager: aws ? 'AWS' : 'CUSTOMER', keyState: 'Enabled', enabled: true });
      },
    },
  );
}

const ref = (type: ResourceType, id: string): ResourceRef => ({ type, id, keys: [id], region: 'us-east-1' });

function value<T>(f: Fact<T> | undefined): T {
  if (f?.state !== 'present') throw new Error(`expected a present fact, got ${JSON.stringify(f)}`);
  return f.value;
}

function reasonOf(f: Fact<unknown> | undefined): string {
  if (f?.state !== 'unknown') throw new Error(`expected an unknown fact, got ${JSON.stringify(f)}`);
  return f.reason;
}

function version(ebs: Array<{ DeviceName: string; Ebs: { Encrypted?: boolean; KmsKeyId?: string } }>) {
  return { LaunchTemplateVersions: [{ LaunchTemplateId: 'lt-0a1b2c3d4e5f60718', VersionNumber: 4, LaunchTemplateData: { BlockDeviceMappings: ebs } }] };
}

const TEMPLATE = new Set<FactKey>(['ec2.launchTemplateVolumes']);

beforeEach(() => {
  ec2.reset();
  elb.reset();
  asg.reset();
  efs.reset();
});
afterEach(() => {
  ec2.reset();
  elb.reset();
  asg.reset();
  efs.reset();
});

describe('launch templates: what AWS does with a volume without a key', () => {
  it('an encrypted mapping without KmsKeyId uses the account default key, aws/ebs unless changed (moto does not implement GetEbsDefaultKmsKeyId)', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves(version([{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true } }]));
    ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: AWS_EBS_ALIAS });
    const r = ref('AWS::EC2::LaunchTemplate', 'lt-0a1b2c3d4e5f60718');
    const t = value((await ec2Collector.collect([r], TEMPLATE, context())).get(r)!['ec2.launchTemplateVolumes']);
    expect(t).toMatchObject({ launchTemplateId: 'lt-0a1b2c3d4e5f60718', version: '4' });
    expect(t.volumes[0]).toMatchObject({ deviceName: '/dev/xvda', keyRef: { state: 'present', value: AWS_EBS_ALIAS }, key: { state: 'present', value: { keyManager: 'AWS' } } });
    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand)[0]!.args[0].input).toEqual({ LaunchTemplateId: 'lt-0a1b2c3d4e5f60718', Versions: ['$Default'] });
  });

  it('a mapping that does not ask for encryption is encrypted with the default key when the account encrypts by default', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves(version([{ DeviceName: '/dev/xvda', Ebs: {} }]));
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: CMK });
    const r = ref('AWS::EC2::LaunchTemplate', 'lt-0a1b2c3d4e5f60718');
    const t = value((await ec2Collector.collect([r], TEMPLATE, context())).get(r)!['ec2.launchTemplateVolumes']);
    expect(t.volumes[0]!.keyRef).toEqual({ state: 'present', value: CMK });
  });

  it('a template without EBS mappings is judged by the AMI’s volumes: unencrypted unless the account encrypts by default', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves(version([]));
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    const r = ref('AWS::EC2::LaunchTemplate', 'lt-0a1b2c3d4e5f60718');
    const t = value((await ec2Collector.collect([r], TEMPLATE, context())).get(r)!['ec2.launchTemplateVolumes']);
    expect(t.encryptionByDefault).toBe(false);
    expect(t.volumes).toEqual([expect.objectContaining({ deviceName: "(the AMI's volumes)", keyRef: expect.objectContaining({ state: 'absent' }) })]);
  });

  it('reads each account setting once per region however many templates need it', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake((input: DescribeLaunchTemplateVersionsCommandInput) => ({
      LaunchTemplateVersions: [{ LaunchTemplateId: input.LaunchTemplateId, VersionNumber: 1, LaunchTemplateData: { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true } }] } }],
    }));
    ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: CMK });
    const refs = ['lt-0a1b2c3d4e5f60718', 'lt-0a1b2c3d4e5f60719', 'lt-0a1b2c3d4e5f60710'].map((id) => ref('AWS::EC2::LaunchTemplate', id));
    const ctx = context();
    await ec2Collector.collect(refs, TEMPLATE, ctx);
    expect(ctx.calls.get('ec2:DescribeLaunchTemplateVersions')).toBe(3);
    expect(ctx.calls.get('ec2:GetEbsDefaultKmsKeyId')).toBe(1);
  });

  it('a denied account setting leaves the volume’s key unknown, never a default', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves(version([{ DeviceName: '/dev/xvda', Ebs: {} }]));
    ec2.on(GetEbsEncryptionByDefaultCommand).rejects(awsError('UnauthorizedOperation', 403));
    const r = ref('AWS::EC2::LaunchTemplate', 'lt-0a1b2c3d4e5f60718');
    const t = value((await ec2Collector.collect([r], TEMPLATE, context())).get(r)!['ec2.launchTemplateVolumes']);
    expect(reasonOf(t.volumes[0]!.keyRef)).toContain('UnauthorizedOperation');
  });

  it('a template that does not exist is unknown', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(awsError('InvalidLaunchTemplateId.NotFound'));
    const r = ref('AWS::EC2::LaunchTemplate', 'lt-0a1b2c3d4e5f60718');
    expect(reasonOf((await ec2Collector.collect([r], TEMPLATE, context())).get(r)!['ec2.launchTemplateVolumes'])).toContain('does not exist');
  });
});

describe('instances and volumes', () => {
  it('an encrypted volume EC2 reports without its key is read as aws/ebs; a terminated instance is unknown', async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            { InstanceId: 'i-0a1b2c3d4e5f60718', State: { Name: 'running' }, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-0a1b2c3d4e5f60718' } }] },
            { InstanceId: 'i-0a1b2c3d4e5f60719', State: { Name: 'terminated' }, BlockDeviceMappings: [] },
          ],
        },
      ],
    });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0a1b2c3d4e5f60718', Encrypted: true }] });
    const running = ref('AWS::EC2::Instance', 'i-0a1b2c3d4e5f60718');
    const gone = ref('AWS::EC2::Instance', 'i-0a1b2c3d4e5f60719');
    const resolved: string[] = [];
    const out = await ec2Collector.collect([running, gone], new Set<FactKey>(['ec2.instanceVolumes']), context(resolved));
    expect(value(out.get(running)!['ec2.instanceVolumes'])[0]).toMatchObject({ volumeId: 'vol-0a1b2c3d4e5f60718', keyRef: { state: 'present', value: 'alias/aws/ebs' }, key: { value: { keyManager: 'AWS' } } });
    expect(resolved).toEqual(['alias/aws/ebs']);
    expect(reasonOf(out.get(gone)!['ec2.instanceVolumes'])).toContain('terminated');
    expect(ec2.commandCalls(DescribeVolumesCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'volume-id', Values: ['vol-0a1b2c3d4e5f60718'] }]);
  });

  it('volumes that cannot be read leave the instance unknown', async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [{ InstanceId: 'i-0a1b2c3d4e5f60718', State: { Name: 'running' }, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-0a1b2c3d4e5f60718' } }] }] }],
    });
    ec2.on(DescribeVolumesCommand).rejects(awsError('UnauthorizedOperation', 403));
    const r = ref('AWS::EC2::Instance', 'i-0a1b2c3d4e5f60718');
    expect(reasonOf((await ec2Collector.collect([r], new Set<FactKey>(['ec2.instanceVolumes']), context())).get(r)!['ec2.instanceVolumes'])).toContain('UnauthorizedOperation');
  });

  it('an expired credential ends the run', async () => {
    ec2.on(DescribeInstancesCommand).rejects(awsError('AuthFailure', 401));
    await expect(ec2Collector.collect([ref('AWS::EC2::Instance', 'i-0a1b2c3d4e5f60718')], new Set<FactKey>(['ec2.instanceVolumes']), context())).rejects.toBeInstanceOf(CredentialsError);
  });
});

describe('NAT gateways', () => {
  it('reads the zone from the subnet, AWS’s ConnectivityType as given, and leaves deleted gateways out', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-0abc' }] });
    ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        { SubnetId: 'subnet-pub-a', VpcId: 'vpc-0abc', AvailabilityZone: 'us-east-1a' },
        { SubnetId: 'subnet-priv-a', VpcId: 'vpc-0abc', AvailabilityZone: 'us-east-1a' },
      ],
    });
    ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        { VpcId: 'vpc-0abc', Associations: [{ SubnetId: 'subnet-pub-a' }], Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0abc', State: 'active' }] },
        { VpcId: 'vpc-0abc', Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0a', State: 'active' }] },
      ],
    });
    ec2.on(DescribeNatGatewaysCommand).resolves({
      NatGateways: [
        { NatGatewayId: 'nat-0a', VpcId: 'vpc-0abc', SubnetId: 'subnet-pub-a', State: 'available', ConnectivityType: 'private' },
        { NatGatewayId: 'nat-0old', VpcId: 'vpc-0abc', SubnetId: 'subnet-pub-a', State: 'deleted' },
      ],
    });
    const r = ref('AWS::EC2::VPC', 'vpc-0abc');
    const f = value((await ec2Collector.collect([r], new Set<FactKey>(['ec2.vpcNat']), context())).get(r)!['ec2.vpcNat']);
    expect(f.natGateways).toEqual([{ natGatewayId: 'nat-0a', subnetId: 'subnet-pub-a', availabilityZone: 'us-east-1a', state: 'available', connectivityType: 'private' }]);
    expect(f.subnets).toEqual([
      { subnetId: 'subnet-priv-a', availabilityZone: 'us-east-1a', tier: 'private', natGatewayId: 'nat-0a' },
      { subnetId: 'subnet-pub-a', availabilityZone: 'us-east-1a', tier: 'public' },
    ]);
  });

  it('a subnet’s NAT gateway is its own table’s default route, else the main table’s; a blackhole route sends nothing', () => {
    const tables = [
      { Associations: [{ SubnetId: 'subnet-a' }], Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0a', State: 'blackhole' as const }] },
      { Associations: [{ SubnetId: 'subnet-b' }], Routes: [{ DestinationCidrBlock: '10.0.0.0/8', NatGatewayId: 'nat-0b', State: 'active' as const }] },
      { Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0main', State: 'active' as const }] },
    ];
    expect(defaultRouteNat('subnet-a', tables)).toBeUndefined();
    expect(defaultRouteNat('subnet-b', tables)).toBeUndefined();
    expect(defaultRouteNat('subnet-c', tables)).toBe('nat-0main');
  });

  it('a denied DescribeNatGateways leaves the VPC’s NAT facts unknown', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-0abc' }] });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    ec2.on(DescribeNatGatewaysCommand).rejects(awsError('UnauthorizedOperation', 403));
    const r = ref('AWS::EC2::VPC', 'vpc-0abc');
    expect(reasonOf((await ec2Collector.collect([r], new Set<FactKey>(['ec2.vpcNat']), context())).get(r)!['ec2.vpcNat'])).toContain('UnauthorizedOperation');
  });
});

describe('elbv2 collector', () => {
  const arn = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/${name}/50dc6c495c0c9188`;

  it('on LoadBalancerNotFound for a batch (AWS fails the whole call; moto leaves the name out), asks one by one', async () => {
    elb.on(DescribeLoadBalancersCommand).callsFake((input: DescribeLoadBalancersCommandInput) => {
      const arns = input.LoadBalancerArns ?? [];
      if (arns.includes(arn('gone'))) throw awsError('LoadBalancerNotFoundException', 400, 'One or more load balancers not found');
      return { LoadBalancers: arns.map((a) => ({ LoadBalancerArn: a, LoadBalancerName: a.split('/')[2], AvailabilityZones: [{ ZoneName: 'us-east-1a' }, { ZoneName: 'us-east-1b' }] })) };
    });
    const refs = ['web', 'gone', 'api'].map((n) => ref('AWS::ElasticLoadBalancingV2::LoadBalancer', arn(n)));
    const ctx = context();
    const out = await elbv2Collector.collect(refs, new Set<FactKey>(['elbv2.loadBalancer']), ctx);
    expect(value(out.get(refs[0]!)!['elbv2.loadBalancer']).availabilityZones).toHaveLength(2);
    expect(reasonOf(out.get(refs[1]!)!['elbv2.loadBalancer'])).toContain('does not exist');
    expect(value(out.get(refs[2]!)!['elbv2.loadBalancer']).name).toBe('api');
    expect(ctx.calls.get('elasticloadbalancing:DescribeLoadBalancers')).toBe(4);
  });

  it('splits more than 20 ARNs into several calls', async () => {
    elb.on(DescribeLoadBalancersCommand).callsFake((input: DescribeLoadBalancersCommandInput) => ({
      LoadBalancers: (input.LoadBalancerArns ?? []).map((a) => ({ LoadBalancerArn: a, LoadBalancerName: a.split('/')[2], AvailabilityZones: [] })),
    }));
    const refs = Array.from({ length: 25 }, (_, i) => ref('AWS::ElasticLoadBalancingV2::LoadBalancer', arn(`lb${i}`)));
    const ctx = context();
    await elbv2Collector.collect(refs, new Set<FactKey>(['elbv2.loadBalancer']), ctx);
    expect(elb.commandCalls(DescribeLoadBalancersCommand).map((c) => c.args[0].input.LoadBalancerArns?.length)).toEqual([20, 5]);
  });

  it('access denied leaves every load balancer of the batch unknown', async () => {
    elb.on(DescribeLoadBalancersCommand).rejects(awsError('AccessDenied', 403));
    const r = ref('AWS::ElasticLoadBalancingV2::LoadBalancer', 'tap-alb');
    expect(reasonOf((await elbv2Collector.collect([r], new Set<FactKey>(['elbv2.loadBalancer']), context())).get(r)!['elbv2.loadBalancer'])).toContain('AccessDenied');
  });
});

describe('autoscaling collector', () => {
  it('reads a mixed instances policy’s template; a launch configuration is unknown, not judged', async () => {
    asg.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        {
          AutoScalingGroupName: 'mixed',
          AvailabilityZones: ['us-east-1b', 'us-east-1a'],
          MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateName: 'web', Version: '7' } } },
          MinSize: 0,
          MaxSize: 1,
          DesiredCapacity: 0,
          DefaultCooldown: 300,
          HealthCheckType: 'EC2',
          CreatedTime: new Date(0),
        },
        { AutoScalingGroupName: 'legacy', AvailabilityZones: ['us-east-1a'], LaunchConfigurationName: 'web-lc', MinSize: 0, MaxSize: 1, DesiredCapacity: 0, DefaultCooldown: 300, HealthCheckType: 'EC2', CreatedTime: new Date(0) },
      ],
    });
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves(version([{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, KmsKeyId: CMK } }]));
    const mixed = ref('AWS::AutoScaling::AutoScalingGroup', 'mixed');
    const legacy = ref('AWS::AutoScaling::AutoScalingGroup', 'legacy');
    const out = await asgCollector.collect([mixed, legacy], new Set<FactKey>(['autoscaling.group', 'ec2.launchTemplateVolumes']), context());
    expect(value(out.get(mixed)!['autoscaling.group'])).toMatchObject({ availabilityZones: ['us-east-1a', 'us-east-1b'], launchTemplate: { name: 'web', version: '7' } });
    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand)[0]!.args[0].input).toEqual({ LaunchTemplateName: 'web', Versions: ['7'] });
    expect(value(out.get(mixed)!['ec2.launchTemplateVolumes']).volumes[0]!.keyRef).toEqual({ state: 'present', value: CMK });
    expect(reasonOf(out.get(legacy)!['ec2.launchTemplateVolumes'])).toContain('launch configuration web-lc');
  });

  it('a throttled call past its retries leaves the groups unknown', async () => {
    asg.on(DescribeAutoScalingGroupsCommand).rejects(awsError('Throttling', 400));
    const r = ref('AWS::AutoScaling::AutoScalingGroup', 'web');
    const out = await asgCollector.collect([r], new Set<FactKey>(['autoscaling.group', 'ec2.launchTemplateVolumes']), context());
    expect(reasonOf(out.get(r)!['autoscaling.group'])).toContain('Throttling');
    expect(reasonOf(out.get(r)!['ec2.launchTemplateVolumes'])).toContain('Throttling');
  });
});

describe('efs collector: mount targets', () => {
  it('access denied leaves the mount targets unknown; deleted mount targets are left out', async () => {
    efs.on(DescribeMountTargetsCommand, { FileSystemId: 'fs-0a' }).rejects(awsError('AccessDeniedException', 403));
    efs.on(DescribeMountTargetsCommand, { FileSystemId: 'fs-0b' }).resolves({
      MountTargets: [
        { MountTargetId: 'fsmt-1', FileSystemId: 'fs-0b', SubnetId: 's', LifeCycleState: 'deleted', AvailabilityZoneName: 'us-east-1a' },
        { MountTargetId: 'fsmt-2', FileSystemId: 'fs-0b', SubnetId: 's', LifeCycleState: 'available', AvailabilityZoneName: 'us-east-1b' },
      ],
    });
    const a = ref('AWS::EFS::FileSystem', 'fs-0a');
    const b = ref('AWS::EFS::FileSystem', 'fs-0b');
    const out = await efsCollector.collect([a, b], new Set<FactKey>(['efs.mountTargets']), context());
    expect(reasonOf(out.get(a)!['efs.mountTargets'])).toContain('AccessDeniedException');
    expect(value(out.get(b)!['efs.mountTargets'])).toEqual([{ mountTargetId: 'fsmt-2', subnetId: 's', availabilityZoneName: 'us-east-1b', lifeCycleState: 'available' }]);
  });
});

describe('credentials', () => {
  it('an expired token while reading the account’s EBS default key ends the run, never an unknown fact', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves(version([{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true } }]));
    ec2.on(GetEbsDefaultKmsKeyIdCommand).rejects(awsError('ExpiredToken', 400));
    const r = ref('AWS::EC2::LaunchTemplate', 'lt-0a1b2c3d4e5f60718');
    await expect(ec2Collector.collect([r], TEMPLATE, context())).rejects.toBeInstanceOf(CredentialsError);
  });

  it('an expired token on the load balancers ends the run', async () => {
    elb.on(DescribeLoadBalancersCommand).rejects(awsError('ExpiredToken', 400));
    await expect(elbv2Collector.collect([ref('AWS::ElasticLoadBalancingV2::LoadBalancer', 'tap-alb')], new Set<FactKey>(['elbv2.loadBalancer']), context())).rejects.toBeInstanceOf(CredentialsError);
  });
});
