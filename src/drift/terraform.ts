/**
 * A Terraform / OpenTofu refresh-only plan, as `terraform show -json PLANFILE` writes it, read as
 * drift: each managed instance of the refreshed state is in sync, modified (its `resource_drift`
 * entry changes an attribute the configuration sets) or deleted (`resource_drift` deletes it).
 * Pure: the plan holds every attribute of the state, secrets included; only the paths and the
 * non-sensitive values of the differences leave this module.
 */
import type { DriftDifference } from '../facts/catalogue.js';
import { aliasesIn, compareDeclared, type Mask } from './compare.js';
import { withDynamic } from './dynamic.js';
import type { BlockShape } from './schema.js';

export interface EntryDrift {
  status: 'in-sync' | 'modified' | 'deleted' | 'unread';
  differences: DriftDifference[];
  /** Why the entry could not be judged (`unread`). */
  reason?: string;
}

export interface PlanReading {
  /** The engine's version, as the plan records it. */
  version?: string;
  /** Every managed instance the plan read, by its full address. */
  entries: Map<string, EntryDrift>;
  /** Aliases among the differing values, to resolve and compare again. */
  aliases: string[];
}

export interface ReadPlanOptions {
  /** The provider's reduced schema of a resource type, when known. */
  shape?: (provider: string, type: string) => BlockShape | undefined;
  /** Aliases the run resolved (alias name → key id). */
  aliases?: ReadonlyMap<string, string>;
  /** The `dynamic` blocks of each resource block, from the configuration files (the plan's JSON leaves them out). */
  dynamic?: ReadonlyMap<string, readonly string[]>;
}

/** Whether parsed JSON is `terraform show -json` of a plan (rather than of a state, or a state itself). */
export function isTerraformPlan(doc: unknown): boolean {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const o = doc as Record<string, unknown>;
  return typeof o.format_version === 'string' && ('prior_state' in o || 'resource_drift' in o || 'resource_changes' in o || 'planned_values' in o) && 'configuration' in o;
}

// ---------------------------------------------------------------------------------------------
// Addresses

/**
 * A module path without its instance keys: `module.a["x"].module.b[0]` → `module.a.module.b`.
 * Keys may hold dots, brackets and escaped quotes, so the address is read, not split.
 */
export function moduleConfigPath(moduleAddress: string): string {
  let out = '';
  let i = 0;
  const s = moduleAddress;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '[') {
      i++;
      if (s[i] === '"') {
        i++;
        while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
        i++;
      } else {
        while (i < s.length && s[i] !== ']') i++;
      }
      i++; // the closing bracket
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** The configuration block of an instance: its module path without keys, then `type.name`. */
export function configAddress(entry: { module_address?: string; type: string; name: string; mode?: string }): string {
  const prefix = entry.module_address ? `${moduleConfigPath(entry.module_address)}.` : '';
  return `${prefix}${entry.mode === 'data' ? 'data.' : ''}${entry.type}.${entry.name}`;
}

// ---------------------------------------------------------------------------------------------
// What the configuration sets

const EXPRESSION_KEYS = new Set(['constant_value', 'references']);

function isExpression(v: object): boolean {
  const keys = Object.keys(v);
  return keys.length === 0 || keys.every((k) => EXPRESSION_KEYS.has(k));
}

function merge(a: Mask | undefined, b: Mask): Mask {
  if (a === undefined) return b;
  if (a === true || b === true) return true;
  const out: Record<string, Mask> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v);
  return out;
}

/**
 * The attributes a resource block's `expressions` set: an expression (a constant, references, or
 * an expression Terraform does not show, such as a function call) sets the whole attribute; a
 * nested block (a list of expression maps, or one map) sets what its instances set.
 */
export function maskOf(expressions: unknown): Mask {
  const out: Record<string, Mask> = {};
  if (expressions === null || typeof expressions !== 'object') return out;
  for (const [k, v] of Object.entries(expressions as Record<string, unknown>)) {
    if (Array.isArray(v)) {
      let m: Mask | undefined;
      for (const item of v) m = merge(m, maskOf(item));
      out[k] = m ?? {};
    } else if (v !== null && typeof v === 'object') {
      out[k] = isExpression(v) ? true : maskOf(v);
    }
  }
  return out;
}

interface ConfigModule {
  resources?: Array<{ address?: string; mode?: string; type?: string; name?: string; expressions?: unknown }>;
  module_calls?: Record<string, { module?: ConfigModule }>;
}

/** Every managed resource block of the configuration, by its address without instance keys. */
export function configIndex(configuration: unknown): Map<string, Mask> {
  const out = new Map<string, Mask>();
  const walk = (m: ConfigModule | undefined, prefix: string) => {
    for (const r of m?.resources ?? []) {
      if (r.mode !== 'managed' || !r.type || !r.name) continue;
      out.set(`${prefix}${r.type}.${r.name}`, maskOf(r.expressions));
    }
    for (const [name, call] of Object.entries(m?.module_calls ?? {})) walk(call.module, `${prefix}module.${name}.`);
  };
  walk((configuration as { root_module?: ConfigModule } | null)?.root_module, '');
  return out;
}

// ---------------------------------------------------------------------------------------------
// The plan

interface StateModule {
  resources?: Array<{ address?: string; mode?: string }>;
  child_modules?: StateModule[];
}

function stateAddresses(state: unknown): string[] {
  const out: string[] = [];
  const walk = (m: StateModule | undefined) => {
    for (const r of m?.resources ?? []) if (r.mode === 'managed' && r.address) out.push(r.address);
    for (const c of m?.child_modules ?? []) walk(c);
  };
  walk((state as { values?: { root_module?: StateModule } } | null)?.values?.root_module);
  return out;
}

interface DriftEntry {
  address?: string;
  module_address?: string;
  mode?: string;
  type?: string;
  name?: string;
  deposed?: string;
  provider_name?: string;
  change?: { actions?: string[]; before?: unknown; after?: unknown; before_sensitive?: unknown; after_sensitive?: unknown };
}

/** Reads a refresh-only plan (`terraform show -json`), already parsed. */
export function readRefreshPlan(doc: unknown, options: ReadPlanOptions = {}): PlanReading {
  if (!isTerraformPlan(doc)) throw new Error('it is not the JSON of a plan (`terraform show -json PLANFILE`)');
  const plan = doc as { terraform_version?: string; prior_state?: unknown; resource_drift?: DriftEntry[]; configuration?: unknown };
  const config = configIndex(plan.configuration);
  const entries = new Map<string, EntryDrift>();
  for (const a of stateAddresses(plan.prior_state)) entries.set(a, { status: 'in-sync', differences: [] });
  const aliases = new Set<string>();
  for (const d of plan.resource_drift ?? []) {
    if (!d.address || d.deposed || d.mode !== 'managed' || !d.type || !d.name) continue;
    const actions = d.change?.actions ?? [];
    if (actions.includes('delete')) {
      entries.set(d.address, { status: 'deleted', differences: [{ path: '', kind: 'deleted' }] });
      continue;
    }
    if (actions.length === 1 && actions[0] === 'no-op') continue;
    const block = configAddress({ ...(d.module_address ? { module_address: d.module_address } : {}), type: d.type, name: d.name, mode: d.mode });
    const declared = config.get(block);
    if (!declared) {
      entries.set(d.address, {
        status: 'unread',
        differences: [],
        reason: `the configuration declares no ${block} (it was removed from the code, or the plan was made in another folder), so what was declared cannot be told`,
      });
      continue;
    }
    const shape = d.provider_name ? options.shape?.(d.provider_name, d.type) : undefined;
    const mask = withDynamic(declared, options.dynamic?.get(block), shape);
    const differences = compareDeclared(d.change?.before, d.change?.after, mask, {
      ...(shape ? { shape } : {}),
      sensitive: { before: d.change?.before_sensitive, after: d.change?.after_sensitive },
      ...(options.aliases ? { aliases: options.aliases } : {}),
    });
    for (const a of aliasesIn(differences)) aliases.add(a);
    entries.set(d.address, { status: differences.length ? 'modified' : 'in-sync', differences });
  }
  return { ...(plan.terraform_version ? { version: plan.terraform_version } : {}), entries, aliases: [...aliases] };
}

/**
 * The top-level string values of each managed instance the plan holds (its refreshed state, and
 * the state before the refresh of an instance found deleted), by address: to tell whether the plan
 * read the same objects the user's state names. Read and dropped by the caller; never shown.
 */
export function planInstances(doc: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const strings = (v: unknown) => (v !== null && typeof v === 'object' ? Object.values(v as object).filter((x): x is string => typeof x === 'string' && x !== '') : []);
  const walk = (m: { resources?: Array<{ address?: string; mode?: string; values?: unknown }>; child_modules?: unknown[] } | undefined) => {
    for (const r of m?.resources ?? []) if (r.mode === 'managed' && r.address) out.set(r.address, strings(r.values));
    for (const c of m?.child_modules ?? []) walk(c as typeof m);
  };
  const plan = doc as { prior_state?: { values?: { root_module?: Parameters<typeof walk>[0] } }; resource_drift?: DriftEntry[] } | null;
  walk(plan?.prior_state?.values?.root_module);
  for (const d of plan?.resource_drift ?? []) if (d.address && !d.deposed && !out.has(d.address)) out.set(d.address, strings(d.change?.before));
  return out;
}

/**
 * Whether an instance's values name the resource (its id or ARN is one of them, or within one, in
 * any case): false means the plan read another object at that address — another state.
 */
export function namesResource(values: readonly string[], ids: ReadonlyArray<string | undefined>): boolean {
  const want = ids.filter((x): x is string => !!x).map((x) => x.toLowerCase());
  return values.some((v) => {
    const l = v.toLowerCase();
    return want.some((w) => l === w || l.includes(w));
  });
}

/** The providers and types the plan's drifted entries use, to fetch only the schemas needed. */
export function driftedTypes(doc: unknown): Array<{ provider: string; type: string }> {
  const seen = new Map<string, { provider: string; type: string }>();
  for (const d of (doc as { resource_drift?: DriftEntry[] } | null)?.resource_drift ?? []) {
    if (d.provider_name && d.type) seen.set(`${d.provider_name}|${d.type}`, { provider: d.provider_name, type: d.type });
  }
  return [...seen.values()];
}

/** The first error diagnostic of a `-json` run's streamed lines, in one line (summary: detail). */
export function firstError(jsonLines: string): string | undefined {
  for (const line of jsonLines.split('\n')) {
    if (!line.startsWith('{')) continue;
    let m: { type?: string; diagnostic?: { severity?: string; summary?: string; detail?: string } };
    try {
      m = JSON.parse(line) as typeof m;
    } catch {
      continue;
    }
    if (m.type === 'diagnostic' && m.diagnostic?.severity === 'error') {
      const text = `${m.diagnostic.summary ?? 'error'}${m.diagnostic.detail ? `: ${m.diagnostic.detail}` : ''}`;
      return text.replace(/\s+/g, ' ').trim().slice(0, 400);
    }
  }
  return undefined;
}
