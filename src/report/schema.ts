/**
 * The JSON report read back: a zod schema of what `toJson` writes, and `fromJsonReport`, which turns
 * a parsed document into the `RunReport` every renderer takes. `postflight merge` reads the reports
 * of many runs through it; the JSON writer's tests hold `toJson` to it (write, read back, the same
 * report).
 *
 * Fields later versions of the writer added within schema version 1 (`family`, `sources`,
 * `unplaced`, `redacted`, `accounting`, `stats`, `accounts`, `merge`, a resource's `sources` and
 * `account`, a result's `controls`) are optional, so a report of an earlier postflight still reads. Fields derived from
 * the rest (`summary`, `accounting`, `stats` but its phases, a resource's `providerType`) are not
 * carried: the renderers derive them again. A result's or resource's other fields (columns added
 * since) are carried as they are.
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { Family, ResourceRef, ResourceType, Result, SourceRef } from '../types.js';
import { SEVERITIES } from '../types.js';
import { JSON_SCHEMA_VERSION } from './json.js';
import { CONTROL_ID, controlsJson } from '../engine/frameworks.js';
import { summarise, type RunReport } from './model.js';

const text = z.string();
const count = z.number().int().nonnegative();

/** An object parsed from JSON (not an array, not null): evidence is any such object, kept as it is. */
const plainObject = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { message: 'must be an object' });

const sourceRef = z.object({
  kind: z.enum(['outputs', 'state', 'stack']),
  format: text,
  origin: text,
  name: text,
  providerType: text.optional(),
  line: z.number().int().positive().optional(),
});

const resource = z.object({
  type: text.min(1),
  id: text,
  arn: text.nullable().optional(),
  region: text.nullable().optional(),
  keys: z.array(text),
  usedBy: z.array(text).optional(),
  sources: z.array(sourceRef).optional(),
  providerType: text.optional(),
  account: text.min(1).optional(),
});

const result = z.object({
  checkId: text.min(1),
  title: text,
  severity: z.enum(SEVERITIES as ['critical', 'high', 'medium', 'low']),
  // Any family name: a newer postflight may know families this one does not.
  family: text.min(1).optional(),
  // The check's framework controls, each id of its framework's form (a hostile report is refused,
  // not rendered); a framework this postflight does not map is left out.
  controls: z
    .object({
      fsbp: z.array(text.regex(CONTROL_ID.fsbp.pattern, `must be ${CONTROL_ID.fsbp.what}`)).optional(),
      cis: z.array(text.regex(CONTROL_ID.cis.pattern, `must be ${CONTROL_ID.cis.what}`)).optional(),
    })
    .optional(),
  status: z.enum(['pass', 'fail', 'error', 'skipped']),
  resource,
  message: text,
  evidence: plainObject,
  remediation: text,
});

const sourceSummary = z.object({ kind: z.enum(['outputs', 'state', 'stack']), format: text, origin: text, resources: count, outputs: count, account: text.optional() });
const unplacedEntry = z.object({ origin: text, name: text, providerType: text.optional(), reason: text });
const accountOutcome = z.object({ id: text.min(1), roleArn: text.optional(), status: z.enum(['ok', 'error']), reason: text.optional(), resources: count });
const status = z.enum(['pass', 'fail', 'error', 'skipped']);

const mergeInfo = z.object({
  inputs: z.array(
    z.object({
      file: text,
      tool: z.object({ name: text, version: text }),
      startedAt: text,
      durationMs: z.number().nonnegative(),
      exitCode: z.number().int(),
      outputsFile: text,
      format: text,
      region: text.optional(),
      sources: z.array(sourceSummary),
      accounts: z.array(
        z.object({ account: text.min(1), resources: count, pass: count, fail: count, error: count, skipped: count, status: z.enum(['ok', 'error']), reason: text.optional() }),
      ),
    }),
  ),
  duplicates: z.array(
    z.object({
      type: text,
      id: text,
      region: text.optional(),
      account: text.optional(),
      files: z.array(text),
      differing: z.array(z.object({ checkId: text, statuses: z.array(z.object({ file: text, status })), kept: status })),
    }),
  ),
});

/** The JSON report of schema version 1, as `toJson` writes it (and as earlier postflight versions wrote it). */
export const jsonReportSchema = z.object({
  schemaVersion: z.literal(JSON_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('postflight'), version: text }),
  startedAt: z.iso.datetime({ offset: true }),
  durationMs: z.number().nonnegative(),
  outputsFile: text,
  format: text,
  region: text.nullable().optional(),
  // A run that stops with exit 2 writes no report.
  exitCode: z.union([z.literal(0), z.literal(1), z.literal(3)]),
  summary: z.object({ results: count, pass: count, fail: count, error: count, skipped: count }).optional(),
  sources: z.array(sourceSummary).optional(),
  unplaced: z.array(unplacedEntry).optional(),
  resources: z.array(resource),
  results: z.array(result),
  unrecognised: z.array(text),
  redacted: z.array(text).optional(),
  unselectedTypes: z.array(text).optional(),
  everyTypeChecks: z.array(text).optional(),
  apiCalls: z.record(text, z.number().nonnegative()),
  stats: z.object({ phasesMs: z.record(text, z.number().nonnegative()).optional() }).optional(),
  accounts: z.array(accountOutcome).optional(),
  merge: mergeInfo.optional(),
});
export type JsonReportDocument = z.infer<typeof jsonReportSchema>;

/** What the schema does not carry over: fields derived from the others. */
const DERIVED_RESOURCE_KEYS = new Set(['providerType']);

/** Sets `key` as an own data property, so that a key named "__proto__" stays data. */
function put(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Fields of `raw` the schema does not name (columns a newer writer added), copied as data. */
function extras(raw: unknown, known: object, skip: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [k, v] of Object.entries(raw)) if (!Object.hasOwn(known, k) && !skip.has(k)) put(out, k, v);
  return out;
}

function toSource(s: z.infer<typeof sourceRef>): SourceRef {
  return { kind: s.kind, format: s.format, origin: s.origin, name: s.name, ...(s.providerType !== undefined ? { providerType: s.providerType } : {}), ...(s.line !== undefined ? { line: s.line } : {}) };
}

function toResource(r: z.infer<typeof resource>, raw: unknown): ResourceRef {
  const ref: ResourceRef = {
    ...extras(raw, resource.shape, DERIVED_RESOURCE_KEYS),
    type: r.type as ResourceType,
    id: r.id,
    ...(r.arn != null ? { arn: r.arn } : {}),
    ...(r.region != null ? { region: r.region } : {}),
    keys: [...r.keys],
    ...(r.sources ? { sources: r.sources.map(toSource) } : {}),
    ...(r.usedBy ? { usedBy: [...r.usedBy] } : {}),
    ...(r.account !== undefined ? { account: r.account } : {}),
  };
  return ref;
}

function toResult(r: z.infer<typeof result>, raw: unknown): Result {
  const rawResource = (raw as { resource?: unknown } | undefined)?.resource;
  return {
    ...extras(raw, result.shape),
    checkId: r.checkId,
    title: r.title,
    severity: r.severity,
    family: (r.family ?? 'custom') as Family,
    ...(r.controls ? { controls: controlsJson(r.controls) } : {}),
    resource: toResource(r.resource, rawResource),
    status: r.status,
    message: r.message,
    evidence: r.evidence,
    remediation: r.remediation,
  };
}

/** The `RunReport` a parsed and validated JSON report describes (`raw` is the document before validation). */
export function fromJsonReport(doc: JsonReportDocument, raw: unknown): RunReport {
  const rawResources = ((raw as { resources?: unknown[] }).resources ?? []) as unknown[];
  const rawResults = ((raw as { results?: unknown[] }).results ?? []) as unknown[];
  return {
    tool: { name: doc.tool.name, version: doc.tool.version },
    startedAt: doc.startedAt,
    durationMs: doc.durationMs,
    outputsFile: doc.outputsFile,
    format: doc.format,
    ...(doc.region != null ? { region: doc.region } : {}),
    resources: doc.resources.map((r, i) => toResource(r, rawResources[i])),
    results: doc.results.map((r, i) => toResult(r, rawResults[i])),
    unrecognised: [...doc.unrecognised],
    ...(doc.redacted ? { redacted: [...doc.redacted] } : {}),
    ...(doc.unselectedTypes ? { unselectedTypes: [...doc.unselectedTypes] } : {}),
    ...(doc.everyTypeChecks ? { everyTypeChecks: [...doc.everyTypeChecks] } : {}),
    apiCalls: { ...doc.apiCalls },
    ...(doc.sources ? { sources: doc.sources.map((s) => ({ ...s })) } : {}),
    ...(doc.unplaced ? { unplaced: doc.unplaced.map((u) => ({ ...u })) } : {}),
    ...(doc.stats?.phasesMs ? { phasesMs: { ...doc.stats.phasesMs } as RunReport['phasesMs'] } : {}),
    ...(doc.accounts ? { accounts: doc.accounts.map((a) => ({ ...a })) } : {}),
    ...(doc.merge ? { merge: structuredClone(doc.merge) } : {}),
    exitCode: doc.exitCode,
  };
}

/** How an issue's path is named in a sentence: `results.3.status`. */
function where(issue: z.core.$ZodIssue): string {
  return issue.path.length ? issue.path.map(String).join('.') : 'the top level';
}

/**
 * Reads the text of a JSON report (`file` names it in errors) into the `RunReport` it describes.
 * Anything else is an `InputError` of one sentence naming the file: text that is not JSON, JSON
 * that is not a postflight report (another tool's, a SARIF log), a schema version this postflight
 * does not read, a report whose shape is broken, or whose summary disagrees with its results.
 */
export function parseJsonReport(textIn: string, file: string): RunReport {
  const body = textIn.replace(/^\uFEFF/, '');
  const again = 'pass the file `postflight verify --json FILE` wrote';
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (e) {
    const why = body.trim() === '' ? 'it is empty' : `it is not JSON (${(e as Error).message})`;
    throw new InputError(`The report ${file} cannot be read: ${why}; ${again}.`);
  }
  const head = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { schemaVersion?: unknown; tool?: { name?: unknown; version?: unknown } }) : undefined;
  if (!head || head.tool?.name !== 'postflight' || typeof head.schemaVersion !== 'number') {
    throw new InputError(`The file ${file} is not a postflight JSON report (it has no "schemaVersion" and "tool": "postflight"): ${again}.`);
  }
  if (head.schemaVersion !== JSON_SCHEMA_VERSION) {
    const by = typeof head.tool.version === 'string' ? ` by postflight ${head.tool.version}` : '';
    const fix = head.schemaVersion > JSON_SCHEMA_VERSION ? 'upgrade postflight to merge it' : 'verify that stack again with this postflight';
    throw new InputError(
      `The report ${file} was written${by} in JSON schema version ${head.schemaVersion}, and this postflight reads version ${JSON_SCHEMA_VERSION} only: ${fix}.`,
    );
  }
  const parsed = jsonReportSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
    throw new InputError(`The report ${file} is not a valid postflight JSON report: ${where(first)}: ${first.message}${more}; it was edited or cut short: ${again}.`);
  }
  const report = fromJsonReport(parsed.data, raw);
  const said = parsed.data.summary;
  if (said) {
    const counted = summarise(report);
    const off = (['results', 'pass', 'fail', 'error', 'skipped'] as const).find((k) => said[k] !== counted[k]);
    if (off) {
      throw new InputError(
        `The report ${file} does not add up: its summary counts ${said[off]} ${off === 'results' ? 'results' : `"${off}" results`} but it holds ${counted[off]}; it was edited or cut short: ${again}.`,
      );
    }
  }
  return report;
}
