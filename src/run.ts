/**
 * One run: outputs -> discover -> collect -> evaluate -> report. Returns the exit code; throws
 * typed errors for bad input, which only the CLI turns into messages.
 */
import { resolve } from 'node:path';
import { loadConfig, type Config, type LoadedConfig } from './config/config.js';
import { ConfigError, UsageError, InputError } from './errors.js';
import { evaluateAll, factNeeds, type FactSource } from './engine/evaluate.js';
import { loadChecks, type LoadedCheck } from './engine/registry.js';
import { validateParams } from './engine/params.js';
import { readAction } from './engine/reads.js';
import { DEFAULT_AWS_SETTINGS, type AwsSettings } from './collect/settings.js';
import type { CollectContext } from './collect/context.js';
import type { OutputsFormat } from './outputs/parse.js';
import { exitCodeFor, type RunReport } from './report/model.js';
import { stripControl } from './report/sanitize.js';
import { FAMILIES, FAMILY_TITLES, type ResourceRef } from './types.js';
import { version } from './version.js';

export const DEFAULT_OUTPUTS = 'cfn-outputs/flat-outputs.json';
export const DEFAULT_JUNIT = 'reports/junit.xml';
export const DEFAULT_JSON = 'reports/postflight.json';
/** Where GitHub Actions collects a step's Markdown summary; the summary is appended there when set. */
export const STEP_SUMMARY_ENV = 'GITHUB_STEP_SUMMARY';

export interface CommonOptions {
  outputs?: string;
  /** `--state FILE`, repeatable. */
  state?: string[];
  /** `--stack NAME`, repeatable. */
  stack?: string[];
  format?: OutputsFormat;
  config?: string;
  region?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface VerifyOptions extends CommonOptions {
  junit?: string;
  json?: string;
  sarif?: string;
  markdown?: string;
  html?: string;
  /** Every result in full in the console (otherwise an all-pass resource takes one line). */
  verbose?: boolean;
  /** No progress line, and no console line for each resource that passed or has no check. */
  quiet?: boolean;
  /** Where the progress line goes while AWS calls are in flight (a terminal's stderr); none by default. */
  progress?: import('./report/progress.js').ProgressStream;
  profile?: string;
  endpointUrl?: string;
  only: string[];
  skip: string[];
  color: boolean;
  allowEmpty: boolean;
  concurrency?: number;
  callTimeoutMs?: number;
  maxAttempts?: number;
  now: () => Date;
}

async function readAndDiscover(opts: CommonOptions, loaded: LoadedConfig, aws?: (region: string | undefined) => AwsSettings, now?: () => Date) {
  const { config } = loaded;
  const explicitRegion = opts.region ?? config.region ?? opts.env.AWS_REGION ?? opts.env.AWS_DEFAULT_REGION;
  const { gather, majorityRegion, stateOptions } = await import('./sources/index.js');
  const found = await gather({
    ...stateOptions(opts, loaded),
    defaultOutputs: DEFAULT_OUTPUTS,
    ...((opts.format ?? config.format) ? { format: (opts.format ?? config.format)! } : {}),
    mappings: config.resources ?? {},
    ...(explicitRegion ? { region: explicitRegion } : {}),
    ...(aws ? { aws: () => aws(explicitRegion) } : {}),
    ...(now ? { now } : {}),
  });
  const region = explicitRegion ?? majorityRegion(found.resources);
  const resources = explicitRegion || !region ? found.resources : found.resources.map((r) => (r.region ? r : { ...r, region }));
  const redacted = found.unrecognised.filter((e) => e.sensitive === true).map((e) => e.key);
  const unrecognisedReasons = Object.fromEntries(found.unrecognised.flatMap((e) => (e.reason ? [[e.key, e.reason] as const] : [])));
  return { ...found, outputsPath: found.origin, resources, unrecognised: found.unrecognised.map((e) => e.key), redacted, unrecognisedReasons, region };
}

/** API calls of the collectors and of reading the stacks, by IAM action. */
function mergeCalls(...maps: ReadonlyArray<ReadonlyMap<string, number>>): Array<[string, number]> {
  const all = new Map<string, number>();
  for (const m of maps) for (const [k, n] of m) all.set(k, (all.get(k) ?? 0) + n);
  return [...all.entries()];
}

export function selectChecks(all: readonly LoadedCheck[], only: readonly string[], skip: readonly string[], source: string): LoadedCheck[] {
  const ids = new Set(all.map((c) => c.check.id));
  for (const id of [...only, ...skip]) {
    if (!ids.has(id)) throw new UsageError(`${source} names the check "${id}", which does not exist: run \`postflight list-checks\` for the ids.`);
  }
  return all.filter((c) => (only.length === 0 || only.includes(c.check.id)) && !skip.includes(c.check.id));
}

function customCheckFiles(loaded: LoadedConfig): string[] {
  return (loaded.config.customChecks ?? []).map((p) => resolve(loaded.baseDir, p));
}

/** The renderers and the writer, loaded one after another (they share modules). */
async function loadReporters() {
  const { renderConsole } = await import('./report/console.js');
  const { toJUnitXml } = await import('./report/junit.js');
  const { toJson } = await import('./report/json.js');
  const { renderExtraReports } = await import('./report/extra.js');
  const { toHtml } = await import('./report/html.js');
  const { writeReports } = await import('./report/write.js');
  return { renderConsole, toJUnitXml, toJson, renderExtraReports, toHtml, writeReports };
}

/** Customer-managed keys the resources use that the outputs do not name. */
function keysInUse(resources: readonly ResourceRef[], facts: FactSource): ResourceRef[] {
  const named = new Set<string>();
  for (const r of resources) if (r.type === 'AWS::KMS::Key') {
    const f = facts.get(r, 'kms.key');
    named.add(f?.state === 'present' ? f.value.arn : (r.arn ?? r.id));
  }
  const found = new Map<string, ResourceRef>();
  for (const r of resources) {
    const f = facts.get(r, 'encryption.kmsKey');
    if (f?.state !== 'present' || f.value.keyManager !== 'CUSTOMER' || named.has(f.value.arn)) continue;
    const region = /^arn:[^:]+:kms:([^:]+):/.exec(f.value.arn)?.[1] ?? r.region;
    const prev = found.get(f.value.arn);
    if (prev) prev.usedBy!.push(r.id);
    else found.set(f.value.arn, { type: 'AWS::KMS::Key', id: f.value.keyId, arn: f.value.arn, ...(region ? { region } : {}), keys: [], usedBy: [r.id] });
  }
  return [...found.values()];
}

/**
 * The client packages of the selected checks' own reads, loaded before any AWS call (a missing one
 * stops the run, exit 2); undefined when no selected check reads anything itself.
 */
async function readClients(selected: readonly LoadedCheck[], loaded: LoadedConfig, cwd: string) {
  if (!selected.some((c) => Object.keys(c.check.reads ?? {}).length > 0)) return undefined;
  const { DeclaredReads, resolveReadClients } = await import('./collect/declared.js');
  const clients = resolveReadClients(selected, { folders: [loaded.baseDir, cwd] });
  return (ctx: CollectContext) => new DeclaredReads(ctx, clients);
}

export async function verify(opts: VerifyOptions): Promise<number> {
  const started = opts.now();
  const loaded = await loadConfig(opts.config, opts.cwd);
  const config: Config = loaded.config;
  const configName = loaded.file ?? 'the config';

  const all = await loadChecks(customCheckFiles(loaded));
  validateParams(all.map((c) => c.check), config.params ?? {}, configName);
  const fromFlags = opts.only.length || opts.skip.length;
  const selected = fromFlags
    ? selectChecks(all, opts.only, opts.skip, opts.only.length ? '--only' : '--skip')
    : selectChecks(all, config.checks?.only ?? [], config.checks?.skip ?? [], `The config file ${configName}`);
  const ids = new Set(all.map((c) => c.check.id));
  for (const w of config.waivers ?? []) {
    if (w.check !== '*' && !ids.has(w.check)) {
      throw new ConfigError(
        `The config file ${configName} waives the check "${w.check}", which does not exist: fix the id (run \`postflight list-checks\` for the ids) or use "*".`,
      );
    }
  }

  const declaredReader = await readClients(selected, loaded, opts.cwd);

  const profile = opts.profile ?? config.profile;
  const endpointUrl = opts.endpointUrl ?? config.endpointUrl ?? opts.env.AWS_ENDPOINT_URL;
  const awsSettings = (region: string | undefined): AwsSettings => {
    const settings: AwsSettings = { ...DEFAULT_AWS_SETTINGS, ...(region ? { region } : {}) };
    if (profile) settings.profile = profile;
    if (endpointUrl) settings.endpointUrl = endpointUrl;
    settings.concurrency = opts.concurrency ?? config.aws?.concurrency ?? settings.concurrency;
    settings.maxAttempts = opts.maxAttempts ?? config.aws?.maxAttempts ?? settings.maxAttempts;
    settings.callTimeoutMs = opts.callTimeoutMs ?? config.aws?.callTimeoutMs ?? settings.callTimeoutMs;
    return settings;
  };

  const found = await readAndDiscover(opts, loaded, awsSettings, opts.now);
  const discovered = opts.now();
  if (found.resources.length === 0 && !opts.allowEmpty && found.sources.some((s) => s.kind !== 'outputs')) {
    throw new InputError(
      `No AWS resource was found in ${found.outputsPath} (${found.unplaced.length} entr${found.unplaced.length === 1 ? 'y' : 'ies'} not placed, ${found.unrecognised.length} output${found.unrecognised.length === 1 ? '' : 's'} not recognised): pass the state or stack of a deployed stack (run \`postflight discover\` to see what each source gave), or pass --allow-empty to accept an empty stack.`,
    );
  }
  if (found.resources.length === 0 && !opts.allowEmpty) {
    throw new InputError(
      `No AWS resource was recognised in ${found.outputsPath} (${found.unrecognised.length} output${found.unrecognised.length === 1 ? '' : 's'} read): map outputs to resource types under "resources" in postflight.config.json, or pass --allow-empty to accept an empty stack.`,
    );
  }
  if (found.resources.length === 0) {
    opts.err(`postflight: warning: no AWS resource was recognised in ${stripControl(found.outputsPath)}, so nothing is verified (--allow-empty).\n`);
  }

  const settings = awsSettings(found.region);

  const sarifPath = opts.sarif ?? config.reports?.sarif;
  const markdownPath = opts.markdown ?? config.reports?.markdown;
  const htmlPath = opts.html ?? config.reports?.html;
  const stepSummary = opts.env[STEP_SUMMARY_ENV] || undefined;
  const { Progress, progressWanted } = await import('./report/progress.js');
  const progress = opts.progress && progressWanted(opts.progress, opts.env, opts.quiet === true) ? new Progress(opts.progress) : undefined;
  if (progress) {
    progress.setResources(found.resources.length);
    settings.onCall = progress.onCall;
  }

  const needs = factNeeds(selected);
  const { Collection } = await import('./collect/index.js');
  const collection = new Collection(settings);
  // The checks' own reads, through the same context: one limit, retry, timeout and call count.
  const declared = declaredReader?.(collection.ctx);
  const collecting = Promise.all([collection.collect(found.resources, needs), declared?.read(selected, found.resources)]);
  // The report modules load while the AWS calls are in flight, once the collectors have loaded.
  const reporters = collection.whenLoaded().then(loadReporters);
  reporters.catch(() => undefined); // awaited below; not left unhandled if collection fails first
  let derived: ResourceRef[] = [];
  try {
    await collecting;
    // Customer-managed keys in use but not named by the outputs are judged too (rotation, state).
    derived = needs.has('AWS::KMS::Key') ? keysInUse(found.resources, collection.facts) : [];
    if (derived.length) {
      progress?.setResources(found.resources.length + derived.length);
      await Promise.all([collection.collect(derived, needs), declared?.read(selected, derived)]);
    }
  } finally {
    progress?.end();
  }
  const collected = opts.now();
  const resources = [...found.resources, ...derived];
  const { facts, calls } = collection;
  const results = evaluateAll(selected, resources, facts, {
    params: config.params ?? {},
    waivers: config.waivers ?? [],
    today: started.toISOString().slice(0, 10),
    ...(config.stackCmk ? { stackCmk: config.stackCmk } : {}),
    ...(declared ? { declared } : {}),
  });
  const evaluated = opts.now();

  const report: RunReport = {
    tool: { name: 'postflight', version: version() },
    startedAt: started.toISOString(),
    durationMs: opts.now().getTime() - started.getTime(),
    outputsFile: found.outputsPath,
    format: found.format,
    ...(found.region ? { region: found.region } : {}),
    resources,
    results,
    unrecognised: found.unrecognised,
    redacted: found.redacted,
    unrecognisedReasons: found.unrecognisedReasons,
    apiCalls: Object.fromEntries(mergeCalls(calls, found.calls).sort()),
    sources: found.sources,
    unplaced: found.unplaced,
    phasesMs: {
      read: (found.readAt ?? discovered).getTime() - started.getTime(),
      discover: discovered.getTime() - (found.readAt ?? discovered).getTime(),
      collect: collected.getTime() - discovered.getTime(),
      evaluate: evaluated.getTime() - collected.getTime(),
    },
    exitCode: exitCodeFor(results),
  };
  const junitPath = resolve(opts.cwd, opts.junit ?? config.reports?.junit ?? DEFAULT_JUNIT);
  const jsonPath = resolve(opts.cwd, opts.json ?? config.reports?.json ?? DEFAULT_JSON);
  const { renderConsole, toJUnitXml, toJson, renderExtraReports, toHtml, writeReports } = await reporters;
  // Render everything first, so a rendering fault leaves no report behind. The report phase is the
  // time to render every report; the two that show it (JSON, HTML) are rendered again with it.
  const extra: import('./report/extra.js').ExtraReports = {
    cwd: opts.cwd,
    ...(sarifPath ? { sarif: resolve(opts.cwd, sarifPath) } : {}),
    ...(markdownPath || stepSummary ? { markdown: markdownPath ? resolve(opts.cwd, markdownPath) : undefined } : {}),
    ...(htmlPath ? { html: resolve(opts.cwd, htmlPath) } : {}),
  };
  if (sarifPath || htmlPath) {
    const { outputKeyLines } = await import('./report/extra.js');
    const keyLines = await outputKeyLines(report, opts.cwd);
    if (keyLines) Object.assign(extra, { keyLines });
  }
  const reportStart = opts.now();
  const junit = toJUnitXml(report);
  toJson(report);
  const first = renderExtraReports(report, extra);
  report.phasesMs!.report = opts.now().getTime() - reportStart.getTime();
  const rendered = {
    junit,
    json: toJson(report),
    extra: extra.html ? { ...first, files: first.files.map((f) => (f.path === extra.html ? { path: f.path, content: toHtml(report, extra.keyLines ? { keyLines: extra.keyLines } : {}) } : f)) } : first,
  };
  const files = [{ path: junitPath, content: rendered.junit }, { path: jsonPath, content: rendered.json }, ...rendered.extra.files];
  await writeReports(files);
  if (stepSummary && rendered.extra.markdown !== undefined) {
    const { appendStepSummary } = await import('./report/write.js');
    await appendStepSummary(stepSummary, rendered.extra.markdown);
  }
  opts.out(renderConsole(report, { color: opts.color, verbose: opts.verbose === true, quiet: opts.quiet === true }));
  opts.out(`Reports: ${files.map((f) => stripControl(f.path)).join(', ')}${stepSummary ? ' (and the step summary)' : ''}\n`);
  return report.exitCode;
}

export async function discoverCommand(opts: CommonOptions & { json: boolean; profile?: string; endpointUrl?: string }): Promise<number> {
  const loaded = await loadConfig(opts.config, opts.cwd);
  const { config } = loaded;
  // Only `--stack` calls AWS: the stack's resources are listed live.
  const aws = (region: string | undefined): AwsSettings => {
    const settings: AwsSettings = { ...DEFAULT_AWS_SETTINGS, ...(region ? { region } : {}) };
    const profile = opts.profile ?? config.profile;
    const endpointUrl = opts.endpointUrl ?? config.endpointUrl ?? opts.env.AWS_ENDPOINT_URL;
    if (profile) settings.profile = profile;
    if (endpointUrl) settings.endpointUrl = endpointUrl;
    return settings;
  };
  const found = await readAndDiscover(opts, loaded, aws);
  const { renderDiscovery } = await import('./sources/show.js');
  opts.out(renderDiscovery(found, opts.json));
  return 0;
}

/** The README's check table, one row per check with its parameters and defaults. */

/** The check table as Markdown: one table per family, under a heading naming it. */
export function checksMarkdown(checks: readonly LoadedCheck[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const row = ({ check }: LoadedCheck): string => {
    const params = Object.entries(check.params ?? {})
      .map(([name, spec]) => `\`${name}\` (${spec.type}, default ${spec.default === undefined ? 'none' : `\`${JSON.stringify(spec.default)}\``})`)
      .join('<br>');
    return `| \`${check.id}\` | ${cell(check.title)} | ${check.severity} | ${check.appliesTo.map((t) => `\`${t}\``).join('<br>')} | ${params || '–'} |`;
  };
  const sections: string[] = [];
  for (const family of FAMILIES) {
    const members = checks.filter(({ check }) => (check.family ?? 'custom') === family);
    if (members.length === 0) continue;
    sections.push([`### ${FAMILY_TITLES[family]} (\`${family}\`)`, '', '| Check | Passes when | Severity | Applies to | Parameters |', '|---|---|---|---|---|', ...members.map(row)].join('\n'));
  }
  return sections.join('\n\n');
}

export async function listChecksCommand(opts: { config?: string; cwd: string; json: boolean; markdown?: boolean; out: (t: string) => void }): Promise<number> {
  const loaded = await loadConfig(opts.config, opts.cwd);
  const checks = await loadChecks(customCheckFiles(loaded));
  if (opts.markdown) {
    opts.out(`${checksMarkdown(checks)}\n`);
    return 0;
  }
  if (opts.json) {
    opts.out(
      `${JSON.stringify(
        checks.map(({ check, builtIn }) => ({
          id: check.id,
          title: check.title,
          severity: check.severity,
          family: check.family ?? 'custom',
          appliesTo: check.appliesTo,
          params: check.params ?? {},
          ...(check.reads ? { reads: Object.entries(check.reads).map(([fact, r]) => ({ fact, client: r.client, command: r.command, action: readAction(r) })) } : {}),
          builtIn,
        })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const lines: string[] = [];
  for (const { check, builtIn } of checks) {
    lines.push(`${check.id}  [${check.severity}, ${check.family ?? 'custom'}]${builtIn ? '' : '  (custom)'}`);
    lines.push(`  ${check.title}`);
    lines.push(`  applies to: ${check.appliesTo.join(', ')}`);
    if (check.reads) lines.push(`  reads: ${Object.values(check.reads).map(readAction).join(', ')}`);
    for (const [name, spec] of Object.entries(check.params ?? {})) {
      lines.push(`  param ${name} (${spec.type}, default ${spec.default === undefined ? 'none' : JSON.stringify(spec.default)}): ${spec.description}`);
    }
    lines.push('');
  }
  lines.push(`${checks.length} check(s).`);
  opts.out(`${lines.join('\n')}\n`);
  return 0;
}
