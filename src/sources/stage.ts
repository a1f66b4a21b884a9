/**
 * The gather stage: every source the plan names, read and merged into the run's resources, with
 * the region each one is verified in, and the rules for a stack that names nothing.
 */
import { InputError } from '../errors.js';
import type { RunPlan, SourcePlan } from '../plan/plan.js';
import { stripControl } from '../report/sanitize.js';
import type { AwsSettings } from '../collect/settings.js';
import { DEFAULT_OUTPUTS } from '../plan/plan.js';
import type { Gathered } from './index.js';

/** What the gather stage hands on. */
export interface GatheredRun extends Omit<Gathered, 'unrecognised'> {
  /** The sources, for the report's header (the outputs file, or the files and stacks read). */
  outputsPath: string;
  /** Output keys no resource was found in. */
  unrecognised: string[];
  /** Of those, the keys whose values are secret (never shown). */
  redacted: string[];
  /** The run's region: the one given, else the one most resources carry. */
  region?: string;
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
  return { ...found, outputsPath: found.origin, resources, unrecognised: found.unrecognised.map((e) => e.key), redacted, ...(region ? { region } : {}) };
}

/** A stack that names no resource is an input error, unless `--allow-empty` accepts it (with a warning). */
function checkNotEmpty(found: GatheredRun, allowEmpty: boolean, warn: (text: string) => void): void {
  if (found.resources.length > 0) return;
  if (allowEmpty) {
    warn(`postflight: warning: no AWS resource was recognised in ${stripControl(found.outputsPath)}, so nothing is verified (--allow-empty).\n`);
    return;
  }
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (found.sources.some((s) => s.kind !== 'outputs')) {
    throw new InputError(
      `No AWS resource was found in ${found.outputsPath} (${plural(found.unplaced.length, 'entry', 'entries')} not placed, ${plural(found.unrecognised.length, 'output', 'outputs')} not recognised): pass the state or stack of a deployed stack (run \`postflight discover\` to see what each source gave), or pass --allow-empty to accept an empty stack.`,
    );
  }
  throw new InputError(
    `No AWS resource was recognised in ${found.outputsPath} (${plural(found.unrecognised.length, 'output', 'outputs')} read): map outputs to resource types under "resources" in postflight.config.json, or pass --allow-empty to accept an empty stack.`,
  );
}

/** The gather stage of `verify`: the sources read and merged, refused when they name nothing. */
export async function gatherRun(plan: RunPlan, io: { err: (text: string) => void; now: () => Date }): Promise<GatheredRun & { discoveredAt: Date }> {
  const found = await gatherSources(plan.sources, plan.aws, io.now);
  checkNotEmpty(found, plan.sources.allowEmpty, io.err);
  return { ...found, discoveredAt: io.now() };
}
