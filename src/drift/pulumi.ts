/**
 * Pulumi's own refresh, as `pulumi refresh --preview-only --json` (or `pulumi preview --refresh
 * --json`) prints it, read as drift per URN: a step `same` is in sync, `delete` is deleted, and an
 * `update` (or `refresh`) lists in `detailedDiff` the property paths the refresh would change. Only
 * properties the program declared (its `inputs`) count. Pure. Secrets never leave: Pulumi prints
 * them as `[secret]` or as its secret envelope, and both show as `(sensitive)`.
 */
import type { DriftDifference } from '../facts/catalogue.js';
import { childPath, SENSITIVE, showValue } from './compare.js';
import { droppedAttribute, isUnset, sameDocument, sameKey } from './noise.js';
import type { EntryDrift } from './terraform.js';

/** The signature key of Pulumi's secret envelope in state and engine output. */
const SECRET_SIG = '4dabf18193072939515e22adb298388d';

interface PulumiState {
  urn?: string;
  type?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

interface PulumiStep {
  op?: string;
  urn?: string;
  oldState?: PulumiState;
  newState?: PulumiState;
  detailedDiff?: Record<string, { kind?: string; inputDiff?: boolean }> | null;
  diffReasons?: string[];
}

/** Whether parsed JSON is Pulumi's `--json` engine output (a preview or refresh). */
export function isPulumiPreview(doc: unknown): boolean {
  return doc !== null && typeof doc === 'object' && Array.isArray((doc as { steps?: unknown }).steps);
}

/** `a.b[0]["c.d"]` → `['a', 'b', 0, 'c.d']`. */
export function parsePropertyPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '.') {
      i++;
      continue;
    }
    if (c === '[') {
      const close = path.indexOf(']', i);
      const inner = path.slice(i + 1, close < 0 ? path.length : close);
      if (inner.startsWith('"')) {
        try {
          out.push(JSON.parse(inner) as string);
        } catch {
          out.push(inner.slice(1, -1));
        }
      } else out.push(Number(inner));
      i = close < 0 ? path.length : close + 1;
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    out.push(path.slice(i, j));
    i = j;
  }
  return out;
}

function at(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

function isSecret(value: unknown): boolean {
  if (value === '[secret]') return true;
  if (value === null || typeof value !== 'object') return false;
  if (SECRET_SIG in (value as object)) return true;
  return Object.values(value as object).some(isSecret);
}

function show(value: unknown): string {
  if (isSecret(value)) return SENSITIVE;
  return isUnset(value) ? '(unset)' : showValue(value);
}

/** Each resource's drift by URN, from a refresh preview's steps. */
export function readPulumiRefresh(doc: unknown, aliases?: ReadonlyMap<string, string>): Map<string, EntryDrift> {
  if (!isPulumiPreview(doc)) throw new Error('it is not the JSON of a Pulumi preview or refresh (`pulumi refresh --preview-only --json`)');
  const entries = new Map<string, EntryDrift>();
  for (const step of (doc as { steps: PulumiStep[] }).steps) {
    const urn = step.urn ?? step.oldState?.urn ?? step.newState?.urn;
    if (!urn) continue;
    const op = step.op ?? 'same';
    if (op === 'same') {
      if (!entries.has(urn)) entries.set(urn, { status: 'in-sync', differences: [] });
      continue;
    }
    if (op === 'delete' || op === 'discard' || (op === 'refresh' && !step.newState)) {
      entries.set(urn, { status: 'deleted', differences: [{ path: '', kind: 'deleted' }] });
      continue;
    }
    const declared = step.oldState?.inputs ?? {};
    const before = step.oldState?.outputs ?? {};
    const after = step.newState?.outputs ?? {};
    const differences: DriftDifference[] = [];
    for (const [path, d] of Object.entries(step.detailedDiff ?? {})) {
      const keys = parsePropertyPath(path);
      const top = keys[0];
      // Only what the program declared: a property it never set is the provider's to fill in.
      if (typeof top !== 'string' || droppedAttribute(top) || !(top in declared)) continue;
      const b = at(before, keys);
      const a = at(after, keys);
      if (isUnset(b) && isUnset(a)) continue;
      if (typeof b === 'string' && typeof a === 'string' && (sameDocument(b, a) || sameKey(b, a, aliases))) continue;
      const kind: DriftDifference['kind'] = d.kind?.startsWith('add') ? 'added' : d.kind?.startsWith('delete') ? 'removed' : 'changed';
      const diff: DriftDifference = { path: keys.reduce<string>((p, k) => childPath(p, k), ''), kind };
      if (kind !== 'added') diff.declared = show(b);
      if (kind !== 'removed') diff.live = show(a);
      differences.push(diff);
    }
    entries.set(urn, { status: differences.length ? 'modified' : 'in-sync', differences });
  }
  return entries;
}
