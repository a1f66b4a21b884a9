/**
 * Endpoint host names, read as text: `mydb.abc123xyz.us-east-1.rds.amazonaws.com:5432`,
 * `master.my-rg.abc123.use1.cache.amazonaws.com`, `rediss://replica.…:6379`. The host yields the
 * resource's identifier and, usually, its region. Nothing is ever resolved or connected to.
 */
import { genericFromArn, queueUrl, type Identified } from './arn.js';

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const RDS_ID = /^[a-z][a-z0-9-]{0,62}$/;
const CACHE_ID = /^[a-z][a-z0-9-]{0,49}$/;

/**
 * ElastiCache writes a short region code into every host name (`use1` for us-east-1).
 * An unknown code leaves the region unset (discovery then uses the run's region).
 *
 * moto writes `use1` into every ElastiCache host whatever region the cluster is in; postflight
 * follows real AWS naming, so against moto an ElastiCache host outside us-east-1 reads as
 * us-east-1, and a test that needs another region passes the id or ARN instead.
 */
export const ELASTICACHE_REGION_CODES: Readonly<Record<string, string>> = {
  use1: 'us-east-1',
  use2: 'us-east-2',
  usw1: 'us-west-1',
  usw2: 'us-west-2',
  cac1: 'ca-central-1',
  caw1: 'ca-west-1',
  mxc1: 'mx-central-1',
  sae1: 'sa-east-1',
  euw1: 'eu-west-1',
  euw2: 'eu-west-2',
  euw3: 'eu-west-3',
  euc1: 'eu-central-1',
  euc2: 'eu-central-2',
  eun1: 'eu-north-1',
  eus1: 'eu-south-1',
  eus2: 'eu-south-2',
  aps1: 'ap-south-1',
  aps2: 'ap-south-2',
  apse1: 'ap-southeast-1',
  apse2: 'ap-southeast-2',
  apse3: 'ap-southeast-3',
  apse4: 'ap-southeast-4',
  apse5: 'ap-southeast-5',
  apse7: 'ap-southeast-7',
  apne1: 'ap-northeast-1',
  apne2: 'ap-northeast-2',
  apne3: 'ap-northeast-3',
  ape1: 'ap-east-1',
  mes1: 'me-south-1',
  mec1: 'me-central-1',
  ilc1: 'il-central-1',
  afs1: 'af-south-1',
  usgw1: 'us-gov-west-1',
  usge1: 'us-gov-east-1',
  cnn1: 'cn-north-1',
  cnnw1: 'cn-northwest-1',
};

/**
 * The host name inside an endpoint: without scheme, credentials, port, path or trailing dot,
 * lower-cased. Undefined when what is left is not a DNS name.
 */
export function hostOf(value: string): string | undefined {
  let v = value.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(v);
  if (scheme) v = v.slice(scheme[0].length);
  v = v.split(/[/?#]/)[0] ?? '';
  const at = v.lastIndexOf('@');
  if (at >= 0) v = v.slice(at + 1);
  const port = /:(\d{1,5})$/.exec(v);
  if (port) v = v.slice(0, port.index);
  v = v.toLowerCase().replace(/\.$/, '');
  if (v.length === 0 || v.length > 253) return undefined;
  const labels = v.split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) ? v : undefined;
}

function withRegion(found: Omit<Identified, 'region'>, region: string | undefined): Identified {
  return region === undefined ? found : { ...found, region };
}

/**
 * RDS: `<instance>.<hash>.<region>.rds.amazonaws.com` (`.com.cn` in China) → DB instance;
 * `<cluster>.cluster-<hash>.…` (writer) and `<cluster>.cluster-ro-<hash>.…` (reader) → DB cluster;
 * `<endpoint>.cluster-custom-<hash>.…` → the custom cluster endpoint (its own name, not the
 * cluster's); `<proxy>.proxy-<hash>.…` → the RDS Proxy and `<endpoint>.endpoint.proxy-<hash>.…` →
 * the proxy endpoint. (moto writes `<proxy>.db-proxy-<hash>.…`; AWS's form is `proxy-`.)
 */
function rds(labels: string[]): Identified | undefined {
  if (labels.length === 4 && labels[1] === 'endpoint' && /^proxy-[a-z0-9]+$/.test(labels[2] ?? '')) {
    const [endpoint, , , region] = labels as [string, string, string, string];
    return RDS_ID.test(endpoint) && REGION.test(region) ? { type: 'AWS::RDS::DBProxyEndpoint', id: endpoint, region } : undefined;
  }
  const [id, second, region] = labels;
  if (labels.length !== 3 || id === undefined || second === undefined || region === undefined) return undefined;
  if (!RDS_ID.test(id) || !REGION.test(region)) return undefined;
  if (/^cluster-custom-[a-z0-9]+$/.test(second)) return { type: 'AWS::RDS::DBClusterEndpoint', id, region };
  if (/^cluster-(?:ro-)?[a-z0-9]+$/.test(second)) return { type: 'AWS::RDS::DBCluster', id, region };
  if (/^proxy-[a-z0-9]+$/.test(second)) return { type: 'AWS::RDS::DBProxy', id, region };
  if (/^[a-z0-9]+$/.test(second)) return { type: 'AWS::RDS::DBInstance', id, region };
  return undefined;
}

/** `my-rg-001` and, in cluster mode, `my-rg-0001-001`: the replication group of a node. */
function groupOfNode(node: string): string | undefined {
  const m = /^(.+?)-(?:\d{4}-)?\d{3}$/.exec(node);
  return m?.[1];
}

/**
 * ElastiCache, `<labels>.<region code>.cache.amazonaws.com`:
 * - `master.<rg>.<hash>` (primary, in-transit encryption), `replica.<rg>.<hash>` (reader),
 *   `clustercfg.<rg>.<hash>` (configuration) → the replication group;
 * - `<rg>.<hash>.ng.0001` (primary) and `<rg>-ro.<hash>.ng.0001` (reader) → the replication group;
 * - nodes `<rg>-001.<hash>.0001` and, with in-transit encryption, `<rg>-001.<rg>.<hash>` → the
 *   replication group; a node with no member suffix (`<cluster>.<hash>.0001`) and a Memcached
 *   configuration endpoint `<cluster>.<hash>.cfg` → the cache cluster;
 * - `<cache>-<hash>.serverless` → the serverless cache: its name is the label without the six
 *   characters ElastiCache appends.
 */
function elasticache(labels: string[], code: string | undefined): Identified | undefined {
  const region = code === undefined ? undefined : ELASTICACHE_REGION_CODES[code];
  const group = (id: string | undefined): Identified | undefined =>
    id !== undefined && CACHE_ID.test(id) ? withRegion({ type: 'AWS::ElastiCache::ReplicationGroup', id }, region) : undefined;
  const cluster = (id: string | undefined): Identified | undefined =>
    id !== undefined && CACHE_ID.test(id) ? withRegion({ type: 'AWS::ElastiCache::CacheCluster', id }, region) : undefined;
  const serverless = (label: string): Identified | undefined => {
    const name = /^([a-z](?:[a-z0-9-]{0,38}[a-z0-9])?)-[a-z0-9]{6}$/.exec(label)?.[1];
    return name !== undefined && !name.includes('--') ? withRegion({ type: 'AWS::ElastiCache::ServerlessCache', id: name }, region) : undefined;
  };
  const [a, b, c, d] = labels;
  if (a === undefined || b === undefined) return undefined;
  if (labels.length === 2) return b === 'serverless' ? serverless(a) : undefined;
  if (c === undefined) return undefined;
  if (labels.length === 3 && (a === 'master' || a === 'replica' || a === 'clustercfg')) return group(b);
  if (labels.length === 4 && c === 'ng' && d !== undefined && /^\d{4}$/.test(d)) return group(a.replace(/-ro$/, ''));
  if (labels.length === 3 && /^\d{4}$/.test(c)) {
    const rg = groupOfNode(a);
    return rg !== undefined ? group(rg) : cluster(a);
  }
  if (labels.length === 3 && c === 'cfg') return cluster(a);
  if (labels.length === 3 && groupOfNode(a) === b) return group(b);
  return undefined;
}

/** S3 REST and website host names: `b.s3.amazonaws.com`, `b.s3.us-east-1.amazonaws.com`, `b.s3-website-us-west-2.amazonaws.com`. */
function s3(rest: string): Identified | undefined {
  const m = /^(.+)\.s3(?:-website)?(?:[.-](?:dualstack\.)?([a-z]{2}(?:-[a-z]+)+-\d{1,2}))?$/.exec(rest);
  if (!m || m[1] === undefined || !isBucketName(m[1])) return undefined;
  return withRegion({ type: 'AWS::S3::Bucket', id: m[1] }, m[2]);
}

/** EFS DNS names: `fs-0123abcd.efs.us-east-1.amazonaws.com`, One Zone `us-east-1a.fs-0123abcd.efs.…`. */
function efs(rest: string): Identified | undefined {
  const m = /^(?:[a-z0-9-]+\.)?(fs-[0-9a-f]{8,17})\.efs\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})$/.exec(rest);
  if (!m || m[1] === undefined) return undefined;
  return withRegion({ type: 'AWS::EFS::FileSystem', id: m[1] }, m[2]);
}

/**
 * ELBv2 DNS names: `<name>-<id>.<region>.elb.amazonaws.com` (application), `internal-<name>-<id>.…`
 * (internal), `<name>-<id>.elb.<region>.amazonaws.com` (network, gateway), each optionally after
 * `dualstack.`. The id is the load balancer's name (the collector describes it by name); its ARN
 * is known once described. A Classic Load Balancer's name has the same shape: describing it as
 * ELBv2 finds nothing, and it is reported unverified.
 */
function elb(rest: string): Identified | undefined {
  const m =
    /^(?:dualstack\.)?([a-z0-9-]+)\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.elb$/.exec(rest) ??
    /^(?:dualstack\.)?([a-z0-9-]+)\.elb\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})$/.exec(rest);
  if (!m || m[1] === undefined) return undefined;
  const label = m[1].replace(/^internal-/, '');
  const name = /^([a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?)-[0-9a-f]+$/.exec(label)?.[1];
  if (name === undefined) return undefined;
  return withRegion({ type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: name }, m[2]);
}

/**
 * EKS API server endpoints: `https://<hex>.<label>.<region>.eks.amazonaws.com` (`gr7`, `sk1`, `yl4`).
 * The host does not hold the cluster's name, so the id is the host itself: a state entry of the
 * cluster carries it as `endpoint`, and the two mentions are one cluster (see identity.ts). The
 * OIDC issuer `oidc.eks.<region>.amazonaws.com/id/…` is not the cluster's endpoint and is not placed.
 */
function eks(rest: string, host: string): Identified | undefined {
  const m = /^[a-z0-9]{10,64}\.[a-z0-9]{2,4}\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.eks$/.exec(rest);
  return m ? { type: 'AWS::EKS::Cluster', id: host, region: m[1]! } : undefined;
}

/**
 * A CloudFront distribution's domain, `d111111abcdef8.cloudfront.net` (AWS: `d` and 13 characters;
 * moto: any letter and 12). It does not hold the distribution's id (`E…`): the id is the domain,
 * which a state entry of the distribution carries as `domain_name` (see identity.ts). CloudFront is
 * global: no region.
 */
function cloudfront(host: string): Identified | undefined {
  return /^[a-z0-9]{8,20}\.cloudfront\.net$/.test(host) ? { type: 'AWS::CloudFront::Distribution', id: host } : undefined;
}

/** The resource an endpoint host names, or undefined. */
export function resourceFromEndpoint(value: string): Identified | undefined {
  const host = hostOf(value);
  if (host === undefined) return undefined;
  if (host.endsWith('.cloudfront.net')) return cloudfront(host);
  const base = /\.amazonaws\.com(?:\.cn)?$/.exec(host);
  if (!base) return undefined;
  const rest = host.slice(0, base.index);
  const labels = rest.split('.');
  const tail = labels.pop();
  if (tail === 'rds') return rds(labels);
  // China regions also write the service before the region: `<id>.<hash>.rds.cn-north-1.amazonaws.com.cn`.
  if (tail !== undefined && REGION.test(tail) && labels[labels.length - 1] === 'rds') return rds([...labels.slice(0, -1), tail]);
  if (tail === 'cache') {
    const code = labels.pop();
    return elasticache(labels, code);
  }
  if (tail === 'eks') return eks(rest, host);
  return s3(rest) ?? efs(rest) ?? elb(rest);
}

/**
 * API Gateway invoke URLs, `https://<api-id>.execute-api.<region>.amazonaws.com/<stage>/…`, name
 * the API by its id. A REST API is always called through a stage in the path; an HTTP API may be
 * too, so a URL with a path is read as a REST API, a guess the type of the API's ARN or of a state
 * entry corrects (the two types are one identity, see identity.ts). A URL without a path (an HTTP
 * API's `$default` stage) and a WebSocket URL (`wss://`) are an `AWS::ApiGatewayV2::Api`. A
 * private REST API through an interface endpoint, `<api-id>-<vpce-id>.execute-api.…`, is a REST API.
 */
export function resourceFromApiUrl(value: string): Identified | undefined {
  const m = /^(https|wss):\/\/([a-z0-9]{10})(-vpce-[0-9a-f]{8,17})?\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.amazonaws\.com(?:\.cn)?(?::443)?(\/[^\s?#]*)?(?:[?#]\S*)?$/.exec(value.trim());
  if (!m) return undefined;
  const [, scheme, id, vpce, region, path] = m as unknown as [string, string, string, string | undefined, string, string | undefined];
  const staged = path !== undefined && path.replace(/\/+$/, '') !== '';
  if (scheme === 'wss' || (!staged && vpce === undefined)) return { type: 'AWS::ApiGatewayV2::Api', id, region };
  // Only REST APIs are private: through an interface endpoint the type is no guess.
  return vpce === undefined ? { type: 'AWS::ApiGateway::RestApi', id, region, guessed: true } : { type: 'AWS::ApiGateway::RestApi', id, region };
}

/** `https://console.aws.amazon.com/…`, `https://<region>.console.aws.amazon.com/…`, and China's `console.amazonaws.cn`. */
const CONSOLE = /^https:\/\/(?:([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.)?console\.(?:aws\.amazon\.com|amazonaws\.cn)\/([a-z0-9-]+)\/home\/?(?:\?([^#\s]*))?#(\S*)$/;
const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const STATE_MACHINE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Console URLs that name one resource: a CloudWatch dashboard (`/cloudwatch/home?region=…#dashboards:name=<name>`
 * or `#dashboards/dashboard/<name>`) and a Step Functions state machine
 * (`/states/home?region=…#/statemachines/view/<ARN, URL-encoded>`, also under `/v2/`, or its name).
 * The region is the console's (its host or `region=`). Other console pages name no resource.
 */
export function resourceFromConsoleUrl(value: string): Identified | undefined {
  const m = CONSOLE.exec(value.trim());
  if (!m) return undefined;
  const [, hostRegion, service, query, fragment] = m as unknown as [string, string | undefined, string, string | undefined, string];
  const region = hostRegion ?? /(?:^|&)region=([a-z]{2}(?:-[a-z]+)+-\d{1,2})(?:&|$)/.exec(query ?? '')?.[1];
  if (service === 'cloudwatch') {
    const raw = /^dashboards(?::name=|\/dashboard\/)([^;?&/]+)/.exec(fragment)?.[1];
    const name = raw === undefined ? undefined : decoded(raw);
    return name !== undefined && DASHBOARD_NAME.test(name) ? withRegion({ type: 'AWS::CloudWatch::Dashboard', id: name }, region) : undefined;
  }
  if (service === 'states') {
    const raw = /^\/(?:v2\/)?statemachines\/(?:view|edit)\/([^?&/]+)/.exec(fragment)?.[1];
    const text = raw === undefined ? undefined : decoded(raw);
    if (text === undefined) return undefined;
    if (text.startsWith('arn:')) {
      const found = genericFromArn(text);
      return found?.type === 'AWS::StepFunctions::StateMachine' ? found : undefined;
    }
    return STATE_MACHINE_NAME.test(text) ? withRegion({ type: 'AWS::StepFunctions::StateMachine', id: text }, region) : undefined;
  }
  return undefined;
}

/**
 * SQS queue URLs, `https://sqs.<region>.amazonaws.com/<account>/<name>` and the legacy
 * `https://<region>.queue.amazonaws.com/<account>/<name>`, name the queue; its id is the URL in the
 * first form, the one a queue's ARN also builds, so the URL and the ARN name one queue.
 */
export function resourceFromQueueUrl(value: string): Identified | undefined {
  const m = /^https?:\/\/(?:sqs\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})|([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.queue)\.amazonaws\.com(\.cn)?\/(\d{12})\/([A-Za-z0-9_-]{1,75}(?:\.fifo)?)\/?$/.exec(value.trim());
  if (!m) return undefined;
  const region = (m[1] ?? m[2])!;
  const id = queueUrl(m[3] ? 'aws-cn' : 'aws', region, m[4]!, m[5]!);
  return { type: 'AWS::SQS::Queue', id, region };
}

/** `s3://bucket` and `s3://bucket/prefix/…` name the bucket. */
export function resourceFromS3Uri(value: string): Identified | undefined {
  const m = /^s3:\/\/([^/\s]+)(?:\/\S*)?$/.exec(value.trim());
  if (!m || m[1] === undefined || !isBucketName(m[1])) return undefined;
  return { type: 'AWS::S3::Bucket', id: m[1] };
}

/**
 * S3's bucket naming rules for general purpose buckets: 3 to 63 lower-case letters, digits,
 * dots and hyphens, starting and ending with a letter or digit, no `..`, `.-` or `-.`, not an
 * IP address, none of the reserved prefixes and suffixes (directory buckets end in `--x-s3`).
 */
export function isBucketName(name: string): boolean {
  return (
    name.length >= 3 &&
    name.length <= 63 &&
    /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) &&
    !/\.\.|\.-|-\./.test(name) &&
    !/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) &&
    !/^(?:xn--|sthree-|amzn-s3-demo-)/.test(name) &&
    !/(?:-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)
  );
}
