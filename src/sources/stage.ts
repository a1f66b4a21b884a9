/**
 * The gather stage: every source the plan names, read and merged into the run's resources, with
 * the region each one is verified in, and the rules for a stack that names nothing. Each account
 * of the run is gathered on its own (its role assumed first), concurrently with the others; an
 * account whose role cannot be assumed is reported as such, and the others go on.
 */
import { InputError, PostflightError } from '../errors.js';
import type { RunPlan, RunScope, SourcePlan } from '../plan/plan.js';
import { DEFAULT_OUTPUTS } from '../plan/plan.js';
import type { AccountOutcome } from '../report/model.js';
import { stripControl } from '../report/sanitize.js';
import type { AwsSettings, CredentialsProvider } from '../collect/settings.js';
import type { Gathered } from './index.js';

/** What the gather stage hands on. */
export interface GatheredRun extends Omit<Gathered, 'unrecognised'> {
  /** The sources, for the report's header (the outputs file, or the files and stacks read). */
  outputsPath: string;
  /** Output keys no resource was found in. */
  unrecognised: string[];
  /** Of those, the keys whose values are secret (never shown). */
  redacted: string[];
  /** Why an unrecognised output names no resource, where discovery can say, by key. */
  unrecognisedReasons: Record<string, string>;
  /** The run's region: the one given, else the one most resources carry. */
  region?: string;
}

/** One account's part of the run, as gathered. */
export interface GatheredScope {
  scope: RunScope;
  found: GatheredRun;
  /** Client settings for the account in a region: the plan's, with the role's credentials. */
  aws: (region: string | undefined) => AwsSettings;
  /** Why nothing of the account can be read live (its role could not be assumed); its facts are all unknown. */
  blocked?: string;
  /** The role's credentials, shared by every client of the account. */
  credentials?: CredentialsProvider & { fetches(): number };
}

/** Reads and merges the sources; `aws` is how a `--stack` is listed. */
export async function gatherSources(sources: SourcePlan, aws: (region: string | undefined) => AwsSettings, now?: () => Date): Promise<GatheredRun> {
  const { gather, majorityRegion } = await import('./index.js');
  const found = await gather({
    cwd: sources.cwd,
    ...(sources.outputs !== undefined ? { outputs: sources.outputs } : {}),
    outputsGiven: sources.outputsGiven,
    states: sources.states,
    stacks: sources.stacks,
    defaultOutputs: DEFAULT_OUTPUTS,
    ...(sources.format ? { format: sources.format } : {}),
    mappings: sources.mappings,
    ...(sources.region ? { region: sources.region } : {}),
    aws: () => aws(sources.region),
    ...(now ? { now } : {}),
  });
  const region = sources.region ?? majorityRegion(found.resources);
  const resources = sources.region || !region ? found.resources : found.resources.map((r) => (r.region ? r : { ...r, region }));
  const redacted = found.unrecognised.filter((e) => e.sensitive === true).map((e) => e.key);
  const unrecognisedReasons = Object.fromEntries(found.unrecognised.flatMap((e) => (e.reason ? [[e.key, e.reason] as const] : [])));
  return { ...found, outputsPath: found.origin, resources, unrecognised: found.unrecognised.map((e) => e.key), redacted, unrecognisedReasons, ...(region ? { region } : {}) };
}

/** Several gatherings as one: everything each gave, calls added up. */
export function mergeGathered(parts: readonly GatheredRun[]): GatheredRun {
  if (parts.length === 1) return parts[0]!;
  const calls = new Map<string, number>();
  for (const p of parts) for (const [k, n] of p.calls) calls.set(k, (calls.get(k) ?? 0) + n);
  const regions = [...new Set(parts.map((p) => p.region).filter((r): r is string => r !== undefined))];
  const readAt = parts.map((p) => p.readAt).filter((d): d is Date => d !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    resources: parts.flatMap((p) => p.resources),
    unrecognised: parts.flatMap((p) => p.unrecognised),
    redacted: parts.flatMap((p) => p.redacted),
    unrecognisedReasons: Object.assign({}, ...parts.map((p) => p.unrecognisedReasons)) as Record<string, string>,
    sources: parts.flatMap((p) => p.sources),
    unplaced: parts.flatMap((p) => p.unplaced),
    origin: [...new Set(parts.map((p) => p.origin).filter(Boolean))].join(', '),
    outputsPath: [...new Set(parts.map((p) => p.outputsPath).filter(Boolean))].join(', '),
    format: [...new Set(parts.flatMap((p) => p.format.split(', ')).filter(Boolean))].join(', '),
    calls,
    ...(regions.length === 1 ? { region: regions[0]! } : {}),
    ...(readAt ? { readAt } : {}),
  };
}

/**
 * A scope's sources, with its stacks read in each of its regions: a stack deployed to several
 * regions under one name is one stack per region. A stack found in none of them is an input error.
 */
async function gatherScope(scope: RunScope, aws: (region: string | undefined) => AwsSettings, now: () => Date): Promise<GatheredRun> {
  const regions = scope.regions ?? [];
  if (regions.length < 2 || scope.sources.stacks.length === 0) return gatherSources(scope.sources, aws, now);
  const parts = [await gatherSources({ ...scope.sources, stacks: [] }, aws, now)];
  for (const name of scope.sources.stacks) {
    const found: GatheredRun[] = [];
    let missing: unknown;
    for (const region of regions) {
      try {
        found.push(await gatherSources({ ...scope.sources, outputsGiven: false, states: [], stacks: [name], region }, aws, now));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        missing ??= err;
      }
    }
    if (found.length === 0) {
      throw new InputError(`The CloudFormation stack ${name} does not exist in any of the regions ${regions.join(', ')}; check "stacks" and "regions" in the config.`);
    }
    parts.push(...found);
  }
  return mergeGathered(parts);
}

/** A stack that names no resource is an input error, unless `--allow-empty` accepts it (with a warning). */
function checkNotEmpty(found: GatheredRun, allowEmpty: boolean, warn: (text: string) => void, account?: string): void {
  if (found.resources.length > 0) return;
  const whose = account ? ` (account ${account})` : '';
  if (allowEmpty) {
    warn(`postflight: warning: no AWS resource was recognised in ${stripControl(found.outputsPath)}${stripControl(whose)}, so nothing is verified (--allow-empty).\n`);
    return;
  }
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (found.sources.some((s) => s.kind !== 'outputs')) {
    throw new InputError(
      `No AWS resource was found in ${found.outputsPath}${whose} (${plural(found.unplaced.length, 'entry', 'entries')} not placed, ${plural(found.unrecognised.length, 'output', 'outputs')} not recognised): pass the state or stack of a deployed stack (run \`postflight discover\` to see what each source gave), or pass --allow-empty to accept an empty stack.`,
    );
  }
  throw new InputError(
    `No AWS resource was recognised in ${found.outputsPath}${whose} (${plural(found.unrecognised.length, 'output', 'outputs')} read): map outputs to resource types under "resources" in postflight.config.json, or pass --allow-empty to accept an empty stack.`,
  );
}

/** What gathering needs of the plan: the scopes, how to reach AWS, and the empty-stack rule. */
export type GatherPlan = Pick<RunPlan, 'scopes' | 'aws' | 'sources'>;

export interface GatherIo {
  err: (text: string) => void;
  now: () => Date;
  /** False: a stack that names nothing is shown as such, not refused (`postflight discover`). */
  refuseEmpty?: boolean;
}

/** One scope gathered: its role assumed first, then its sources read with the role's credentials. */
async function gatherOne(plan: GatherPlan, scope: RunScope, io: GatherIo): Promise<GatheredScope> {
  let credentials: (CredentialsProvider & { fetches(): number }) | undefined;
  let blocked: string | undefined;
  if (scope.account) {
    const { roleCredentials, assumeRoleFailure } = await import('../collect/role.js');
    credentials = roleCredentials(scope.account, plan.aws(scope.sources.region));
    try {
      await credentials();
    } catch (err) {
      blocked = assumeRoleFailure(scope.account, err);
    }
  }
  const aws = (region: string | undefined): AwsSettings => ({ ...plan.aws(region), ...(credentials ? { credentials } : {}) });
  const account = scope.account?.id;
  // Without the role, only what needs no AWS call is read: the account's outputs and state files.
  const readable: RunScope = blocked ? { ...scope, sources: { ...scope.sources, stacks: [] } } : scope;
  let found: GatheredRun;
  // A scope naming only stacks has nothing to read without its role (with no source named, the default outputs file is read).
  const local = readable.sources.outputsGiven || readable.sources.states.length > 0 || scope.sources.stacks.length === 0;
  if (blocked && !local) {
    found = { resources: [], unrecognised: [], redacted: [], unrecognisedReasons: {}, sources: [], unplaced: [], origin: '', outputsPath: '', format: '', calls: new Map() };
  } else {
    try {
      found = await gatherScope(readable, aws, io.now);
    } catch (err) {
      // In a run over several accounts, one account's unreadable stack is that account's error, not the run's.
      if (!account || plan.scopes.length < 2 || !(err instanceof PostflightError) || err instanceof InputError) throw err;
      blocked = err.message;
      found = { resources: [], unrecognised: [], redacted: [], unrecognisedReasons: {}, sources: [], unplaced: [], origin: '', outputsPath: '', format: '', calls: new Map() };
    }
    if (!blocked && io.refuseEmpty !== false) checkNotEmpty(found, plan.sources.allowEmpty, io.err, account);
  }
  if (account) found = { ...found, resources: found.resources.map((r) => ({ ...r, account })), sources: found.sources.map((s) => ({ ...s, account })) };
  return { scope, found, aws, ...(blocked ? { blocked } : {}), ...(credentials ? { credentials } : {}) };
}

/** What the gather stage of `verify` hands on: the run as one, and each account's part. */
export interface GatheredAll extends GatheredRun {
  scopes: GatheredScope[];
  /** Each account the run reached through a role, and whether it could be. */
  accounts?: AccountOutcome[];
  discoveredAt: Date;
}

/** The gather stage of `verify`: every account's sources read and merged, refused when they name nothing. */
export async function gatherRun(plan: GatherPlan, io: GatherIo): Promise<GatheredAll> {
  const scopes = await Promise.all(plan.scopes.map((s) => gatherOne(plan, s, io)));
  const merged = mergeGathered(scopes.map((s) => s.found));
  const accounts: AccountOutcome[] = scopes
    .filter((s) => s.scope.account)
    .map((s) => ({
      id: s.scope.account!.id,
      roleArn: s.scope.account!.roleArn,
      status: s.blocked ? 'error' : 'ok',
      ...(s.blocked ? { reason: s.blocked } : {}),
      resources: s.found.resources.length,
    }));
  return { ...merged, scopes, ...(accounts.length ? { accounts } : {}), discoveredAt: io.now() };
}
