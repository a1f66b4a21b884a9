/** What a run with `--drift` decides about drift, and what each engine run reports back. Types only. */

export type DriftTool = 'terraform' | 'tofu';

export interface DriftSettings {
  /** The Terraform-compatible command: `terraform` or `tofu`. */
  tool: DriftTool;
  /** The run's state files: as given (the sources' origin) and as an absolute path. */
  states: ReadonlyArray<{ path: string; shown: string }>;
  /** Working folder by absolute state path (the config's `drift.folders`). */
  folders: Readonly<Record<string, string>>;
  /** A saved `show -json` of a refresh-only plan, read instead of running the tool (absolute path). */
  planFile?: string;
  /** `-parallelism` of the plan. */
  parallelism?: number;
  /** The environment the engines run with (the user's own). */
  env: NodeJS.ProcessEnv;
  /** Where provider schemas are cached; default `~/.cache/postflight/terraform-schemas`. */
  cacheDir?: string;
  /** Longest wait for CloudFormation's drift detection, and how often to ask. */
  waitMs: number;
  pollMs: number;
}

export const DEFAULT_DRIFT_WAIT_MS = 5 * 60_000;
export const DEFAULT_DRIFT_POLL_MS = 2_000;

/** One run of an engine, for the run's statistics. */
export interface EngineRun {
  /** `terraform`, `tofu`, `cloudformation`, `pulumi`, or `saved plan`. */
  engine: string;
  /** The engine's version, when it says. */
  version?: string;
  /** The source it judged: a state file as given, a stack's name. */
  source: string;
  /** The working folder it ran in. */
  folder?: string;
  /** Wall time of the run, in milliseconds. */
  ms: number;
  /** How the provider schema was had (Terraform): `cached`, `read`, or why not. */
  schema?: string;
  /** Why it failed, when it did (every resource of the source is then an error). */
  error?: string;
}
