/**
 * The JSON report: the whole run as data, for tools. Pure: the same report gives the same text.
 *
 * Keys come in a fixed order (report fields as listed below; object keys inside evidence and
 * `apiCalls` sorted), so two runs over the same stack diff cleanly. `report/schema.ts` reads it back. Strings are kept exactly as
 * they were found (JSON escapes control characters itself); consumers that print them must
 * sanitise them, as the console and JUnit reports do.
 */
import type { ResourceRef, Result } from '../types.js';
import { resourcesBySource } from './locate.js';
import { summarise, type RunReport } from './model.js';
import { account, displayType } from './accounting.js';
import { controlsJson } from '../engine/frameworks.js';
import { byCodeUnit } from '../compare.js';

export const JSON_SCHEMA_VERSION = 1;

export interface PlainOptions {
  /** Sort object keys (recursively) for a stable order. Otherwise keep the order they were built in. */
  sortKeys?: boolean;
}

/**
 * Turns any evidence value into plain JSON data, without throwing and without losing what was
 * there: `undefined` becomes null, bigints and non-finite numbers become their text, Maps become
 * objects (or entry lists when a key is not a string), Sets and other iterables arrays, errors
 * `{ name, message }`, a value seen again inside itself "[Circular]", functions and symbols their text.
 */
export function toPlain(value: unknown, options: PlainOptions = {}, seen: Set<object> = new Set()): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'symbol':
    case 'function':
      return String(value);
    default:
      break;
  }
  const obj = value as object;
  if (seen.has(obj)) return '[Circular]';
  seen.add(obj);
  try {
    if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
    if (obj instanceof Error) return { name: obj.name, message: obj.message };
    if (Array.isArray(obj)) return obj.map((v) => toPlain(v, options, seen));
    if (obj instanceof Map) {
      const entries = [...obj.entries()];
      if (entries.every(([k]) => typeof k === 'string')) {
        return plainObject(entries as Array<[string, unknown]>, options, seen);
      }
      return entries.map(([k, v]) => [toPlain(k, options, seen), toPlain(v, options, seen)]);
    }
    if (obj instanceof Set) return [...obj].map((v) => toPlain(v, options, seen));
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return toPlain(toJSON.call(obj), options, seen);
    return plainObject(Object.entries(obj), options, seen);
  } finally {
    seen.delete(obj);
  }
}

function plainObject(entries: Array<[string, unknown]>, options: PlainOptions, seen: Set<object>): Record<string, unknown> {
  const ordered = options.sortKeys ? [...entries].sort(([a], [b]) => byCodeUnit(a, b)) : entries;
  const out: Record<string, unknown> = {};
  for (const [k, v] of ordered) {
    // A key named "__proto__" is defined, so that it stays data instead of changing the prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: toPlain(v, options, seen), enumerable: true, writable: true, configurable: true });
    else out[k] = toPlain(v, options, seen);
  }
  return out;
}

/** One value as compact, one-line JSON (the form evidence takes in the console and JUnit reports). */
export function compactJson(value: unknown): string {
  return JSON.stringify(toPlain(value));
}

function resourceJson(r: ResourceRef) {
  return {
    type: r.type,
    id: r.id,
    arn: r.arn ?? null,
    region: r.region ?? null,
    ...(r.account !== undefined ? { account: r.account } : {}),
    keys: [...r.keys],
    ...(r.usedBy ? { usedBy: [...r.usedBy] } : {}),
    ...(r.sources ? { sources: r.sources.map((s) => ({ ...s })), providerType: displayType(r) } : {}),
  };
}

function resultJson(r: Result) {
  return {
    checkId: r.checkId,
    title: r.title,
    severity: r.severity,
    family: r.family ?? 'custom',
    ...(r.controls ? { controls: controlsJson(r.controls) } : {}),
    status: r.status,
    resource: resourceJson(r.resource),
    message: r.message,
    evidence: toPlain(r.evidence ?? {}, { sortKeys: true }),
    remediation: r.remediation,
  };
}

/** The run's statistics: API calls (total and by action), time per phase, resources by source. */
function statsJson(report: RunReport) {
  const byAction = toPlain(report.apiCalls ?? {}, { sortKeys: true }) as Record<string, number>;
  return {
    apiCalls: { total: Object.values(byAction).reduce((n, v) => n + (Number(v) || 0), 0), byAction },
    phasesMs: toPlain(report.phasesMs ?? {}),
    resourcesBySource: resourcesBySource(report),
    ...(report.drift ? { drift: { engines: report.drift.engines.map((e) => toPlain(e, { sortKeys: true })) } } : {}),
  };
}

/** The full report as pretty-printed JSON, with `schemaVersion` and the summary counts. Ends with a newline. */
export function toJson(report: RunReport): string {
  const doc = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: report.tool.name, version: report.tool.version },
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    outputsFile: report.outputsFile,
    format: report.format,
    region: report.region ?? null,
    exitCode: report.exitCode,
    ...(report.accounts ? { accounts: report.accounts.map((a) => ({ ...a })) } : {}),
    summary: summarise(report),
    accounting: account(report),
    sources: (report.sources ?? []).map((s) => ({ ...s })),
    unplaced: (report.unplaced ?? []).map((u) => ({ ...u })),
    resources: report.resources.map(resourceJson),
    results: report.results.map(resultJson),
    unrecognised: [...report.unrecognised],
    redacted: [...(report.redacted ?? [])],
    ...(report.unselectedTypes?.length ? { unselectedTypes: [...report.unselectedTypes] } : {}),
    ...(report.everyTypeChecks?.length ? { everyTypeChecks: [...report.everyTypeChecks] } : {}),
    unrecognisedReasons: { ...(report.unrecognisedReasons ?? {}) },
    apiCalls: toPlain(report.apiCalls ?? {}, { sortKeys: true }),
    stats: statsJson(report),
    // A run across accounts, and a merged report, say which accounts and (merged) which reports.
    ...(report.accounts ? { accounts: report.accounts.map((a) => ({ ...a })) } : {}),
    ...(report.merge ? { merge: toPlain(report.merge) } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
