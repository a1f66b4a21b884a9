/** Shared data shapes handed from one stage of the pipe to the next. */
import type { Controls } from './engine/define.js';

/** The AWS resource types postflight collects facts for, named as CloudFormation names them. */
export const RESOURCE_TYPES = [
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::SecurityGroup',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::CacheCluster',
  'AWS::Kinesis::Stream',
  'AWS::EFS::FileSystem',
  'AWS::SecretsManager::Secret',
  'AWS::DynamoDB::Table',
  // Messaging and logs
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
  'AWS::Logs::LogGroup',
  // Compute and network: instances, their volumes, NAT gateways, load balancers, Auto Scaling.
  'AWS::EC2::Instance',
  'AWS::EC2::Volume',
  'AWS::EC2::NatGateway',
  'AWS::EC2::LaunchTemplate',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::AutoScaling::AutoScalingGroup',
  // Network wiring: a load balancer's listeners, named on their own by a state or stack.
  'AWS::ElasticLoadBalancingV2::Listener',
  // Identity, trails and functions.
  'AWS::IAM::Role',
  'AWS::CloudTrail::Trail',
  'AWS::Lambda::Function',
] as const;
export type KnownResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * Any resource type, named as CloudFormation names it (`AWS::Lambda::Function`), or, for a type
 * CloudFormation has no name for, as its deploy tool does (`aws_ec2_tag`, `aws:ec2/tag:Tag`,
 * `aws-native:…`): never an invented `AWS::` name. A stack holds resources of types no built-in
 * collector knows: they are still resources of the run, listed as having no check unless a custom
 * check applies to them.
 */
export type ResourceType = KnownResourceType | `AWS::${string}::${string}` | `aws_${string}` | `aws:${string}` | `aws-native:${string}`;

const TYPE_NAME = /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/;
/** A Terraform type (`aws_ec2_tag`), a Pulumi AWS token (`aws:ec2/tag:Tag`) or a Pulumi aws-native token. */
const PROVIDER_TYPE_NAME = /^(?:aws_[a-z0-9_]+|aws:[A-Za-z0-9]+\/[A-Za-z0-9_]+:[A-Za-z0-9_]+|aws-native:[a-z0-9]+:[A-Za-z0-9]+)$/;

/**
 * What a check applies to: resource types, or `*` for every resource of the run whatever its type
 * (required tags; whether the live resource is what the stack declared).
 */
export const EVERY_TYPE = '*';
export type AppliesTo = ResourceType | typeof EVERY_TYPE;

/** Whether something that applies to `targets` applies to a resource of `type`. */
export function appliesToType(targets: readonly AppliesTo[], type: ResourceType): boolean {
  return targets.includes(type) || targets.includes(EVERY_TYPE);
}

/** A well-formed CloudFormation type name (`AWS::<Service>::<Resource>`), whether it exists or not. */
export function isCloudFormationTypeName(value: unknown): value is `AWS::${string}::${string}` {
  return typeof value === 'string' && TYPE_NAME.test(value);
}

/** A well-formed type name: CloudFormation's, or a deploy tool's own for a type CloudFormation does not name. */
export function isResourceType(value: unknown): value is ResourceType {
  return typeof value === 'string' && (TYPE_NAME.test(value) || PROVIDER_TYPE_NAME.test(value));
}

/** A type the built-in collectors gather facts for. */
export function isKnownResourceType(value: unknown): value is KnownResourceType {
  return typeof value === 'string' && (RESOURCE_TYPES as readonly string[]).includes(value);
}

/** One value from the outputs file, flattened. */
export interface OutputEntry {
  /** Full path of the output: `Stack.name` for nested shapes, `name` for flat ones, `name[0]`, `name.field` inside values. */
  key: string;
  /** The stack the output belongs to, when the file is nested per stack. */
  stack?: string;
  /** The output's own name (the last object key on the path), used for key-name hints. */
  name: string;
  /** Strings stay strings; numbers and booleans are kept as their text with `scalar` set. */
  value: string;
  /** True for numbers and booleans: never a resource. */
  scalar?: boolean;
  /** The tool marked the value sensitive (terraform/OpenTofu), or it looks like a secret. Never printed. */
  sensitive?: boolean;
  /** The region the file says the output's stack is in (a describe-stacks `StackId`), for resources the value gives none. */
  region?: string;
  /** Of an unrecognised entry, why it names no resource, where discovery can say (an ARN of a type it cannot name exactly). */
  reason?: string;
}

/**
 * One place that named a resource: an output key in an outputs file, an entry of a state file
 * (Terraform/OpenTofu state, `terraform show -json`, a Pulumi export), or a resource of a live
 * CloudFormation stack.
 */
export interface SourceRef {
  /** `outputs` (an outputs file or a stack's outputs), `state` (a state file or export), `stack` (a live CloudFormation stack). */
  kind: 'outputs' | 'state' | 'stack';
  /** The format read: `flat`, `cdktf`, `terraform`, `cloudformation`, `pulumi`, `tfstate`, `terraform-show`, `pulumi-export`, `cloudformation-stack`. */
  format: string;
  /** The file it came from (as given), or the CloudFormation stack's name. */
  origin: string;
  /** The output key, the full state address (`module.storage.aws_s3_bucket.this["raw"]`), the Pulumi URN, or the stack's logical id. */
  name: string;
  /** The deploy tool's own type name (`aws_s3_bucket`, `aws:s3/bucket:Bucket`, `AWS::S3::Bucket`), for state and stack entries. */
  providerType?: string;
  /** 1-based line in `origin` of the output key or state entry, when it is known. */
  line?: number;
}

/** A resource of the stack, named by one or more sources. */
export interface ResourceRef {
  type: ResourceType;
  /** The identifier the service's describe calls take (bucket name, key id, DB identifier, ...). */
  id: string;
  arn?: string;
  region?: string;
  /** Output keys that named it, in file order. */
  keys: string[];
  /** Every place that named it (outputs, state entries, stack resources), in the order read. */
  sources?: SourceRef[];
  /** Not named by the outputs but found in use by resources that are (the KMS key a bucket uses): their ids. */
  usedBy?: string[];
  /**
   * The AWS account the resource was verified in, when the run spans accounts (config `accounts`,
   * `--role-arn`, or reports merged from several runs): the account id, or the label the config gives.
   */
  account?: string;
}

/**
 * The families checks come in: customer-managed key usage and key hygiene (`cmk`), encryption at
 * rest and in transit (`encryption`), lifecycle and retention (`lifecycle`), Multi-AZ and AZ spread
 * (`availability`), what is reachable, removable or unrecorded from outside the stack
 * (`exposure`), how the network is wired (`network`), who may do what (`identity`), the tags every
 * resource carries (`tagging`), and whether the live resource is what the stack declared
 * (`drift`). A custom check without a family is `custom`.
 */
export const FAMILIES = ['cmk', 'encryption', 'lifecycle', 'availability', 'exposure', 'network', 'identity', 'tagging', 'drift', 'custom'] as const;
export type Family = (typeof FAMILIES)[number];

/** Family headings of the reports and the generated check table, in the order FAMILIES lists them. */
export const FAMILY_TITLES: Readonly<Record<Family, string>> = {
  cmk: 'Customer-managed keys',
  encryption: 'Encryption',
  lifecycle: 'Lifecycle and retention',
  availability: 'Availability (Multi-AZ and AZ spread)',
  exposure: 'Exposure',
  network: 'Network wiring',
  identity: 'Identity and access',
  tagging: 'Tagging',
  drift: 'Live matches declared (drift)',
  custom: 'Custom',
};

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export type Status = 'pass' | 'fail' | 'error' | 'skipped';

export type Evidence = Record<string, unknown>;

/** The outcome of one check against one resource. */
export interface Result {
  checkId: string;
  title: string;
  severity: Severity;
  /** The check's family (`custom` when a custom check declares none). */
  family?: Family;
  /** The framework controls the check implements (FSBP control ids, CIS v3.0.0 numbers); absent when the check maps none. */
  controls?: Controls;
  resource: ResourceRef;
  status: Status;
  message: string;
  evidence: Evidence;
  remediation: string;
}

/** A stable key for a resource, unique within one run (and across the accounts of a run). */
export function resourceKey(ref: Pick<ResourceRef, 'type' | 'id' | 'region' | 'account'>): string {
  return `${ref.account ? `${ref.account}|` : ''}${ref.type}|${ref.region ?? ''}|${ref.id}`;
}
