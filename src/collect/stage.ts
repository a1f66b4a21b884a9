/**
 * The collect stage: the facts the selected checks need, for every resource gathered — the
 * collectors' facts, the checks' own declared reads, and the customer-managed keys found in use
 * that no source named (collected in a second pass) — with the progress line while calls are in
 * flight. Each account of the run is collected in its own context (its credentials, its own
 * concurrency limit per service), concurrently with the others.
 */
import { unknown, type Fact } from '../facts/fact.js';
import type { DeclaredFactSource, FactSource } from '../engine/evaluate.js';
import { factNeeds } from '../engine/evaluate.js';
import type { LoadedCheck } from '../engine/registry.js';
import type { RunPlan } from '../plan/plan.js';
import type { Progress, ProgressStream } from '../report/progress.js';
import type { GatheredAll, GatheredScope } from '../sources/stage.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext } from './context.js';
import type { DeclaredReads } from './declared.js';
import { RUNNER_ACTIONS } from './role.js';

/** One account's part, collected. */
export interface CollectedScope {
  gathered: GatheredScope;
  /** The account's resources, and the keys found in use after them. */
  resources: ResourceRef[];
  facts: FactSource;
  declared?: DeclaredFactSource;
  /** API calls the account's collection made, by IAM action. */
  calls: ReadonlyMap<string, number>;
  /** Each run of a deploy tool's engine (--drift) for the account. */
  engines?: import('../drift/settings.js').EngineRun[];
}

export interface CollectedRun {
  /** Every account's resources. */
  resources: ResourceRef[];
  scopes: CollectedScope[];
  /** API calls made, by IAM action (reading the stacks and assuming roles included). */
  calls: ReadonlyMap<string, number>;
  /** Each run of a deploy tool's engine (--drift), in the order they ended. */
  engines?: import('../drift/settings.js').EngineRun[];
  collectedAt: Date;
}

/**
 * The client packages of the selected checks' own reads, loaded before any AWS call (a missing one
 * stops the run, exit 2); undefined when no selected check reads anything itself.
 */
export async function declaredReader(selected: readonly LoadedCheck[], folders: readonly string[]): Promise<((ctx: CollectContext) => DeclaredReads) | undefined> {
  if (!selected.some((c) => Object.keys(c.check.reads ?? {}).length > 0)) return undefined;
  const { DeclaredReads, resolveReadClients } = await import('./declared.js');
  const clients = resolveReadClients(selected, { folders });
  return (ctx: CollectContext) => new DeclaredReads(ctx, clients);
}

/** Customer-managed keys the resources use that no source named. */
export function keysInUse(resources: readonly ResourceRef[], facts: FactSource): ResourceRef[] {
  const named = new Set<string>();
  for (const r of resources) if (r.type === 'AWS::KMS::Key') {
    const f = facts.get(r, 'kms.key');
    named.add(f?.state === 'present' ? f.value.arn : (r.arn ?? r.id));
  }
  const found = new Map<string, ResourceRef>();
  for (const r of resources) {
    const f = facts.get(r, 'encryption.kmsKey');
    if (f?.state !== 'present' || f.value.keyManager !== 'CUSTOMER' || named.has(f.value.arn)) continue;
    const region = /^arn:[^:]+:kms:([^:]+):/.exec(f.value.arn)?.[1] ?? r.region;
    const prev = found.get(f.value.arn);
    if (prev) prev.usedBy!.push(r.id);
    else found.set(f.value.arn, { type: 'AWS::KMS::Key', id: f.value.keyId, arn: f.value.arn, ...(region ? { region } : {}), keys: [], usedBy: [r.id], ...(r.account ? { account: r.account } : {}) });
  }
  return [...found.values()];
}

export interface CollectRunOptions {
  /** Where the progress line goes, when one is wanted. */
  progress?: ProgressStream;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** Called once every collector module has loaded (the CPU-bound part), while calls are in flight. */
  onLoaded?: () => void;
}

/** Every declared read of the selected checks unknown, for an account nothing can be read of. */
function unreadableReads(selected: readonly LoadedCheck[], reason: string): DeclaredFactSource {
  const byCheck = new Map(selected.map(({ check }) => [check.id, Object.fromEntries(Object.keys(check.reads ?? {}).map((k) => [k, unknown(reason) as Fact<unknown>]))]));
  return { get: (checkId) => byCheck.get(checkId) };
}

/** What the accounts' collections share: the progress line, and the signal that every collector module has loaded. */
interface Shared {
  progress?: Progress;
  /** Resources being verified, across accounts (keys found in use are added as they are found). */
  total: number;
  /** Called by each account once its collector modules are asked for: settles when they have loaded. */
  loaded(p: Promise<unknown>): void;
}

/** One account's facts. */
async function collectScope(plan: RunPlan, g: GatheredScope, run: GatheredAll, shared: Shared): Promise<CollectedScope> {
  const selected = plan.checks.selected;
  const needs = factNeeds(selected, plan.params);
  const resources = g.found.resources;
  if (g.blocked) {
    shared.loaded(Promise.resolve());
    const { unreadableFacts } = await import('./index.js');
    return { gathered: g, resources, facts: unreadableFacts(resources, needs, g.blocked), declared: unreadableReads(selected, g.blocked), calls: new Map() };
  }
  const { progress } = shared;
  const settings = g.aws(g.found.region ?? run.region);
  if (progress) settings.onCall = progress.onCall;
  const { Collection } = await import('./index.js');
  const collection = new Collection(settings, undefined, plan.drift);
  // The checks' own reads, through the same context: one limit, retry, timeout and call count.
  const declared = plan.declaredReads?.(collection.ctx);
  const first = Promise.all([collection.collect(resources, needs), declared?.read(selected, resources)]);
  shared.loaded(collection.whenLoaded());
  await first;
  // Customer-managed keys in use but not named by any source are judged too (rotation, state).
  const derived = needs.has('AWS::KMS::Key') ? keysInUse(resources, collection.facts) : [];
  if (derived.length) {
    shared.total += derived.length;
    progress?.setResources(shared.total);
    await Promise.all([collection.collect(derived, needs), declared?.read(selected, derived)]);
  }
  return {
    gathered: g,
    resources: [...resources, ...derived],
    facts: collection.facts,
    ...(declared ? { declared } : {}),
    calls: collection.calls,
    ...(plan.drift ? { engines: collection.ctx.engineRuns } : {}),
  };
}

/** The collect stage of `verify`. */
export async function collectRun(plan: RunPlan, gathered: GatheredAll, opts: CollectRunOptions): Promise<CollectedRun> {
  const { Progress, progressWanted } = await import('../report/progress.js');
  const progress = opts.progress && progressWanted(opts.progress, opts.env, plan.console.quiet) ? new Progress(opts.progress) : undefined;
  progress?.setResources(gathered.resources.length);
  // The report modules load (opts.onLoaded) only once every account's collector modules have:
  // modules are loaded one at a time (see Collection.load).
  const pending: Array<Promise<unknown>> = [];
  const shared: Shared = {
    ...(progress ? { progress } : {}),
    total: gathered.resources.length,
    loaded: (p) => {
      pending.push(p);
      if (pending.length === gathered.scopes.length && opts.onLoaded) void Promise.all(pending).then(opts.onLoaded, () => undefined);
    },
  };
  let scopes: CollectedScope[];
  try {
    scopes = await Promise.all(gathered.scopes.map((g) => collectScope(plan, g, gathered, shared)));
  } finally {
    progress?.end();
  }
  const calls = new Map<string, number>();
  for (const s of scopes) for (const [k, n] of s.calls) calls.set(k, (calls.get(k) ?? 0) + n);
  // Each account's role is assumed once (again only when its credentials near expiry).
  const assumed = gathered.scopes.reduce((n, g) => n + (g.credentials?.fetches() ?? 0), 0);
  if (assumed > 0) calls.set(RUNNER_ACTIONS[0]!, assumed);
  return {
    resources: scopes.flatMap((s) => s.resources),
    scopes,
    calls,
    ...(plan.drift ? { engines: scopes.flatMap((s) => s.engines ?? []) } : {}),
    collectedAt: opts.now(),
  };
}
