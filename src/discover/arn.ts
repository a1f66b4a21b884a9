/**
 * ARNs, in any partition (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, …), read by
 * service and resource type into the resource a describe call can take.
 */
import type { ResourceType } from '../types.js';

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
/** Types whose identifier, as CloudFormation's `Ref` and Terraform's `id` give it, is the ARN itself. */
const arnItself = (_rest: string, _a: Arn, text: string) => text;

/**
 * (service, ARN resource type) → CloudFormation type, for the common services. The key `''`
 * stands for ARNs whose resource is a bare name (`arn:aws:codepipeline:…:pipeline-name`); a key
 * with a `/` matches the first two segments (`regional/webacl` of a WAFv2 web ACL). Every type is
 * one CloudFormation has, and where the CloudFormation specification gives the type's ARN the
 * key is its resource type (a test holds the table to both).
 */
export const GENERIC_TYPES: Readonly<Record<string, Readonly<Record<string, GenericType>>>> = {
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
    'saml-provider': { type: 'AWS::IAM::SAMLProvider', id: arnItself },
    'server-certificate': { type: 'AWS::IAM::ServerCertificate' },
  },
  cloudtrail: { trail: { type: 'AWS::CloudTrail::Trail' }, eventdatastore: { type: 'AWS::CloudTrail::EventDataStore', id: arnItself } },
  // A WAFv2 ARN: `<regional|global>/<type>/<name>/<id>`; its id is the last part (see identifierFor).
  wafv2: {
    'regional/webacl': { type: 'AWS::WAFv2::WebACL' },
    'global/webacl': { type: 'AWS::WAFv2::WebACL' },
    'regional/ipset': { type: 'AWS::WAFv2::IPSet' },
    'global/ipset': { type: 'AWS::WAFv2::IPSet' },
    'regional/rulegroup': { type: 'AWS::WAFv2::RuleGroup' },
    'global/rulegroup': { type: 'AWS::WAFv2::RuleGroup' },
    'regional/regexpatternset': { type: 'AWS::WAFv2::RegexPatternSet' },
    'global/regexpatternset': { type: 'AWS::WAFv2::RegexPatternSet' },
  },
  waf: { webacl: { type: 'AWS::WAF::WebACL' }, ipset: { type: 'AWS::WAF::IPSet' }, rule: { type: 'AWS::WAF::Rule' } },
  'waf-regional': { webacl: { type: 'AWS::WAFRegional::WebACL' }, ipset: { type: 'AWS::WAFRegional::IPSet' }, rule: { type: 'AWS::WAFRegional::Rule' } },
  'network-firewall': {
    firewall: { type: 'AWS::NetworkFirewall::Firewall', id: arnItself },
    'firewall-policy': { type: 'AWS::NetworkFirewall::FirewallPolicy', id: arnItself },
    'stateful-rulegroup': { type: 'AWS::NetworkFirewall::RuleGroup', id: arnItself },
    'stateless-rulegroup': { type: 'AWS::NetworkFirewall::RuleGroup', id: arnItself },
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
    'capacity-provider': { type: 'AWS::ECS::CapacityProvider' },
  },
  eks: { cluster: { type: 'AWS::EKS::Cluster' }, nodegroup: { type: 'AWS::EKS::Nodegroup', id: (rest) => rest.split('/')[1] } },
  batch: {
    'job-queue': { type: 'AWS::Batch::JobQueue', id: arnItself },
    'compute-environment': { type: 'AWS::Batch::ComputeEnvironment', id: arnItself },
    'job-definition': { type: 'AWS::Batch::JobDefinition', id: arnItself },
  },
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
  ssm: {
    parameter: { type: 'AWS::SSM::Parameter', id: (rest) => (rest.includes('/') ? `/${rest}` : rest) },
    document: { type: 'AWS::SSM::Document' },
    maintenancewindow: { type: 'AWS::SSM::MaintenanceWindow' },
    patchbaseline: { type: 'AWS::SSM::PatchBaseline' },
  },
  ec2: {
    'internet-gateway': { type: 'AWS::EC2::InternetGateway' },
    'egress-only-internet-gateway': { type: 'AWS::EC2::EgressOnlyInternetGateway' },
    'route-table': { type: 'AWS::EC2::RouteTable' },
    'network-interface': { type: 'AWS::EC2::NetworkInterface' },
    'network-acl': { type: 'AWS::EC2::NetworkAcl' },
    'vpc-endpoint': { type: 'AWS::EC2::VPCEndpoint' },
    'vpc-peering-connection': { type: 'AWS::EC2::VPCPeeringConnection' },
    'vpc-flow-log': { type: 'AWS::EC2::FlowLog' },
    'elastic-ip': { type: 'AWS::EC2::EIP' },
    'dhcp-options': { type: 'AWS::EC2::DHCPOptions' },
    'customer-gateway': { type: 'AWS::EC2::CustomerGateway' },
    'vpn-gateway': { type: 'AWS::EC2::VPNGateway' },
    'vpn-connection': { type: 'AWS::EC2::VPNConnection' },
    'prefix-list': { type: 'AWS::EC2::PrefixList' },
    'transit-gateway': { type: 'AWS::EC2::TransitGateway' },
    'transit-gateway-route-table': { type: 'AWS::EC2::TransitGatewayRouteTable' },
    'placement-group': { type: 'AWS::EC2::PlacementGroup' },
    'dedicated-host': { type: 'AWS::EC2::Host' },
    'capacity-reservation': { type: 'AWS::EC2::CapacityReservation' },
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
  route53: { hostedzone: { type: 'AWS::Route53::HostedZone' }, healthcheck: { type: 'AWS::Route53::HealthCheck' } },
  acm: { certificate: { type: 'AWS::CertificateManager::Certificate', id: arnItself } },
  'acm-pca': { 'certificate-authority': { type: 'AWS::ACMPCA::CertificateAuthority', id: arnItself } },
  cloudformation: { stack: { type: 'AWS::CloudFormation::Stack', id: (rest) => rest.split('/')[0] } },
  codebuild: { project: { type: 'AWS::CodeBuild::Project' } },
  codecommit: { '': { type: 'AWS::CodeCommit::Repository' } },
  codedeploy: { application: { type: 'AWS::CodeDeploy::Application' } },
  codepipeline: { '': { type: 'AWS::CodePipeline::Pipeline', id: (rest) => rest.split('/')[0] } },
  backup: { 'backup-vault': { type: 'AWS::Backup::BackupVault' }, 'backup-plan': { type: 'AWS::Backup::BackupPlan' } },
  redshift: { cluster: { type: 'AWS::Redshift::Cluster' } },
  es: { domain: { type: 'AWS::OpenSearchService::Domain' } },
  appsync: { apis: { type: 'AWS::AppSync::GraphQLApi' } },
  kafka: { cluster: { type: 'AWS::MSK::Cluster', id: arnItself } },
  memorydb: { cluster: { type: 'AWS::MemoryDB::Cluster' } },
  sagemaker: {
    'notebook-instance': { type: 'AWS::SageMaker::NotebookInstance' },
    endpoint: { type: 'AWS::SageMaker::Endpoint' },
    'endpoint-config': { type: 'AWS::SageMaker::EndpointConfig' },
    model: { type: 'AWS::SageMaker::Model' },
  },
  rds: { subgrp: { type: 'AWS::RDS::DBSubnetGroup' }, pg: { type: 'AWS::RDS::DBParameterGroup' }, 'cluster-pg': { type: 'AWS::RDS::DBClusterParameterGroup' } },
};

/** API Gateway's ARNs are paths: `arn:aws:apigateway:<region>::/restapis/<id>[/stages/<name>]`, `…::/apis/<id>…`. */
const API_GATEWAY: ReadonlyArray<{ re: RegExp; type: ResourceType; id: (m: RegExpExecArray) => string }> = [
  { re: /^\/restapis\/([A-Za-z0-9]+)\/stages\/([^/]+)$/, type: 'AWS::ApiGateway::Stage', id: (m) => `${m[1]}/${m[2]}` },
  { re: /^\/apis\/([A-Za-z0-9]+)\/stages\/([^/]+)$/, type: 'AWS::ApiGatewayV2::Stage', id: (m) => `${m[1]}/${m[2]}` },
  // Any other part of an API (a resource, a deployment, an authorizer) names its API.
  { re: /^\/restapis\/([A-Za-z0-9]+)(?:\/.*)?$/, type: 'AWS::ApiGateway::RestApi', id: (m) => m[1]! },
  { re: /^\/apis\/([A-Za-z0-9]+)(?:\/.*)?$/, type: 'AWS::ApiGatewayV2::Api', id: (m) => m[1]! },
  { re: /^\/usageplans\/([A-Za-z0-9]+)$/, type: 'AWS::ApiGateway::UsagePlan', id: (m) => m[1]! },
  { re: /^\/apikeys\/([A-Za-z0-9]+)$/, type: 'AWS::ApiGateway::ApiKey', id: (m) => m[1]! },
];

/** The services whose ARNs the specific cases above read. */
const SPECIFIC_SERVICES = new Set(['s3', 'kms', 'ec2', 'rds', 'elasticache', 'kinesis', 'elasticfilesystem', 'secretsmanager', 'dynamodb', 'sns', 'sqs', 'logs', 'elasticloadbalancing', 'autoscaling']);

/** Services whose ARNs name no resource a stack deploys (the caller's identity, AWS's own catalogue). */
const NOT_RESOURCES = new Set(['sts', 'aws-marketplace', 'pricing']);

/** The resource's own name after its type: the last `/` segment (an IAM path, an ECS cluster), or up to the next `:` (a Lambda version). */
function ownName(rest: string, sep: string): string | undefined {
  const name = sep === ':' ? rest.split(':')[0] : rest.split(':')[0]!.split('/').pop();
  return name === undefined || name === '' ? undefined : name;
}

/** The table's reading of an ARN: its type and id, or why it has none. */
function readGeneric(a: Arn, text: string): Identified | { reason: string } | undefined {
  if (NOT_RESOURCES.has(a.service)) return undefined;
  if (a.service === 'apigateway') {
    for (const p of API_GATEWAY) {
      const m = p.re.exec(a.resource);
      if (m) return make(p.type, p.id(m), text, a);
    }
    return { reason: `its API Gateway resource (${a.resource.split('/').slice(0, 2).join('/')}) is no type postflight can name exactly` };
  }
  if (a.service === 'execute-api') {
    // `<api-id>/<stage>/…`: the same shape for a REST API and an HTTP API, so the type is a guess,
    // which a state entry or a stack's record of the API corrects (the two types share one identity).
    const id = a.resource.split('/')[0];
    return id ? { ...make('AWS::ApiGateway::RestApi', id, text, a), guessed: true } : { reason: 'its execute-api ARN names no API' };
  }
  const table = GENERIC_TYPES[a.service];
  const m = /^([A-Za-z0-9-]+)([/:])(.+)$/.exec(a.resource);
  if (m) {
    const [, kind, sep, rest] = m as unknown as [string, string, string, string];
    const second = /^([A-Za-z0-9-]+)\/(.+)$/.exec(rest);
    const two = second ? table?.[`${kind}/${second[1]}`] : undefined;
    const known = two ?? table?.[kind];
    if (known) {
      const after = two ? second![2]! : rest;
      const id = known.id ? known.id(after, a, text) : ownName(after, two ? '/' : sep);
      return id ? make(known.type, id, text, a) : { reason: `its ${kind} part names no ${known.type}` };
    }
  }
  const bare = table?.[''];
  if (bare && !SPECIFIC_SERVICES.has(a.service)) {
    const id = bare.id ? bare.id(a.resource, a, text) : a.resource;
    return id ? make(bare.type, id, text, a) : undefined;
  }
  const kind = m?.[1];
  if (SPECIFIC_SERVICES.has(a.service) || !kind) return { reason: `it names no ${a.service} resource postflight can give a CloudFormation type exactly` };
  return { reason: `its resource type "${kind}" (${a.service}) is none postflight can give a CloudFormation type exactly` };
}

/**
 * Any service's ARN, `arn:<partition>:<service>:<region>:<account>:<resource>`, read into its
 * CloudFormation type by the table above; an ARN the table does not name is no resource here (see
 * `unnamedArnReason`): a type is never made up from the ARN's words. The id is the resource's own
 * name (see docs: identifiers), the ARN is kept.
 */
export function genericFromArn(value: string): Identified | undefined {
  const text = value.trim();
  const a = splitArn(text);
  if (!a) return undefined;
  const found = readGeneric(a, text);
  return found && !('reason' in found) ? found : undefined;
}

/**
 * Why an ARN names no resource postflight can place, as a clause for the list of unrecognised
 * outputs; undefined when it is no ARN, names a resource, or names none by nature (an STS identity).
 */
export function unnamedArnReason(value: string): string | undefined {
  const text = value.trim();
  const a = splitArn(text);
  if (!a || resourceFromArn(text)) return undefined;
  const found = readGeneric(a, text);
  if (found && 'reason' in found) return found.reason;
  return undefined;
}

/**
 * The id of a resource of `type` named by its ARN, as the table above reads it (a WAFv2 web ACL's
 * id, an OIDC provider's ARN, an API's stage as `<api>/<stage>`); undefined when the table reads
 * the ARN as another type, or not at all. Sources that name a resource by ARN use this, so that an
 * output and a state entry of one resource agree on its id.
 */
export function idFromArn(type: ResourceType, value: string): string | undefined {
  const text = value.trim();
  const a = splitArn(text);
  if (!a) return undefined;
  const found = readGeneric(a, text);
  return found && !('reason' in found) && found.type === type ? found.id : undefined;
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
