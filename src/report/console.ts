/**
 * The console report: grouped by resource, the resources with failures first, each failure with
 * its evidence and remediation, then the outputs that were not recognised, a summary and a
 * verdict that explains the exit code.
 *
 * Pure: everything it shows comes from the report and the options (no clock, no env, no TTY
 * probing). Status is always spelled out (PASS/FAIL/ERROR/SKIP), so the text reads the same
 * without colour. Every string that came from outside is passed through `stripControl`, so the
 * only escape sequences ever emitted are postflight's own colours, and only when `color` is on.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { ResourceRef, Result, Severity, Status } from '../types.js';
import { resourceKey } from '../types.js';
import { compactJson, toPlain } from './json.js';
import { summarise, type RunReport, type Summary } from './model.js';
import { stripControl } from './sanitize.js';
import { accountingLines, resourceSourceLines } from './console-accounting.js';
import { fleetLines } from './console-fleet.js';
import { accountText, spansAccounts } from './fleet.js';

export interface ConsoleOptions {
  /** Colour the status words and headings. The caller decides (TTY, NO_COLOR, --no-color). */
  color: boolean;
  /** Show pass messages and evidence, resource ARNs, API calls, and evidence values in full. */
  verbose?: boolean;
  /** Leave out the one-line resources (all passed, or no check): only what needs attention and the summary. */
  quiet?: boolean;
  /** Column to wrap long messages and evidence values at (default 100, at least 40). */
  width?: number;
}

const DEFAULT_WIDTH = 100;
const MIN_WIDTH = 40;
import { REDACTED_NOTE } from './model.js';
import { byCodeUnit } from '../compare.js';
export { REDACTED_NOTE };
/** Without `verbose`, an evidence value longer than this (in characters) is cut, saying how much was left out. */
export const EVIDENCE_PREVIEW_CHARS = 2000;

const STATUS_RANK: Record<Status, number> = { fail: 0, error: 1, skipped: 2, pass: 3 };
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const STATUS_WORD: Record<Status, string> = { fail: 'FAIL', error: 'ERROR', skipped: 'SKIP', pass: 'PASS' };

/** Column where a result's details start: two spaces, the status word padded to 5, two spaces. */
const DETAIL_INDENT = 9;

interface Group {
  ref: ResourceRef;
  keys: string[];
  results: Result[];
}

interface Ctx {
  c: ChalkInstance;
  verbose: boolean;
  width: number;
  /** Types a check the run did not select applies to (`RunReport.unselectedTypes`). */
  unselected: ReadonlySet<string>;
  /** The report spans accounts: each resource names its own. */
  spans?: boolean;
}

/** Outside text on one line. */
const one = (s: unknown): string => stripControl(String(s ?? ''));
/** Outside text as a block of lines. */
const block = (s: unknown): string => stripControl(String(s ?? ''), { multiline: true });

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Splits one line into pieces of at most `width` characters, preferring to break after a space
 * near the end of a piece. Lossless: the pieces joined give the line back.
 */
export function wrapLine(line: string, width: number): string[] {
  const chars = Array.from(line);
  const w = Math.max(1, width);
  if (chars.length <= w) return [line];
  const pieces: string[] = [];
  let start = 0;
  while (chars.length - start > w) {
    let end = start + w;
    for (let i = end; i > start + Math.floor((w * 2) / 3); i--) {
      if (chars[i - 1] === ' ') {
        end = i;
        break;
      }
    }
    pieces.push(chars.slice(start, end).join(''));
    start = end;
  }
  pieces.push(chars.slice(start).join(''));
  return pieces;
}

function wrapBlock(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => wrapLine(line, width));
}

const pad = (n: number): string => ' '.repeat(n);

/** `label: text` on one line when it fits, else the label alone and the text wrapped below it, indented. */
function labelled(label: string, text: string, indent: number, ctx: Ctx, styleLabel = true): string[] {
  const shownLabel = styleLabel ? ctx.c.dim(`${label}:`) : `${label}:`;
  const avail = ctx.width - indent;
  if (!text.includes('\n') && charCount(label) + 2 + charCount(text) <= avail) {
    return [`${pad(indent)}${shownLabel} ${text}`];
  }
  return [`${pad(indent)}${shownLabel}`, ...wrapBlock(text, avail - 2).map((l) => `${pad(indent + 2)}${l}`)];
}

/** The value to show and how many characters were left out of it (0 with `verbose`, or when it is short). */
function preview(value: string, verbose: boolean): { shown: string; more: number } {
  if (verbose) return { shown: value, more: 0 };
  const chars = Array.from(value);
  if (chars.length <= EVIDENCE_PREVIEW_CHARS) return { shown: value, more: 0 };
  return { shown: chars.slice(0, EVIDENCE_PREVIEW_CHARS).join(''), more: chars.length - EVIDENCE_PREVIEW_CHARS };
}

function evidenceLines(evidence: unknown, indent: number, ctx: Ctx): string[] {
  const plain = toPlain(evidence);
  if (plain === null) return [];
  const entries: Array<[string, unknown]> =
    typeof plain === 'object' && !Array.isArray(plain) ? Object.entries(plain as Record<string, unknown>) : [['value', plain]];
  if (entries.length === 0) return [];
  const lines = [`${pad(indent)}${ctx.c.dim('evidence:')}`];
  for (const [key, value] of entries) {
    const { shown, more } = preview(one(compactJson(value)), ctx.verbose);
    lines.push(...labelled(one(key), shown, indent + 2, ctx, false));
    if (more > 0) lines.push(`${pad(indent + 4)}${ctx.c.dim(`… (${more} more chars; the JSON and JUnit reports hold the full value)`)}`);
  }
  return lines;
}

function severityTag(severity: Severity, c: ChalkInstance): string {
  const tag = `[${one(severity)}]`;
  switch (severity) {
    case 'critical':
      return c.red.bold(tag);
    case 'high':
      return c.red(tag);
    case 'medium':
      return c.yellow(tag);
    default:
      return c.dim(tag);
  }
}

function statusWord(status: Status, c: ChalkInstance): string {
  const word = (STATUS_WORD[status] ?? one(status).toUpperCase()).padEnd(5);
  switch (status) {
    case 'fail':
      return c.red.bold(word);
    case 'error':
      return c.yellow.bold(word);
    case 'skipped':
      return c.gray(word);
    default:
      return c.green(word);
  }
}

function resultLines(r: Result, ctx: Ctx): string[] {
  const { c } = ctx;
  const showSeverity = r.status === 'fail' || r.status === 'error';
  const head = `  ${statusWord(r.status, c)}  ${showSeverity ? `${severityTag(r.severity, c)} ` : ''}${c.bold(one(r.checkId))}: ${one(r.title)}`;
  const lines = [head];
  const detail = (text: string) => wrapBlock(text, ctx.width - DETAIL_INDENT).map((l) => `${pad(DETAIL_INDENT)}${l}`);
  switch (r.status) {
    case 'fail':
    case 'error':
      lines.push(...detail(block(r.message)));
      lines.push(...evidenceLines(r.evidence, DETAIL_INDENT, ctx));
      lines.push(...labelled('remediation', block(r.remediation), DETAIL_INDENT, ctx));
      break;
    case 'skipped':
      lines.push(...labelled('reason', block(r.message), DETAIL_INDENT, ctx));
      break;
    default:
      if (ctx.verbose) {
        lines.push(...detail(block(r.message)));
        lines.push(...evidenceLines(r.evidence, DETAIL_INDENT, ctx));
      }
  }
  return lines;
}

function groupRank(g: Group): number {
  if (g.results.some((r) => r.status === 'fail')) return 0;
  if (g.results.some((r) => r.status === 'error')) return 1;
  if (g.results.some((r) => r.status === 'pass')) return 2;
  if (g.results.length > 0) return 3;
  return 4;
}

/** Resources in report order, each with the results about it; results about a resource the list lacks get a group too. */
function groupByResource(report: RunReport): Group[] {
  const groups = new Map<string, Group>();
  const groupFor = (ref: ResourceRef): Group => {
    const key = resourceKey(ref);
    let g = groups.get(key);
    if (!g) {
      g = { ref, keys: [], results: [] };
      groups.set(key, g);
    }
    for (const k of ref.keys ?? []) if (!g.keys.includes(k)) g.keys.push(k);
    return g;
  };
  for (const ref of report.resources) groupFor(ref);
  for (const r of report.results) groupFor(r.resource).results.push(r);
  const ordered = [...groups.values()];
  for (const g of ordered) {
    g.results.sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  }
  return ordered.sort((a, b) => groupRank(a) - groupRank(b));
}

/** ` (us-east-1)`, or ` (us-east-1, account 123456789012)` in a report across accounts. */
function whereText(ref: ResourceRef, ctx: Ctx): string {
  const parts = [ref.region ? one(ref.region) : '', one(accountText(ref, ctx.spans === true))].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function groupLines(g: Group, ctx: Ctx): string[] {
  const { c } = ctx;
  const region = whereText(g.ref, ctx);
  const lines = [c.bold(`${one(g.ref.type)} ${one(g.ref.id)}`) + region];
  if (g.keys.length > 0) lines.push(...labelled('from outputs', g.keys.map(one).join(', '), 2, ctx));
  for (const [label, text] of resourceSourceLines(g.ref)) lines.push(...labelled(one(label), one(text), 2, ctx));
  if (g.ref.usedBy?.length) lines.push(...labelled('not in the outputs; in use by', g.ref.usedBy.map(one).join(', '), 2, ctx));
  if (ctx.verbose && g.ref.arn) lines.push(...labelled('arn', one(g.ref.arn), 2, ctx));
  if (g.results.length === 0) lines.push(`  ${c.dim('no selected check applies to this resource')}`);
  const passes = g.results.filter((r) => r.status === 'pass');
  // Without verbose, the passing checks of a resource that needs attention share one line.
  const fold = !ctx.verbose && passes.length > 1;
  for (const r of g.results) if (!fold || r.status !== 'pass') lines.push(...resultLines(r, ctx));
  if (fold) {
    const ids = passes.map((r) => one(r.checkId)).join(', ');
    lines.push(...wrapLine(`${plural(passes.length, 'check')} passed: ${ids}`, ctx.width - DETAIL_INDENT).map((l, i) => (i === 0 ? `  ${statusWord('pass', c)}  ${l}` : `${pad(DETAIL_INDENT)}${l}`)));
  }
  return lines;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  return `${Math.floor(totalSeconds / 60)}m ${String(totalSeconds % 60).padStart(2, '0')}s`;
}

/** The last line: what the exit code is and why. */
export function verdict(exitCode: number, s: Summary): { word: string; text: string } {
  const notVerified = s.unrecognised > 0 ? `; ${plural(s.unrecognised, 'output was', 'outputs were')} not recognised and not verified` : '';
  switch (exitCode) {
    case 0: {
      if (s.results === 0) return { word: 'PASS', text: `no check applied to the resources found, so nothing failed${notVerified} (exit code 0)` };
      const skipped = s.skipped > 0 ? `, ${s.skipped} skipped` : '';
      return { word: 'PASS', text: `every check passed: ${s.pass} passed${skipped}${notVerified} (exit code 0)` };
    }
    case 1: {
      const errors = s.error > 0 ? `; ${plural(s.error, 'result', 'results')} could not be verified` : '';
      return { word: 'FAIL', text: `${plural(s.fail, 'check result', 'check results')} failed${errors} (exit code 1)` };
    }
    case 3: {
      const accounts = s.unreachableAccounts ? `${plural(s.unreachableAccounts, 'account', 'accounts')} could not be reached` : '';
      const results = s.error > 0 || !accounts ? `${plural(s.error, 'result', 'results')} could not be verified` : '';
      return { word: 'INCOMPLETE', text: `nothing failed, but ${[results, accounts].filter(Boolean).join(' and ')} (exit code 3)` };
    }
    case 2:
      return { word: 'ERROR', text: 'a usage, input or config error stopped the run; nothing was verified (exit code 2)' };
    default:
      return { word: 'EXIT', text: `exit code ${exitCode}` };
  }
}

/** One line for a resource whose results all passed, or that no selected check applies to. */
/** Checks skipped for every resource they apply to, with one and the same reason: check id → reason. */
function runWideSkips(report: RunReport): Map<string, string> {
  // Per check: how many results, and the skip messages (undefined once a result is not a skip).
  const byCheck = new Map<string, { count: number; messages: Set<string> | undefined }>();
  for (const r of report.results) {
    let c = byCheck.get(r.checkId);
    if (!c) byCheck.set(r.checkId, (c = { count: 0, messages: new Set() }));
    c.count += 1;
    if (r.status !== 'skipped') c.messages = undefined;
    else c.messages?.add(r.message);
  }
  const out = new Map<string, string>();
  for (const [id, c] of byCheck) if (c.messages?.size === 1 && c.count > 1) out.set(id, [...c.messages][0]!);
  return out;
}

function compactLine(g: Group, ctx: Ctx): string {
  const { c } = ctx;
  const region = whereText(g.ref, ctx);
  const what = `${one(g.ref.type)} ${one(g.ref.id)}${region}`;
  if (g.results.length === 0) return ctx.unselected.has(g.ref.type) ? `${c.dim('NOT SELECTED')}  ${what}` : `${c.dim('NO CHECK')}  ${what}`;
  return `${c.green('PASS')}  ${what} (${plural(g.results.length, 'check')})`;
}

/** Time per phase, after the duration: ` (read 12 ms, discover 1 ms, …)`; empty when not measured. */
export function phaseText(report: RunReport): string {
  const phases = Object.entries(report.phasesMs ?? {}).filter(([, ms]) => typeof ms === 'number');
  return phases.length ? ` (${phases.map(([p, ms]) => `${p} ${formatDuration(ms!)}`).join(', ')})` : '';
}

/** API calls: the run's statistics beyond the counts, as summary rows. */
export function statsRows(report: RunReport): Array<[string, string]> {
  const calls = Object.values(report.apiCalls ?? {}).reduce((n, v) => n + (Number(v) || 0), 0);
  const actions = Object.keys(report.apiCalls ?? {}).length;
  const rows: Array<[string, string]> = [['AWS API calls', `${calls}${actions ? ` (${plural(actions, 'action')}; by action with --verbose or in the JSON report)` : ''}`]];
  // Resources by source: the Resources section above the summary lists them.
  for (const e of report.drift?.engines ?? []) {
    const what = `${e.engine}${e.version ? ` ${e.version}` : ''}`;
    rows.push(['drift engine', one(`${what} on ${e.source}: ${formatDuration(e.ms)}${e.schema ? ` (provider schema ${e.schema})` : ''}${e.error ? ', failed' : ''}`)]);
  }
  return rows;
}

/** The summary block: counts, duration and the run's statistics. */
function summaryLines(report: RunReport, s: Summary, ctx: Ctx): string[] {
  const rows: Array<[string, string]> = [
    ['checks run', String(s.checks)],
    ['resources', String(s.resources)],
    ['results', `${s.pass} passed, ${s.fail} failed, ${plural(s.error, 'error')}, ${s.skipped} skipped`],
    ['unrecognised outputs', String(s.unrecognised)],
    ['duration', `${formatDuration(report.durationMs)}${phaseText(report)}`],
    ...statsRows(report),
  ];
  const out = [ctx.c.bold('Summary')];
  for (const [label, value] of rows) {
    const w = wrapLine(value, Math.max(20, ctx.width - 24));
    out.push(`  ${label.padEnd(22)}${w[0]}`, ...w.slice(1).map((l) => `${pad(24)}${l}`));
  }
  return out;
}

function unrecognisedLines(report: RunReport, ctx: Ctx): string[] {
  if (report.unrecognised.length === 0) return [];
  const { c, width } = ctx;
  const out = [c.bold(`Unrecognised outputs (${report.unrecognised.length}): not recognised as AWS resources, so not verified`)];
  out.push(`  ${c.dim('map them to a resource type under "resources" in postflight.config.json to verify them')}`);
  const redacted = new Set(report.redacted ?? []);
  const reasons = report.unrecognisedReasons ?? {};
  for (const key of report.unrecognised) {
    const why = reasons[key];
    const shown = `${redacted.has(key) ? `${one(key)} ${REDACTED_NOTE}` : one(key)}${why ? `: ${one(why)}` : ''}`;
    for (const [i, l] of wrapLine(shown, width - 4).entries()) out.push(`${i === 0 ? '  - ' : '    '}${l}`);
  }
  out.push('');
  return out;
}

/**
 * The console report for one run. Ends with a newline.
 *
 * By default the last screen holds what needs attention: resources whose results all passed take
 * one line each (and those no check applies to one line each) at the top, then skipped results
 * and unrecognised outputs, then every failure and error in full with evidence and remediation,
 * then the summary and the verdict. With `verbose`, every resource is shown in full, failures first.
 */
export function renderConsole(report: RunReport, options: ConsoleOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(MIN_WIDTH, Math.floor(options.width ?? DEFAULT_WIDTH) || DEFAULT_WIDTH);
  const ctx: Ctx = { c, verbose: options.verbose === true, width, unselected: new Set(report.unselectedTypes ?? []), spans: spansAccounts(report) };
  const s = summarise(report);
  const out: string[] = [];

  out.push(c.bold(`${one(report.tool.name)} ${one(report.tool.version)}`));
  // Every source read (outputs files, state files, CloudFormation stacks), or the outputs file alone.
  const sources = report.merge ? [] : report.sources?.length ? report.sources : [{ kind: 'outputs' as const, format: report.format, origin: report.outputsFile }];
  // A merged report names its reports instead; the section by account lists each with its sources.
  if (report.merge) out.push(...labelled('merged', `${plural(report.merge.inputs.length, 'report')}`, 2, ctx));
  for (const src of sources) {
    const label = src.kind === 'stack' ? 'stack' : src.kind === 'state' ? 'state' : 'outputs';
    out.push(...labelled(label, `${one(src.origin)} (${one(src.format)})`, 2, ctx));
  }
  for (const a of report.accounts ?? []) {
    const how = a.roleArn ? ` through ${one(a.roleArn)}` : '';
    const state = a.status === 'error' ? c.red(`not reached: ${one(a.reason ?? 'unknown reason')}`) : plural(a.resources, 'resource');
    out.push(...labelled('account', `${one(a.id)}${how}: ${state}`, 2, ctx, true));
  }
  if (report.region) out.push(...labelled('region', one(report.region), 2, ctx));
  out.push(...labelled('started', one(report.startedAt), 2, ctx));
  out.push('');

  const groups = groupByResource(report);
  if (groups.length === 0) out.push('No AWS resource to verify.', '');
  if (ctx.verbose) {
    for (const g of groups) out.push(...groupLines(g, ctx), '');
    out.push(...unrecognisedLines(report, ctx));
    const calls = Object.entries(report.apiCalls ?? {}).sort(([a], [b]) => byCodeUnit(a, b));
    out.push(c.bold('API calls'));
    if (calls.length === 0) out.push(`  ${c.dim('none')}`);
    const w = Math.max(0, ...calls.map(([a]) => charCount(one(a))));
    for (const [action, n] of calls) out.push(`  ${one(action).padEnd(w)}  ${one(n)}`);
    out.push('');
  } else {
    // A check skipped for every resource with one reason (required tags, none configured) takes
    // one line for the run, not one per resource.
    const wide = runWideSkips(report);
    const own = groups.map((g) => ({ ...g, results: g.results.filter((r) => !wide.has(r.checkId)) }));
    const passed = own.filter((g) => g.results.length > 0 && g.results.every((r) => r.status === 'pass'));
    const bare = own.filter((g) => g.results.length === 0);
    const failing = own.filter((g) => g.results.length > 0 && groupRank(g) <= 1);
    const skipped = own.filter((g) => !passed.includes(g) && !bare.includes(g) && !failing.includes(g));
    if (!options.quiet) {
      for (const g of [...passed, ...bare]) out.push(g.results.length === 0 && wide.size > 0 && groups.find((x) => x.ref === g.ref)!.results.length > 0 ? `${c.yellow('SKIP')}  ${one(g.ref.type)} ${one(g.ref.id)}` : compactLine(g, ctx));
      if (passed.length + bare.length > 0) out.push('');
    }
    for (const [checkId, message] of wide) out.push(...wrapLine(`${one(checkId)}, every resource: ${one(message)}`, width - DETAIL_INDENT).map((l, i) => (i === 0 ? `${statusWord('skipped', c)}  ${l}` : `${pad(DETAIL_INDENT)}${l}`)), '');
    for (const g of skipped) out.push(...groupLines(g, ctx), '');
    out.push(...unrecognisedLines(report, ctx));
    for (const g of failing) out.push(...groupLines(g, ctx), '');
  }

  out.push(...fleetLines(report, { bold: (t) => c.bold(t), dim: (t) => c.dim(t), width }));
  out.push(...accountingLines(report, { bold: (t) => c.bold(t), dim: (t) => c.dim(t), width }));
  out.push(...summaryLines(report, s, ctx));
  out.push('');

  const v = verdict(report.exitCode, s);
  const style = v.word === 'PASS' ? c.green.bold : v.word === 'FAIL' || v.word === 'ERROR' ? c.red.bold : c.yellow.bold;
  out.push(`${style(v.word)}: ${v.text}`);
  return `${out.join('\n')}\n`;
}
