/**
 * ARNs, in any partition (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, …), read by
 * service and resource type into the resource a describe call can take.
 */
import { isResourceType, type ResourceType } from '../types.js';

export interface Arn {
  partition: string;
  service: string;
  /** Empty for global resources (S3 buckets). */
  region: string;
  account: string;
  /** Everything after the fifth colon: `db:mydb`, `key/…`, `table/Orders/stream/…`. */
  resource: string;
}

/** What discovery learns from one piece of text. */
export interface Identified {
  type: ResourceType;
  id: string;
  arn?: string;
  /** The region the text itself names (ARN, host); undefined when it names none. */
  region?: string;
  /**
   * The text names the resource but not which of two types sharing one identity it is (an
   * `execute-api` URL or ARN: a REST or an HTTP API); another mention's type wins.
   */
  guessed?: true;
}

const ARN = /^arn:(aws(?:-[a-z]+)*):([a-z0-9-]+):([a-z0-9-]*):([^:]*):(.+)$/;
const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i;

/** Splits an ARN into its parts; undefined when the text is not an ARN. */
export function splitArn(value: string): Arn | undefined {
  const m = ARN.exec(value.trim());
  if (!m) return undefined;
  const [, partition, service, region, account, resource] = m as unknown as [string, string, string, string, string, string];
  return { partition, service, region, account, resource };
}

export function isKeyId(value: string): boolean {
  return KEY_ID.test(value);
}

/** The part of an ARN before the resource: `arn:aws:kinesis:us-east-1:123456789012:`. */
function prefix(a: Arn): string {
  return `arn:${a.partition}:${a.service}:${a.region}:${a.account}:`;
}

/** The ARN's resource after `type/` or `type:`, or undefined when it has another type. */
function after(resource: string, ...types: string[]): string | undefined {
  for (const t of types) if (resource.startsWith(t) && resource.length > t.length) return resource.slice(t.length);
  return undefined;
}

function make(type: ResourceType, id: string, arn: string, a: Arn): Identified {
  const out: Identified = { type, id, arn };
  if (a.region !== '') out.region = a.region;
  return out;
}

/**
 * The resource an ARN names, for the services postflight's collectors serve; undefined for a
 * service or resource type they do not (an IAM role, an S3 access point): `resourceFromArn` then
 * reads it generically. An ARN of a part of a resource (a DynamoDB table's stream or index, a
 * Kinesis consumer, an S3 object) names its resource, and carries that resource's ARN.
 */
function specificFromArn(value: string): Identified | undefined {
  const text = value.trim();
  const a = splitArn(text);
  if (!a) return undefined;
  const r = a.resource;
  switch (a.service) {
    case 's3': {
      if (a.region !== '' || a.account !== '') return undefined; // access points, Object Lambda, S3 on Outposts
      const bucket = r.split('/')[0] ?? '';
      if (bucket === '' || r.includes(':')) return undefined;
      const arn = `arn:${a.partition}:s3:::${bucket}`;
      return { type: 'AWS::S3::Bucket', id: bucket, arn };
    }
    case 'kms': {
      const key = after(r, 'key/');
      if (key !== undefined && isKeyId(key)) return make('AWS::KMS::Key', key.toLowerCase(), text, a);
      if (r.startsWith('alias/') && r.length > 'alias/'.length) return make('AWS::KMS::Key', r, text, a);
      return undefined;
    }
    case 'ec2': {
      const vpc = after(r, 'vpc/');
      if (vpc?.startsWith('vpc-')) return make('AWS::EC2::VPC', vpc, text, a);
      const subnet = after(r, 'subnet/');
      if (subnet?.startsWith('subnet-')) return make('AWS::EC2::Subnet', subnet, text, a);
      const sg = after(r, 'security-group/');
      if (sg?.startsWith('sg-')) return make('AWS::EC2::SecurityGroup', sg, text, a);
      const instance = after(r, 'instance/');
      if (instance !== undefined && /^i-[0-9a-f]+$/.test(instance)) return make('AWS::EC2::Instance', instance, text, a);
      const volume = after(r, 'volume/');
      if (volume !== undefined && /^vol-[0-9a-f]+$/.test(volume)) return make('AWS::EC2::Volume', volume, text, a);
      const nat = after(r, 'natgateway/');
      if (nat !== undefined && /^nat-[0-9a-f]+$/.test(nat)) return make('AWS::EC2::NatGateway', nat, text, a);
      const lt = after(r, 'launch-template/');
      if (lt !== undefined && /^lt-[0-9a-f]+$/.test(lt)) return make('AWS::EC2::LaunchTemplate', lt, text, a);
      return undefined;
    }
    case 'rds': {
      const db = after(r, 'db:');
      if (db !== undefined && !db.includes(':')) return make('AWS::RDS::DBInstance', db.toLowerCase(), text, a);
      const cluster = after(r, 'cluster:');
      if (cluster !== undefined && !cluster.includes(':')) return make('AWS::RDS::DBCluster', cluster.toLowerCase(), text, a);
      return undefined;
    }
    case 'elasticache': {
      const rg = after(r, 'replicationgroup:');
      if (rg !== undefined && !rg.includes(':')) return make('AWS::ElastiCache::ReplicationGroup', rg.toLowerCase(), text, a);
      const cc = after(r, 'cluster:');
      if (cc !== undefined && !cc.includes(':')) return make('AWS::ElastiCache::CacheCluster', cc.toLowerCase(), text, a);
      return undefined;
    }
    case 'kinesis': {
      const stream = after(r, 'stream/');
      if (stream === undefined) return undefined;
      const name = stream.split('/')[0] ?? '';
      if (name === '') return undefined;
      const arn = name === stream ? text : `${prefix(a)}stream/${name}`;
      return make('AWS::Kinesis::Stream', name, arn, a);
    }
    case 'elasticfilesystem': {
      const fs = after(r, 'file-system/');
      if (fs?.startsWith('fs-') && !fs.includes('/')) return make('AWS::EFS::FileSystem', fs, text, a);
      return undefined;
    }
    case 'secretsmanager': {
      const name = after(r, 'secret:');
      // DescribeSecret takes the ARN, which also pins the region and account.
      if (name !== undefined) return make('AWS::SecretsManager::Secret', text, text, a);
      return undefined;
    }
    case 'dynamodb': {
      const table = after(r, 'table/');
      if (table === undefined) return undefined;
      const name = table.split('/')[0] ?? '';
      if (name === '') return undefined;
      const arn = name === table ? text : `${prefix(a)}table/${name}`;
      return make('AWS::DynamoDB::Table', name, arn, a);
    }
    case 'sns': {
      // A topic ARN ends in the topic's name; a subscription's ARN adds `:<uuid>` and is not a topic.
      if (r === '' || r.includes(':') || r.includes('/')) return undefined;
      return make('AWS::SNS::Topic', text, text, a);
    }
    case 'sqs': {
      // GetQueueAttributes takes the queue URL, which the ARN's parts spell out.
      if (r === '' || r.includes(':') || r.includes('/') || a.region === '' || !/^\d{12}$/.test(a.account)) return undefined;
      return make('AWS::SQS::Queue', queueUrl(a.partition, a.region, a.account, r), text, a);
    }
    case 'logs': {
      // `log-group:<name>`, `log-group:<name>:*`, and a stream's `log-group:<name>:log-stream:<stream>` name the group.
      const rest = after(r, 'log-group:');
      const name = rest?.split(':')[0] ?? '';
      if (name === '') return undefined;
      return make('AWS::Logs::LogGroup', name, text, a);
    }
    case 'elasticloadbalancing': {
      // `loadbalancer/app/<name>/<id>` (net, gwy alike); a listener or rule names its load balancer.
      const lb = /^(?:loadbalancer|listener|listener-rule)\/(app|net|gwy)\/([A-Za-z0-9-]{1,32})\/([0-9a-f]+)(?:\/.*)?$/.exec(r);
      if (lb) return make('AWS::ElasticLoadBalancingV2::LoadBalancer', `${prefix(a)}loadbalancer/${lb[1]}/${lb[2]}/${lb[3]}`, `${prefix(a)}loadbalancer/${lb[1]}/${lb[2]}/${lb[3]}`, a);
      if (/^targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]+$/.test(r)) return make('AWS::ElasticLoadBalancingV2::TargetGroup', text, text, a);
      return undefined; // A Classic load balancer (`loadbalancer/<name>`) is read generically, as a type of its own
    }
    case 'autoscaling': {
      const group = /^autoScalingGroup:[^:]+:autoScalingGroupName\/(.+)$/.exec(r);
      if (group) return make('AWS::AutoScaling::AutoScalingGroup', group[1]!, text, a);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The URL of a queue: `https://sqs.<region>.amazonaws.com/<account>/<name>` (`.com.cn` in China). */
export function queueUrl(partition: string, region: string, account: string, name: string): string {
  return `https://sqs.${region}.amazonaws.com${partition === 'aws-cn' ? '.cn' : ''}/${account}/${name}`;
}

/** The name of an ELBv2 load balancer from its ARN (`…:loadbalancer/app/<name>/<id>`). */
export function loadBalancerNameFromArn(value: string): string | undefined {
  const a = splitArn(value);
  if (!a || a.service !== 'elasticloadbalancing') return undefined;
  return /^loadbalancer\/(?:app|net|gwy)\/([A-Za-z0-9-]{1,32})\/[0-9a-f]+$/.exec(a.resource)?.[1];
}

/**
 * The resource any ARN names: the specific readings above first, then the generic one
 * (`genericFromArn`), so that every service's resources are resources of the run.
 */
export function resourceFromArn(value: string): Identified | undefined {
  return specificFromArn(value) ?? genericFromArn(value);
}

/** How an ARN's resource type reads as a CloudFormation type, and the resource's own name within it. */
interface GenericType {
  type: ResourceType;
  /** The id from the text after `<resource-type>/` or `<resource-type>:`; default: the name as the service gives it (see `ownName`). */
  id?: (rest: string, a: Arn, text: string) => string | undefined;
}

/** The whole rest (names that hold `/`: an ECR repository, a log group). */
const whole = (rest: string) => rest;
const arnItself = (_rest: string, _a: Arn, text: string) => text;

/**
 * (service, ARN resource type) → CloudFormation type, for the common services. The key `''`
 * stands for ARNs whose resource is a bare name (`arn:aws:sns:…:topic-name`).
 */
const GENERIC_TYPES: Readonly<Record<string, Readonly<Record<string, GenericType>>>> = {
  lambda: {
    function: { type: 'AWS::Lambda::Function' },
    layer: { type: 'AWS::Lambda::LayerVersion' },
    'event-source-mapping': { type: 'AWS::Lambda::EventSourceMapping' },
  },
  states: { stateMachine: { type: 'AWS::StepFunctions::StateMachine' }, activity: { type: 'AWS::StepFunctions::Activity' } },
  iam: {
    role: { type: 'AWS::IAM::Role' },
    policy: { type: 'AWS::IAM::ManagedPolicy' },
    user: { type: 'AWS::IAM::User' },
    group: { type: 'AWS::IAM::Group' },
    'instance-profile': { type: 'AWS::IAM::InstanceProfile' },
    'oidc-provider': { type: 'AWS::IAM::OIDCProvider', id: arnItself },
  },
  events: {
    rule: { type: 'AWS::Events::Rule' },
    'event-bus': { type: 'AWS::Events::EventBus' },
    archive: { type: 'AWS::Events::Archive' },
    connection: { type: 'AWS::Events::Connection', id: (rest) => rest.split('/')[0] },
    'api-destination': { type: 'AWS::Events::ApiDestination', id: (rest) => rest.split('/')[0] },
  },
  scheduler: { schedule: { type: 'AWS::Scheduler::Schedule' }, 'schedule-group': { type: 'AWS::Scheduler::ScheduleGroup' } },
  ecr: { repository: { type: 'AWS::ECR::Repository', id: whole } },
  ecs: {
    cluster: { type: 'AWS::ECS::Cluster' },
    service: { type: 'AWS::ECS::Service' },
    'task-definition': { type: 'AWS::ECS::TaskDefinition', id: arnItself },
  },
  eks: { cluster: { type: 'AWS::EKS::Cluster' }, nodegroup: { type: 'AWS::EKS::Nodegroup', id: (rest) => rest.split('/')[1] } },
  cloudwatch: { dashboard: { type: 'AWS::CloudWatch::Dashboard' }, alarm: { type: 'AWS::CloudWatch::Alarm' } },
  'cognito-idp': { userpool: { type: 'AWS::Cognito::UserPool' } },
  'cognito-identity': { identitypool: { type: 'AWS::Cognito::IdentityPool' } },
  glue: {
    database: { type: 'AWS::Glue::Database' },
    table: { type: 'AWS::Glue::Table' },
    crawler: { type: 'AWS::Glue::Crawler' },
    job: { type: 'AWS::Glue::Job' },
    trigger: { type: 'AWS::Glue::Trigger' },
    workflow: { type: 'AWS::Glue::Workflow' },
  },
  athena: { workgroup: { type: 'AWS::Athena::WorkGroup' }, datacatalog: { type: 'AWS::Athena::DataCatalog' } },
  firehose: { deliverystream: { type: 'AWS::KinesisFirehose::DeliveryStream' } },
  ssm: { parameter: { type: 'AWS::SSM::Parameter', id: (rest) => (rest.includes('/') ? `/${rest}` : rest) }, document: { type: 'AWS::SSM::Document' } },
  ec2: {
    'internet-gateway': { type: 'AWS::EC2::InternetGateway' },
    'route-table': { type: 'AWS::EC2::RouteTable' },
    'network-interface': { type: 'AWS::EC2::NetworkInterface' },
    'network-acl': { type: 'AWS::EC2::NetworkAcl' },
    'vpc-endpoint': { type: 'AWS::EC2::VPCEndpoint' },
    'elastic-ip': { type: 'AWS::EC2::EIP' },
    'transit-gateway': { type: 'AWS::EC2::TransitGateway' },
    'key-pair': { type: 'AWS::EC2::KeyPair' },
  },
  elasticloadbalancing: {
    // `loadbalancer/app|net|gwy/<name>/<id>` is ELBv2 (read by the specific case above); a Classic
    // load balancer's ARN is `loadbalancer/<name>`.
    loadbalancer: { type: 'AWS::ElasticLoadBalancing::LoadBalancer', id: (rest) => (rest.includes('/') ? undefined : rest) },
  },
  s3: { accesspoint: { type: 'AWS::S3::AccessPoint' } },
  elasticfilesystem: { 'access-point': { type: 'AWS::EFS::AccessPoint' } },
  cloudfront: { distribution: { type: 'AWS::CloudFront::Distribution' } },
  route53: { hostedzone: { type: 'AWS::Route53::HostedZone' } },
  acm: { certificate: { type: 'AWS::CertificateManager::Certificate', id: arnItself } },
  cloudformation: { stack: { type: 'AWS::CloudFormation::Stack', id: (rest) => rest.split('/')[0] } },
  codebuild: { project: { type: 'AWS::CodeBuild::Project' } },
  codepipeline: { '': { type: 'AWS::CodePipeline::Pipeline', id: (rest) => rest.split('/')[0] } },
  backup: { 'backup-vault': { type: 'AWS::Backup::BackupVault' }, 'backup-plan': { type: 'AWS::Backup::BackupPlan' } },
  redshift: { cluster: { type: 'AWS::Redshift::Cluster' } },
  es: { domain: { type: 'AWS::OpenSearchService::Domain' } },
  appsync: { apis: { type: 'AWS::AppSync::GraphQLApi' } },
  kafka: { cluster: { type: 'AWS::MSK::Cluster', id: arnItself } },
  rds: { subgrp: { type: 'AWS::RDS::DBSubnetGroup' }, pg: { type: 'AWS::RDS::DBParameterGroup' }, 'cluster-pg': { type: 'AWS::RDS::DBClusterParameterGroup' } },
};

/** CloudFormation's spelling of a service, for the fallback type name of a service not in the table. */
const CFN_SERVICE: Readonly<Record<string, string>> = {
  apigateway: 'ApiGateway',
  appsync: 'AppSync',
  athena: 'Athena',
  backup: 'Backup',
  cloudfront: 'CloudFront',
  cloudtrail: 'CloudTrail',
  cloudwatch: 'CloudWatch',
  codebuild: 'CodeBuild',
  'cognito-idp': 'Cognito',
  dynamodb: 'DynamoDB',
  ec2: 'EC2',
  ecr: 'ECR',
  ecs: 'ECS',
  eks: 'EKS',
  elasticache: 'ElastiCache',
  elasticfilesystem: 'EFS',
  elasticloadbalancing: 'ElasticLoadBalancingV2',
  es: 'OpenSearchService',
  events: 'Events',
  firehose: 'KinesisFirehose',
  iam: 'IAM',
  kinesis: 'Kinesis',
  kms: 'KMS',
  lambda: 'Lambda',
  logs: 'Logs',
  rds: 'RDS',
  s3: 'S3',
  secretsmanager: 'SecretsManager',
  sns: 'SNS',
  sqs: 'SQS',
  ssm: 'SSM',
  states: 'StepFunctions',
  wafv2: 'WAFv2',
};

/** The services whose ARNs the specific cases above read. */
const SPECIFIC_SERVICES = new Set(['s3', 'kms', 'ec2', 'rds', 'elasticache', 'kinesis', 'elasticfilesystem', 'secretsmanager', 'dynamodb', 'sns', 'sqs', 'logs', 'elasticloadbalancing', 'autoscaling']);

/** Services whose ARNs name no resource a stack deploys (the caller's identity, AWS's own catalogue). */
const NOT_RESOURCES = new Set(['sts', 'aws-marketplace', 'pricing']);

const pascal = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

/** The resource's own name after its type: the last `/` segment (an IAM path, an ECS cluster), or up to the next `:` (a Lambda version). */
function ownName(rest: string, sep: string): string | undefined {
  const name = sep === ':' ? rest.split(':')[0] : rest.split(':')[0]!.split('/').pop();
  return name === undefined || name === '' ? undefined : name;
}

/**
 * Any service's ARN, `arn:<partition>:<service>:<region>:<account>:<resource>`, read into the
 * CloudFormation type where the table above knows it, else `AWS::<Service>::<ResourceType>`
 * from the ARN's own words. The id is the resource's own name (see docs: identifiers), the ARN is
 * kept. Undefined for an ARN with no resource type of a service the table does not know.
 */
export function genericFromArn(value: string): Identified | undefined {
  const text = value.trim();
  const a = splitArn(text);
  if (!a || NOT_RESOURCES.has(a.service)) return undefined;
  // API Gateway: `arn:aws:apigateway:<region>::/restapis/<id>`, `…::/apis/<id>`; execute-api: `<api-id>/<stage>/…`.
  if (a.service === 'apigateway') {
    const m = /^\/(restapis|apis)\/([A-Za-z0-9]+)/.exec(a.resource);
    return m ? make(m[1] === 'restapis' ? 'AWS::ApiGateway::RestApi' : 'AWS::ApiGatewayV2::Api', m[2]!, text, a) : undefined;
  }
  if (a.service === 'execute-api') {
    const id = a.resource.split('/')[0];
    return id ? { ...make('AWS::ApiGateway::RestApi', id, text, a), guessed: true } : undefined;
  }
  const m = /^([A-Za-z0-9-]+)([/:])(.+)$/.exec(a.resource);
  const table = GENERIC_TYPES[a.service];
  if (m) {
    const [, kind, sep, rest] = m as unknown as [string, string, string, string];
    const known = table?.[kind];
    if (known) {
      const id = known.id ? known.id(rest, a, text) : ownName(rest, sep);
      return id ? make(known.type, id, text, a) : undefined;
    }
  }
  // A service the specific cases read: an ARN they turned away (a subscription, a malformed id)
  // names nothing the table above lists, and is not guessed into a type of its own.
  if (SPECIFIC_SERVICES.has(a.service)) return undefined;
  const bare = table?.[''];
  if (bare) {
    const id = bare.id ? bare.id(a.resource, a, text) : a.resource;
    return id ? make(bare.type, id, text, a) : undefined;
  }
  if (!m) return undefined;
  const [, kind, sep, rest] = m as unknown as [string, string, string, string];
  const type = `AWS::${CFN_SERVICE[a.service] ?? pascal(a.service)}::${pascal(kind)}`;
  const id = ownName(rest, sep);
  return isResourceType(type) && id ? make(type, id, text, a) : undefined;
}

/**
 * The name of a Secrets Manager secret from its ARN, without the six random characters AWS
 * appends (`…:secret:tap/db-AbCdEf` → `tap/db`), so the ARN and the bare name match.
 */
export function secretNameFromArn(value: string): string | undefined {
  const a = splitArn(value);
  if (!a || a.service !== 'secretsmanager') return undefined;
  const name = after(a.resource, 'secret:');
  if (name === undefined) return undefined;
  return name.replace(/-[A-Za-z0-9]{6}$/, '');
}
