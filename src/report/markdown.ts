/**
 * The Markdown summary, for a CI run's page (GitHub's step summary) or a pull-request comment.
 * Pure. The verdict and counts come first, then a table of failures and errors (resource,
 * check, the framework controls it implements, the evidence that decided it, the fix) with the
 * controls' titles beneath, then the resources without a check. Long lists
 * fold into `<details>`.
 *
 * Every string from outside (ids, keys, messages, evidence) is escaped: HTML special characters
 * become entities and the Markdown characters that start emphasis, code, links, images, headings
 * or table cells are backslash-escaped (and a leading list or heading marker), so a value can
 * neither open a tag nor a link, nor break the table.
 */
import type { ResourceRef, Result } from '../types.js';
import { sourceText } from './accounting.js';
import { compactJson } from './json.js';
import { accountsOf, resourcesBySource, unjudged } from './locate.js';
import { driftLine } from './accounting.js';
import { summarise, type RunReport } from './model.js';
import { stripControl } from './sanitize.js';
import { formatDuration, verdict } from './console.js';
import { accountText, duplicateText, fleetRows, rowCounts, rowWord, showsFleet, spansAccounts } from './fleet.js';
import { compareControlIds, controlRefs, frameworkData, FRAMEWORKS, type ControlRef } from '../engine/frameworks.js';

/** Rows shown before the rest folds into `<details>`. */
export const MARKDOWN_OPEN_ROWS = 20;
/** Longest evidence shown in a table cell, in characters; the JSON report has it all. */
const EVIDENCE_CELL_CHARS = 300;

/** Outside text as inert Markdown on one line. */
export function mdText(s: unknown): string {
  return stripControl(String(s ?? ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#!|~])/g, '\\$1')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

function cut(s: string, n: number): string {
  const chars = Array.from(s);
  return chars.length <= n ? s : `${chars.slice(0, n).join('')}… (${chars.length - n} more chars)`;
}

function evidenceCell(r: Result): string {
  const entries = Object.entries((r.evidence ?? {}) as Record<string, unknown>);
  if (entries.length === 0) return '–';
  return entries.map(([k, v]) => `${mdText(k)}: ${mdText(cut(compactJson(v), EVIDENCE_CELL_CHARS))}`).join('<br>');
}

/** A result's framework controls in a table cell: `fsbp:S3.8<br>cis-3.0:2.1.4`, or `–`. */
function controlsCell(r: Result): string {
  const tags = controlRefs(r.controls).map((c) => mdText(c.tag));
  return tags.length ? tags.join('<br>') : '–';
}

/** The controls the failures and errors fall under, each with its published title and the checks that failed it. */
function controlsTable(bad: readonly Result[]): string[] {
  const byTag = new Map<string, { ref: ControlRef; checks: Set<string> }>();
  for (const r of bad) {
    for (const ref of controlRefs(r.controls)) {
      const seen = byTag.get(ref.tag) ?? { ref, checks: new Set<string>() };
      seen.checks.add(r.checkId);
      byTag.set(ref.tag, seen);
    }
  }
  if (byTag.size === 0) return [];
  const order = (a: ControlRef, b: ControlRef) => FRAMEWORKS.indexOf(a.framework) - FRAMEWORKS.indexOf(b.framework) || compareControlIds(a.id, b.id);
  const rows = [...byTag.values()]
    .sort((a, b) => order(a.ref, b.ref))
    .map(({ ref, checks: ids }) => `| ${mdText(`${frameworkData()[ref.framework].short} ${ref.id}`)} | ${ref.title ? mdText(ref.title) : '–'} | ${[...ids].map(mdText).join('<br>')} |`);
  return [`#### Controls these fall under (${rows.length})`, '', ...folded(`${rows.length - MARKDOWN_OPEN_ROWS} more`, rows, ['| control | title | checks |', '|---|---|---|']), ''];
}

const STATUS: Record<string, string> = { fail: 'FAIL', error: 'ERROR' };
const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

function folded(summary: string, rows: string[], header: string[]): string[] {
  if (rows.length <= MARKDOWN_OPEN_ROWS) return [...header, ...rows];
  return [
    ...header,
    ...rows.slice(0, MARKDOWN_OPEN_ROWS),
    '',
    `<details><summary>${summary}</summary>`,
    '',
    ...header,
    ...rows.slice(MARKDOWN_OPEN_ROWS),
    '',
    '</details>',
  ];
}

/**
 * Where a resource was named: its output keys, then the state addresses and stack logical ids that
 * named it (`state module.data.aws_s3_bucket.raw (terraform.tfstate:12)`), else what uses it.
 */
function namedBy(r: ResourceRef): string {
  const from = [...r.keys.map(mdText), ...(r.sources ?? []).filter((s) => s.kind !== 'outputs').map((s) => mdText(sourceText(s)))];
  if (from.length > 0) return from.join(', ');
  return r.usedBy?.length ? `in use by ${r.usedBy.map(mdText).join(', ')}` : '–';
}

/** By account, each stack's run with its counts, and the resources several reports verified; nothing for a run in one account. */
function fleetMarkdown(report: RunReport): string[] {
  if (!showsFleet(report)) return [];
  const rows = fleetRows(report).map(
    (r) => `| ${mdText(r.account)} | ${r.file ? `${mdText(r.file)}: ` : ''}${mdText(r.what)} | ${rowWord(r)} | ${mdText(rowCounts(r))} |`,
  );
  const out = ['### By account and stack', '', ...folded(`${rows.length - MARKDOWN_OPEN_ROWS} more`, rows, ['| account | run | | resources and results |', '|---|---|---|---|']), ''];
  const duplicates = report.merge?.duplicates ?? [];
  if (duplicates.length > 0) {
    out.push(`<details><summary>Verified by more than one report (${duplicates.length}): each counted once, the worse result kept</summary>`, '');
    for (const d of duplicates) out.push(`- ${mdText(duplicateText(d))}`);
    out.push('', '</details>', '');
  }
  return out;
}

/** The summary for one run. Ends with a newline. */
export function toMarkdown(report: RunReport): string {
  const s = summarise(report);
  const v = verdict(report.exitCode, s);
  const icon = v.word === 'PASS' ? '✅' : v.word === 'FAIL' || v.word === 'ERROR' ? '❌' : '⚠️';
  const out: string[] = [];
  out.push(`## ${icon} postflight: ${v.word}`, '', v.text, '');
  out.push(
    `| checks run | resources | passed | failed | errors | skipped | unrecognised outputs | duration |`,
    `|---:|---:|---:|---:|---:|---:|---:|---:|`,
    `| ${s.checks} | ${s.resources} | ${s.pass} | ${s.fail} | ${s.error} | ${s.skipped} | ${s.unrecognised} | ${formatDuration(report.durationMs)} |`,
    '',
  );
  const accounts = accountsOf(report);
  const sources = resourcesBySource(report)
    .map((x) => `${mdText(x.origin)} (${mdText(x.format)}, ${x.resources} resource${x.resources === 1 ? '' : 's'})`)
    .join(', ');
  const what = report.merge ? `Merged ${report.merge.inputs.length} report${report.merge.inputs.length === 1 ? '' : 's'}` : `Sources: ${sources}`;
  out.push(
    `${what}${report.region ? ` · region ${mdText(report.region)}` : ''}${accounts.length && !report.merge ? ` · account ${accounts.map(mdText).join(', ')}` : ''} · started ${mdText(report.startedAt)} · ${mdText(report.tool.name)} ${mdText(report.tool.version)}`,
    '',
  );
  const drift = driftLine(report);
  if (drift) out.push(`Drift: ${mdText(drift)}`, '');
  out.push(...fleetMarkdown(report));

  const bad = report.results
    .filter((r) => r.status === 'fail' || r.status === 'error')
    .sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1) || (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9));
  const spans = spansAccounts(report);
  const inAccount = (r: Result['resource']) => (spans ? ` (${mdText(accountText(r, true))})` : '');
  if (bad.length > 0) {
    out.push(`### Failures and errors (${bad.length})`, '');
    const rows = bad.map(
      (r) =>
        `| ${STATUS[r.status]} | ${mdText(r.severity)} | ${mdText(r.resource.type)} ${mdText(r.resource.id)}${inAccount(r.resource)} | ${mdText(r.checkId)}: ${mdText(r.message)} | ${controlsCell(r)} | ${evidenceCell(r)} | ${mdText(r.remediation)} |`,
    );
    out.push(...folded(`${bad.length - MARKDOWN_OPEN_ROWS} more`, rows, ['| | severity | resource | check | controls | evidence | fix |', '|---|---|---|---|---|---|---|']), '');
    out.push(...controlsTable(bad));
  }

  const { noCheck, notSelected } = unjudged(report);
  const unjudgedTable = (title: string, why: string, refs: ResourceRef[]) => {
    if (refs.length === 0) return;
    out.push(`### ${title} (${refs.length})`, '', why, '');
    const rows = refs.map((r) => `| ${mdText(r.type)} | ${mdText(r.id)}${inAccount(r)} | ${namedBy(r)} |`);
    out.push(...folded(`${refs.length - MARKDOWN_OPEN_ROWS} more`, rows, ['| type | id | named by |', '|---|---|---|']), '');
  };
  unjudgedTable('Resources without a check', 'Named by the stack, but no check applies to them: they are not verified.', noCheck);
  unjudgedTable('Resources whose checks were not selected', 'Checks exist for them, but this run did not select those (--framework, --only, --skip or the config): they are not verified this time.', notSelected);

  if (report.unrecognised.length > 0) {
    const redacted = new Set(report.redacted ?? []);
    out.push(`<details><summary>Unrecognised outputs (${report.unrecognised.length}): not verified</summary>`, '');
    const reasons = report.unrecognisedReasons ?? {};
    for (const k of report.unrecognised) out.push(`- ${mdText(k)}${redacted.has(k) ? ' (value redacted: it looks like a secret)' : ''}${reasons[k] ? `: ${mdText(reasons[k])}` : ''}`);
    out.push('', '</details>', '');
  }
  if ((report.unplaced ?? []).length > 0) {
    out.push(`<details><summary>State or stack entries not placed (${report.unplaced!.length}): not verified</summary>`, '');
    for (const u of report.unplaced!) out.push(`- ${mdText(u.name)}${u.providerType ? ` (${mdText(u.providerType)})` : ''} in ${mdText(u.origin)}: ${mdText(u.reason)}`);
    out.push('', '</details>', '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
