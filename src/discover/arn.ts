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
 * The resource an ARN names, or undefined for a service or resource type postflight does not
 * verify (an IAM role, an S3 access point, an EFS access point). An ARN of a part of a resource
 * (a DynamoDB table's stream or index, a Kinesis consumer, an S3 object) names its resource,
 * and carries that resource's ARN.
 */
export function resourceFromArn(value: string): Identified | undefined {
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
      return undefined; // Classic load balancers (`loadbalancer/<name>`) are not verified
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
