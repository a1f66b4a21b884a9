/**
 * The plan stage: everything a run decides before it reads anything — the config, the checks and
 * which of them run, their parameters and waivers, how AWS is reached, and where the reports go.
 * Decisions over the command line and the config file; it calls no AWS and reads no source.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Config, LoadedConfig } from '../config/config.js';
import { ConfigError, UsageError } from '../errors.js';
import { loadRunChecks } from '../engine/builtin.js';
import type { LoadedCheck } from '../engine/registry.js';
import { inFrameworks, parseFrameworks, type Framework } from '../engine/frameworks.js';
import { validateParams } from '../engine/params.js';
import type { Waiver } from '../engine/evaluate.js';
import { DEFAULT_AWS_SETTINGS, type AwsSettings } from '../collect/settings.js';
import type { CollectContext } from '../collect/context.js';
import type { DeclaredReads } from '../collect/declared.js';
import type { RolePlan } from '../collect/role.js';
import { accountOfRole } from '../config/patterns.js';
import type { OutputsFormat } from '../outputs/parse.js';
import type { ProgressStream } from '../report/progress.js';
import type { ResourceType } from '../types.js';
import { DEFAULT_DRIFT_POLL_MS, DEFAULT_DRIFT_WAIT_MS, type DriftSettings, type DriftTool } from '../drift/settings.js';

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
  profile?: string;
  endpointUrl?: string;
  /** `--role-arn`: every AWS call of the run's own sources is made as this role. */
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
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
  /** GitLab Code Quality report path. */
  codequality?: string;
  /** Every result in full in the console (otherwise an all-pass resource takes one line). */
  verbose?: boolean;
  /** No progress line, and no console line for each resource that passed or has no check. */
  quiet?: boolean;
  /** Where the progress line goes while AWS calls are in flight (a terminal's stderr); none by default. */
  progress?: ProgressStream;
  only: string[];
  skip: string[];
  /** `--framework NAME`, repeatable or a comma list: only the checks that implement a control of these frameworks. */
  framework?: string[];
  color: boolean;
  allowEmpty: boolean;
  concurrency?: number;
  callTimeoutMs?: number;
  maxAttempts?: number;
  /** `--drift`: judge each resource against what its stack declared, with the deploy tool's engine. */
  drift?: boolean;
  /** `--drift-plan FILE`: a saved `show -json` of a refresh-only plan, read instead of running the tool (implies --drift). */
  driftPlan?: string;
  /** `--drift-tool`: `terraform` or `tofu`. */
  driftTool?: DriftTool;
  now: () => Date;
}

/** Where each report goes: absolute paths, or undefined when not asked for. */
export interface ReportTargets {
  junit: string;
  json: string;
  sarif?: string;
  markdown?: string;
  html?: string;
  codequality?: string;
  /** `GITHUB_STEP_SUMMARY`, when set: the Markdown summary is appended there. */
  stepSummary?: string;
}

/** Which sources to read, as the flags and the config name them. */
export interface SourcePlan {
  cwd: string;
  outputs?: string;
  /** True when the outputs path was given (flag or config), not the default. */
  outputsGiven: boolean;
  states: Array<{ path: string; shown: string }>;
  stacks: readonly string[];
  format?: OutputsFormat;
  mappings: Record<string, ResourceType>;
  /** The region given by flag, config or environment; undefined lets the sources decide. */
  region?: string;
  allowEmpty: boolean;
}

/** An account reached through a role (STS AssumeRole). */
export interface AccountPlan extends RolePlan {
  /** The account id, or the label the config gives it. */
  id: string;
}

/**
 * One account's part of the run: its sources, and the role that reaches it. A run has one scope
 * per account in the config's `accounts`, and one for the sources named at the top level (the
 * command line, or the config's own `outputs`/`state`/`stacks`).
 */
export interface RunScope {
  /** The account reached through a role; undefined: the run's own credentials. */
  account?: AccountPlan;
  sources: SourcePlan;
  /** The account's regions: stacks are read in each (the first is `sources.region`). */
  regions?: readonly string[];
}

/** Everything the later stages need to know, decided once. */
export interface RunPlan {
  started: Date;
  loaded: LoadedConfig;
  config: Config;
  /** How errors name the config: its path, or "the config". */
  configName: string;
  /** Every check loaded (built-in and custom), and those that run. */
  checks: { all: LoadedCheck[]; selected: LoadedCheck[] };
  /** The frameworks the run selects its checks by (`--framework`, the config's `frameworks`); empty: every check. */
  frameworks: readonly Framework[];
  params: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  waivers: readonly Waiver[];
  stackCmk?: Config['stackCmk'];
  /** The run's own sources (the top-level scope's, or what the command line gave). */
  sources: SourcePlan;
  /** Every account's part of the run: the top-level sources, and each account of the config. */
  scopes: RunScope[];
  /**
   * The selected checks' own reads, their client packages already loaded (so a missing package
   * stops the run before any AWS call); undefined when no selected check reads anything itself.
   */
  declaredReads?: (ctx: CollectContext) => DeclaredReads;
  /** Client settings for a region: profile, endpoint, concurrency, retries, timeouts. */
  aws: (region: string | undefined) => AwsSettings;
  reports: ReportTargets;
  console: { color: boolean; verbose: boolean; quiet: boolean };
  /** What the run decided about drift; undefined without --drift (the drift check is then not selected). */
  drift?: DriftSettings;
}

/** The check drift runs, selected only with --drift. */
export const DRIFT_CHECK = 'live-matches-declared';

/** Drift settings from the flags, then the config; undefined when drift is not asked for. */
export function driftSettings(opts: Pick<VerifyOptions, 'drift' | 'driftPlan' | 'driftTool' | 'cwd' | 'env'>, loaded: LoadedConfig, states: SourcePlan['states']): DriftSettings | undefined {
  const cfg = loaded.config.drift;
  if (!opts.drift && !opts.driftPlan && !cfg) return undefined;
  const o = typeof cfg === 'object' ? cfg : {};
  const folders: Record<string, string> = {};
  for (const [state, folder] of Object.entries(o.folders ?? {})) folders[resolve(loaded.baseDir, state)] = resolve(loaded.baseDir, folder);
  const planFile = opts.driftPlan ? resolve(opts.cwd, opts.driftPlan) : o.planFile ? resolve(loaded.baseDir, o.planFile) : undefined;
  return {
    tool: opts.driftTool ?? o.tool ?? 'terraform',
    states,
    folders,
    ...(planFile ? { planFile } : {}),
    ...(o.parallelism ? { parallelism: o.parallelism } : {}),
    env: opts.env,
    waitMs: o.waitSeconds ? o.waitSeconds * 1000 : DEFAULT_DRIFT_WAIT_MS,
    pollMs: DEFAULT_DRIFT_POLL_MS,
  };
}

/**
 * The drift check runs exactly when drift is asked for: added to the selection with --drift
 * (unless skipped by name), left out without it; naming it in --only without --drift is a usage error.
 */
function withDrift(all: readonly LoadedCheck[], chosen: LoadedCheck[], opts: VerifyOptions, config: Config, on: boolean): LoadedCheck[] {
  const only = opts.only.length || opts.skip.length ? opts.only : (config.checks?.only ?? []);
  const skip = opts.only.length || opts.skip.length ? opts.skip : (config.checks?.skip ?? []);
  if (!on) {
    if (only.includes(DRIFT_CHECK)) throw new UsageError(`The check ${DRIFT_CHECK} runs only with --drift (or "drift" in the config): add --drift.`);
    return chosen.filter((c) => c.check.id !== DRIFT_CHECK);
  }
  const check = all.find((c) => c.check.id === DRIFT_CHECK);
  if (!check || skip.includes(DRIFT_CHECK) || chosen.includes(check)) return chosen;
  return [...chosen, check];
}

/**
 * The checks a run selects: those that implement a control of `frameworks` (every check when none
 * is named), then of those the ones `only` names (all when it names none), less those `skip` names.
 * The drift check is never left out by a framework: it runs exactly when drift is asked for.
 * An id that does not exist, or an `only` id the frameworks leave out, is a UsageError naming `source`.
 */
export function selectChecks(all: readonly LoadedCheck[], only: readonly string[], skip: readonly string[], source: string, frameworks: readonly Framework[] = []): LoadedCheck[] {
  const ids = new Set(all.map((c) => c.check.id));
  for (const id of [...only, ...skip]) {
    if (!ids.has(id)) throw new UsageError(`${source} names the check "${id}", which does not exist: run \`postflight list-checks\` for the ids.`);
  }
  const inScope = (c: LoadedCheck) => frameworks.length === 0 || c.check.id === DRIFT_CHECK || inFrameworks(c.check.controls, frameworks);
  const outside = only.find((id) => !inScope(all.find((c) => c.check.id === id)!));
  if (outside !== undefined) {
    const named = frameworks.join(' or ');
    throw new UsageError(
      `${source} names the check "${outside}", which implements no ${named} control while the run selects the checks of ${named}: drop it, or run \`postflight list-checks --framework ${frameworks.join(',')}\` for those checks.`,
    );
  }
  return all.filter((c) => inScope(c) && (only.length === 0 || only.includes(c.check.id)) && !skip.includes(c.check.id));
}

export function customCheckFiles(loaded: LoadedConfig): string[] {
  return (loaded.config.customChecks ?? []).map((p) => resolve(loaded.baseDir, p));
}

/** The region given by flag, config or environment, if any. */
export function explicitRegion(opts: Pick<CommonOptions, 'region' | 'env'>, config: Config): string | undefined {
  return opts.region ?? config.region ?? opts.env.AWS_REGION ?? opts.env.AWS_DEFAULT_REGION;
}

/** The sources the command line and the config name: flags win over the config, whose paths are relative to its folder. */
export function stateOptions(
  opts: { cwd: string; outputs?: string; state?: string[]; stack?: string[] },
  loaded: { config: { outputs?: string; state?: string[]; stacks?: string[] }; baseDir: string },
): Pick<SourcePlan, 'cwd' | 'outputs' | 'outputsGiven' | 'states' | 'stacks'> {
  const { config, baseDir } = loaded;
  const outputs = opts.outputs ?? (config.outputs ? resolve(baseDir, config.outputs) : undefined);
  const states = opts.state?.length
    ? opts.state.map((s) => ({ path: resolve(opts.cwd, s), shown: s }))
    : (config.state ?? []).map((s) => ({ path: resolve(baseDir, s), shown: s }));
  const stacks = opts.stack?.length ? opts.stack : (config.stacks ?? []);
  return { cwd: opts.cwd, ...(outputs !== undefined ? { outputs } : {}), outputsGiven: outputs !== undefined, states, stacks };
}

/** Every source of the run, with the format, the config's type mappings and the region given. */
export function sourcePlan(opts: CommonOptions & { allowEmpty?: boolean }, loaded: LoadedConfig): SourcePlan {
  const { config } = loaded;
  const format = opts.format ?? config.format;
  const region = explicitRegion(opts, config);
  return {
    ...stateOptions(opts, loaded),
    ...(format ? { format } : {}),
    mappings: config.resources ?? {},
    ...(region ? { region } : {}),
    allowEmpty: opts.allowEmpty === true,
  };
}

/** The role `--role-arn` names, as an account of the run. */
function flagRole(opts: CommonOptions): AccountPlan | undefined {
  if (!opts.roleArn) return undefined;
  return {
    id: accountOfRole(opts.roleArn) ?? opts.roleArn,
    roleArn: opts.roleArn,
    ...(opts.externalId ? { externalId: opts.externalId } : {}),
    sessionName: opts.roleSessionName ?? 'postflight',
  };
}

/**
 * The run's scopes: one per account of the config (its own sources, relative to the config's
 * folder), and the top-level one unless the config lists accounts and nothing names top-level
 * sources.
 */
export function runScopes(opts: CommonOptions & { allowEmpty?: boolean }, loaded: LoadedConfig, top: SourcePlan): RunScope[] {
  const { config, baseDir } = loaded;
  if (!opts.roleArn && (opts.externalId || opts.roleSessionName)) {
    throw new UsageError(`${opts.externalId ? '--external-id' : '--role-session-name'} goes with --role-arn, which was not given: pass the role to assume, or drop it.`);
  }
  const scopes: RunScope[] = [];
  const named = Boolean(opts.outputs || opts.state?.length || opts.stack?.length || config.outputs || config.state?.length || config.stacks?.length);
  if (!config.accounts?.length || named) {
    const account = flagRole(opts);
    scopes.push({ ...(account ? { account } : {}), sources: top });
  }
  for (const a of config.accounts ?? []) {
    const region = a.regions?.[0] ?? top.region;
    const outputs = a.outputs ? resolve(baseDir, a.outputs) : undefined;
    const sources: SourcePlan = {
      ...top,
      ...(outputs ? { outputs } : {}),
      outputsGiven: outputs !== undefined,
      states: (a.state ?? []).map((s) => ({ path: resolve(baseDir, s), shown: s })),
      stacks: a.stacks ?? [],
      ...(region ? { region } : {}),
    };
    if (!outputs) delete sources.outputs;
    if (!sources.outputsGiven && sources.states.length === 0 && sources.stacks.length === 0) {
      throw new ConfigError(`The config file ${loaded.file ?? 'the config'} lists the account "${a.id}" without sources: give it "outputs", "state" or "stacks".`);
    }
    scopes.push({
      account: { id: a.id, roleArn: a.roleArn, ...(a.externalId ? { externalId: a.externalId } : {}), sessionName: a.sessionName ?? 'postflight' },
      sources,
      ...(a.regions ? { regions: a.regions } : {}),
    });
  }
  return scopes;
}

/** Client settings for a region, from the flags, then the config, then the defaults. */
export function awsSettings(
  opts: Pick<CommonOptions, 'profile' | 'endpointUrl' | 'env'> & Partial<Pick<VerifyOptions, 'concurrency' | 'maxAttempts' | 'callTimeoutMs'>>,
  config: Config,
): (region: string | undefined) => AwsSettings {
  const profile = opts.profile ?? config.profile;
  const endpointUrl = opts.endpointUrl ?? config.endpointUrl ?? opts.env.AWS_ENDPOINT_URL;
  return (region) => {
    const settings: AwsSettings = { ...DEFAULT_AWS_SETTINGS, ...(region ? { region } : {}) };
    if (profile) settings.profile = profile;
    if (endpointUrl) settings.endpointUrl = endpointUrl;
    settings.concurrency = opts.concurrency ?? config.aws?.concurrency ?? settings.concurrency;
    settings.maxAttempts = opts.maxAttempts ?? config.aws?.maxAttempts ?? settings.maxAttempts;
    settings.callTimeoutMs = opts.callTimeoutMs ?? config.aws?.callTimeoutMs ?? settings.callTimeoutMs;
    return settings;
  };
}

/** Where each report goes: the flag, else the config, else the default (JUnit and JSON only); the step summary from the environment. */
export function reportTargets(
  opts: Pick<VerifyOptions, 'cwd' | 'env' | 'junit' | 'json' | 'sarif' | 'markdown' | 'html' | 'codequality'>,
  config: Pick<Config, 'reports'>,
): ReportTargets {
  const at = (p: string | undefined) => (p ? resolve(opts.cwd, p) : undefined);
  const sarif = at(opts.sarif ?? config.reports?.sarif);
  const markdown = at(opts.markdown ?? config.reports?.markdown);
  const html = at(opts.html ?? config.reports?.html);
  const codequality = at(opts.codequality ?? config.reports?.codequality);
  const stepSummary = opts.env[STEP_SUMMARY_ENV] || undefined;
  return {
    junit: resolve(opts.cwd, opts.junit ?? config.reports?.junit ?? DEFAULT_JUNIT),
    json: resolve(opts.cwd, opts.json ?? config.reports?.json ?? DEFAULT_JSON),
    ...(sarif ? { sarif } : {}),
    ...(markdown ? { markdown } : {}),
    ...(html ? { html } : {}),
    ...(codequality ? { codequality } : {}),
    ...(stepSummary ? { stepSummary } : {}),
  };
}

/** The frameworks the run selects by: `--framework` when given, else the config's `frameworks`. */
export function runFrameworks(opts: Pick<VerifyOptions, 'framework'>, config: Pick<Config, 'frameworks'>): Framework[] {
  if (opts.framework?.length) return parseFrameworks(opts.framework, '--framework');
  return parseFrameworks(config.frameworks ?? [], 'The config');
}

/**
 * The checks that run: the frameworks narrow the checks first, then the flags' `--only`/`--skip`
 * when given, else the config's, choose among those.
 */
function selected(all: readonly LoadedCheck[], opts: VerifyOptions, config: Config, configName: string, frameworks: readonly Framework[]): LoadedCheck[] {
  if (opts.only.length || opts.skip.length) return selectChecks(all, opts.only, opts.skip, opts.only.length ? '--only' : '--skip', frameworks);
  return selectChecks(all, config.checks?.only ?? [], config.checks?.skip ?? [], `The config file ${configName}`, frameworks);
}

/** A waiver must name a check that exists (or `*`). */
function checkWaivers(waivers: readonly Waiver[], all: readonly LoadedCheck[], configName: string): void {
  const ids = new Set(all.map((c) => c.check.id));
  for (const w of waivers) {
    if (w.check !== '*' && !ids.has(w.check)) {
      throw new ConfigError(
        `The config file ${configName} waives the check "${w.check}", which does not exist: fix the id (run \`postflight list-checks\` for the ids) or use "*".`,
      );
    }
  }
}

/** The check that judges `requiredTags`, and its parameter that carries them. */
export const REQUIRED_TAGS_CHECK = 'resource-has-required-tags';

/**
 * The checks' parameters: the config's `params`, with the top-level `requiredTags` handed to the
 * required-tags check as its parameter. Setting them in both places is a ConfigError: one of them
 * would be silently ignored.
 */
export function checkParams(config: Config, configName: string): Record<string, Readonly<Record<string, unknown>>> {
  const params: Record<string, Readonly<Record<string, unknown>>> = { ...(config.params ?? {}) };
  if (config.requiredTags === undefined) return params;
  if (params[REQUIRED_TAGS_CHECK] && 'requiredTags' in params[REQUIRED_TAGS_CHECK]) {
    throw new ConfigError(
      `The config file ${configName} sets both "requiredTags" and "params.${REQUIRED_TAGS_CHECK}.requiredTags": keep the top-level "requiredTags" and remove the other.`,
    );
  }
  params[REQUIRED_TAGS_CHECK] = { ...(params[REQUIRED_TAGS_CHECK] ?? {}), requiredTags: config.requiredTags };
  return params;
}

/** The plan stage of `verify`. */
export async function planRun(opts: VerifyOptions): Promise<RunPlan> {
  const started = opts.now();
  const loaded = await loadConfig(opts.config, opts.cwd);
  const { config } = loaded;
  const configName = loaded.file ?? 'the config';
  const all = await loadRunChecks(customCheckFiles(loaded));
  const params = checkParams(config, configName);
  validateParams(all.map((c) => c.check), params, configName);
  const waivers = config.waivers ?? [];
  checkWaivers(waivers, all, configName);
  const sources = sourcePlan(opts, loaded);
  const scopes = runScopes(opts, loaded, sources);
  // Every state file of the run, the accounts' included, is planned in its own folder.
  const drift = driftSettings(opts, loaded, scopes.flatMap((s) => s.sources.states));
  const frameworks = runFrameworks(opts, config);
  const checks = { all, selected: withDrift(all, selected(all, opts, config, configName, frameworks), opts, config, drift !== undefined) };
  const { declaredReader } = await import('../collect/stage.js');
  const declaredReads = await declaredReader(checks.selected, [loaded.baseDir, opts.cwd]);
  return {
    started,
    loaded,
    config,
    configName,
    checks,
    frameworks,
    ...(declaredReads ? { declaredReads } : {}),
    params,
    waivers,
    ...(config.stackCmk ? { stackCmk: config.stackCmk } : {}),
    sources,
    scopes,
    aws: awsSettings(opts, config),
    reports: reportTargets(opts, config),
    console: { color: opts.color, verbose: opts.verbose === true, quiet: opts.quiet === true },
    ...(drift ? { drift } : {}),
  };
}
