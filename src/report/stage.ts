/**
 * The report stage: the run as one `RunReport`, every report rendered from it, then every report
 * written. Rendering all before writing any means a rendering fault leaves no report behind; each
 * file is written atomically.
 */
import type { RunPlan } from '../plan/plan.js';
import { version } from '../version.js';
import { EVERY_TYPE, type ResourceRef, type Result } from '../types.js';
import type { GatheredRun } from '../sources/stage.js';
import { exitCodeFor, type AccountOutcome, type RunReport } from './model.js';
import { stripControl } from './sanitize.js';
import type { ReportFile } from './write.js';

/** The renderers and the writer, loaded one after another (they share modules). */
export async function loadReporters() {
  const { renderConsole } = await import('./console.js');
  const { toJUnitXml } = await import('./junit.js');
  const { toJson } = await import('./json.js');
  const { renderExtraReports, outputKeyLines } = await import('./extra.js');
  const { toHtml } = await import('./html.js');
  const { writeReports, appendStepSummary } = await import('./write.js');
  return { renderConsole, toJUnitXml, toJson, renderExtraReports, outputKeyLines, toHtml, writeReports, appendStepSummary };
}
export type Reporters = Awaited<ReturnType<typeof loadReporters>>;

/** When each stage ended, by the run's clock. */
export interface StageTimes {
  started: Date;
  read: Date;
  discovered: Date;
  collected: Date;
  judged: Date;
}

/** API calls of the collectors and of reading the stacks, by IAM action. */
function mergeCalls(...maps: ReadonlyArray<ReadonlyMap<string, number>>): Record<string, number> {
  const all = new Map<string, number>();
  for (const m of maps) for (const [k, n] of m) all.set(k, (all.get(k) ?? 0) + n);
  return Object.fromEntries([...all.entries()].sort());
}

/** Everything the run found, as the one plain record every report renders. */
export function runReport(
  checks: RunPlan['checks'],
  gathered: GatheredRun & { accounts?: AccountOutcome[] },
  collected: { resources: ResourceRef[]; calls: ReadonlyMap<string, number>; engines?: import('../drift/settings.js').EngineRun[] },
  results: Result[],
  times: StageTimes,
  now: Date,
): RunReport {
  const ms = (a: Date, b: Date) => b.getTime() - a.getTime();
  return {
    tool: { name: 'postflight', version: version() },
    startedAt: times.started.toISOString(),
    durationMs: ms(times.started, now),
    outputsFile: gathered.outputsPath,
    format: gathered.format,
    ...(gathered.region ? { region: gathered.region } : {}),
    resources: collected.resources,
    results,
    unrecognised: gathered.unrecognised,
    redacted: gathered.redacted,
    unrecognisedReasons: gathered.unrecognisedReasons,
    apiCalls: mergeCalls(collected.calls, gathered.calls),
    sources: gathered.sources,
    unplaced: gathered.unplaced,
    // The types the checks the run did not select apply to: their resources read "not selected", not "without a check".
    unselectedTypes: [...new Set(checks.all.filter((c) => !checks.selected.includes(c)).flatMap((c) => c.check.appliesTo))].filter((t) => t !== EVERY_TYPE),
    everyTypeChecks: checks.selected.filter((c) => c.check.appliesTo.includes(EVERY_TYPE)).map((c) => c.check.id),
    phasesMs: {
      read: ms(times.started, times.read),
      discover: ms(times.read, times.discovered),
      collect: ms(times.discovered, times.collected),
      evaluate: ms(times.collected, times.judged),
    },
    ...(gathered.accounts ? { accounts: gathered.accounts.map((a) => ({ ...a, resources: collected.resources.filter((r) => r.account === a.id).length })) } : {}),
    exitCode: exitCodeFor(results, gathered.accounts),
    ...(collected.engines ? { drift: { engines: collected.engines.map((e) => ({ ...e })) } } : {}),
  };
}

export interface RenderedRun {
  files: ReportFile[];
  /** The Markdown summary, when the step summary wants it. */
  stepSummary?: { path: string; markdown: string };
  console: string;
}

/** What rendering needs of a run's plan: where each report goes, how the console looks, the working folder. */
export type ReportPlan = Pick<RunPlan, 'reports' | 'console'> & { sources: Pick<RunPlan['sources'], 'cwd'> };

/**
 * Every report rendered, none written. The report phase is the time to render them all; the two
 * reports that show it (JSON, HTML) are rendered again with it.
 */
export async function renderReports(plan: ReportPlan, report: RunReport, r: Reporters, now: () => Date): Promise<RenderedRun> {
  const targets = plan.reports;
  const extra: import('./extra.js').ExtraReports = {
    cwd: plan.sources.cwd,
    ...(targets.sarif ? { sarif: targets.sarif } : {}),
    ...(targets.markdown || targets.stepSummary ? { markdown: targets.markdown } : {}),
    ...(targets.html ? { html: targets.html } : {}),
    ...(targets.codequality ? { codequality: targets.codequality } : {}),
  };
  if (targets.sarif || targets.html || targets.codequality) {
    const keyLines = await r.outputKeyLines(report, plan.sources.cwd);
    if (keyLines) extra.keyLines = keyLines;
  }
  const start = now();
  const junit = r.toJUnitXml(report);
  r.toJson(report);
  const first = r.renderExtraReports(report, extra);
  report.phasesMs = { ...report.phasesMs, report: now().getTime() - start.getTime() };
  const html = (f: ReportFile) => (f.path === extra.html ? { path: f.path, content: r.toHtml(report, extra.keyLines ? { keyLines: extra.keyLines } : {}) } : f);
  const files = [{ path: targets.junit, content: junit }, { path: targets.json, content: r.toJson(report) }, ...first.files.map(html)];
  const reportsLine = `Reports: ${files.map((f) => stripControl(f.path)).join(', ')}${targets.stepSummary ? ' (and the step summary)' : ''}\n`;
  return {
    files,
    ...(targets.stepSummary && first.markdown !== undefined ? { stepSummary: { path: targets.stepSummary, markdown: first.markdown } } : {}),
    console: r.renderConsole(report, plan.console) + reportsLine,
  };
}

/** Writes every rendered report (each atomically), then appends the step summary. */
export async function writeRendered(rendered: RenderedRun, r: Reporters): Promise<void> {
  await r.writeReports(rendered.files);
  if (rendered.stepSummary) await r.appendStepSummary(rendered.stepSummary.path, rendered.stepSummary.markdown);
}
