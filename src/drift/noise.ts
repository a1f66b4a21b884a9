/**
 * The noise rules: what never counts as drift. Each rule is a pure function with a table test
 * (`noise.test.ts`); the comparison (`compare.ts`) applies them. Every rule errs towards showing a
 * difference: a value is only "unset" when it carries no information, a document only "the same"
 * when the service would read both alike, two key references only "the same key" when they name
 * one key id.
 */
import { byCodeUnit } from '../compare.js';

/** Attributes the deploy tool computes or owns whatever the stack says: never compared. */
const DROPPED = new Set([
  // The provider's merge of the resource's tags with its default_tags: `tags` is what the stack declares.
  'tags_all',
  // How long the provider waits, not a property of the resource.
  'timeouts',
]);

/**
 * Whether an attribute is never compared, by its name: `tags_all`, `timeouts`, and write-only
 * inputs (`password_wo`, `password_wo_version`), which the provider never reads back.
 */
export function droppedAttribute(name: string): boolean {
  return DROPPED.has(name) || name.endsWith('_wo') || name.endsWith('_wo_version');
}

/**
 * Whether a value says nothing: `null`, absent, `""`, `[]`, `{}`, or an object or list made only
 * of such values. A provider reads an optional attribute left out of the stack as any of these,
 * depending on the service's answer. `false` and `0` are values, never unset: a flag turned off
 * and a flag never set are told apart wherever the service tells them apart.
 */
export function isUnset(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.every(isUnset);
  if (typeof value === 'object') return Object.values(value as object).every(isUnset);
  return false;
}

/** The value without its unset parts (object keys whose values are unset), for comparing and showing. */
export function withoutUnset(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUnset);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (!isUnset(v)) out[k] = withoutUnset(v);
    }
    return out;
  }
  return value;
}

/** IAM policy keys whose values are unordered lists, where a lone string means a one-element list. */
const IAM_LIST_KEYS = new Set(['Action', 'NotAction', 'Resource', 'NotResource']);

function sortedUnique(values: unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const v of values) seen.set(JSON.stringify(v), v);
  return [...seen.entries()].sort(([a], [b]) => byCodeUnit(a, b)).map(([, v]) => v);
}

/** `"x"` → `["x"]`; a list sorted and without repeats. */
function asList(value: unknown): unknown {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return sortedUnique(value);
  return value;
}

/**
 * A JSON document as the service reads it: object keys in one order. An IAM policy (an object
 * with a `Statement`) also as IAM reads it: its unordered lists (`Action`, `Resource`, their `Not`
 * forms, the values of a `Principal` and of each `Condition` key) sorted, a lone string being a
 * one-element list; `Statement` as a list (one statement may be written bare), in one order. Every
 * other list keeps its order, and a document that is no policy gets no IAM rule.
 */
export function normaliseDocument(doc: unknown): unknown {
  const iam = doc !== null && typeof doc === 'object' && !Array.isArray(doc) && 'Statement' in doc;
  return normalise(doc, iam, undefined, undefined);
}

function normalise(doc: unknown, iam: boolean, key: string | undefined, parent: string | undefined): unknown {
  if (Array.isArray(doc)) {
    const items = doc.map((d) => normalise(d, iam, undefined, key));
    return iam && key === 'Statement' ? sortedUnique(items) : items;
  }
  if (doc === null || typeof doc !== 'object') return doc;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(doc as object).sort()) {
    let v = normalise((doc as Record<string, unknown>)[k], iam, k, key);
    if (iam) {
      if (IAM_LIST_KEYS.has(k) || key === 'Principal' || key === 'NotPrincipal' || parent === 'Condition') v = asList(v);
      if (k === 'Statement' && v !== null && typeof v === 'object' && !Array.isArray(v)) v = [v];
    }
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The parsed document when `text` is a JSON object or list (a policy, a definition); undefined otherwise. */
export function parseDocument(text: string): unknown {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    const v = JSON.parse(t) as unknown;
    return v !== null && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Whether two strings are the same JSON document (a policy written differently); false when either is not one. */
export function sameDocument(a: string, b: string): boolean {
  const da = parseDocument(a);
  const db = parseDocument(b);
  if (da === undefined || db === undefined) return false;
  return JSON.stringify(normaliseDocument(da)) === JSON.stringify(normaliseDocument(db));
}

const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KEY_ARN = /^arn:[a-z-]+:kms:[^:]*:\d*:key\/(.+)$/;
const ALIAS = /^(?:arn:[a-z-]+:kms:[^:]*:\d*:)?(alias\/.+)$/;

/** Whether a string names a KMS key: a key id, a key ARN, an alias name or an alias ARN. */
export function isKeyReference(value: string): boolean {
  return KEY_ID.test(value) || KEY_ARN.test(value) || ALIAS.test(value);
}

/** The alias a reference names (`alias/app`, from an alias name or ARN), when it is one. */
export function aliasOf(value: string): string | undefined {
  return ALIAS.exec(value)?.[1];
}

/**
 * The key id a reference names: a key id is itself, a key ARN names its id, an alias the id it
 * resolves to (from `aliases`, alias name → key id, as the run resolved it); undefined when an
 * alias was not resolved.
 */
export function keyIdOf(value: string, aliases: ReadonlyMap<string, string> = new Map()): string | undefined {
  if (KEY_ID.test(value)) return value;
  const arn = KEY_ARN.exec(value);
  if (arn) return arn[1];
  const alias = aliasOf(value);
  return alias ? aliases.get(alias) : undefined;
}

/**
 * Whether two key references name the same key (a key ARN, its id, an alias of it). Never true
 * unless both resolve to one key id: an alias nobody resolved is not the same as anything.
 */
export function sameKey(a: string, b: string, aliases?: ReadonlyMap<string, string>): boolean {
  if (!isKeyReference(a) || !isKeyReference(b)) return false;
  const ia = keyIdOf(a, aliases);
  return ia !== undefined && ia === keyIdOf(b, aliases);
}
