/**
 * `postflight merge`: the JSON reports of many runs (the jobs of a CI matrix, one per stack or
 * account) made into one report, which every renderer then takes as it takes one run's. Pure: the
 * same reports give the same report.
 *
 * - Accounts: a resource belongs to the account its run names for it (`ResourceRef.account`), else
 *   to the one account its run reached, else to the account its run's ARNs name most, else to no
 *   known account. Two resources of the same type, region and id in different accounts stay two.
 * - The very same resource (same account, type, region and id) verified by more than one report
 *   is one resource, as in one run over all those stacks: its keys and sources are joined, each
 *   check keeps one result, the worse where the reports differ (fail, then error, then pass, then
 *   skipped: never a pass that another report contradicts), and `merge.duplicates` names it, the
 *   reports and every check they disagree on. Nothing is counted twice, and nothing silently.
 * - Everything else is joined: sources, unplaced entries (one of identical ones), API calls
 *   (summed), and unrecognised outputs (a key several reports hold is named with its report).
 * - The exit code follows the merged results and accounts, and is never better than any report's
 *   own: 1 when any failed, else 3 when anything could not be verified or any run said so, else 0.
 */
import { resourceKey, type ResourceRef, type Result, type SourceRef, type Status } from '../types.js';
import { accountRows } from './fleet.js';
import { accountsOf } from './locate.js';
import {
  exitCodeFor,
  type AccountOutcome,
  type DuplicateResource,
  type MergedInput,
  type RunReport,
  type UnplacedEntry,
} from './model.js';
import { byCodeUnit } from '../compare.js';

export interface MergeInput {
  /** The report file, as given on the command line. */
  file: string;
  report: RunReport;
}

/** Which result a resource keeps when reports differ: the lower, the worse. */
const WORSE: Record<Status, number> = { fail: 0, error: 1, pass: 2, skipped: 3 };
/** Which exit code wins: a failure, then something not verified, then a pass. */
const EXIT_RANK: Record<number, number> = { 1: 0, 3: 1, 0: 2 };

/** The account a run's resources belong to when a resource names none. */
function runAccount(report: RunReport): string | undefined {
  if (report.accounts?.length === 1) return report.accounts[0]!.id;
  return accountsOf(report)[0];
}

/** Where a resource was named, for a report written before resources listed their sources: its output keys. */
function sourcesOf(ref: ResourceRef, report: RunReport): SourceRef[] | undefined {
  if (ref.sources && ref.sources.length > 0) return ref.sources;
  if (ref.keys.length === 0) return ref.sources;
  return ref.keys.map((name) => ({ kind: 'outputs' as const, format: report.format, origin: report.outputsFile, name }));
}

/** The resource as the merged report holds it: with its account and its sources. */
function place(ref: ResourceRef, report: RunReport, fallback: string | undefined): ResourceRef {
  const account = ref.account ?? fallback;
  const sources = sourcesOf(ref, report);
  const placed: ResourceRef = { ...ref, keys: [...ref.keys] };
  if (account !== undefined) placed.account = account;
  if (sources !== undefined) placed.sources = sources.map((s) => ({ ...s }));
  return placed;
}

const sourceId = (s: SourceRef) => `${s.kind}\u0000${s.origin}\u0000${s.name}\u0000${s.line ?? ''}`;

function joinRefs(a: ResourceRef, b: ResourceRef): ResourceRef {
  const joined: ResourceRef = { ...a, keys: [...new Set([...a.keys, ...b.keys])] };
  if (!joined.arn && b.arn) joined.arn = b.arn;
  if (a.sources || b.sources) {
    const seen = new Set<string>();
    joined.sources = [...(a.sources ?? []), ...(b.sources ?? [])].filter((s) => !seen.has(sourceId(s)) && (seen.add(sourceId(s)), true));
  }
  if (a.usedBy || b.usedBy) joined.usedBy = [...new Set([...(a.usedBy ?? []), ...(b.usedBy ?? [])])];
  return joined;
}

function describeInput(file: string, report: RunReport, fallback: string | undefined): MergedInput[] {
  if (report.merge) return report.merge.inputs.map((i) => ({ ...structuredClone(i), file: `${file} › ${i.file}` }));
  return [
    {
      file,
      tool: { ...report.tool },
      startedAt: report.startedAt,
      durationMs: report.durationMs,
      exitCode: report.exitCode,
      outputsFile: report.outputsFile,
      format: report.format,
      ...(report.region ? { region: report.region } : {}),
      sources: (report.sources ?? []).map((s) => ({ ...s })),
      accounts: accountRows(report, fallback),
    },
  ];
}

function joinOutcome(a: AccountOutcome | undefined, b: AccountOutcome): AccountOutcome {
  if (!a) return { ...b };
  const out: AccountOutcome = { ...a, status: a.status === 'error' || b.status === 'error' ? 'error' : 'ok' };
  if (!out.roleArn && b.roleArn) out.roleArn = b.roleArn;
  const reasons = [...new Set([a.reason, b.reason].filter((r): r is string => !!r))];
  if (reasons.length) out.reason = reasons.join('; ');
  return out;
}

/** The value every report agrees on, else undefined. */
function common<T>(values: readonly T[]): T | undefined {
  return values.length > 0 && values.every((v) => v === values[0]) ? values[0] : undefined;
}

/**
 * The JSON reports of several runs as one report. `version` is this postflight's; `inputs` are in
 * the order given, and at least one.
 */
export function mergeReports(inputs: readonly MergeInput[], version: string): RunReport {
  if (inputs.length === 0) throw new Error('mergeReports needs at least one report');
  const resources = new Map<string, { ref: ResourceRef; files: string[] }>();
  const results = new Map<string, { result: Result; key: string; statuses: Array<{ file: string; status: Status }> }>();
  const outcomes = new Map<string, AccountOutcome>();
  const unrecognised: Array<{ key: string; file: string; redacted: boolean }> = [];
  const unplaced = new Map<string, UnplacedEntry>();
  const apiCalls: Record<string, number> = {};
  const described: MergedInput[] = [];
  const duplicates: DuplicateResource[] = [];

  for (const { file, report } of inputs) {
    const fallback = runAccount(report);
    described.push(...describeInput(file, report, fallback));
    for (const d of report.merge?.duplicates ?? []) duplicates.push({ ...structuredClone(d), files: d.files.map((f) => `${file} › ${f}`) });

    for (const ref of report.resources) {
      const placed = place(ref, report, fallback);
      const key = resourceKey(placed);
      const seen = resources.get(key);
      if (!seen) resources.set(key, { ref: placed, files: [file] });
      else {
        seen.ref = joinRefs(seen.ref, placed);
        if (!seen.files.includes(file)) seen.files.push(file);
      }
    }
    for (const r of report.results) {
      const placed = place(r.resource, report, fallback);
      const key = resourceKey(placed);
      const id = `${r.checkId}\u0000${key}`;
      const seen = results.get(id);
      if (!seen) results.set(id, { result: { ...r, resource: placed }, key, statuses: [{ file, status: r.status }] });
      else {
        seen.statuses.push({ file, status: r.status });
        if (WORSE[r.status] < WORSE[seen.result.status]) seen.result = { ...r, resource: placed };
      }
    }

    if (report.accounts) for (const a of report.accounts) outcomes.set(a.id, joinOutcome(outcomes.get(a.id), a));
    else if (fallback !== undefined) outcomes.set(fallback, joinOutcome(outcomes.get(fallback), { id: fallback, status: 'ok', resources: 0 }));

    const redacted = new Set(report.redacted ?? []);
    for (const key of report.unrecognised) unrecognised.push({ key, file, redacted: redacted.has(key) });
    for (const u of report.unplaced ?? []) {
      const id = JSON.stringify([u.origin, u.name, u.providerType ?? '', u.reason]);
      if (!unplaced.has(id)) unplaced.set(id, { ...u });
    }
    for (const [action, n] of Object.entries(report.apiCalls ?? {})) apiCalls[action] = (apiCalls[action] ?? 0) + n;
  }

  // Every result speaks of the resource as merged (keys and sources of every report that named it).
  const mergedResults = [...results.values()].map(({ result, key }) => ({ ...result, resource: resources.get(key)?.ref ?? result.resource }));

  for (const [key, { ref, files }] of resources) {
    if (files.length < 2) continue;
    const differing = [...results.values()]
      .filter((r) => r.key === key && new Set(r.statuses.map((s) => s.status)).size > 1)
      .map((r) => ({ checkId: r.result.checkId, statuses: r.statuses, kept: r.result.status }));
    duplicates.push({
      type: ref.type,
      id: ref.id,
      ...(ref.region ? { region: ref.region } : {}),
      ...(ref.account ? { account: ref.account } : {}),
      files,
      differing,
    });
  }

  const merged = [...resources.values()].map((r) => r.ref);
  for (const ref of merged) {
    if (ref.account === undefined) continue;
    const o = outcomes.get(ref.account) ?? { id: ref.account, status: 'ok' as const, resources: 0 };
    outcomes.set(ref.account, { ...o, resources: 0 });
  }
  const accounts = [...outcomes.values()].map((o) => ({ ...o, resources: merged.filter((r) => r.account === o.id).length }));

  // An output key several reports hold names different outputs: each is named with its report.
  const filesOf = new Map<string, Set<string>>();
  for (const u of unrecognised) filesOf.set(u.key, (filesOf.get(u.key) ?? new Set()).add(u.file));
  const shown = (u: { key: string; file: string }) => ((filesOf.get(u.key)?.size ?? 0) > 1 ? `${u.key} (${u.file})` : u.key);
  const unrecognisedKeys = [...new Set(unrecognised.map(shown))];
  const redactedKeys = [...new Set(unrecognised.filter((u) => u.redacted).map(shown))];

  const starts = inputs.map((i) => Date.parse(i.report.startedAt));
  const first = Math.min(...starts);
  const last = Math.max(...inputs.map((i, n) => starts[n]! + Math.max(0, i.report.durationMs)));
  const exitCode = [exitCodeFor(mergedResults, accounts), ...inputs.map((i) => i.report.exitCode)].reduce((a, b) => ((EXIT_RANK[b] ?? 0) < (EXIT_RANK[a] ?? 0) ? b : a));
  const region = common(inputs.map((i) => i.report.region));

  return {
    tool: { name: 'postflight', version },
    startedAt: new Date(first).toISOString(),
    durationMs: Math.max(0, last - first),
    outputsFile: common(inputs.map((i) => i.report.outputsFile)) ?? '',
    format: common(inputs.map((i) => i.report.format)) ?? 'merged',
    ...(region ? { region } : {}),
    resources: merged,
    results: mergedResults,
    unrecognised: unrecognisedKeys,
    redacted: redactedKeys,
    // A type unselected in one run may be judged in another: only the types no run judged stay "not selected".
    unselectedTypes: [...new Set(inputs.flatMap((i) => i.report.unselectedTypes ?? []))],
    everyTypeChecks: [...new Set(inputs.flatMap((i) => i.report.everyTypeChecks ?? []))],
    apiCalls: Object.fromEntries(Object.entries(apiCalls).sort(([a], [b]) => byCodeUnit(a, b))),
    sources: inputs.flatMap((i) => (i.report.sources ?? []).map((s) => ({ ...s }))),
    unplaced: [...unplaced.values()],
    accounts,
    merge: { inputs: described, duplicates },
    exitCode,
  };
}
