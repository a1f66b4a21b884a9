/**
 * The tags of every resource of the run, whatever its type (`resource.tags`).
 *
 * The Resource Groups Tagging API answers for every service at once: `GetResources` with up to 100
 * ARNs a call (`ResourceARNList`), per region, every page followed, so the calls grow with the
 * regions, not the resources. It lists only resources that have (or had) tags, and AWS documents
 * that it serves every resource type except IAM users and roles, and Auto Scaling groups (for
 * which it answers empty). So:
 * - a resource it lists has the tags it lists (none listed: it has none);
 * - a resource of a type it serves that it does not list has no tags. The tagging API is read
 *   from an index that follows the services, so where postflight can ask the service itself (S3,
 *   EC2, Kinesis, CloudTrail, Secrets Manager, ELBv2) it asks, rather than report a fresh stack's
 *   tags as missing;
 * - IAM roles and Auto Scaling groups are asked of their own services (`ListRoleTags`,
 *   `DescribeTags`), never taken as untagged for being left out;
 * - a resource with no ARN in the run gets one built where AWS documents the format and the
 *   account is known (from the run's other ARNs, or its queue URLs); failing that, its service is
 *   asked if postflight can, else its tags are unknown.
 * Nothing here turns "not served" or "could not ask" into "no tags".
 */
import { requireSdk } from './sdk.js';
import { absent, present, unknown, type Fact } from '../facts/fact.js';
import type { FactKey } from '../facts/catalogue.js';
import { partitionOf } from '../judge/policy.js';
import type { ResourceRef, ResourceType } from '../types.js';
import { allPages, chunk } from './batch.js';
import type { CollectContext, Collector, FactRecord } from './context.js';

type Tags = Readonly<Record<string, string>>;
type TagFact = Fact<Tags>;

/** Up to this many ARNs in one GetResources call (AWS's limit for ResourceARNList). */
export const ARNS_PER_CALL = 100;

/** Types the tagging API does not answer for (AWS's "Services that support the Resource Groups Tagging API"). */
export function servedByTaggingApi(type: ResourceType): boolean {
  return !type.startsWith('AWS::IAM::') && type !== 'AWS::AutoScaling::AutoScalingGroup';
}

/** EC2's ARN resource type for each EC2 resource type whose id is an EC2 id. */
const EC2_ARN_TYPES: Readonly<Record<string, string>> = {
  'AWS::EC2::VPC': 'vpc',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::EC2::SecurityGroup': 'security-group',
  'AWS::EC2::Instance': 'instance',
  'AWS::EC2::Volume': 'volume',
  'AWS::EC2::NatGateway': 'natgateway',
  'AWS::EC2::LaunchTemplate': 'launch-template',
  'AWS::EC2::InternetGateway': 'internet-gateway',
  'AWS::EC2::RouteTable': 'route-table',
  'AWS::EC2::NetworkAcl': 'network-acl',
  'AWS::EC2::NetworkInterface': 'network-interface',
  'AWS::EC2::VPCEndpoint': 'vpc-endpoint',
  'AWS::EC2::EIP': 'elastic-ip',
  'AWS::EC2::TransitGateway': 'transit-gateway',
};

const EC2_ID = /^[a-z]+(?:-[a-z]+)*-[0-9a-f]{8,17}$/;
const KEY_ID = /^(?:mrk-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^mrk-[0-9a-f]{32}$/;

/** An SQS queue URL's account and name (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
function queueUrlParts(url: string): { account: string; name: string } | undefined {
  const m = /^https?:\/\/[^/]+\/(\d{12})\/([^/?#]+)$/.exec(url);
  return m ? { account: m[1]!, name: m[2]! } : undefined;
}

/** The account most of the run's ARNs (and queue URLs) name, if any does. */
export function accountOf(refs: readonly ResourceRef[]): string | undefined {
  const counts = new Map<string, number>();
  for (const ref of refs) {
    const account = ref.arn?.split(':')[4] ?? (ref.type === 'AWS::SQS::Queue' ? queueUrlParts(ref.id)?.account : undefined);
    if (account && /^\d{12}$/.test(account)) counts.set(account, (counts.get(account) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * The ARN GetResources lists a resource under: the run's own (a log group's `:*` and a function's
 * version dropped), else one built from AWS's documented format where the account is known.
 */
export function arnOf(ref: ResourceRef, account: string | undefined, region: string | undefined): string | undefined {
  if (ref.arn) return normaliseArn(ref.arn);
  if (ref.id.startsWith('arn:')) return normaliseArn(ref.id);
  const p = partitionOf(region);
  if (ref.type === 'AWS::S3::Bucket') return `arn:${p}:s3:::${ref.id}`;
  if (ref.type === 'AWS::SQS::Queue') {
    const q = queueUrlParts(ref.id);
    return q && region ? `arn:${p}:sqs:${region}:${q.account}:${q.name}` : undefined;
  }
  if (!account || !region) return undefined;
  const at = (service: string, resource: string) => `arn:${p}:${service}:${region}:${account}:${resource}`;
  const ec2 = EC2_ARN_TYPES[ref.type];
  if (ec2) return EC2_ID.test(ref.id) ? at('ec2', `${ec2}/${ref.id}`) : undefined;
  switch (ref.type) {
    case 'AWS::KMS::Key':
      return KEY_ID.test(ref.id) ? at('kms', `key/${ref.id}`) : undefined;
    case 'AWS::RDS::DBInstance':
      return at('rds', `db:${ref.id}`);
    case 'AWS::RDS::DBCluster':
      return at('rds', `cluster:${ref.id}`);
    case 'AWS::ElastiCache::ReplicationGroup':
      return at('elasticache', `replicationgroup:${ref.id}`);
    case 'AWS::ElastiCache::CacheCluster':
      return at('elasticache', `cluster:${ref.id}`);
    case 'AWS::Kinesis::Stream':
      return at('kinesis', `stream/${ref.id}`);
    case 'AWS::EFS::FileSystem':
      return at('elasticfilesystem', `file-system/${ref.id}`);
    case 'AWS::DynamoDB::Table':
      return at('dynamodb', `table/${ref.id}`);
    case 'AWS::Logs::LogGroup':
      return at('logs', `log-group:${ref.id}`);
    case 'AWS::Lambda::Function':
      return at('lambda', `function:${ref.id}`);
    case 'AWS::CloudTrail::Trail':
      return at('cloudtrail', `trail/${ref.id}`);
    default:
      return undefined;
  }
}

/** ARNs as GetResources lists them: no log group `:*`, no function version or alias. */
export function normaliseArn(arn: string): string {
  const noStar = arn.replace(/:\*$/, '');
  const fn = /^(arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+):[^:]+$/.exec(noStar);
  return fn ? fn[1]! : noStar;
}

const regionOfArn = (arn: string): string | undefined => arn.split(':')[3] || undefined;

function toTags(list: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined): Tags {
  const out: Record<string, string> = {};
  for (const t of list ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

/** Tags as a fact: none is `absent` (the resource has no tags). */
function tagFact(tags: Tags, where: string): TagFact {
  return Object.keys(tags).length ? present(tags) : absent(`the resource has no tags (${where})`);
}

// ---------------------------------------------------------------------------------------------
// Clients, loaded only when a resource needs them

function client<T>(ctx: CollectContext, service: string, region: string | undefined, make: () => T): T {
  return ctx.client(`tags:${service}`, region, make);
}

function tagging(ctx: CollectContext, region: string | undefined) {
  const sdk = requireSdk('@aws-sdk/client-resource-groups-tagging-api') as typeof import('@aws-sdk/client-resource-groups-tagging-api');
  return { sdk, c: client(ctx, 'tagging', region, () => new sdk.ResourceGroupsTaggingAPIClient(ctx.clientConfig(region))) };
}

// ---------------------------------------------------------------------------------------------
// The services' own reads

/** A service's own read of the tags of some of the run's resources of one region. */
type NativeReader = (ctx: CollectContext, refs: readonly ResourceRef[], region: string | undefined) => Promise<Map<ResourceRef, TagFact>>;

const s3Tags: NativeReader = async (ctx, refs, region) => {
  const sdk = requireSdk('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
  const s3 = client(ctx, 's3', region, () => {
    const config = ctx.clientConfig(region);
    return new sdk.S3Client({ ...config, forcePathStyle: config.endpoint !== undefined, followRegionRedirects: true });
  });
  const out = new Map<ResourceRef, TagFact>();
  await Promise.all(
    refs.map(async (ref) => {
      try {
        const res = await ctx.call('s3:GetBucketTagging', (o) => s3.send(new sdk.GetBucketTaggingCommand({ Bucket: ref.id }), o));
        out.set(ref, tagFact(toTags(res.TagSet), 'GetBucketTagging'));
      } catch (err) {
        out.set(ref, (err as Error).name === 'NoSuchTagSet' ? absent('the bucket has no tags (NoSuchTagSet)') : unknown(`could not read the tags of the bucket ${ref.id}: ${ctx.reason(err)}`));
      }
    }),
  );
  return out;
};

const ec2Tags: NativeReader = async (ctx, refs, region) => {
  const sdk = requireSdk('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2');
  const ec2 = client(ctx, 'ec2', region, () => new sdk.EC2Client(ctx.clientConfig(region)));
  const out = new Map<ResourceRef, TagFact>();
  // DescribeTags takes up to 200 values in a filter; every page is followed.
  await Promise.all(
    chunk(refs, 200).map(async (part) => {
      try {
        const tags = await allPages(ctx, 'ec2:DescribeTags', async (token, o) => {
          const res = await ec2.send(new sdk.DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: part.map((r) => r.id) }], ...(token ? { NextToken: token } : {}) }), o);
          return { items: res.Tags, next: res.NextToken };
        });
        for (const ref of part) out.set(ref, tagFact(toTags(tags.filter((t) => t.ResourceId === ref.id)), 'DescribeTags'));
      } catch (err) {
        for (const ref of part) out.set(ref, unknown(`could not read the tags of ${ref.id}: ${ctx.reason(err)}`));
      }
    }),
  );
  return out;
};

const iamRoleTags: NativeReader = async (ctx, refs, region) => {
  const sdk = requireSdk('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
  const iam = client(ctx, 'iam', region, () => new sdk.IAMClient(ctx.clientConfig(region)));
  const out = new Map<ResourceRef, TagFact>();
  await Promise.all(
    refs.map(async (ref) => {
      try {
        const tags = await allPages(ctx, 'iam:ListRoleTags', async (marker, o) => {
          const res = await iam.send(new sdk.ListRoleTagsCommand({ RoleName: ref.id, ...(marker ? { Marker: marker } : {}) }), o);
          return { items: res.Tags, next: res.IsTruncated ? res.Marker : undefined };
        });
        out.set(ref, tagFact(toTags(tags), 'ListRoleTags'));
      } catch (err) {
        out.set(ref, unknown(`could not read the tags of the role ${ref.id}: ${ctx.reason(err)}`));
      }
    }),
  );
  return out;
};

const autoScalingTags: NativeReader = async (ctx, refs, region) => {
  const sdk = requireSdk('@aws-sdk/client-auto-scaling') as typeof import('@aws-sdk/client-auto-scaling');
  const as = client(ctx, 'autoscaling', region, () => new sdk.AutoScalingClient(ctx.clientConfig(region)));
  const out = new Map<ResourceRef, TagFact>();
  await Promise.all(
    chunk(refs, 50).map(async (part) => {
      try {
        const tags = await allPages(ctx, 'autoscaling:DescribeTags', async (token, o) => {
          const res = await as.send(new sdk.DescribeTagsCommand({ Filters: [{ Name: 'auto-scaling-group', Values: part.map((r) => r.id) }], ...(token ? { NextToken: token } : {}) }), o);
          return { items: res.Tags, next: res.NextToken };
        });
        for (const ref of part) out.set(ref, tagFact(toTags(tags.filter((t) => t.ResourceId === ref.id)), 'DescribeTags'));
      } catch (err) {
        for (const ref of part) out.set(ref, unknown(`could not read the tags of the Auto Scaling group ${ref.id}: ${ctx.reason(err)}`));
      }
    }),
  );
  return out;
};

const kinesisTags: NativeReader = async (ctx, refs, region) => {
  const sdk = requireSdk('@aws-sdk/client-kinesis') as typeof import('@aws-sdk/client-kinesis');
  const kinesis = client(ctx, 'kinesis', region, () => new sdk.KinesisClient(ctx.clientConfig(region)));
  const out = new Map<ResourceRef, TagFact>();
  await Promise.all(
    refs.map(async (ref) => {
      try {
        const tags: Array<{ Key?: string; Value?: string }> = [];
        let start: string | undefined;
        for (;;) {
          const from = start;
          const res = await ctx.call('kinesis:ListTagsForStream', (o) => kinesis.send(new sdk.ListTagsForStreamCommand({ StreamName: ref.id, ...(from ? { ExclusiveStartTagKey: from } : {}) }), o));
          tags.push(...(res.Tags ?? []));
          const last = res.Tags?.at(-1)?.Key;
          if (!res.HasMoreTags || !last || last === from) break;
          start = last;
        }
        out.set(ref, tagFact(toTags(tags), 'ListTagsForStream'));
      } catch (err) {
        out.set(ref, unknown(`could not read the tags of the stream ${ref.id}: ${ctx.reason(err)}`));
      }
    }),
  );
  return out;
};

const cloudTrailTags: NativeReader = async (ctx, refs, region) => {
  const sdk = requireSdk('@aws-sdk/client-cloudtrail') as typeof import('@aws-sdk/client-cloudtrail');
  const out = new Map<ResourceRef, TagFact>();
  // ListTags takes trail ARNs, 20 a call, asked in each trail's home region.
  const byHome = new Map<string | undefined, Array<{ ref: ResourceRef; arn: string }>>();
  for (const ref of refs) {
    const arn = ref.arn ?? (ref.id.startsWith('arn:') ? ref.id : undefined);
    if (!arn) {
      out.set(ref, unknown(`the trail ${ref.id} has no ARN in the run, which ListTags needs`));
      continue;
    }
    const home = regionOfArn(arn) ?? region;
    byHome.set(home, [...(byHome.get(home) ?? []), { ref, arn }]);
  }
  await Promise.all(
    [...byHome].flatMap(([home, trails]) =>
      chunk(trails, 20).map(async (part) => {
        const ct = client(ctx, 'cloudtrail', home, () => new sdk.CloudTrailClient(ctx.clientConfig(home)));
        try {
          const lists = await allPages(ctx, 'cloudtrail:ListTags', async (token, o) => {
            const res = await ct.send(new sdk.ListTagsCommand({ ResourceIdList: part.map((t) => t.arn), ...(token ? { NextToken: token } : {}) }), o);
            return { items: res.ResourceTagList, next: res.NextToken };
          });
          for (const { ref, arn } of part) out.set(ref, tagFact(toTags(lists.find((l) => l.ResourceId === arn)?.TagsList), 'ListTags'));
        } catch (err) {
          for (const { ref } of part) out.set(ref, unknown(`could not read the tags of the trail ${ref.id}: ${ctx.reason(err)}`));
        }
      }),
    ),
  );
  return out;
};

const secretTags: NativeReader = async (ctx, refs, region) => {
  const sdk = requireSdk('@aws-sdk/client-secrets-manager') as typeof import('@aws-sdk/client-secrets-manager');
  const sm = client(ctx, 'secretsmanager', region, () => new sdk.SecretsManagerClient(ctx.clientConfig(region)));
  const out = new Map<ResourceRef, TagFact>();
  await Promise.all(
    refs.map(async (ref) => {
      try {
        const res = await ctx.call('secretsmanager:DescribeSecret', (o) => sm.send(new sdk.DescribeSecretCommand({ SecretId: ref.arn ?? ref.id }), o));
        out.set(ref, tagFact(toTags(res.Tags), 'DescribeSecret'));
      } catch (err) {
        out.set(ref, unknown(`could not read the tags of the secret ${ref.id}: ${ctx.reason(err)}`));
      }
    }),
  );
  return out;
};

const loadBalancerTags: NativeReader = async (ctx, refs, region) => {
  const sdk = requireSdk('@aws-sdk/client-elastic-load-balancing-v2') as typeof import('@aws-sdk/client-elastic-load-balancing-v2');
  const elb = client(ctx, 'elbv2', region, () => new sdk.ElasticLoadBalancingV2Client(ctx.clientConfig(region)));
  const out = new Map<ResourceRef, TagFact>();
  // A load balancer named by its DNS name has only its name in the run: its ARN comes first.
  const arns = new Map<ResourceRef, string>();
  const byName = refs.filter((r) => !(r.arn ?? (r.id.startsWith('arn:') ? r.id : undefined)));
  for (const r of refs) if (!byName.includes(r)) arns.set(r, r.arn ?? r.id);
  await Promise.all(
    chunk(byName, 20).map(async (part) => {
      try {
        const res = await ctx.call('elasticloadbalancing:DescribeLoadBalancers', (o) => elb.send(new sdk.DescribeLoadBalancersCommand({ Names: part.map((r) => r.id) }), o));
        for (const r of part) {
          const arn = res.LoadBalancers?.find((lb) => lb.LoadBalancerName === r.id)?.LoadBalancerArn;
          if (arn) arns.set(r, arn);
          else out.set(r, unknown(`the load balancer ${r.id} was not found in ${region ?? 'the default region'}`));
        }
      } catch (err) {
        for (const r of part) out.set(r, unknown(`could not find the load balancer ${r.id}: ${ctx.reason(err)}`));
      }
    }),
  );
  await Promise.all(
    chunk([...arns], 20).map(async (part) => {
      try {
        const res = await ctx.call('elasticloadbalancing:DescribeTags', (o) => elb.send(new sdk.DescribeTagsCommand({ ResourceArns: part.map(([, arn]) => arn) }), o));
        for (const [r, arn] of part) out.set(r, tagFact(toTags(res.TagDescriptions?.find((d) => d.ResourceArn === arn)?.Tags), 'DescribeTags'));
      } catch (err) {
        for (const [r] of part) out.set(r, unknown(`could not read the tags of ${r.id}: ${ctx.reason(err)}`));
      }
    }),
  );
  return out;
};

/** The service's own read of a resource's tags, where postflight has one. */
export function nativeReader(ref: ResourceRef): NativeReader | undefined {
  if (ref.type === 'AWS::S3::Bucket') return s3Tags;
  if (EC2_ARN_TYPES[ref.type] && EC2_ID.test(ref.id)) return ec2Tags;
  if (ref.type === 'AWS::IAM::Role') return iamRoleTags;
  if (ref.type === 'AWS::AutoScaling::AutoScalingGroup') return autoScalingTags;
  if (ref.type === 'AWS::Kinesis::Stream') return kinesisTags;
  if (ref.type === 'AWS::CloudTrail::Trail') return cloudTrailTags;
  if (ref.type === 'AWS::SecretsManager::Secret') return secretTags;
  if (ref.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' || ref.type === 'AWS::ElasticLoadBalancingV2::TargetGroup') return loadBalancerTags;
  return undefined;
}

/** Asks each resource's service, one reader and region at a time, for the refs given. */
async function readNatively(ctx: CollectContext, refs: readonly ResourceRef[], out: Map<ResourceRef, FactRecord>): Promise<void> {
  const groups: Array<{ reader: NativeReader; region: string | undefined; refs: ResourceRef[] }> = [];
  for (const ref of refs) {
    const reader = nativeReader(ref)!;
    // IAM is global: one client in the run's region.
    const region = ref.type.startsWith('AWS::IAM::') ? ctx.settings.region : (ref.region ?? ctx.settings.region);
    let g = groups.find((x) => x.reader === reader && x.region === region);
    if (!g) groups.push((g = { reader, region, refs: [] }));
    g.refs.push(ref);
  }
  await Promise.all(
    groups.map(async (g) => {
      const got = await g.reader(ctx, g.refs, g.region);
      for (const ref of g.refs) out.set(ref, { 'resource.tags': got.get(ref) ?? unknown(`the tags of ${ref.id} were not read`) });
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// GetResources

/** Every tagged resource GetResources lists among `arns` in one region: ARN → tags. Throws when a page fails. */
async function getResources(ctx: CollectContext, arns: readonly string[], region: string | undefined): Promise<Map<string, Tags>> {
  const { sdk, c } = tagging(ctx, region);
  const found = new Map<string, Tags>();
  await Promise.all(
    chunk(arns, ARNS_PER_CALL).map(async (part) => {
      const mappings = await allPages(ctx, 'tag:GetResources', async (token, o) => {
        const res = await c.send(new sdk.GetResourcesCommand({ ResourceARNList: part, ...(token ? { PaginationToken: token } : {}) }), o);
        return { items: res.ResourceTagMappingList, next: res.PaginationToken };
      });
      for (const m of mappings) if (m.ResourceARN) found.set(normaliseArn(m.ResourceARN), toTags(m.Tags));
    }),
  );
  return found;
}

const collector: Collector = {
  service: 'tags',
  types: ['*'],
  provides: ['resource.tags'],
  actions: [
    'tag:GetResources',
    's3:GetBucketTagging',
    'ec2:DescribeTags',
    'iam:ListRoleTags',
    'autoscaling:DescribeTags',
    'kinesis:ListTagsForStream',
    'cloudtrail:ListTags',
    'secretsmanager:DescribeSecret',
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeTags',
  ],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    if (!want.has('resource.tags')) {
      for (const ref of refs) out.set(ref, {});
      return out;
    }
    const account = accountOf(refs);
    const native: ResourceRef[] = [];
    // Resources GetResources can answer for, by the region of their ARN.
    const byRegion = new Map<string | undefined, Array<{ ref: ResourceRef; arn: string }>>();
    for (const ref of refs) {
      const region = ref.region ?? ctx.settings.region;
      const arn = servedByTaggingApi(ref.type) ? arnOf(ref, account, region) : undefined;
      if (arn) {
        const r = regionOfArn(arn) ?? region;
        byRegion.set(r, [...(byRegion.get(r) ?? []), { ref, arn }]);
      } else if (nativeReader(ref)) {
        native.push(ref);
      } else {
        out.set(ref, {
          'resource.tags': unknown(
            servedByTaggingApi(ref.type)
              ? `the run names no ARN for ${ref.id} and postflight cannot build one (${account ? 'its ARN format is not one postflight knows' : 'no ARN in the run names the account'}), so its tags could not be asked for`
              : `postflight cannot read the tags of ${ref.type}`,
          ),
        });
      }
    }
    await Promise.all([
      ...[...byRegion].map(async ([region, items]) => {
        let found: Map<string, Tags>;
        try {
          found = await getResources(ctx, items.map((i) => i.arn), region);
        } catch (err) {
          const reason = `could not read tags in ${region ?? 'the default region'}: ${ctx.reason(err)}`;
          for (const { ref } of items) out.set(ref, { 'resource.tags': unknown(reason) });
          return;
        }
        const confirm: ResourceRef[] = [];
        for (const { ref, arn } of items) {
          const tags = found.get(arn);
          if (tags) out.set(ref, { 'resource.tags': tagFact(tags, 'GetResources') });
          else if (nativeReader(ref)) confirm.push(ref);
          else out.set(ref, { 'resource.tags': absent('the resource has no tags (GetResources lists none for it)') });
        }
        if (confirm.length) await readNatively(ctx, confirm, out);
      }),
      readNatively(ctx, native, out),
    ]);
    return out;
  },
};
export default collector;
