/**
 * Collection: groups the run's resources by service, loads only the collectors (and so only the
 * SDK clients) of services present, asks each for just the facts the selected checks need, and
 * keeps every failure as an unknown fact.
 */
import { unknown, type Fact } from '../facts/fact.js';
import { factApplies, type FactKey, type FactMap } from '../facts/catalogue.js';
import { EVERY_TYPE, resourceKey, type AppliesTo, type ResourceRef, type ResourceType } from '../types.js';
import { PostflightError } from '../errors.js';
import type { DriftSettings } from '../drift/settings.js';
import { createContext, type AwsSettings, type CollectContext, type Collector, type FactRecord } from './context.js';

type Loader = () => Promise<{ default: Collector }>;

/**
 * A collector module: the resource types it serves, and how to load it. A module for facts that
 * every resource carries whatever its type (its tags) lists `types: ['*']` and the `facts` it
 * serves; those facts are asked of it alone.
 */
export interface CollectorModule {
  types: readonly AppliesTo[];
  facts?: readonly FactKey[];
  load: Loader;
}

/** Which collector module serves each resource type. Modules load on first use. */
export const COLLECTOR_MODULES: Readonly<Record<string, CollectorModule>> = {
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
  iam: { types: ['AWS::IAM::Role'], load: () => import('./iam.collector.js') },
  cloudtrail: { types: ['AWS::CloudTrail::Trail'], load: () => import('./cloudtrail.collector.js') },
  lambda: { types: ['AWS::Lambda::Function'], load: () => import('./lambda.collector.js') },
  // Tags of every resource, whatever its type.
  tags: { types: ['*'], facts: ['resource.tags'], load: () => import('./tags.collector.js') },
  // Whether each resource is what its stack declared, as the deploy tool's own engine reads it (--drift).
  drift: { types: ['*'], facts: ['drift.resource'], load: () => import('./drift.collector.js') },
};

/** The order collector modules load in: the deploy tool's engine (the longest wait) and the heads of the longest call chains first, the heaviest client last. */
const LOAD_ORDER = ['drift', 's3', 'kms', 'iam', 'rds', 'elasticache', 'kinesis', 'secretsmanager', 'dynamodb', 'sns', 'sqs', 'logs', 'cloudtrail', 'lambda', 'efs', 'autoscaling', 'elbv2', 'tags', 'ec2'];

/** The collector module of a resource type (not counting those that serve every type). */
export function collectorFor(type: ResourceType, modules: Readonly<Record<string, CollectorModule>> = COLLECTOR_MODULES): string | undefined {
  return Object.entries(modules).find(([, m]) => m.types.includes(type))?.[0];
}

/** The module that collects `fact` for a resource of `type`: the one serving it for every type, else the type's own. */
export function collectorOf(type: ResourceType, fact: FactKey, modules: Readonly<Record<string, CollectorModule>> = COLLECTOR_MODULES): string | undefined {
  const everyType = Object.entries(modules).find(([, m]) => m.types.includes(EVERY_TYPE) && m.facts?.includes(fact))?.[0];
  return everyType ?? collectorFor(type, modules);
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

/** Which facts each resource needs, given the facts each resource type (and every type, `*`) needs. */
function wanted(type: ResourceType, needs: ReadonlyMap<AppliesTo, ReadonlySet<FactKey>>): Set<FactKey> {
  const want = new Set<FactKey>();
  for (const k of [...(needs.get(type) ?? []), ...(needs.get(EVERY_TYPE) ?? [])]) if (factApplies(k, type)) want.add(k);
  return want;
}

/**
 * The facts of resources nothing can be read of (their account's role could not be assumed):
 * every fact they are owed is unknown, with the reason. No collector is loaded, no call made.
 */
export function unreadableFacts(refs: readonly ResourceRef[], needs: ReadonlyMap<AppliesTo, ReadonlySet<FactKey>>, reason: string): FactStore {
  const store = new FactStore();
  for (const ref of refs) store.set(ref, Object.fromEntries([...wanted(ref.type, needs)].map((k) => [k, unknown(reason)])) as FactRecord);
  return store;
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
  /** The import running now, if any: imports run one at a time. */
  private importing: Promise<unknown> = Promise.resolve();
  /** Settles when each collector module asked for so far has loaded and its first request has left (or it finished). */
  private started: Promise<unknown> = Promise.resolve();

  constructor(
    settings: AwsSettings,
    private readonly modules: Readonly<Record<string, CollectorModule>> = COLLECTOR_MODULES,
    drift?: DriftSettings,
  ) {
    this.ctx = createContext(settings, {
      ...(drift ? { drift } : {}),
      kmsResolver: async (c, ref, region) => {
        // Only after the import running now, never after the collector modules still waiting their
        // turn: a collector may wait on a key before its first request, which they wait on.
        this.kmsModule ??= this.exclusive(() => import('./kms.collector.js'));
        return (await this.kmsModule).resolveKmsKey(c, ref, region);
      },
    });
  }

  /**
   * Runs an import once the one running now has ended. Loading a module is work for the one
   * thread, so loading several at once would only hold back the calls of the ones already
   * loaded. (Jest's ESM loader, besides, fails to link modules imported concurrently that share
   * a dependency.)
   */
  private exclusive<T>(load: () => Promise<T>): Promise<T> {
    const p = this.importing.then(load);
    this.importing = p.catch(() => undefined);
    return p;
  }

  /**
   * Loads a collector module once. Collector modules load one after another, each once the
   * service before its first request has left or is on its way (see CollectContext.nextRequest),
   * or the service finished: the service at the head loads alone and sends its first requests,
   * and each next one loads while the calls before it are in flight, never holding them back
   * (loading a module holds the one thread, so a request not yet written would wait for it).
   */
  private load(service: string, firstRequest: Promise<unknown>): Promise<Collector> {
    let p = this.loaded.get(service);
    if (!p) {
      p = this.started.then(() => this.exclusive(() => this.modules[service]!.load())).then((m) => m.default);
      this.started = p.then(() => firstRequest).catch(() => undefined);
      this.loaded.set(service, p);
    }
    return p;
  }

  /**
   * Settles once every collector module asked for so far has loaded and sent its first request,
   * and no import is running (the CPU-bound part of starting).
   */
  whenLoaded(): Promise<unknown> {
    return Promise.all([this.started, this.importing]);
  }

  get calls(): ReadonlyMap<string, number> {
    return this.ctx.calls;
  }

  async collect(refs: readonly ResourceRef[], needs: ReadonlyMap<AppliesTo, ReadonlySet<FactKey>>): Promise<void> {
    const store = this.facts;
    // One group per collector module, asking for the union of the facts its resources need, so
    // that a batch call (one DescribeSubnets for VPCs and subnets alike) is made once. A resource
    // joins the group of each module that owes it a fact (its type's, and the one serving a fact
    // of every type), and each module answers only for the facts it owes.
    const groups = new Map<string, { service: string; want: Set<FactKey>; owed: Map<ResourceRef, Set<FactKey>> }>();
    for (const ref of refs) {
      for (const k of wanted(ref.type, needs)) {
        const service = collectorOf(ref.type, k, this.modules);
        if (!service) {
          store.set(ref, { [k]: unknown(`postflight has no collector for ${ref.type}`) });
          continue;
        }
        let g = groups.get(service);
        if (!g) groups.set(service, (g = { service, want: new Set(), owed: new Map() }));
        g.want.add(k);
        let owed = g.owed.get(ref);
        if (!owed) g.owed.set(ref, (owed = new Set()));
        owed.add(k);
      }
    }

    // Modules are asked for in this order, so the services at the head of the longest call chains
    // (S3 and KMS: a resource, then its key) load first and the heaviest client (EC2) last.
    const order = (service: string) => (LOAD_ORDER.includes(service) ? LOAD_ORDER.indexOf(service) : LOAD_ORDER.length);
    await Promise.all(
      [...groups.values()].sort((a, b) => order(a.service) - order(b.service)).map(async (g) => {
        const refsOf = [...g.owed.keys()];
        let result: Map<ResourceRef, FactRecord>;
        let began!: () => void;
        const firstRequest = new Promise<void>((r) => (began = r));
        try {
          const collector = await this.load(g.service, firstRequest);
          void this.ctx.nextRequest().then(began);
          result = await collector.collect(refsOf, g.want, this.ctx);
        } catch (err) {
          if (err instanceof PostflightError) throw err;
          // A collector bug must not read as a pass: every fact it owed becomes unknown.
          const reason = `the ${g.service} collector failed: ${(err as Error)?.message ?? String(err)}`;
          result = new Map(refsOf.map((r) => [r, Object.fromEntries([...g.owed.get(r)!].map((k) => [k, unknown(reason)]))]));
        } finally {
          began();
        }
        for (const [ref, owed] of g.owed) {
          const got = (result.get(ref) ?? {}) as Record<string, Fact<unknown>>;
          const rec: Record<string, Fact<unknown>> = { ...got };
          // Only the facts this module owes; one it owed but did not return is unknown, never a default.
          for (const k of owed) rec[k] = got[k] ?? unknown(`the ${g.service} collector returned no ${k}`);
          store.set(ref, rec as FactRecord);
        }
      }),
    );
  }
}

/** Collects in one pass; see Collection for several. */
export async function collect(
  refs: readonly ResourceRef[],
  needs: ReadonlyMap<AppliesTo, ReadonlySet<FactKey>>,
  settings: AwsSettings,
  modules: Readonly<Record<string, CollectorModule>> = COLLECTOR_MODULES,
): Promise<CollectOutcome> {
  const c = new Collection(settings, modules);
  await c.collect(refs, needs);
  return { facts: c.facts, calls: c.calls };
}
