/**
 * Declared against live, attribute by attribute, for the attributes the configuration sets: the
 * values the deploy tool applied (its state before the refresh) against the values it read back
 * (after). Pure. The noise rules (`noise.ts`) decide what never counts; the provider schema
 * (`schema.ts`) says which lists are sets and which attributes are sensitive or write-only.
 *
 * Values leave here only as text, and a sensitive one only as `(sensitive)`.
 */
import type { DriftDifference } from '../facts/catalogue.js';
import { droppedAttribute, isKeyReference, isUnset, normaliseDocument, parseDocument, sameKey, withoutUnset } from './noise.js';
import { typeAt, type BlockShape, type CtyType } from './schema.js';

/**
 * Which attributes the configuration sets: `true` for a whole attribute (a constant, a reference,
 * any expression), or the attributes set inside a nested block (applied to each of its instances).
 */
export type Mask = true | { readonly [attribute: string]: Mask };

export const SENSITIVE = '(sensitive)';

/** The longest value shown in one difference; longer ones are cut with an ellipsis. */
export const MAX_VALUE_CHARS = 300;

export interface CompareOptions {
  /** The provider schema of the resource's type, when known: sets, sensitive and write-only attributes. */
  shape?: BlockShape;
  /** The plan's sensitivity marks of the values before and after (`before_sensitive`, `after_sensitive`). */
  sensitive?: { before?: unknown; after?: unknown };
  /** Aliases resolved by the run (alias name → key id), so an alias and its key compare as one key. */
  aliases?: ReadonlyMap<string, string>;
}

/** A difference before its values are shown. */
interface Raw {
  path: string;
  kind: DriftDifference['kind'];
  declared?: unknown;
  live?: unknown;
  sensitive: boolean;
}

/** A value as one line of compact JSON, cut to MAX_VALUE_CHARS. */
export function showValue(value: unknown): string {
  const text = JSON.stringify(withoutUnset(value)) ?? 'null';
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** `a.b[0].c`; a map key that is no identifier in brackets: `tags["aws:cdk:path"]`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Whether a sensitivity mark (true, or a structure with true somewhere in it) marks anything. */
function marked(mark: unknown): boolean {
  if (mark === true) return true;
  if (Array.isArray(mark)) return mark.some(marked);
  if (mark !== null && typeof mark === 'object') return Object.values(mark as object).some(marked);
  return false;
}

function child(mark: unknown, key: string | number): unknown {
  if (mark === true) return true;
  if (mark !== null && typeof mark === 'object') return (mark as Record<string, unknown>)[key as string];
  return undefined;
}

interface Where {
  path: string;
  /** Sensitivity marks of the two sides at this point. */
  sb: unknown;
  sa: unknown;
  /** The schema says the attribute is sensitive. */
  schemaSensitive: boolean;
}

function isSensitive(w: Where): boolean {
  return w.schemaSensitive || marked(w.sb) || marked(w.sa);
}

/** Canonical text of a value for comparing set elements and documents. */
function canonical(value: unknown, aliases: ReadonlyMap<string, string> | undefined): string {
  return JSON.stringify(canonicalValue(withoutUnset(value), aliases));
}

function canonicalValue(value: unknown, aliases: ReadonlyMap<string, string> | undefined): unknown {
  if (typeof value === 'string') {
    const doc = parseDocument(value);
    if (doc !== undefined) return { $document: normaliseDocument(doc) };
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => canonicalValue(v, aliases));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as object)) out[k] = canonicalValue(v, aliases);
    return out;
  }
  return value;
}

/** Whether two scalars are the same: equal, the same JSON document, or the same KMS key. */
function sameScalar(a: unknown, b: unknown, aliases: ReadonlyMap<string, string> | undefined): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') {
    const da = parseDocument(a);
    const db = parseDocument(b);
    if (da !== undefined && db !== undefined) return JSON.stringify(normaliseDocument(da)) === JSON.stringify(normaliseDocument(db));
    if (isKeyReference(a) && isKeyReference(b)) return sameKey(a, b, aliases);
  }
  return false;
}

/** Elements of `a` not in `b` (a multiset difference), by canonical text. */
function missingFrom(a: readonly unknown[], b: readonly unknown[], aliases: ReadonlyMap<string, string> | undefined): unknown[] {
  const left = new Map<string, number>();
  for (const v of b) {
    const k = canonical(v, aliases);
    left.set(k, (left.get(k) ?? 0) + 1);
  }
  const out: unknown[] = [];
  for (const v of a) {
    const k = canonical(v, aliases);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.push(v);
  }
  return out;
}

/** Only the keys the mask names, from each element of a block. */
function project(value: unknown, mask: Mask): unknown {
  if (mask === true) return value;
  if (Array.isArray(value)) return value.map((v) => project(v, mask));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, m] of Object.entries(mask)) if (!droppedAttribute(k)) out[k] = project((value as Record<string, unknown>)[k], m);
  return out;
}

class Walker {
  readonly out: Raw[] = [];
  constructor(private readonly aliases: ReadonlyMap<string, string> | undefined) {}

  /** A whole attribute (mask `true`), with its cty type when the schema gave one. */
  value(before: unknown, after: unknown, type: CtyType | undefined, w: Where): void {
    if (isUnset(before) && isUnset(after)) return;
    const sensitive = isSensitive(w);
    if (isUnset(before) || isUnset(after)) {
      this.out.push({ path: w.path, kind: 'changed', declared: before, live: after, sensitive });
      return;
    }
    const kind = Array.isArray(type) ? type[0] : undefined;
    if (Array.isArray(before) && Array.isArray(after)) {
      // A set compares as a set; so does a list whose length changed (the elements added and
      // removed say more than the whole list twice). A list of the same length compares by position.
      if (kind === 'set' || before.length !== after.length) {
        this.setElements(before, after, w, sensitive);
        return;
      }
      before.forEach((b, i) => this.value(b, after[i], typeAt(type, i), { ...w, path: childPath(w.path, i), sb: child(w.sb, i), sa: child(w.sa, i) }));
      return;
    }
    if (isObject(before) && isObject(after)) {
      for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
        if (droppedAttribute(k) && kind === 'object') continue;
        this.value(before[k], after[k], typeAt(type, k), { ...w, path: childPath(w.path, k), sb: child(w.sb, k), sa: child(w.sa, k) });
      }
      return;
    }
    if (!sameScalar(before, after, this.aliases)) this.out.push({ path: w.path, kind: 'changed', declared: before, live: after, sensitive });
  }

  /** A set: the elements declared but not live, and live but not declared. */
  setElements(before: readonly unknown[], after: readonly unknown[], w: Where, sensitive: boolean): void {
    for (const v of missingFrom(before, after, this.aliases)) this.out.push({ path: w.path, kind: 'removed', declared: v, sensitive });
    for (const v of missingFrom(after, before, this.aliases)) this.out.push({ path: w.path, kind: 'added', live: v, sensitive });
  }

  /** The attributes of a block (the resource itself, or a nested block) that the mask names. */
  block(before: unknown, after: unknown, mask: Mask, shape: BlockShape | undefined, w: Where): void {
    if (mask === true) {
      this.value(before, after, undefined, w);
      return;
    }
    const b = isObject(before) ? before : {};
    const a = isObject(after) ? after : {};
    for (const [name, m] of Object.entries(mask).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
      if (droppedAttribute(name)) continue;
      const attr = shape?.attributes[name];
      const nested = shape?.blocks[name];
      if (attr && (attr.writeOnly || attr.computedOnly)) continue;
      const at: Where = { path: childPath(w.path, name), sb: child(w.sb, name), sa: child(w.sa, name), schemaSensitive: w.schemaSensitive || attr?.sensitive === true };
      if (nested && m !== true) this.nested(b[name], a[name], m, nested.nesting, nested.block, at);
      else if (m === true) this.value(b[name], a[name], attr?.type ?? (nested ? nestedType(nested.nesting) : undefined), at);
      else this.nested(b[name], a[name], m, undefined, undefined, at);
    }
  }

  /** A nested block the configuration writes attribute by attribute. */
  nested(before: unknown, after: unknown, mask: Mask, nesting: string | undefined, shape: BlockShape | undefined, w: Where): void {
    const pb = project(before, mask);
    const pa = project(after, mask);
    if (isUnset(pb) && isUnset(pa)) return;
    if (Array.isArray(pb) && Array.isArray(pa)) {
      if (nesting === 'set' || pb.length !== pa.length) {
        this.setElements(pb, pa, w, isSensitive(w));
        return;
      }
      pb.forEach((x, i) => this.block(x, pa[i], mask, shape, { ...w, path: childPath(w.path, i), sb: child(w.sb, i), sa: child(w.sa, i) }));
      return;
    }
    if (isObject(pb) && isObject(pa)) {
      this.block(pb, pa, mask, shape, w);
      return;
    }
    this.value(pb, pa, undefined, w);
  }
}

function nestedType(nesting: string): CtyType | undefined {
  return nesting === 'set' ? ['set', 'dynamic'] : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The differences between what the deploy tool applied (`before`) and what it read back live
 * (`after`), over the attributes `mask` says the configuration sets, each shown as text.
 */
export function compareDeclared(before: unknown, after: unknown, mask: Mask, options: CompareOptions = {}): DriftDifference[] {
  const w = new Walker(options.aliases);
  w.block(before, after, mask, options.shape, { path: '', sb: options.sensitive?.before, sa: options.sensitive?.after, schemaSensitive: false });
  return w.out.map(show);
}

function show(r: Raw): DriftDifference {
  const d: DriftDifference = { path: r.path, kind: r.kind };
  if (r.kind !== 'added') d.declared = r.sensitive ? SENSITIVE : isUnset(r.declared) ? '(unset)' : showValue(r.declared);
  if (r.kind !== 'removed') d.live = r.sensitive ? SENSITIVE : isUnset(r.live) ? '(unset)' : showValue(r.live);
  return d;
}

/** The key references among the differences' values that are aliases (to resolve, then compare again). */
export function aliasesIn(differences: readonly DriftDifference[]): string[] {
  const out = new Set<string>();
  for (const d of differences) {
    for (const v of [d.declared, d.live]) {
      if (v === undefined || !v.startsWith('"')) continue;
      const s = JSON.parse(v) as unknown;
      if (typeof s === 'string' && /(^|:)alias\//.test(s) && isKeyReference(s)) out.add(s);
    }
  }
  return [...out];
}

/** One difference as a line: `versioning_configuration[0].status: declared "Enabled", live "Suspended"`. */
export function differenceText(d: DriftDifference): string {
  const where = `${d.entry ? `${d.entry}${d.path ? ' ' : ''}` : ''}${d.path}`;
  switch (d.kind) {
    case 'deleted':
      return `${where || 'the resource'}: deleted`;
    case 'added':
      return `${where}: live ${d.live}, not declared`;
    case 'removed':
      return `${where}: declared ${d.declared}, not live`;
    default:
      return `${where}: declared ${d.declared}, live ${d.live}`;
  }
}
