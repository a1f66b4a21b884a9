/**
 * The fact catalogue: every fact key a collector can produce, with the shape of its value.
 * Checks name the keys they need; the run collects only those.
 * Keys are `<service>.<camelName>`. Values mirror AWS's documented API shapes, trimmed to
 * what checks judge, with AWS's own spelling of enum values kept as strings.
 */
import type { Fact } from './fact.js';
import type { PolicyDocument } from '../judge/policy.js';
import { appliesToType, type AppliesTo, type ResourceType } from '../types.js';

export interface KmsKeyFacts {
  keyId: string;
  arn: string;
  /** `CUSTOMER` or `AWS` (DescribeKey KeyMetadata.KeyManager). */
  keyManager: string;
  /** `Enabled`, `Disabled`, `PendingDeletion`, ... */
  keyState: string;
  enabled: boolean;
  description?: string;
  /** Aliases pointing at the key, when known. */
  aliases?: string[];
  /** `SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256`, ... (DescribeKey KeyMetadata.KeySpec). */
  keySpec?: string;
  /** Where the key material comes from: `AWS_KMS`, `EXTERNAL`, `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`. */
  origin?: string;
  deletionDate?: string;
}

export interface S3EncryptionRule {
  /** `AES256`, `aws:kms` or `aws:kms:dsse`. */
  sseAlgorithm: string;
  /** The key as the bucket stores it: ARN, key id or alias. Absent with `aws:kms` means the AWS-managed `aws/s3`. */
  kmsMasterKeyId?: string;
  bucketKeyEnabled?: boolean;
}

export interface S3LifecycleFilter {
  prefix?: string;
  tags?: Array<{ key: string; value: string }>;
  objectSizeGreaterThan?: number;
  objectSizeLessThan?: number;
}

export interface S3LifecycleRule {
  id?: string;
  /** `Enabled` or `Disabled`. */
  status: string;
  /** The rule's scope. An empty object (or `prefix: ''`) covers every object. */
  filter: S3LifecycleFilter;
  transitions: Array<{ days?: number; date?: string; storageClass: string }>;
  expiration?: { days?: number; date?: string; expiredObjectDeleteMarker?: boolean };
  noncurrentVersionExpirationDays?: number;
}

export interface SubnetFacts {
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  availabilityZoneId?: string;
  cidrBlock?: string;
  mapPublicIpOnLaunch: boolean;
  /** `public` when the subnet's route table sends 0.0.0.0/0 to an internet gateway. */
  tier: 'public' | 'private';
}

export interface VpcFacts {
  vpcId: string;
  cidrBlock?: string;
  state?: string;
  isDefault?: boolean;
}

export interface SubnetGroupFacts {
  name: string;
  subnets: Array<{ subnetId: string; availabilityZone?: string }>;
}

export interface RdsInstanceFacts {
  id: string;
  arn?: string;
  engine?: string;
  status?: string;
  multiAZ: boolean;
  storageEncrypted: boolean;
  /** The key as RDS reports it (always the key ARN on AWS). */
  kmsKeyId?: string;
  availabilityZone?: string;
  secondaryAvailabilityZone?: string;
  clusterId?: string;
  subnetGroup?: SubnetGroupFacts;
  /** Days automated backups are kept (0: automated backups off). Absent when RDS did not report it. */
  backupRetentionPeriod?: number;
  /** Whether the instance has a public DNS name resolving to a public IP. Absent when not reported. */
  publiclyAccessible?: boolean;
  /** Absent when not reported. */
  deletionProtection?: boolean;
}

export interface RdsClusterFacts {
  id: string;
  arn?: string;
  engine?: string;
  status?: string;
  multiAZ: boolean;
  storageEncrypted: boolean;
  kmsKeyId?: string;
  /** Cluster members with the AZ of each instance (from DescribeDBInstances). */
  members: Array<{ instanceId: string; isWriter: boolean; availabilityZone?: string }>;
  availabilityZones: string[];
  subnetGroup?: SubnetGroupFacts;
  /** Days automated backups are kept. Absent when RDS did not report it. */
  backupRetentionPeriod?: number;
  /** Absent when not reported. */
  deletionProtection?: boolean;
}

export interface ElastiCacheReplicationGroupFacts {
  id: string;
  arn?: string;
  status?: string;
  atRestEncryptionEnabled: boolean;
  transitEncryptionEnabled: boolean;
  /** `required`, or `preferred` (plain-text connections still accepted); AWS reports it for Redis OSS 7+ and Valkey. */
  transitEncryptionMode?: string;
  kmsKeyId?: string;
  /** `enabled`, `disabled`, `enabling`, `disabling`. */
  automaticFailover: string;
  /** `enabled` or `disabled`. */
  multiAZ: string;
  clusterEnabled?: boolean;
  nodeGroups: Array<{
    nodeGroupId: string;
    members: Array<{ cacheClusterId: string; availabilityZone?: string; role?: string }>;
  }>;
  subnetGroup?: SubnetGroupFacts;
  /** Why `subnetGroup` is missing, when it could not be read. */
  subnetGroupUnread?: string;
}

export interface KinesisStreamFacts {
  name: string;
  arn?: string;
  status?: string;
  /** `NONE` or `KMS`. */
  encryptionType: string;
  /** The key exactly as the stream stores it: an ARN, a key id, or an alias name or ARN. */
  keyId?: string;
  streamMode?: string;
  openShardCount?: number;
}

export interface EfsFileSystemFacts {
  id: string;
  arn?: string;
  encrypted: boolean;
  kmsKeyId?: string;
  /** Set for One Zone file systems; absent for regional ones. */
  availabilityZoneName?: string;
  lifeCycleState?: string;
}

export interface SecretFacts {
  arn?: string;
  name: string;
  /** Absent means the AWS-managed key `aws/secretsmanager`. */
  kmsKeyId?: string;
  rotationEnabled?: boolean;
  /** The rotation schedule (DescribeSecret RotationRules), when one is set. */
  rotationRules?: { automaticallyAfterDays?: number; scheduleExpression?: string; duration?: string };
  /** The Lambda function that rotates the secret (absent for managed rotation). */
  rotationLambdaArn?: string;
  /** When the secret was last rotated, as an ISO timestamp; absent when it never was. */
  lastRotatedDate?: string;
}

export interface DynamoDbTableFacts {
  name: string;
  arn?: string;
  status?: string;
  /** Absent SSEDescription means encryption with an AWS-owned key. */
  sseStatus?: string;
  /** `KMS` or `AES256`. */
  sseType?: string;
  kmsMasterKeyArn?: string;
}

// --- Messaging, logs and data protection ---------------------------------------------------

export interface SnsTopicFacts {
  arn: string;
  /** GetTopicAttributes KmsMasterKeyId, as written (key id, ARN, alias name or alias ARN). Absent: no server-side encryption. */
  kmsMasterKeyId?: string;
}

export interface SqsQueueFacts {
  url: string;
  arn?: string;
  /** GetQueueAttributes KmsMasterKeyId, as written. Absent: no SSE-KMS. */
  kmsMasterKeyId?: string;
  /** SSE-SQS (keys owned by SQS): encrypted at rest, but with no KMS key of the account. */
  sqsManagedSseEnabled: boolean;
}

export interface LogGroupFacts {
  name: string;
  arn?: string;
  /** The key ARN the log group encrypts with. Absent: CloudWatch Logs' own encryption, no KMS key. */
  kmsKeyId?: string;
  /** Days events are kept. Absent: never expire. */
  retentionInDays?: number;
}

export interface S3VersioningFacts {
  /** `Enabled`, `Suspended`, or `Disabled` (versioning never turned on: AWS returns no Status). */
  status: string;
  /** `Enabled` or `Disabled`, when AWS reports it. */
  mfaDelete?: string;
}

/** The four flags of a bucket's public access block (GetPublicAccessBlock). A flag AWS leaves out is false. */
export interface S3PublicAccessBlockFacts {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface DynamoDbContinuousBackupsFacts {
  /** `ENABLED` or `DISABLED`. */
  continuousBackupsStatus: string;
  /** `ENABLED` or `DISABLED`; absent when AWS leaves PointInTimeRecoveryDescription out. */
  pointInTimeRecoveryStatus?: string;
  recoveryPeriodInDays?: number;
}

// --- Compute and network: EBS, NAT gateways, load balancers, Auto Scaling, EFS mount targets ---

/** One EBS volume, attached or to be launched, and the key that encrypts it. */
export interface EbsDeviceKey {
  /** The device name (`/dev/xvda`), when known. */
  deviceName?: string;
  /** The volume, for an attached volume. */
  volumeId?: string;
  /** Whether the volume is (or launches) encrypted, when known even if its key is not. */
  encrypted?: boolean;
  /** The key reference the volume uses, as EC2 reports it; absent: not encrypted. */
  keyRef: Fact<string>;
  /** The key that reference resolves to. */
  key: Fact<KmsKeyFacts>;
}

export interface EbsVolumeFacts {
  volumeId: string;
  encrypted: boolean;
  /** The key as EC2 reports it (the key ARN on AWS, for every encrypted volume). */
  kmsKeyId?: string;
  availabilityZone?: string;
  state?: string;
}

/** The EBS devices a launch template version launches, as the template sets them. */
export interface LaunchTemplateVolumesFacts {
  launchTemplateId: string;
  launchTemplateName?: string;
  /** The version read: the number the group or the template's default resolves to. */
  version: string;
  volumes: EbsDeviceKey[];
  /** `true` when the account encrypts new EBS volumes by default (GetEbsEncryptionByDefault). */
  encryptionByDefault?: boolean;
}

export interface NatGatewayFacts {
  natGatewayId: string;
  subnetId: string;
  /** The AZ of its subnet (NAT gateways are zonal; DescribeNatGateways reports the subnet only). */
  availabilityZone: string;
  /** `pending`, `available`, `deleting`, `deleted`, `failed`. */
  state: string;
  /** `public` or `private`; AWS defaults to `public`. */
  connectivityType: string;
}

/** A VPC's NAT gateways and which NAT gateway each of its subnets sends 0.0.0.0/0 to. */
export interface VpcNatFacts {
  vpcId: string;
  natGateways: NatGatewayFacts[];
  subnets: Array<{ subnetId: string; availabilityZone: string; tier: SubnetFacts['tier']; natGatewayId?: string }>;
}

export interface LoadBalancerFacts {
  arn: string;
  name: string;
  /** `application`, `network` or `gateway`. */
  type?: string;
  /** `internet-facing` or `internal`. */
  scheme?: string;
  state?: string;
  dnsName?: string;
  availabilityZones: Array<{ zoneName: string; subnetId?: string }>;
  /** The security groups of an application load balancer (or a network load balancer that has them). */
  securityGroups?: string[];
}

export interface AutoScalingGroupFacts {
  name: string;
  arn?: string;
  availabilityZones: string[];
  subnetIds: string[];
  /** The launch template the group launches from (directly or through a mixed instances policy). */
  launchTemplate?: { id?: string; name?: string; version?: string };
  launchConfigurationName?: string;
  desiredCapacity?: number;
  instances: Array<{ instanceId: string; availabilityZone?: string }>;
}

export interface EfsMountTargetFacts {
  mountTargetId: string;
  subnetId?: string;
  availabilityZoneName?: string;
  availabilityZoneId?: string;
  lifeCycleState?: string;
}

// --- Network wiring: security groups, routes, flow logs, listeners, instance metadata -------

/** One route of a route table, as EC2 reports it. */
export interface RouteFacts {
  /** The destination: an IPv4 or IPv6 CIDR, or a prefix list id. */
  destination: string;
  /** The target's id (`igw-…`, `nat-…`, `eigw-…`, `tgw-…`, `pcx-…`, `eni-…`, `vpce-…`, `local`, …). */
  target: string;
  /** What the target is, read from the field EC2 reports it in (and its id prefix for GatewayId). */
  targetType:
    | 'local'
    | 'internet-gateway'
    | 'egress-only-internet-gateway'
    | 'nat-gateway'
    | 'transit-gateway'
    | 'vpc-peering'
    | 'network-interface'
    | 'instance'
    | 'vpc-endpoint'
    | 'virtual-private-gateway'
    | 'carrier-gateway'
    | 'local-gateway'
    | 'core-network'
    | 'other';
  /** `active` or `blackhole` (a blackhole route sends nothing). */
  state?: string;
}

/** A subnet as it is wired: how it hands out addresses, its tags, and the route table it routes by. */
export interface SubnetNetworkFacts {
  subnetId: string;
  vpcId: string;
  mapPublicIpOnLaunch: boolean;
  assignIpv6AddressOnCreation: boolean;
  /** The subnet's tags, by key (`Name`, `aws-cdk:subnet-type`, …). */
  tags: Record<string, string>;
  /** The route table the subnet routes by: the one associated with it, else its VPC's main table (`main: true`). */
  routeTable: { routeTableId: string; main: boolean; routes: RouteFacts[] };
  /** `public` when that table sends 0.0.0.0/0 or ::/0 to an internet gateway, else `private`. */
  routedTier: 'public' | 'private';
}

/** One ingress rule of a security group (DescribeSecurityGroupRules: one source per rule). */
export interface SecurityGroupRuleFacts {
  /** `sgr-…`, when EC2 reports it. */
  ruleId?: string;
  /** `-1` (all traffic), `tcp`, `udp`, `icmp`, `icmpv6`, or another protocol's number. */
  protocol: string;
  /** The port range for tcp and udp; absent for all traffic and protocols without ports. */
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  prefixListId?: string;
  /** The security group the rule admits traffic from. */
  referencedGroupId?: string;
  description?: string;
}

export interface SecurityGroupFacts {
  groupId: string;
  groupName: string;
  vpcId?: string;
  ingress: SecurityGroupRuleFacts[];
}

/** One flow log of a VPC (DescribeFlowLogs). */
export interface FlowLogFacts {
  flowLogId: string;
  /** `ACCEPT`, `REJECT` or `ALL`. */
  trafficType: string;
  /** `ACTIVE` when the flow log is on. */
  flowLogStatus: string;
  /** `SUCCESS` or `FAILED` (delivery to the destination), when EC2 reports it. */
  deliverLogsStatus?: string;
  deliverLogsErrorMessage?: string;
  /** `cloud-watch-logs`, `s3` or `kinesis-data-firehose`. */
  logDestinationType?: string;
  logDestination?: string;
}

/** The instance metadata service options an instance runs with (DescribeInstances MetadataOptions). */
export interface InstanceMetadataFacts {
  instanceId: string;
  /** `required` (IMDSv2 only) or `optional` (IMDSv1 too). */
  httpTokens?: string;
  /** `enabled` or `disabled`. */
  httpEndpoint?: string;
  httpPutResponseHopLimit?: number;
  /** `pending` while a change is being applied, then `applied`. */
  state?: string;
}

/** The instance metadata options a launch template version sets (absent: not set by the template). */
export interface LaunchTemplateMetadataFacts {
  launchTemplateId: string;
  launchTemplateName?: string;
  /** The version read: the number the group or the template's default resolves to. */
  version: string;
  httpTokens?: string;
  httpEndpoint?: string;
  httpPutResponseHopLimit?: number;
}

export interface ListenerActionFacts {
  /** `forward`, `redirect`, `fixed-response`, `authenticate-oidc`, `authenticate-cognito`. */
  type: string;
  order?: number;
  redirect?: { protocol?: string; port?: string; host?: string; path?: string; query?: string; statusCode?: string };
}

/** A load balancer listener (DescribeListeners) and, for an HTTP listener, its rules (DescribeRules). */
export interface ListenerFacts {
  listenerArn: string;
  loadBalancerArn: string;
  port?: number;
  /** `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`, `GENEVE`, `QUIC`, `TCP_QUIC`. */
  protocol?: string;
  /** The security policy of an HTTPS or TLS listener. */
  sslPolicy?: string;
  certificateArns: string[];
  defaultActions: ListenerActionFacts[];
  /** The listener's other rules, read for HTTP listeners whose default action redirects to HTTPS. */
  rules?: Array<{ ruleArn?: string; priority: string; actions: ListenerActionFacts[] }>;
}

// --- Identity, trails and functions ---------------------------------------------------------

export interface IamRoleFacts {
  name: string;
  arn?: string;
  path?: string;
  /** Who may assume the role (GetRole AssumeRolePolicyDocument, URL-decoded and parsed). */
  trustPolicy: PolicyDocument;
}

/** A managed policy attached to a role, with its default version's document. */
export interface AttachedPolicyFacts {
  arn: string;
  name?: string;
  /** `aws` for an AWS-managed policy (`arn:…:iam::aws:policy/…`), else `customer`. */
  owner: 'aws' | 'customer';
  document: Fact<PolicyDocument>;
}

/** Every permissions policy of a role: managed ones attached to it, and its inline ones. */
export interface IamRolePoliciesFacts {
  attached: AttachedPolicyFacts[];
  inline: Array<{ name: string; document: Fact<PolicyDocument> }>;
}

export interface CloudTrailTrailFacts {
  name: string;
  arn?: string;
  /** The region the trail was created in, which alone can change or report on it. */
  homeRegion?: string;
  isMultiRegionTrail: boolean;
  logFileValidationEnabled: boolean;
  isOrganizationTrail?: boolean;
  includeGlobalServiceEvents?: boolean;
  s3BucketName?: string;
  kmsKeyId?: string;
}

/** GetTrailStatus, trimmed. */
export interface CloudTrailStatusFacts {
  isLogging: boolean;
  latestDeliveryError?: string;
  latestDeliveryTime?: string;
}

export interface LambdaFunctionFacts {
  name: string;
  arn?: string;
  /** The runtime identifier (`python3.13`); absent for a container image. */
  runtime?: string;
  /** `Zip` or `Image`. */
  packageType: string;
  lastModified?: string;
}

// --- Drift: the live resource against what the stack declared ------------------------------

/** One attribute whose live value is not what the stack declared, as the deploy tool's engine found it. */
export interface DriftDifference {
  /** The deploy tool's entry (state address, logical id, URN), when the resource has several (a bucket and its versioning). */
  entry?: string;
  /** The attribute path as the engine names it (`versioning_configuration[0].status`, `/Tags/0/Value`); empty for the whole entry. */
  path: string;
  /** `changed`; `added` (live only: a set element, a map key); `removed` (declared only); `deleted` (the entry no longer exists). */
  kind: 'changed' | 'added' | 'removed' | 'deleted';
  /** The declared value as compact JSON, or `(sensitive)`; absent for `added` and `deleted`. */
  declared?: string;
  /** The live value as compact JSON, or `(sensitive)`; absent for `removed` and `deleted`. */
  live?: string;
}

/** Whether a resource is what its stack declared (Terraform/OpenTofu refresh, CloudFormation drift detection, Pulumi refresh). */
export interface DriftFacts {
  /** The engine that judged it: `terraform 1.11.4`, `tofu 1.9.0`, `cloudformation`, `pulumi 3.140.0`, or `terraform (saved plan)`. */
  engine: string;
  /** `in-sync`; `modified`; `deleted`; `not-checked` (the engine does not check this type: `reason`). */
  status: 'in-sync' | 'modified' | 'deleted' | 'not-checked';
  /** Each attribute that differs (noise rules applied, sensitive values masked). */
  differences: DriftDifference[];
  /** The entries read (state addresses, logical ids, URNs), in source order. */
  entries: string[];
  /** Why it was not checked. */
  reason?: string;
}

/** Every fact key and its value type. */
export interface FactMap {
  /** The resource's tags, by key. Carried by every resource, whatever its type. Absent: it has none. */
  'resource.tags': Readonly<Record<string, string>>;
  /** The key reference a resource stores for encryption at rest, as written (ARN, id or alias). Absent: no KMS key. */
  'encryption.kmsKeyRef': string;
  /** The key that reference resolves to (DescribeKey, following aliases). Absent: no KMS key. */
  'encryption.kmsKey': KmsKeyFacts;
  'kms.key': KmsKeyFacts;
  'kms.rotationEnabled': boolean;
  's3.defaultEncryption': S3EncryptionRule[];
  's3.lifecycleRules': S3LifecycleRule[];
  's3.region': string;
  'ec2.vpc': VpcFacts;
  'ec2.vpcSubnets': SubnetFacts[];
  'ec2.subnet': SubnetFacts;
  'rds.instance': RdsInstanceFacts;
  'rds.cluster': RdsClusterFacts;
  'elasticache.replicationGroup': ElastiCacheReplicationGroupFacts;
  'kinesis.stream': KinesisStreamFacts;
  'efs.fileSystem': EfsFileSystemFacts;
  'secretsmanager.secret': SecretFacts;
  'dynamodb.table': DynamoDbTableFacts;
  // Messaging, logs and data protection
  'sns.topic': SnsTopicFacts;
  'sqs.queue': SqsQueueFacts;
  'logs.logGroup': LogGroupFacts;
  /** Absent never: a bucket that never had versioning reports status `Disabled`. */
  's3.versioning': S3VersioningFacts;
  /** Absent: the bucket has no public access block configuration of its own. */
  's3.publicAccessBlock': S3PublicAccessBlockFacts;
  'dynamodb.continuousBackups': DynamoDbContinuousBackupsFacts;
  // Compute and network
  /** The EBS volumes attached to an instance, each with its key. */
  'ec2.instanceVolumes': EbsDeviceKey[];
  'ec2.volume': EbsVolumeFacts;
  /** The EBS devices of the launch template version in use (a group's version; a template's default). */
  'ec2.launchTemplateVolumes': LaunchTemplateVolumesFacts;
  /** The NAT gateways of a VPC (of a NAT gateway's own VPC) and the routes its subnets take. */
  'ec2.vpcNat': VpcNatFacts;
  'elbv2.loadBalancer': LoadBalancerFacts;
  'autoscaling.group': AutoScalingGroupFacts;
  'efs.mountTargets': EfsMountTargetFacts[];
  // Network wiring
  /** A subnet's address assignment, tags and route table. */
  'ec2.subnetNetwork': SubnetNetworkFacts;
  'ec2.securityGroup': SecurityGroupFacts;
  /** The flow logs that log the VPC itself (its subnets' and interfaces' own flow logs are not counted). */
  'ec2.vpcFlowLogs': FlowLogFacts[];
  'ec2.instanceMetadata': InstanceMetadataFacts;
  /** The instance metadata options of the launch template version in use (a group's version; a template's default). */
  'ec2.launchTemplateMetadata': LaunchTemplateMetadataFacts;
  /** Every listener of the load balancer. */
  'elbv2.listeners': ListenerFacts[];
  /** A listener a state or stack names on its own. */
  'elbv2.listener': ListenerFacts;
  // Identity, trails and functions
  'iam.role': IamRoleFacts;
  'iam.rolePolicies': IamRolePoliciesFacts;
  'cloudtrail.trail': CloudTrailTrailFacts;
  'cloudtrail.status': CloudTrailStatusFacts;
  'lambda.function': LambdaFunctionFacts;
  /** The key policy (GetKeyPolicy, policy name `default`), parsed. */
  'kms.keyPolicy': PolicyDocument;
  /** The bucket policy, parsed. Absent: the bucket has none (NoSuchBucketPolicy). */
  's3.bucketPolicy': PolicyDocument;
  /** Drift, as the deploy tool's engine reads it. Absent: the resource's sources have no drift engine (an outputs file), with the reason. */
  'drift.resource': DriftFacts;
}

export type FactKey = keyof FactMap;

/**
 * Which resource types carry each fact (`*`: every resource, whatever its type). The registry test
 * holds checks and collectors to it.
 */
export const FACT_TYPES: { readonly [K in FactKey]: readonly AppliesTo[] } = {
  'resource.tags': ['*'],
  'encryption.kmsKeyRef': [
    'AWS::S3::Bucket',
    'AWS::RDS::DBInstance',
    'AWS::RDS::DBCluster',
    'AWS::ElastiCache::ReplicationGroup',
    'AWS::Kinesis::Stream',
    'AWS::EFS::FileSystem',
    'AWS::SecretsManager::Secret',
    'AWS::DynamoDB::Table',
    'AWS::SNS::Topic',
    'AWS::SQS::Queue',
    'AWS::Logs::LogGroup',
    'AWS::EC2::Volume',
  ],
  'encryption.kmsKey': [
    'AWS::S3::Bucket',
    'AWS::RDS::DBInstance',
    'AWS::RDS::DBCluster',
    'AWS::ElastiCache::ReplicationGroup',
    'AWS::Kinesis::Stream',
    'AWS::EFS::FileSystem',
    'AWS::SecretsManager::Secret',
    'AWS::DynamoDB::Table',
    'AWS::SNS::Topic',
    'AWS::SQS::Queue',
    'AWS::Logs::LogGroup',
    'AWS::EC2::Volume',
  ],
  'kms.key': ['AWS::KMS::Key'],
  'kms.rotationEnabled': ['AWS::KMS::Key'],
  's3.defaultEncryption': ['AWS::S3::Bucket'],
  's3.lifecycleRules': ['AWS::S3::Bucket'],
  's3.region': ['AWS::S3::Bucket'],
  'ec2.vpc': ['AWS::EC2::VPC'],
  'ec2.vpcSubnets': ['AWS::EC2::VPC'],
  'ec2.subnet': ['AWS::EC2::Subnet'],
  'rds.instance': ['AWS::RDS::DBInstance'],
  'rds.cluster': ['AWS::RDS::DBCluster'],
  'elasticache.replicationGroup': ['AWS::ElastiCache::ReplicationGroup'],
  'kinesis.stream': ['AWS::Kinesis::Stream'],
  'efs.fileSystem': ['AWS::EFS::FileSystem'],
  'secretsmanager.secret': ['AWS::SecretsManager::Secret'],
  'dynamodb.table': ['AWS::DynamoDB::Table'],
  // Messaging, logs and data protection
  'sns.topic': ['AWS::SNS::Topic'],
  'sqs.queue': ['AWS::SQS::Queue'],
  'logs.logGroup': ['AWS::Logs::LogGroup'],
  's3.versioning': ['AWS::S3::Bucket'],
  's3.publicAccessBlock': ['AWS::S3::Bucket'],
  'dynamodb.continuousBackups': ['AWS::DynamoDB::Table'],
  // Compute and network
  'ec2.instanceVolumes': ['AWS::EC2::Instance'],
  'ec2.volume': ['AWS::EC2::Volume'],
  'ec2.launchTemplateVolumes': ['AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::AutoScalingGroup'],
  'ec2.vpcNat': ['AWS::EC2::VPC', 'AWS::EC2::NatGateway'],
  'elbv2.loadBalancer': ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  'autoscaling.group': ['AWS::AutoScaling::AutoScalingGroup'],
  'efs.mountTargets': ['AWS::EFS::FileSystem'],
  // Network wiring
  'ec2.subnetNetwork': ['AWS::EC2::Subnet'],
  'ec2.securityGroup': ['AWS::EC2::SecurityGroup'],
  'ec2.vpcFlowLogs': ['AWS::EC2::VPC'],
  'ec2.instanceMetadata': ['AWS::EC2::Instance'],
  'ec2.launchTemplateMetadata': ['AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::AutoScalingGroup'],
  'elbv2.listeners': ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  'elbv2.listener': ['AWS::ElasticLoadBalancingV2::Listener'],
  // Identity, trails and functions
  'iam.role': ['AWS::IAM::Role'],
  'iam.rolePolicies': ['AWS::IAM::Role'],
  'cloudtrail.trail': ['AWS::CloudTrail::Trail'],
  'cloudtrail.status': ['AWS::CloudTrail::Trail'],
  'lambda.function': ['AWS::Lambda::Function'],
  'kms.keyPolicy': ['AWS::KMS::Key'],
  's3.bucketPolicy': ['AWS::S3::Bucket'],
  'drift.resource': ['*'],
};

export const FACT_KEYS = Object.keys(FACT_TYPES) as FactKey[];

/** Whether a resource of `type` carries the fact `key`. */
export function factApplies(key: FactKey, type: ResourceType): boolean {
  return appliesToType(FACT_TYPES[key], type);
}

export function isFactKey(value: unknown): value is FactKey {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(FACT_TYPES, value);
}
