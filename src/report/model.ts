/** What the report stage renders: everything one run found, as plain data. */
import type { ResourceRef, Result, SourceRef, Status } from '../types.js';
import type { EngineRun } from '../drift/settings.js';

/** Beside an unrecognised output whose value looks like a secret: the value is never shown. */
export const REDACTED_NOTE = '(value redacted: it looks like a secret)';

export interface RunReport {
  tool: { name: string; version: string };
  /** ISO time the run started; passed in, never read from a clock by the renderers. */
  startedAt: string;
  durationMs: number;
  /** The outputs file, as given on the command line. */
  outputsFile: string;
  /** The outputs format detected (or forced with --format). */
  format: string;
  region?: string;
  /** Every resource the outputs named, including those no selected check applies to. */
  resources: ResourceRef[];
  results: Result[];
  /** Output keys postflight could not place (values are never reported). */
  unrecognised: string[];
  /**
   * Of `unrecognised`, the keys whose values look like secrets (or the deploy tool marked
   * sensitive): the reports say their value was redacted, and never show it.
   */
  redacted?: string[];
  /** Of `unrecognised`, why a key names no resource, where discovery can say (an ARN of a type it cannot name exactly). */
  unrecognisedReasons?: Record<string, string>;
  /** API calls made, by IAM action. */
  apiCalls: Record<string, number>;
  /** Every source read (outputs files, state files, CloudFormation stacks), with what each gave. */
  sources?: SourceSummary[];
  /** Entries of a state file or stack that name no resource postflight could identify, each with the reason. */
  unplaced?: UnplacedEntry[];
  /**
   * Resource types some loaded check applies to that the run did not select (`--only`, `--skip`,
   * the config's `checks`): a resource of such a type without a result has a check, not run this
   * time, rather than none at all.
   */
  unselectedTypes?: string[];
  /**
   * The selected checks that apply to every resource whatever its type (required tags, drift). A
   * resource whose only results are such checks' skips (no `requiredTags` set, no drift engine for
   * its source) was not verified by anything: it counts as having no check.
   */
  everyTypeChecks?: string[];
  /** Time per phase of the run, in milliseconds. */
  phasesMs?: Partial<Record<'read' | 'discover' | 'collect' | 'evaluate' | 'report', number>>;
  /**
   * The accounts the run verified, when it spans accounts (config `accounts`, `--role-arn`, or
   * reports merged from several runs); an account whose role could not be assumed is `error`.
   */
  accounts?: AccountOutcome[];
  /** Set when the report merges the JSON reports of several runs (`postflight merge`): what was merged. */
  merge?: MergeInfo;
  /** The exit code the run ends with, and why. */
  exitCode: number;
  /** With --drift: each run of the deploy tool's engine (which, its version, its time). */
  drift?: { engines: EngineRun[] };
}

/** The account a resource is shown under when neither its run nor its ARNs name one. */
export const UNKNOWN_ACCOUNT = '(account unknown)';

/** How a merged report was made: the reports merged, and the resources more than one of them verified. */
export interface MergeInfo {
  inputs: MergedInput[];
  /** Resources (same account, type, region and id) that more than one report verified: each is counted once. */
  duplicates: DuplicateResource[];
}

/** One report that went into a merged report, as it was on its own. */
export interface MergedInput {
  /** The report file, as given to `postflight merge` (an earlier merge's inputs: `merged.json › a.json`). */
  file: string;
  tool: { name: string; version: string };
  startedAt: string;
  durationMs: number;
  /** The exit code of that run. */
  exitCode: number;
  outputsFile: string;
  format: string;
  region?: string;
  /** What that run read: its outputs files, state files and stacks. */
  sources: SourceSummary[];
  /** Its resources and results, per account (`UNKNOWN_ACCOUNT` when none is known). */
  accounts: InputAccount[];
}

export interface InputAccount {
  account: string;
  resources: number;
  pass: number;
  fail: number;
  error: number;
  skipped: number;
  /** `error` when the run could not reach the account (its reason beside it). */
  status: 'ok' | 'error';
  reason?: string;
}

/** A resource more than one merged report verified. */
export interface DuplicateResource {
  type: string;
  id: string;
  region?: string;
  account?: string;
  /** The reports that verified it, in the order given. */
  files: string[];
  /** Checks whose results differ between those reports; the worse result is the one kept (fail, then error, then pass, then skipped). */
  differing: Array<{ checkId: string; statuses: Array<{ file: string; status: Status }>; kept: Status }>;
}

/** One account of the run: who it is, how it was reached, and whether it could be. */
export interface AccountOutcome {
  /** The account id, or the label the config gives it. */
  id: string;
  /** The role assumed to reach it, if any. */
  roleArn?: string;
  /** `error` when the account could not be reached (AssumeRole denied): nothing of it was verified. */
  status: 'ok' | 'error';
  reason?: string;
  /** Resources of the account. */
  resources: number;
}

export interface SourceSummary {
  kind: SourceRef['kind'];
  format: string;
  /** The file as given, or the stack's name. */
  origin: string;
  /** Resources this source named. */
  resources: number;
  /** Outputs this source held. */
  outputs: number;
  /** The account the source was read for, in a run over several accounts. */
  account?: string;
}

export interface UnplacedEntry {
  /** The source's origin (file or stack name). */
  origin: string;
  /** The state address, URN or logical id. */
  name: string;
  providerType?: string;
  /** Why no identifier could be had. */
  reason: string;
}

export interface Summary {
  checks: number;
  resources: number;
  results: number;
  pass: number;
  fail: number;
  error: number;
  skipped: number;
  unrecognised: number;
  /** Accounts of the run that could not be reached (their role could not be assumed). */
  unreachableAccounts: number;
}

export function summarise(report: RunReport): Summary {
  const count = (s: string) => report.results.filter((r) => r.status === s).length;
  return {
    checks: new Set(report.results.map((r) => r.checkId)).size,
    resources: report.resources.length,
    results: report.results.length,
    pass: count('pass'),
    fail: count('fail'),
    error: count('error'),
    skipped: count('skipped'),
    unrecognised: report.unrecognised.length,
    unreachableAccounts: (report.accounts ?? []).filter((a) => a.status === 'error').length,
  };
}

/**
 * 0 all pass, 1 a check failed, 3 nothing failed but something could not be verified (a result is
 * an error, or an account could not be reached).
 */
export function exitCodeFor(results: readonly Result[], accounts: readonly AccountOutcome[] = []): 0 | 1 | 3 {
  if (results.some((r) => r.status === 'fail')) return 1;
  if (results.some((r) => r.status === 'error') || accounts.some((a) => a.status === 'error')) return 3;
  return 0;
}
