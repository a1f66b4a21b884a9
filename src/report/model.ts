/** What the report stage renders: everything one run found, as plain data. */
import type { ResourceRef, Result, SourceRef } from '../types.js';
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
  /** API calls made, by IAM action. */
  apiCalls: Record<string, number>;
  /** Every source read (outputs files, state files, CloudFormation stacks), with what each gave. */
  sources?: SourceSummary[];
  /** Entries of a state file or stack that name no resource postflight could identify, each with the reason. */
  unplaced?: UnplacedEntry[];
  /** Time per phase of the run, in milliseconds. */
  phasesMs?: Partial<Record<'read' | 'discover' | 'collect' | 'evaluate' | 'report', number>>;
  /** The exit code the run ends with, and why. */
  exitCode: number;
  /** With --drift: each run of the deploy tool's engine (which, its version, its time). */
  drift?: { engines: EngineRun[] };
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
  };
}

/** 0 all pass, 1 a check failed, 3 nothing failed but something could not be verified. */
export function exitCodeFor(results: readonly Result[]): 0 | 1 | 3 {
  if (results.some((r) => r.status === 'fail')) return 1;
  if (results.some((r) => r.status === 'error')) return 3;
  return 0;
}
