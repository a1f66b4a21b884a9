/**
 * The collect stage: the facts the selected checks need, for every resource gathered — the
 * collectors' facts, the checks' own declared reads, and the customer-managed keys found in use
 * that no source named (collected in a second pass) — under one concurrency limit, with the
 * progress line while calls are in flight.
 */
import type { FactSource } from '../engine/evaluate.js';
import { factNeeds } from '../engine/evaluate.js';
import type { LoadedCheck } from '../engine/registry.js';
import type { RunPlan } from '../plan/plan.js';
import type { ProgressStream } from '../report/progress.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext } from './context.js';
import type { DeclaredReads } from './declared.js';

export interface CollectedRun {
  /** The gathered resources, and the keys found in use after them. */
  resources: ResourceRef[];
  facts: FactSource;
  /** The facts the checks declared themselves, when a selected check declares any. */
  declared?: DeclaredReads;
  /** API calls made, by IAM action. */
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
    else found.set(f.value.arn, { type: 'AWS::KMS::Key', id: f.value.keyId, arn: f.value.arn, ...(region ? { region } : {}), keys: [], usedBy: [r.id] });
  }
  return [...found.values()];
}

export interface CollectRunOptions {
  /** The run's region, for resources that carry none. */
  region?: string;
  /** Where the progress line goes, when one is wanted. */
  progress?: ProgressStream;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** Called once every collector module has loaded (the CPU-bound part), while calls are in flight. */
  onLoaded?: () => void;
}

/** The collect stage of `verify`. */
export async function collectRun(plan: RunPlan, resources: readonly ResourceRef[], opts: CollectRunOptions): Promise<CollectedRun> {
  const selected = plan.checks.selected;
  const settings = plan.aws(opts.region);
  const { Progress, progressWanted } = await import('../report/progress.js');
  const progress = opts.progress && progressWanted(opts.progress, opts.env, plan.console.quiet) ? new Progress(opts.progress) : undefined;
  if (progress) {
    progress.setResources(resources.length);
    settings.onCall = progress.onCall;
  }
  const needs = factNeeds(selected);
  const { Collection } = await import('./index.js');
  const collection = new Collection(settings, undefined, plan.drift);
  // The checks' own reads, through the same context: one limit, retry, timeout and call count.
  const declared = plan.declaredReads?.(collection.ctx);
  const first = Promise.all([collection.collect(resources, needs), declared?.read(selected, resources)]);
  if (opts.onLoaded) void collection.whenLoaded().then(opts.onLoaded);
  let derived: ResourceRef[] = [];
  try {
    await first;
    // Customer-managed keys in use but not named by any source are judged too (rotation, state).
    derived = needs.has('AWS::KMS::Key') ? keysInUse(resources, collection.facts) : [];
    if (derived.length) {
      progress?.setResources(resources.length + derived.length);
      await Promise.all([collection.collect(derived, needs), declared?.read(selected, derived)]);
    }
  } finally {
    progress?.end();
  }
  return {
    resources: [...resources, ...derived],
    facts: collection.facts,
    ...(declared ? { declared } : {}),
    calls: collection.calls,
    ...(plan.drift ? { engines: collection.ctx.engineRuns } : {}),
    collectedAt: opts.now(),
  };
}
