/**
 * Turns output entries into the resources they name. Pure text analysis: nothing is resolved,
 * fetched or connected to. Evidence, strongest first:
 *   1. an explicit mapping in the config (output key or name → resource type);
 *   2. an ARN, in any partition;
 *   3. an id shape: `vpc-`, `subnet-`, `sg-`, `fs-`, `igw-`, `fl-`, `fsap-`, `mrk-`, `alias/…`,
 *      Cognito user and identity pool ids, `/hostedzone/Z…`, and a key UUID when the output's name
 *      speaks of a key;
 *   4. an SQS queue URL, an endpoint host name (RDS and RDS Proxy, ElastiCache, S3, EFS, ELB, EKS,
 *      CloudFront), an API Gateway invoke URL, a console URL naming a dashboard or a state
 *      machine, or an `s3://` URI;
 *   5. a hint in the output's name for a bare name (`…BucketName` → S3 bucket, `…FunctionName` →
 *      Lambda function, `SecurityGroupName` → security group).
 * One resource named by several outputs (a bucket's name and its ARN) is one `ResourceRef`
 * listing every key. Numbers, booleans and null are never resources: they are returned apart,
 * in `scalars`, and are not `unrecognised`. Sensitive entries (numbers included) are never read:
 * they are always `unrecognised`, with their value dropped.
 */
import { ConfigError } from '../errors.js';
import { nameWords } from '../outputs/names.js';
import { typeNameProblem } from '../sources/type-names.js';
import type { OutputEntry, ResourceRef, ResourceType } from '../types.js';
import { isKeyId, resourceFromArn, unnamedArnReason, type Identified } from './arn.js';
import { identityKey, preferredId, preferredType } from './identity.js';
import { isBucketName, resourceFromApiUrl, resourceFromConsoleUrl, resourceFromEndpoint, resourceFromQueueUrl, resourceFromS3Uri } from './endpoints.js';

export interface DiscoverOptions {
  /** Output key (`TapStackdev.db_id`) or bare output name (`db_id`) → the type of what it names. */
  mappings?: Record<string, ResourceType>;
  /** The run's region, for resources whose output names none. */
  defaultRegion?: string;
}

export interface Discovery {
  resources: ResourceRef[];
  /** Text outputs that name no resource postflight can verify (URLs, regions, CIDRs, secrets). */
  unrecognised: OutputEntry[];
  /** Numbers, booleans and null: never resources, and not worth reporting as unrecognised. */
  scalars: OutputEntry[];
}

const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const SG_ID = /^sg-[0-9a-f]{8,17}$/;
const EFS_ID = /^fs-[0-9a-f]{8,17}$/;
const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const VOLUME_ID = /^vol-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const NAT_ID = /^nat-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const LAUNCH_TEMPLATE_ID = /^lt-[0-9a-f]{17}$/;
const IGW_ID = /^igw-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const FLOW_LOG_ID = /^fl-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const EFS_ACCESS_POINT_ID = /^fsap-[0-9a-f]{8,17}$/;
/** `eu-west-1_AbCdEf123`: the region, then the pool's own part. */
const USER_POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d{1,2})_[0-9A-Za-z]{6,55}$/;
/** `eu-west-1:<uuid>`. */
const IDENTITY_POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d{1,2}):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A hosted zone id: `Z`, then upper-case letters and digits, at least one digit. */
const ZONE_ID = /^Z(?=[A-Z0-9]*\d)[A-Z0-9]{7,32}$/;
/** The zones AWS itself owns, which every load balancer or distribution names as its alias target: never a stack's. */
const AWS_OWNED_WORDS = new Set(['canonical', 'alias', 'target']);
/** App client ids Cognito generates: lower-case letters and digits. */
const USER_POOL_CLIENT_ID = /^[a-z0-9]{20,128}$/;
/** A CloudFront distribution's id. */
const DISTRIBUTION_ID = /^E[A-Z0-9]{9,15}$/;
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const BACKUP_VAULT_NAME = /^[A-Za-z0-9_-]{2,50}$/;
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
/** Security group names: AWS refuses names beginning `sg-`, which are ids. */
const SECURITY_GROUP_NAME = /^(?!sg-)[A-Za-z0-9][A-Za-z0-9._:/()#,@+=&;{}!$*-]{0,254}$/;
/** Auto Scaling group names: up to 255 characters, no colon (`:` would read as an ARN). */
const ASG_NAME = /^[^:\s]{1,255}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MRK = /^mrk-[0-9a-f]{32}$/i;
const ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
/** Other generated AWS ids (`rtb-…`, `igw-…`, `i-…`): never a bare name. */
const SOME_AWS_ID =
  /^(?:i|ami|vpc|subnet|sg|rtb|igw|eigw|nat|eni|vol|snap|acl|eipalloc|vpce|pcx|tgw|tgw-attach|lt|dopt|fs|fsap|fsmt|fl|mrk|cgw|vgw|pl)-[0-9a-f]{8,17}$/;

const RDS_ID = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}$/;
const CACHE_ID = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,49}$/;
const STREAM_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@!-]{1,512}$/;
const LOG_GROUP_NAME = /^[A-Za-z0-9._/#-]{1,512}$/;

/** Words that qualify a name without changing what it names: `DataBucketName`, `VpcId`. */
const QUALIFIERS = new Set(['name', 'names', 'id', 'ids', 'identifier', 'identifiers', 'ref', 'arn', 'arns', 'value']);
const KEY_WORDS = new Set(['key', 'keys', 'kms', 'cmk', 'encryption']);
const DB_WORDS = new Set(['db', 'rds', 'aurora', 'database', 'postgres', 'postgresql', 'mysql', 'mariadb', 'pg']);
const CACHE_WORDS = new Set(['cache', 'elasticache', 'redis', 'memcached', 'valkey']);
/** Clusters and streams of other services, which share the word. */
const OTHER_CLUSTERS = new Set(['ecs', 'eks', 'emr', 'redshift', 'msk', 'kafka', 'docdb', 'neptune', 'opensearch', 'elasticsearch', 'es', 'dax', 'hsm', 'k8s', 'kubernetes']);
const OTHER_STREAMS = new Set(['delivery', 'firehose', 'log', 'logs', 'video']);
const OTHER_TABLES = new Set(['route', 'glue', 'athena', 'iceberg', 'timestream']);

// ---------------------------------------------------------------------------------------------
// What one entry names

/** Qualifiers a deploy pipeline glues an environment suffix to (`BucketNamedevpr7781`), longest first. */
const GLUED = ['identifiers', 'identifier', 'names', 'name', 'arns', 'arn', 'ids', 'id'];
/** An environment or branch suffix: `dev`, `prod`, `staging`, `pr7781`, `devpr7781`, `qa2`, or any word with a digit. */
const ENV_SUFFIX = /^(?:dev|develop|development|prod|production|prd|stage|staging|stg|test|qa|uat|sandbox|sbx|preview|pr\d)[a-z0-9]*$|^[a-z]*\d+[a-z0-9]*$/;

/**
 * The words that carry the hint, without what numbers and environments add: an index glued to a
 * word (`bucket0` → `bucket`, `stream12`), lone numbers, and an environment suffix after the
 * qualifier (`name devpr7781`, `names dev`, `Name-pr7781`), glued to it or not.
 */
function hintCore(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    if (/^\d+$/.test(w)) continue;
    const glued = GLUED.find((q) => w.startsWith(q) && w.length > q.length && ENV_SUFFIX.test(w.slice(q.length)));
    if (glued) {
      out.push(glued, w.slice(glued.length));
      continue;
    }
    // An index on a word of three letters or more (`bucket0`); `s3`, `ec2`, `v2` stay as they are.
    const indexed = /^([a-z]{3,})\d+$/.exec(w);
    out.push(indexed ? (indexed[1] as string) : w);
  }
  // Up to two suffix words after the last qualifier are the environment, not the resource.
  const q = out.findLastIndex((w) => QUALIFIERS.has(w));
  if (q > 0 && out.length - q - 1 <= 2 && out.slice(q + 1).every((w) => ENV_SUFFIX.test(w))) return out.slice(0, q + 1);
  return out;
}

/** The words of the entry's name; a generic name (`id`, `name`, `arn`) borrows its parent's (`dataBucket.id`). */
export function hintWords(entry: Pick<OutputEntry, 'key' | 'name' | 'stack'>): string[] {
  const words = hintCore(nameWords(entry.name));
  if (words.length > 0 && !words.every((w) => QUALIFIERS.has(w))) return words;
  let path = entry.key;
  if (entry.stack !== undefined && path.startsWith(`${entry.stack}.`)) path = path.slice(entry.stack.length + 1);
  const segments = path.replace(/\[\d+\]/g, '').split('.');
  const parent = segments.length >= 2 ? segments[segments.length - 2] : undefined;
  return parent === undefined ? words : [...hintCore(nameWords(parent)), ...words];
}

/** Id shapes that stand on their own, plus a key UUID when `keyHinted`. */
function fromIdShape(value: string, keyHinted: boolean): Identified | undefined {
  if (VPC_ID.test(value)) return { type: 'AWS::EC2::VPC', id: value };
  if (SUBNET_ID.test(value)) return { type: 'AWS::EC2::Subnet', id: value };
  if (SG_ID.test(value)) return { type: 'AWS::EC2::SecurityGroup', id: value };
  if (EFS_ID.test(value)) return { type: 'AWS::EFS::FileSystem', id: value };
  if (INSTANCE_ID.test(value)) return { type: 'AWS::EC2::Instance', id: value };
  if (VOLUME_ID.test(value)) return { type: 'AWS::EC2::Volume', id: value };
  if (NAT_ID.test(value)) return { type: 'AWS::EC2::NatGateway', id: value };
  if (LAUNCH_TEMPLATE_ID.test(value)) return { type: 'AWS::EC2::LaunchTemplate', id: value };
  if (IGW_ID.test(value)) return { type: 'AWS::EC2::InternetGateway', id: value };
  if (FLOW_LOG_ID.test(value)) return { type: 'AWS::EC2::FlowLog', id: value };
  if (EFS_ACCESS_POINT_ID.test(value)) return { type: 'AWS::EFS::AccessPoint', id: value };
  const pool = USER_POOL_ID.exec(value);
  if (pool) return { type: 'AWS::Cognito::UserPool', id: value, region: pool[1]! };
  const identityPool = IDENTITY_POOL_ID.exec(value);
  if (identityPool) return { type: 'AWS::Cognito::IdentityPool', id: value, region: identityPool[1]! };
  const zone = /^\/hostedzone\/(.+)$/.exec(value)?.[1];
  if (zone !== undefined && ZONE_ID.test(zone)) return { type: 'AWS::Route53::HostedZone', id: zone };
  if (MRK.test(value)) return { type: 'AWS::KMS::Key', id: value.toLowerCase() };
  if (ALIAS.test(value)) return { type: 'AWS::KMS::Key', id: value };
  // A bare UUID is too common (event source mappings, backup plans) to claim without a hint.
  if (UUID.test(value) && keyHinted) return { type: 'AWS::KMS::Key', id: value.toLowerCase() };
  return undefined;
}

/** A bare name, placed by the words of the output's name. */
function fromHint(value: string, words: string[]): Identified | undefined {
  if (value.startsWith('arn:') || value.includes('://') || SOME_AWS_ID.test(value)) return undefined;
  const core = [...words];
  const qualifiers = new Set<string>();
  while (core.length > 1 && QUALIFIERS.has(core[core.length - 1] as string)) qualifiers.add(core.pop() as string);
  const last = core[core.length - 1];
  const before = core[core.length - 2];
  const has = (set: ReadonlySet<string>): boolean => core.some((w) => set.has(w));
  const pair = (a: string, b: string): boolean => core.some((w, i) => w === a && core[i + 1] === b);
  // A bare UUID names nothing but a Route 53 health check, and only where the name says so.
  if (UUID.test(value)) return pair('health', 'check') && last === 'check' ? { type: 'AWS::Route53::HealthCheck', id: value.toLowerCase() } : undefined;

  if ((last === 'bucket' || last === 'buckets') && isBucketName(value)) return { type: 'AWS::S3::Bucket', id: value };
  if ((last === 'stream' || last === 'streams') && !(before !== undefined && OTHER_STREAMS.has(before)) && STREAM_NAME.test(value)) {
    return { type: 'AWS::Kinesis::Stream', id: value };
  }
  if ((last === 'table' || last === 'tables') && !(before !== undefined && OTHER_TABLES.has(before)) && TABLE_NAME.test(value)) {
    return { type: 'AWS::DynamoDB::Table', id: value };
  }
  const named = ['name', 'names', 'arn', 'arns', 'id', 'ids'].some((q) => qualifiers.has(q));
  if ((last === 'secret' || last === 'secrets') && named && SECRET_NAME.test(value)) {
    return { type: 'AWS::SecretsManager::Secret', id: value };
  }
  if (pair('log', 'group') && last === 'group' && LOG_GROUP_NAME.test(value)) return { type: 'AWS::Logs::LogGroup', id: value };
  // `SecurityGroupName`, `web_security_group`: a group named by its name. The ref keeps the name as
  // its id; the EC2 security-group collector looks a group up by the `group-name` filter whenever
  // its id does not begin `sg-` (names are unique within a VPC, so it may find one per VPC). A
  // state entry of the group carries its name too, so the two mentions are one group (identity.ts).
  if (pair('security', 'group') && last === 'group' && !qualifiers.has('id') && !qualifiers.has('ids') && SECURITY_GROUP_NAME.test(value)) {
    return { type: 'AWS::EC2::SecurityGroup', id: value };
  }
  // `…FunctionName`, `ingest_lambda_name`; a Step Functions "step function" is a state machine.
  if ((last === 'function' || last === 'lambda') && qualifiers.has('name') && !pair('step', 'function') && FUNCTION_NAME.test(value)) {
    return { type: 'AWS::Lambda::Function', id: value };
  }
  if (pair('backup', 'vault') && last === 'vault' && BACKUP_VAULT_NAME.test(value)) return { type: 'AWS::Backup::BackupVault', id: value };
  // `UserPoolClientId`, `CognitoAppClientId`: the generated id of an app client.
  if (last === 'client' && (qualifiers.has('id') || qualifiers.has('ids')) && (pair('user', 'pool') || core.includes('cognito') || before === 'app') && USER_POOL_CLIENT_ID.test(value)) {
    return { type: 'AWS::Cognito::UserPoolClient', id: value };
  }
  // `HostedZoneId`, `zone_id`; never the zone AWS owns that an alias record targets (`CanonicalHostedZoneId`).
  if (last === 'zone' && !has(AWS_OWNED_WORDS) && ZONE_ID.test(value)) return { type: 'AWS::Route53::HostedZone', id: value };
  if (last === 'distribution' && DISTRIBUTION_ID.test(value)) return { type: 'AWS::CloudFront::Distribution', id: value };
  // `AsgName`, `AutoScalingGroupName`, `autoscaling_group_name`, `WebAsg`.
  if ((last === 'asg' || (last === 'group' && (before === 'autoscaling' || pair('auto', 'scaling')))) && ASG_NAME.test(value)) {
    return { type: 'AWS::AutoScaling::AutoScalingGroup', id: value };
  }
  // `EksClusterName`, `eks_cluster_id`: EKS names a cluster by its name.
  if (core.includes('eks') && last === 'cluster' && EKS_CLUSTER_NAME.test(value)) return { type: 'AWS::EKS::Cluster', id: value };
  if (has(OTHER_CLUSTERS)) return undefined;
  if (pair('replication', 'group') && CACHE_ID.test(value)) return { type: 'AWS::ElastiCache::ReplicationGroup', id: value.toLowerCase() };
  if (core.includes('cluster') && has(CACHE_WORDS)) {
    if (!CACHE_ID.test(value)) return undefined;
    // A "Redis cluster" is, in ElastiCache's terms, a replication group; a cache cluster is one node set.
    const group = (core.includes('redis') || core.includes('valkey')) && !pair('cache', 'cluster');
    return { type: group ? 'AWS::ElastiCache::ReplicationGroup' : 'AWS::ElastiCache::CacheCluster', id: value.toLowerCase() };
  }
  const rdsNamed = has(DB_WORDS) || qualifiers.has('identifier') || qualifiers.has('identifiers');
  if (core.includes('cluster') && rdsNamed && RDS_ID.test(value)) return { type: 'AWS::RDS::DBCluster', id: value.toLowerCase() };
  if (core.includes('instance') && has(DB_WORDS) && RDS_ID.test(value)) return { type: 'AWS::RDS::DBInstance', id: value.toLowerCase() };
  // `DatabaseIdentifier`, `DbIdentifiers`: what RDS calls a DB instance's identifier. (`DbName` is
  // the database inside the engine, and `DbId` too vague: neither is taken.)
  if (last !== undefined && DB_WORDS.has(last) && (qualifiers.has('identifier') || qualifiers.has('identifiers')) && RDS_ID.test(value)) {
    return { type: 'AWS::RDS::DBInstance', id: value.toLowerCase() };
  }
  return undefined;
}

/** Everything the value itself says, strongest evidence first. */
function fromValue(value: string, words: string[]): Identified | undefined {
  return (
    resourceFromArn(value) ??
    fromIdShape(value, words.some((w) => KEY_WORDS.has(w))) ??
    resourceFromQueueUrl(value) ??
    resourceFromApiUrl(value) ??
    resourceFromConsoleUrl(value) ??
    resourceFromEndpoint(value) ??
    resourceFromS3Uri(value)
  );
}

/** An output the config maps to `type`: its value is that resource's id, ARN or endpoint. */
function fromMapping(type: ResourceType, value: string): Identified {
  const found = fromValue(value, ['key']);
  if (found?.type === type) return found;
  // A URL read as a REST API names the HTTP API the mapping says it is.
  if (found?.guessed && identityKey(found.type, found.id) === identityKey(type, found.id)) {
    const { guessed: _guessed, ...exact } = found;
    return { ...exact, type };
  }
  const lower = type.startsWith('AWS::RDS::') || type.startsWith('AWS::ElastiCache::') || (type === 'AWS::KMS::Key' && isKeyId(value));
  return { type, id: lower ? value.toLowerCase() : value };
}

function mappedType(entry: OutputEntry, mappings: Record<string, ResourceType>): ResourceType | undefined {
  const own = (k: string): ResourceType | undefined => (Object.prototype.hasOwnProperty.call(mappings, k) ? mappings[k] : undefined);
  return own(entry.key) ?? own(entry.key.replace(/(?:\[\d+\])+$/, '')) ?? own(entry.name);
}

/** The resource one entry names, or undefined. */
function identify(entry: OutputEntry, mappings: Record<string, ResourceType>): Identified | undefined {
  const value = typeof entry.value === 'string' ? entry.value.trim() : '';
  if (value === '' || /\s/.test(value)) return undefined;
  const mapped = mappedType(entry, mappings);
  if (mapped !== undefined) return fromMapping(mapped, value);
  const words = hintWords(entry);
  return fromValue(value, words) ?? fromHint(value, words);
}

// ---------------------------------------------------------------------------------------------
// One resource, however many outputs name it

/** The identity two mentions of one resource share (see identity.ts). */
function identity(found: Identified): string {
  return identityKey(found.type, found.id);
}

interface Placed {
  ref: ResourceRef;
  /** The type is a guess between two that share the identity (see `Identified.guessed`). */
  guessed?: true;
  /** The region some output named (ARN, host); undefined while only the run's region applies. */
  namedRegion?: string;
}

function validateMappings(mappings: Record<string, ResourceType>): void {
  for (const [key, type] of Object.entries(mappings)) {
    const problem = typeNameProblem(String(type));
    if (problem) throw new ConfigError(`The resource mapping for "${key}" names ${String(type)}, which ${problem}.`);
  }
}

/** Places every entry: in a resource's `keys`, in `unrecognised`, or in `scalars`. */
export function discover(entries: readonly OutputEntry[], options: DiscoverOptions = {}): Discovery {
  const mappings = options.mappings ?? {};
  validateMappings(mappings);
  const resources: Placed[] = [];
  const byIdentity = new Map<string, Placed[]>();
  const unrecognised: OutputEntry[] = [];
  const scalars: OutputEntry[] = [];

  for (const entry of entries) {
    // A secret, even a numeric one, is reported (as redacted), never dropped in silence.
    if (entry.sensitive === true) {
      unrecognised.push({ ...entry, value: '' });
      continue;
    }
    if (entry.scalar === true) {
      scalars.push(entry);
      continue;
    }
    const found = identify(entry, mappings);
    if (!found) {
      const reason = unnamedArnReason(entry.value);
      unrecognised.push(reason ? { ...entry, reason } : entry);
      continue;
    }
    const id = identity(found);
    const same = byIdentity.get(id) ?? [];
    // A mention without a region joins the first mention of the resource; one with a region joins
    // the mention in that region, or else one that had no region yet.
    const match =
      found.region === undefined
        ? same[0]
        : same.find((p) => p.namedRegion === found.region) ?? same.find((p) => p.namedRegion === undefined);
    if (match) {
      match.ref.keys.push(entry.key);
      if (found.region !== undefined && match.namedRegion === undefined) {
        match.namedRegion = found.region;
        match.ref.region = found.region;
      }
      if (found.arn !== undefined && match.ref.arn === undefined) match.ref.arn = found.arn;
      match.ref.id = preferredId(found.type, match.ref.id, found.id);
      if (match.guessed && !found.guessed) {
        match.ref.type = preferredType(match.ref.type, found.type, true);
        delete match.guessed;
      }
      continue;
    }
    const ref: ResourceRef = { type: found.type, id: found.id, keys: [entry.key] };
    if (found.arn !== undefined) ref.arn = found.arn;
    // The stack's region, where the file names it, before the run's.
    const region = found.region ?? entry.region ?? options.defaultRegion;
    if (region !== undefined) ref.region = region;
    const placed: Placed = { ref };
    if (found.region !== undefined) placed.namedRegion = found.region;
    if (found.guessed) placed.guessed = true;
    resources.push(placed);
    same.push(placed);
    byIdentity.set(id, same);
  }
  return { resources: resources.map((p) => p.ref), unrecognised, scalars };
}
