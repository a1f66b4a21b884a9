/**
 * Collection: groups the run's resources by service, loads only the collectors (and so only the
 * SDK clients) of services present, asks each for just the facts the selected checks need, and
 * keeps every failure as an unknown fact.
 */
import { unknown, type Fact } from '../facts/fact.js';
import { FACT_TYPES, type FactKey, type FactMap } from '../facts/catalogue.js';
import { resourceKey, type ResourceRef, type ResourceType } from '../types.js';
import { PostflightError } from '../errors.js';
import { createContext, type AwsSettings, type CollectContext, type Collector, type FactRecord } from './context.js';

type Loader = () => Promise<{ default: Collector }>;

/** Which collector module serves each resource type. Modules load on first use. */
export const COLLECTOR_MODULES: Readonly<Record<string, { types: readonly ResourceType[]; load: Loader }>> = {
  s3: { types: ['AWS::S3::Bucket'], load: () => import('./s3.collector.js') },
  kms: { types: ['AWS::KMS::Key'], load: () => import('./kms.collector.js') },
  ec2: {
    types: ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::NatGateway', 'AWS::EC2::Instance', 'AWS::EC2::Volume', 'AWS::EC2::LaunchTemplate', 'AWS::EC2::SecurityGroup'],
    load: () => import('./ec2.collector.js'),
  },
  rds: { types: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'], load: () => import('./rds.collector.js') },
  elasticache: { types: ['AWS::ElastiCache::ReplicationGroup'], load: () => import('./elasticache.collector.js') },
  kinesis: { types: ['AWS::Kinesis::Stream'], load: () => import('./kinesis.collector.js') },
  efs: { types: ['AWS::EFS::FileSystem'], load: () => import('./efs.collector.js') },
  secretsmanager: { types: ['AWS::SecretsManager::Secret'], load: () => import('./secretsmanager.collector.js') },
  dynamodb: { types: ['AWS::DynamoDB::Table'], load: () => import('./dynamodb.collector.js') },
  sns: { types: ['AWS::SNS::Topic'], load: () => import('./sns.collector.js') },
  sqs: { types: ['AWS::SQS::Queue'], load: () => import('./sqs.collector.js') },
  logs: { types: ['AWS::Logs::LogGroup'], load: () => import('./logs.collector.js') },
  elbv2: { types: ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::Listener'], load: () => import('./elbv2.collector.js') },
  autoscaling: { types: ['AWS::AutoScaling::AutoScalingGroup'], load: () => import('./autoscaling.collector.js') },
};

/** The order collector modules load in: the heads of the longest call chains first, the heaviest client last. */
const LOAD_ORDER = ['s3', 'kms', 'rds', 'elasticache', 'kinesis', 'secretsmanager', 'dynamodb', 'sns', 'sqs', 'logs', 'efs', 'autoscaling', 'elbv2', 'ec2'];

export function collectorFor(type: ResourceType): string | undefined {
  return Object.entries(COLLECTOR_MODULES).find(([, m]) => m.types.includes(type))?.[0];
}

/** Facts collected for the run, by resource. */
export class FactStore {
  private readonly byResource = new Map<string, FactRecord>();

  set(ref: ResourceRef, rec: FactRecord): void {
    this.byResource.set(resourceKey(ref), { ...this.byResource.get(resourceKey(ref)), ...rec });
  }

  get<K extends FactKey>(ref: ResourceRef, key: K): Fact<FactMap[K]> | undefined {
    return this.byResource.get(resourceKey(ref))?.[key] as Fact<FactMap[K]> | undefined;
  }
}

export interface CollectOutcome {
  facts: FactStore;
  /** API calls made, by IAM action. */
  calls: ReadonlyMap<string, number>;
}

/** Which facts each resource needs, given the facts each resource type needs. */
function wanted(type: ResourceType, needs: ReadonlyMap<ResourceType, ReadonlySet<FactKey>>): Set<FactKey> {
  const want = new Set<FactKey>();
  for (const k of needs.get(type) ?? []) if (FACT_TYPES[k].includes(type)) want.add(k);
  return want;
}

/**
 * One run's collection: a shared context (clients, concurrency limit, KMS cache, call counts) and
 * fact store, so a second pass (keys found in use) reuses what the first one learned.
 */
export class Collection {
  readonly facts = new FactStore();
  readonly ctx: CollectContext;
  private kmsModule: Promise<typeof import('./kms.collector.js')> | undefined;
  private readonly loaded = new Map<string, Promise<Collector>>();
  private loading: Promise<unknown> = Promise.resolve();

  constructor(
    settings: AwsSettings,
    private readonly modules: typeof COLLECTOR_MODULES = COLLECTOR_MODULES,
  ) {
    this.ctx = createContext(settings, {
      kmsResolver: async (c, ref, region) => {
        this.kmsModule ??= this.loading.then(() => import('./kms.collector.js'));
        return (await this.kmsModule).resolveKmsKey(c, ref, region);
      },
    });
  }

  /**
   * Loads a collector module once. Imports run one after another (collection itself stays
   * concurrent): it costs nothing under Node, and Jest's ESM loader fails to link modules that are
   * imported concurrently and share a dependency.
   */
  private load(service: string): Promise<Collector> {
    let p = this.loaded.get(service);
    if (!p) {
      p = this.loading.then(() => this.modules[service]!.load()).then((m) => m.default);
      this.loading = p.catch(() => undefined);
      this.loaded.set(service, p);
    }
    return p;
  }

  /** Settles once every collector module asked for so far has loaded (the CPU-bound part of starting). */
  whenLoaded(): Promise<unknown> {
    return this.loading;
  }

  get calls(): ReadonlyMap<string, number> {
    return this.ctx.calls;
  }

  async collect(refs: readonly ResourceRef[], needs: ReadonlyMap<ResourceType, ReadonlySet<FactKey>>): Promise<void> {
    const store = this.facts;
    // One group per service, asking for the union of the facts its resources need, so that a
    // batch call (one DescribeSubnets for VPCs and subnets alike) is made once.
    const groups = new Map<string, { service: string; want: Set<FactKey>; refs: ResourceRef[] }>();
    for (const ref of refs) {
      const want = wanted(ref.type, needs);
      if (want.size === 0) continue;
      const service = collectorFor(ref.type);
      if (!service) {
        store.set(ref, Object.fromEntries([...want].map((k) => [k, unknown(`postflight has no collector for ${ref.type}`)])));
        continue;
      }
      let g = groups.get(service);
      if (!g) groups.set(service, (g = { service, want: new Set(), refs: [] }));
      for (const k of want) g.want.add(k);
      g.refs.push(ref);
    }

    // Modules load one after another, so the services at the head of the longest call chains
    // (S3 and KMS: a resource, then its key) load first and the heaviest client (EC2) last.
    const order = (service: string) => (LOAD_ORDER.includes(service) ? LOAD_ORDER.indexOf(service) : LOAD_ORDER.length);
    await Promise.all(
      [...groups.values()].sort((a, b) => order(a.service) - order(b.service)).map(async (g) => {
        let result: Map<ResourceRef, FactRecord>;
        try {
          const collector = await this.load(g.service);
          result = await collector.collect(g.refs, g.want, this.ctx);
        } catch (err) {
          if (err instanceof PostflightError) throw err;
          // A collector bug must not read as a pass: every fact it owed becomes unknown.
          const reason = `the ${g.service} collector failed: ${(err as Error)?.message ?? String(err)}`;
          result = new Map(g.refs.map((r) => [r, Object.fromEntries([...wanted(r.type, needs)].map((k) => [k, unknown(reason)]))]));
        }
        for (const ref of g.refs) {
          const rec = result.get(ref) ?? {};
          // A fact the collector owed but did not return is unknown, never a default.
          for (const k of wanted(ref.type, needs)) {
            if (!(k in rec)) (rec as Record<string, Fact<unknown>>)[k] = unknown(`the ${g.service} collector returned no ${k}`);
          }
          store.set(ref, rec);
        }
      }),
    );
  }
}

/** Collects in one pass; see Collection for several. */
export async function collect(
  refs: readonly ResourceRef[],
  needs: ReadonlyMap<ResourceType, ReadonlySet<FactKey>>,
  settings: AwsSettings,
  modules: typeof COLLECTOR_MODULES = COLLECTOR_MODULES,
): Promise<CollectOutcome> {
  const c = new Collection(settings, modules);
  await c.collect(refs, needs);
  return { facts: c.facts, calls: c.calls };
}
