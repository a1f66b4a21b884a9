/**
 * Every resource accounted for: how many the run found, how many a check judged, and which no
 * check covers, by the deploy tool's own type name; where each came from; and the state or stack
 * entries that could not be placed. Pure; shared by every report.
 */
import { classifyTerraformType, terraformTypeOfPulumi } from '../sources/provider-types.js';
import type { ResourceRef, SourceRef } from '../types.js';
import { resourceKey } from '../types.js';
import type { RunReport } from './model.js';
import { telling } from './locate.js';

export interface Accounting {
  resources: number;
  /** Resources at least one check judged (pass, fail or error). */
  verified: number;
  /** Resources no check applies to, selected or not. */
  withoutCheck: number;
  /** Resources some check applies to, but none the run selected (`--only`, `--skip`, the config's checks). */
  notSelected: number;
  /** Resources every applicable check was skipped for (waived, or excluded by a parameter). */
  skippedOnly: number;
  /** Of `withoutCheck`, how many of each type (the deploy tool's type where a state or stack named it), most first. */
  withoutCheckByType: Array<{ type: string; count: number }>;
  /** Of `notSelected`, how many of each type, most first. */
  notSelectedByType: Array<{ type: string; count: number }>;
  unplaced: number;
  /** With --drift: resources live as declared, drifted, and deleted (from the drift check's results). */
  drift?: { asDeclared: number; drifted: number; deleted: number };
}

/** The drift check's id (its results carry `evidence.drift`: `in-sync`, `modified` or `deleted`). */
const DRIFT_CHECK = 'live-matches-declared';

/** Whether a provider type configures another resource rather than being one. */
function isPart(providerType: string): boolean {
  const tf = providerType.startsWith('aws:') ? terraformTypeOfPulumi(providerType) : providerType;
  return tf !== undefined && classifyTerraformType(tf).kind === 'fold';
}

/** The type to show a resource under: the deploy tool's own (`aws_iam_role`, `aws:iam/role:Role`), else CloudFormation's. */
export function displayType(ref: ResourceRef): string {
  for (const s of ref.sources ?? []) {
    if (s.kind === 'state' && s.providerType && !isPart(s.providerType)) return s.providerType;
    if (s.kind === 'stack' && s.providerType) return s.providerType;
  }
  return ref.type;
}

export function account(report: RunReport): Accounting {
  const statuses = new Map<string, Set<string>>();
  for (const r of report.results) {
    if (!telling(r, report)) continue;
    const k = resourceKey(r.resource);
    let s = statuses.get(k);
    if (!s) statuses.set(k, (s = new Set()));
    s.add(r.status);
  }
  let verified = 0;
  let skippedOnly = 0;
  const without = new Map<string, number>();
  const unselected = new Map<string, number>();
  const unselectedTypes = new Set(report.unselectedTypes ?? []);
  for (const ref of report.resources) {
    const s = statuses.get(resourceKey(ref));
    if (!s || s.size === 0) {
      const t = displayType(ref);
      const into = unselectedTypes.has(ref.type) ? unselected : without;
      into.set(t, (into.get(t) ?? 0) + 1);
    } else if ([...s].some((x) => x !== 'skipped')) verified++;
    else skippedOnly++;
  }
  const byType = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([type, count]) => ({ type, count }));
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  let drift: Accounting['drift'];
  if (report.drift) {
    drift = { asDeclared: 0, drifted: 0, deleted: 0 };
    for (const r of report.results) {
      if (r.checkId !== DRIFT_CHECK) continue;
      const state = r.evidence?.drift;
      if (r.status === 'pass' && state === 'in-sync') drift.asDeclared++;
      else if (r.status === 'fail' && state === 'modified') drift.drifted++;
      else if (r.status === 'fail' && state === 'deleted') drift.deleted++;
    }
  }
  return {
    resources: report.resources.length,
    verified,
    withoutCheck: sum(without),
    notSelected: sum(unselected),
    skippedOnly,
    withoutCheckByType: byType(without),
    notSelectedByType: byType(unselected),
    unplaced: report.unplaced?.length ?? 0,
    ...(drift ? { drift } : {}),
  };
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

/**
 * "N resources, M verified, K without a check (by type: aws_iam_role 3, aws_lambda_function 4), J
 * with checks not selected for this run (by type: aws_s3_bucket 2)".
 */
export function accountingLine(a: Accounting): string {
  const parts = [plural(a.resources, 'resource'), `${a.verified} verified`];
  if (a.skippedOnly > 0) parts.push(`${a.skippedOnly} skipped`);
  const byType = a.withoutCheckByType.map((t) => `${t.type} ${t.count}`).join(', ');
  parts.push(`${a.withoutCheck} without a check${byType ? ` (by type: ${byType})` : ''}`);
  if (a.notSelected > 0) {
    parts.push(`${a.notSelected} with checks not selected for this run (by type: ${a.notSelectedByType.map((t) => `${t.type} ${t.count}`).join(', ')})`);
  }
  let line = parts.join(', ');
  if (a.unplaced > 0) line += `; ${plural(a.unplaced, 'state or stack entry', 'state or stack entries')} not placed`;
  if (a.drift) line += `; ${a.drift.asDeclared} live as declared, ${a.drift.drifted} drifted, ${a.drift.deleted} deleted`;
  return line;
}

/** One source's entry without its kind: `module.x.aws_s3_bucket.this (main.tfstate:12)`, `Storage.Data (AWS::S3::Bucket)`. */
export function sourceEntry(s: SourceRef): string {
  if (s.kind === 'stack') return `${s.name}${s.providerType ? ` (${s.providerType})` : ''}`;
  return `${s.name} (${s.line !== undefined ? `${s.origin}:${s.line}` : s.origin})`;
}

/** Where one source named a resource, in a few words. */
export function sourceText(s: SourceRef): string {
  const at = s.line !== undefined ? `${s.origin}:${s.line}` : s.origin;
  switch (s.kind) {
    case 'outputs':
      return `output ${s.name} (${at})`;
    case 'stack':
      return `stack ${s.origin}: ${s.name}${s.providerType ? ` (${s.providerType})` : ''}`;
    default:
      return `state ${s.name} (${at})`;
  }
}

/** With --drift: "K live as declared, D drifted, X deleted (terraform 1.11.4, 18.2 s)"; undefined without it. */
export function driftLine(report: RunReport): string | undefined {
  const d = account(report).drift;
  if (!d) return undefined;
  const engines = (report.drift?.engines ?? []).map((e) => `${e.engine}${e.version ? ` ${e.version}` : ''} on ${e.source}, ${(e.ms / 1000).toFixed(1)} s${e.error ? ', failed' : ''}`);
  return `${d.asDeclared} live as declared, ${d.drifted} drifted, ${d.deleted} deleted${engines.length ? ` (${engines.join('; ')})` : ''}`;
}
