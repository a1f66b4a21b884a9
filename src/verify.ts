/**
 * One run of `verify`, as its stages: plan (config, checks, params, waivers) → gather (sources/)
 * → collect (collect/) → judge (engine/) → report (report/). Each stage is a function in the
 * folder that owns it; this file only strings them together. Returns the exit code; the stages
 * throw typed errors for bad input, which only the CLI turns into messages.
 *
 * The command line imports this module (not run.ts), so that a run loads no more than it uses.
 */
import { planRun, awsSettings, runScopes, sourcePlan, type CommonOptions, type VerifyOptions } from './plan/plan.js';
import { loadConfig } from './config/load.js';
import { judge } from './engine/judge.js';
import { prefetch } from './bundle.js';

export async function verify(opts: VerifyOptions): Promise<number> {
  // The modules of the stages after planning start loading now, while the config, checks and
  // sources are read, so that the first AWS call waits on nothing but the sources.
  prefetch([() => import('./sources/stage.js'), () => import('./collect/stage.js'), () => import('./collect/index.js'), () => import('./report/progress.js')]);
  const plan = await planRun(opts);
  const { gatherRun } = await import('./sources/stage.js');
  const gathered = await gatherRun(plan, opts);
  const { collectRun } = await import('./collect/stage.js');
  // The report modules load while the AWS calls are in flight, once the collectors have loaded.
  let reporters: ReturnType<typeof import('./report/stage.js').loadReporters> | undefined;
  const collected = await collectRun(plan, gathered, {
    ...(opts.progress ? { progress: opts.progress } : {}),
    env: opts.env,
    now: opts.now,
    onLoaded: () => {
      reporters = import('./report/stage.js').then((m) => m.loadReporters());
      reporters.catch(() => undefined); // awaited below; not left unhandled if collection fails first
    },
  });
  const results = judge(plan, collected);
  const times = { started: plan.started, read: gathered.readAt ?? gathered.discoveredAt, discovered: gathered.discoveredAt, collected: collected.collectedAt, judged: opts.now() };
  const { loadReporters, runReport, renderReports, writeRendered } = await import('./report/stage.js');
  const report = runReport(plan.checks, gathered, collected, results, times, opts.now());
  const r = await (reporters ?? loadReporters());
  const rendered = await renderReports(plan, report, r, opts.now);
  await writeRendered(rendered, r);
  opts.out(rendered.console);
  return report.exitCode;
}

/** `postflight discover`: what each source gave, without calling AWS (except to list a `--stack`). */
export async function discoverCommand(opts: CommonOptions & { json: boolean }): Promise<number> {
  const loaded = await loadConfig(opts.config, opts.cwd);
  const sources = sourcePlan(opts, loaded);
  const { gatherRun } = await import('./sources/stage.js');
  const found = await gatherRun({ sources, scopes: runScopes(opts, loaded, sources), aws: awsSettings(opts, loaded.config) }, { err: opts.err, now: () => new Date(), refuseEmpty: false });
  const { renderDiscovery } = await import('./sources/show.js');
  opts.out(renderDiscovery(found, opts.json));
  return 0;
}
