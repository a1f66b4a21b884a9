/**
 * A report over several accounts or runs, by account and then by stack: the rows every renderer
 * shows for a merged report (`postflight merge`) or a run across accounts, the resources more than
 * one report verified, and how a resource names its account. Pure; the renderers escape what they
 * take from here as they escape everything from outside.
 */
import type { ResourceRef } from '../types.js';
import { UNKNOWN_ACCOUNT, type DuplicateResource, type InputAccount, type MergedInput, type RunReport, type SourceSummary } from './model.js';

export interface FleetRow extends InputAccount {
  /** The report the row comes from (empty for a run that was not merged). */
  file: string;
  /** What that run read: its stacks, state and outputs files. */
  what: string;
}

/** Whether the report speaks of more than one account (or of runs whose account is not known beside known ones). */
export function spansAccounts(report: Pick<RunReport, 'resources' | 'accounts'>): boolean {
  const seen = new Set<string>(report.resources.map((r) => r.account ?? UNKNOWN_ACCOUNT));
  for (const a of report.accounts ?? []) seen.add(a.id);
  return seen.size > 1;
}

/** Whether the reports show the by-account section: a merged report, or a run across accounts. */
export function showsFleet(report: Pick<RunReport, 'resources' | 'accounts' | 'merge'>): boolean {
  return report.merge !== undefined || spansAccounts(report);
}

/** A resource's account, for the reports that span accounts: `account 123456789012`; empty otherwise. */
export function accountText(ref: Pick<ResourceRef, 'account'>, spans: boolean): string {
  if (!spans) return '';
  return ref.account ? `account ${ref.account}` : UNKNOWN_ACCOUNT;
}

/** What a run read, in a few words: `stack TapStack, state main.tfstate (tfstate), outputs out.json (cdktf)`. */
export function sourcesText(sources: readonly SourceSummary[], fallback: { outputsFile: string; format: string }): string {
  if (sources.length === 0) return fallback.outputsFile ? `outputs ${fallback.outputsFile} (${fallback.format})` : 'no source recorded';
  return sources.map((s) => (s.kind === 'stack' ? `stack ${s.origin}` : `${s.kind} ${s.origin} (${s.format})`)).join(', ');
}

/**
 * One run's resources and results per account: a resource's own account, else `fallback`, else the
 * unknown account; an account the run could not reach is `error` with its reason.
 */
export function accountRows(report: Pick<RunReport, 'resources' | 'results' | 'accounts'>, fallback?: string): InputAccount[] {
  const rows = new Map<string, InputAccount>();
  const row = (account: string | undefined): InputAccount => {
    const id = account ?? fallback ?? UNKNOWN_ACCOUNT;
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { account: id, resources: 0, pass: 0, fail: 0, error: 0, skipped: 0, status: 'ok' }));
    return r;
  };
  for (const a of report.accounts ?? []) {
    const r = row(a.id);
    if (a.status === 'error') {
      r.status = 'error';
      if (a.reason) r.reason = a.reason;
    }
  }
  for (const ref of report.resources) row(ref.account).resources++;
  for (const res of report.results) row(res.resource.account)[res.status]++;
  return [...rows.values()];
}

/** The sources read for one account, where the run says which account each was read for; else all of them. */
function sourcesOf(sources: readonly SourceSummary[], account: string): SourceSummary[] {
  return sources.some((s) => s.account !== undefined) ? sources.filter((s) => (s.account ?? UNKNOWN_ACCOUNT) === account) : [...sources];
}

function rowsOfRun(report: RunReport): FleetRow[] {
  return accountRows(report).map((a) => ({ ...a, file: '', what: sourcesText(sourcesOf(report.sources ?? [], a.account), report) }));
}

function rowsOfInput(input: MergedInput): FleetRow[] {
  return input.accounts.map((a) => ({ ...a, file: input.file, what: sourcesText(sourcesOf(input.sources, a.account), input) }));
}

/**
 * One row per (account, report), grouped by account (accounts in the order first met, the unknown
 * account last), then in the order the reports were given.
 */
export function fleetRows(report: RunReport): FleetRow[] {
  const rows = report.merge ? report.merge.inputs.flatMap(rowsOfInput) : rowsOfRun(report);
  const order = [...new Set(rows.map((r) => r.account))].sort((a, b) => Number(a === UNKNOWN_ACCOUNT) - Number(b === UNKNOWN_ACCOUNT));
  return order.flatMap((account) => rows.filter((r) => r.account === account));
}

/** The word for one row: FAIL, INCOMPLETE (an error, or the account not reached), else PASS. */
export function rowWord(row: InputAccount): 'FAIL' | 'INCOMPLETE' | 'PASS' {
  if (row.fail > 0) return 'FAIL';
  if (row.error > 0 || row.status === 'error') return 'INCOMPLETE';
  return 'PASS';
}

/** `12 resources: 30 passed, 1 failed, 0 errors, 2 skipped` (and why the account was not reached). */
export function rowCounts(row: InputAccount): string {
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  const counts = `${n(row.resources, 'resource')}: ${row.pass} passed, ${row.fail} failed, ${n(row.error, 'error')}, ${row.skipped} skipped`;
  return row.status === 'error' ? `${counts}; not reached${row.reason ? `: ${row.reason}` : ''}` : counts;
}

/** One duplicate in a line: the resource, the reports, and the checks they disagree on with the result kept. */
export function duplicateText(d: DuplicateResource): string {
  const where = [d.region, d.account ? `account ${d.account}` : undefined].filter(Boolean).join(', ');
  const head = `${d.type} ${d.id}${where ? ` (${where})` : ''}: in ${d.files.join(', ')}`;
  if (d.differing.length === 0) return `${head}; every check agrees`;
  const diffs = d.differing.map((x) => `${x.checkId} ${x.statuses.map((s) => `${s.status} in ${s.file}`).join(', ')}, ${x.kept} kept`);
  return `${head}; ${diffs.join('; ')}`;
}
