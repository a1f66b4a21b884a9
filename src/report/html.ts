/**
 * The HTML audit report: one self-contained file (no external script, font, style or image),
 * readable offline and printable. The run's facts, the counts, a resources × checks matrix
 * coloured by status, each failure and error with its evidence, framework controls and
 * remediation, the checks with their controls, the resources without a check, and the run's
 * statistics. Filters by status and family need a few lines of
 * inline script; without it every row is shown.
 *
 * Pure. Every string from outside (outputs, state, AWS, custom checks) goes through `esc`, in
 * text and in quoted attributes alike, and none is ever put in an `href`, `src`, `style` or
 * script: a hostile value stays text.
 */
import type { Result, Status } from '../types.js';
import { resourceKey } from '../types.js';
import { compactJson } from './json.js';
import { accountsOf, regionsOf, resourcesBySource, sourcesOf, unjudged, withoutCheck } from './locate.js';
import { driftLine } from './accounting.js';
import { summarise, type RunReport } from './model.js';
import { stripControl } from './sanitize.js';
import { formatDuration, verdict } from './console.js';
import { accountText, duplicateText, fleetRows, rowCounts, rowWord, showsFleet, spansAccounts } from './fleet.js';
import { controlRefs, frameworkData } from '../engine/frameworks.js';
import { byCodeUnit } from '../compare.js';

/** Longest evidence value shown, in characters; the JSON report holds it all. */
const EVIDENCE_CHARS = 2000;

/** Outside text, safe in HTML text and in a double- or single-quoted attribute. */
export function esc(s: unknown): string {
  return stripControl(String(s ?? ''), { multiline: true })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A token for a class or data attribute: letters, digits and hyphens only. */
const token = (s: unknown): string => String(s ?? '').toLowerCase().replace(/[^a-z0-9-]/g, '-') || 'none';

const WORD: Record<Status, string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skipped: 'SKIP' };
const STATUS_ORDER: Status[] = ['fail', 'error', 'skipped', 'pass'];

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:1rem 1.5rem;color:#1b1f24}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #d0d7de}h3{font-size:1rem;margin:.2rem 0}
table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:.2rem .45rem;text-align:left;vertical-align:top}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.verdict{font-size:1.1rem;font-weight:600;padding:.4rem .7rem;border-radius:4px;display:inline-block}
.s-pass{background:#dafbe1}.s-fail{background:#ffd8d3}.s-error{background:#fff1c2}.s-skipped{background:#eaeef2}.s-none{background:#fff}
.matrix-wrap{overflow-x:auto}.matrix th.check{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:500}
.matrix td{text-align:center;font-size:.8rem;font-weight:600}
.finding{border:1px solid #d0d7de;border-left:6px solid #cf222e;border-radius:4px;padding:.5rem .8rem;margin:.6rem 0;break-inside:avoid}
.finding.s-error{border-left-color:#bf8700}.finding dl{margin:.3rem 0}.finding dt{font-weight:600}.finding dd{margin:0 0 .3rem 1rem}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;white-space:pre-wrap;word-break:break-all}
.filters{margin:.5rem 0;display:flex;gap:1.5rem;flex-wrap:wrap}.filters fieldset{border:1px solid #d0d7de}
.muted{color:#57606a}.control{white-space:nowrap;border-bottom:1px dotted #57606a}ul.controls{margin:0;padding-left:1.1rem}
@media print{.filters{display:none}body{max-width:none;padding:0}a{color:inherit}}
`;

const SCRIPT = `(function(){var f=document.getElementById('filters');if(!f)return;f.hidden=false;
function on(n){var m={};f.querySelectorAll('input[name="'+n+'"]').forEach(function(i){m[i.value]=i.checked});return m}
function any(el,a,m){return (el.getAttribute(a)||'').split(' ').some(function(v){return m[v]})}
function apply(){var s=on('status'),fa=on('family');document.querySelectorAll('[data-status]').forEach(function(el){el.hidden=!(any(el,'data-status',s)&&any(el,'data-family',fa))})}
f.addEventListener('change',apply);apply()})();`;

function statusCounts(results: readonly Result[]): Status[] {
  const seen = new Set(results.map((r) => r.status));
  return STATUS_ORDER.filter((s) => seen.has(s));
}

function evidenceHtml(r: Result): string {
  const entries = Object.entries((r.evidence ?? {}) as Record<string, unknown>);
  if (entries.length === 0) return '';
  const items = entries.map(([k, v]) => {
    const chars = Array.from(compactJson(v));
    const shown = chars.length > EVIDENCE_CHARS ? `${chars.slice(0, EVIDENCE_CHARS).join('')}… (${chars.length - EVIDENCE_CHARS} more chars; the JSON report holds the full value)` : chars.join('');
    return `<dt>${esc(k)}</dt><dd><code>${esc(shown)}</code></dd>`;
  });
  return `<dt>Evidence</dt><dd><dl class="evidence">${items.join('')}</dl></dd>`;
}

/** What the header of a check's matrix column says on hover: its title and its controls, each with its title. */
function checkTooltip(r: Result): string {
  const controls = controlRefs(r.controls).map((c) => `${c.tag}${c.title ? ` ${c.title}` : ''}`);
  return [r.title, ...(controls.length ? [`controls: ${controls.join('; ')}`] : [])].join('\n');
}

/** A result's controls as tags, each with its published title on hover; `none` or `not mapped` without. */
function controlTags(r: Result): string {
  const refs = controlRefs(r.controls);
  if (refs.length === 0) return `<span class="muted">${r.controls ? 'none' : 'not mapped'}</span>`;
  return refs.map((c) => `<span class="control"${c.title ? ` title="${esc(c.title)}"` : ''}>${esc(c.tag)}</span>`).join(' ');
}

/** The controls of a failure or error, each with its published title. */
function controlsHtml(r: Result): string {
  const refs = controlRefs(r.controls);
  if (refs.length === 0) return '';
  const items = refs.map((c) => `<li>${esc(frameworkData()[c.framework].short)} <code>${esc(c.id)}</code>${c.title ? `: ${esc(c.title)}` : ''}</li>`);
  return `<dt>Controls</dt><dd><ul class="controls">${items.join('')}</ul></dd>`;
}

/** The audit report for one run. Ends with a newline. */
export interface HtmlOptions {
  /** Lines of output keys in the outputs file, for resources whose sources carry no line. */
  keyLines?: ReadonlyMap<string, number>;
}

export function toHtml(report: RunReport, options: HtmlOptions = {}): string {
  const s = summarise(report);
  const v = verdict(report.exitCode, s);
  const vClass = v.word === 'PASS' ? 's-pass' : v.word === 'FAIL' || v.word === 'ERROR' ? 's-fail' : 's-error';
  const h: string[] = [];
  h.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">');
  h.push(`<title>postflight audit report: ${esc(v.word)}</title>`, `<style>${CSS}</style>`, '</head>', '<body>');
  h.push('<header>', `<h1>postflight audit report</h1>`, `<p class="verdict ${vClass}" id="verdict">${esc(v.word)}: ${esc(v.text)}</p>`, '</header>');

  // The run's facts.
  // A merged report, or a run across accounts, names the accounts it reached; a run in one account, those its ARNs name.
  const accounts = report.accounts?.length ? report.accounts.map((a) => a.id) : accountsOf(report);
  const spans = spansAccounts(report);
  const inAccount = (ref: Result['resource']) => (spans ? ` <span class="muted">${esc(accountText(ref, true))}</span>` : '');
  const regions = regionsOf(report);
  const sources = resourcesBySource(report);
  h.push('<section id="run">', '<h2>Run</h2>', '<dl class="facts">');
  const fact = (k: string, val: string) => h.push(`<dt>${k}</dt><dd>${val}</dd>`);
  fact('Started', `<time datetime="${esc(report.startedAt)}">${esc(report.startedAt)}</time>`);
  fact('Duration', esc(formatDuration(report.durationMs)));
  fact('Tool', `${esc(report.tool.name)} ${esc(report.tool.version)}`);
  fact('Account', accounts.length ? accounts.map(esc).join(', ') : '<span class="muted">not named by any ARN of the stack</span>');
  fact('Region', regions.length ? regions.map(esc).join(', ') : '<span class="muted">unknown</span>');
  fact('Sources', `<ul>${sources.map((x) => `<li>${esc(x.origin)} <span class="muted">(${esc(x.kind)}, ${esc(x.format)}; ${x.resources} resource${x.resources === 1 ? '' : 's'})</span></li>`).join('')}</ul>`);
  if (report.merge) fact('Merged', `${report.merge.inputs.length} report${report.merge.inputs.length === 1 ? '' : 's'}`);
  const drift = driftLine(report);
  if (drift) fact('Drift', esc(drift));
  fact('Exit code', String(report.exitCode));
  h.push('</dl>', '</section>');

  // By account and stack.
  if (showsFleet(report)) {
    h.push('<section id="accounts">', '<h2>Accounts and stacks</h2>', '<table class="accounts"><thead><tr><th>account</th><th>run</th><th></th><th>resources and results</th></tr></thead><tbody>');
    for (const r of fleetRows(report)) {
      const word = rowWord(r);
      const cls = word === 'PASS' ? 's-pass' : word === 'FAIL' ? 's-fail' : 's-error';
      h.push(`<tr><td>${esc(r.account)}</td><td>${r.file ? `<code>${esc(r.file)}</code><br>` : ''}${esc(r.what)}</td><td class="${cls}">${word}</td><td>${esc(rowCounts(r))}</td></tr>`);
    }
    h.push('</tbody></table>');
    const duplicates = report.merge?.duplicates ?? [];
    if (duplicates.length) {
      h.push(`<h3>Verified by more than one report (${duplicates.length})</h3>`, '<p class="muted">Each is counted once; where the reports differ, the worse result is kept.</p><ul>');
      for (const d of duplicates) h.push(`<li>${esc(duplicateText(d))}</li>`);
      h.push('</ul>');
    }
    h.push('</section>');
  }

  // Counts.
  h.push('<section id="summary">', '<h2>Summary</h2>', '<table class="counts"><thead><tr>');
  const counts: Array<[string, number, string]> = [
    ['checks run', s.checks, ''],
    ['resources', s.resources, ''],
    ['passed', s.pass, 's-pass'],
    ['failed', s.fail, 's-fail'],
    ['errors', s.error, 's-error'],
    ['skipped', s.skipped, 's-skipped'],
    ['unrecognised outputs', s.unrecognised, ''],
  ];
  h.push(counts.map(([k]) => `<th>${k}</th>`).join(''), '</tr></thead><tbody><tr>');
  h.push(counts.map(([, n, c]) => `<td${c && n > 0 ? ` class="${c}"` : ''}>${n}</td>`).join(''), '</tr></tbody></table>', '</section>');

  // Filters (shown by the script; without it everything is shown).
  const families = [...new Set(report.results.map((r) => token(r.family ?? 'custom')))].sort();
  const statuses = [...statusCounts(report.results), ...(withoutCheck(report).length ? (['none'] as const) : [])];
  h.push('<form id="filters" class="filters" hidden>');
  h.push(`<fieldset><legend>Status</legend>${statuses.map((st) => `<label><input type="checkbox" name="status" value="${st}" checked> ${st === 'none' ? 'no check' : WORD[st]}</label>`).join(' ')}</fieldset>`);
  h.push(`<fieldset><legend>Family</legend>${[...families, ...(statuses.includes('none') ? ['none'] : [])].map((fa) => `<label><input type="checkbox" name="family" value="${fa}" checked> ${fa === 'none' ? 'no check' : fa}</label>`).join(' ')}</fieldset>`);
  h.push('</form>');

  // The matrix.
  const checkIds = [...new Set(report.results.map((r) => r.checkId))].sort();
  const byResource = new Map<string, { ref: Result['resource']; cells: Map<string, Result> }>();
  for (const ref of report.resources) byResource.set(resourceKey(ref), { ref, cells: new Map() });
  for (const r of report.results) {
    const k = resourceKey(r.resource);
    if (!byResource.has(k)) byResource.set(k, { ref: r.resource, cells: new Map() });
    const cells = byResource.get(k)!.cells;
    const prev = cells.get(r.checkId);
    if (!prev || STATUS_ORDER.indexOf(r.status) < STATUS_ORDER.indexOf(prev.status)) cells.set(r.checkId, r);
  }
  const rank = (cells: Map<string, Result>) => Math.min(4, ...[...cells.values()].map((r) => STATUS_ORDER.indexOf(r.status)));
  const rows = [...byResource.values()].sort((a, b) => rank(a.cells) - rank(b.cells));
  h.push('<section id="matrix">', `<h2>Resources × checks</h2>`);
  h.push('<div class="matrix-wrap"><table class="matrix"><thead><tr><th>Resource</th>');
  const firstOf = new Map<string, Result>();
  for (const r of report.results) if (!firstOf.has(r.checkId)) firstOf.set(r.checkId, r);
  h.push(checkIds.map((id) => `<th class="check" scope="col" title="${esc(checkTooltip(firstOf.get(id)!))}">${esc(id)}</th>`).join(''), '</tr></thead><tbody>');
  for (const { ref, cells } of rows) {
    const rs = [...cells.values()];
    const st = rs.length ? [...new Set(rs.map((r) => r.status))].join(' ') : 'none';
    const fa = rs.length ? [...new Set(rs.map((r) => token(r.family ?? 'custom')))].join(' ') : 'none';
    h.push(`<tr data-status="${st}" data-family="${fa}"><th scope="row">${esc(ref.type)} <code>${esc(ref.id)}</code>${ref.region ? ` <span class="muted">${esc(ref.region)}</span>` : ''}${inAccount(ref)}</th>`);
    h.push(
      checkIds
        .map((id) => {
          const r = cells.get(id);
          return r ? `<td class="s-${r.status}" title="${esc(`${r.checkId}: ${r.message}`)}">${WORD[r.status]}</td>` : '<td class="s-none"></td>';
        })
        .join(''),
      '</tr>',
    );
  }
  h.push('</tbody></table></div>', '</section>');

  // Failures and errors, in full.
  const bad = report.results.filter((r) => r.status === 'fail' || r.status === 'error').sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  h.push('<section id="findings">', `<h2>Failures and errors (${bad.length})</h2>`);
  if (bad.length === 0) h.push('<p class="muted">None.</p>');
  for (const r of bad) {
    const named = sourcesOf(r.resource, report, options.keyLines).map((src) => `${src.origin}: ${src.name}${src.line ? ` (line ${src.line})` : ''}`);
    h.push(`<article class="finding s-${r.status}" data-status="${r.status}" data-family="${token(r.family ?? 'custom')}">`);
    h.push(`<h3>${WORD[r.status]} [${esc(r.severity)}] ${esc(r.checkId)}: ${esc(r.title)}</h3>`);
    h.push('<dl>');
    h.push(`<dt>Resource</dt><dd>${esc(r.resource.type)} <code>${esc(r.resource.id)}</code>${r.resource.region ? ` (${esc(r.resource.region)})` : ''}${inAccount(r.resource)}${r.resource.arn ? `<br><code>${esc(r.resource.arn)}</code>` : ''}</dd>`);
    if (named.length) h.push(`<dt>Named by</dt><dd>${named.map(esc).join('<br>')}</dd>`);
    if (r.resource.usedBy?.length) h.push(`<dt>In use by</dt><dd>${r.resource.usedBy.map(esc).join(', ')}</dd>`);
    h.push(`<dt>${r.status === 'error' ? 'Why it could not be verified' : 'Finding'}</dt><dd>${esc(r.message)}</dd>`);
    h.push(evidenceHtml(r));
    h.push(controlsHtml(r));
    h.push(`<dt>Remediation</dt><dd>${esc(r.remediation)}</dd>`);
    h.push('</dl>', '</article>');
  }
  h.push('</section>');

  // The checks that ran, each with the framework controls it implements.
  h.push('<section id="checks">', `<h2>Checks and their controls (${checkIds.length})</h2>`);
  h.push('<table class="checks"><thead><tr><th>check</th><th>passes when</th><th>controls</th><th>results</th></tr></thead><tbody>');
  for (const id of checkIds) {
    const first = firstOf.get(id)!;
    const rs = report.results.filter((r) => r.checkId === id);
    const counts = STATUS_ORDER.map((st) => [st, rs.filter((r) => r.status === st).length] as const).filter(([, n]) => n > 0);
    h.push(
      `<tr><td><code>${esc(id)}</code></td><td>${esc(first.title)}</td><td>${controlTags(first)}</td><td>${counts.map(([st, n]) => `<span class="s-${st}">${n} ${WORD[st]}</span>`).join(' ')}</td></tr>`,
    );
  }
  h.push('</tbody></table>', '</section>');

  const { noCheck, notSelected } = unjudged(report);
  if (noCheck.length) {
    h.push('<section id="without-check">', `<h2>Resources without a check (${noCheck.length})</h2>`, '<p class="muted">Named by the stack; no check applies to them, so they are not verified.</p><ul>');
    for (const r of noCheck) h.push(`<li>${esc(r.type)} <code>${esc(r.id)}</code>${inAccount(r)}</li>`);
    h.push('</ul>', '</section>');
  }
  if (notSelected.length) {
    h.push(
      '<section id="not-selected">',
      `<h2>Resources whose checks were not selected (${notSelected.length})</h2>`,
      '<p class="muted">Checks exist for them, but this run did not select those (--framework, --only, --skip or the config), so they are not verified this time.</p><ul>',
    );
    for (const r of notSelected) h.push(`<li>${esc(r.type)} <code>${esc(r.id)}</code>${inAccount(r)}</li>`);
    h.push('</ul>', '</section>');
  }
  if (report.unrecognised.length || report.unplaced?.length) {
    const redacted = new Set(report.redacted ?? []);
    h.push('<section id="unrecognised">', '<h2>Not verified</h2><ul>');
    const reasons = report.unrecognisedReasons ?? {};
    for (const k of report.unrecognised) h.push(`<li>output ${esc(k)}${redacted.has(k) ? ' <span class="muted">(value redacted: it looks like a secret)</span>' : ''}${reasons[k] ? `: ${esc(reasons[k])}` : ''}</li>`);
    for (const u of report.unplaced ?? []) h.push(`<li>${esc(u.name)}${u.providerType ? ` (${esc(u.providerType)})` : ''} in ${esc(u.origin)}: ${esc(u.reason)}</li>`);
    h.push('</ul>', '</section>');
  }

  // Statistics.
  const calls = Object.entries(report.apiCalls ?? {}).sort(([a], [b]) => byCodeUnit(a, b));
  const total = calls.reduce((n, [, c]) => n + c, 0);
  h.push('<section id="stats">', '<h2>Run statistics</h2>');
  h.push(`<h3>AWS API calls (${total})</h3><table><thead><tr><th>action</th><th>calls</th></tr></thead><tbody>`);
  for (const [a, n] of calls) h.push(`<tr><td><code>${esc(a)}</code></td><td>${esc(n)}</td></tr>`);
  h.push('</tbody></table>');
  const phases = Object.entries(report.phasesMs ?? {});
  if (phases.length) {
    h.push('<h3>Time per phase</h3><table><thead><tr><th>phase</th><th>time</th></tr></thead><tbody>');
    for (const [p, ms] of phases) h.push(`<tr><td>${esc(p)}</td><td>${esc(formatDuration(ms ?? 0))}</td></tr>`);
    h.push('</tbody></table>');
  }
  h.push('</section>');
  h.push(`<script>${SCRIPT}</script>`, '</body>', '</html>');
  return `${h.join('\n')}\n`;
}
