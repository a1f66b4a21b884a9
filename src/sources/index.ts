/**
 * Every source of a stack's resources, read and merged: the outputs file (`--outputs`), state files
 * (`--state`: Terraform / OpenTofu state, `terraform show -json`, `pulumi stack export`) and live
 * CloudFormation stacks (`--stack`). Any combination; one resource named by several sources is
 * one resource listing every source that named it, and nothing any source held is dropped without
 * a word: outputs that name no resource are `unrecognised`, entries that cannot be identified are
 * `unplaced`, with the reason.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { discover } from '../discover/discover.js';
import { InputError } from '../errors.js';
import { readOutputs } from '../outputs/read.js';
import type { OutputsFormat } from '../outputs/parse.js';
import type { AwsSettings } from '../collect/settings.js';
import type { OutputEntry, ResourceRef, ResourceType, SourceRef } from '../types.js';
import { identityKey, preferredId, preferredType } from '../discover/identity.js';
import { lineOf, outputKeyLines } from './lines.js';
import type { SourceRead, SourceSummary, UnplacedEntry } from './model.js';
import { readStateFile } from './state.js';
import { stackSource } from './stack.js';

export interface GatherOptions {
  cwd: string;
  /** `--outputs`, or the config's `outputs` resolved against the config's folder. */
  outputs?: string;
  /** True when the outputs path was given (flag or config), not the default. */
  outputsGiven: boolean;
  /** The default outputs path, read when no source is given. */
  defaultOutputs: string;
  format?: OutputsFormat;
  /** State files, resolved paths paired with the text to show. */
  states: ReadonlyArray<{ path: string; shown: string }>;
  stacks: readonly string[];
  mappings: Record<string, ResourceType>;
  /** The region given (flag, config, environment), if any. */
  region?: string;
  /** How to reach AWS, for `--stack`; called only when a stack is named. */
  aws?: () => AwsSettings;
  /** The run's clock, to time the read phase apart from discovery. */
  now?: () => Date;
}

export interface Gathered {
  resources: ResourceRef[];
  unrecognised: OutputEntry[];
  /** Every source read, with what it gave. */
  sources: SourceSummary[];
  unplaced: UnplacedEntry[];
  /** The sources, for the report's header: the outputs file, or the files and stacks read. */
  origin: string;
  format: string;
  /** API calls reading the stacks took, by IAM action. */
  calls: ReadonlyMap<string, number>;
  /** When every source had been read (discovery starts), by `now`. */
  readAt?: Date;
}

/** CDKTF's state files under a project folder (`cdktf.out/stacks/<stack>/terraform.<stack>.tfstate`). */
export async function cdktfStateFiles(dir: string): Promise<string[]> {
  const stacks = join(dir, 'cdktf.out', 'stacks');
  let names: string[];
  try {
    names = await readdir(stacks);
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const n of names.sort()) {
    const file = join(stacks, n, `terraform.${n}.tfstate`);
    if (await stat(file).then((s) => s.isFile(), () => false)) found.push(relative(dir, file));
  }
  // A local backend keeps the state beside cdktf.json too: terraform.<stack>.tfstate.
  for (const n of (await readdir(dir).catch(() => [] as string[])).sort()) if (/^terraform\.[^/]+\.tfstate$/.test(n)) found.push(n);
  return found;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** Reads the outputs file as today, and the positions of its keys. */
async function outputsSource(path: string, shown: string, format: OutputsFormat | undefined): Promise<SourceRead> {
  const parsed = await readOutputs(path, format ? { format } : {});
  let lines = new Map<string, number>();
  try {
    lines = outputKeyLines(await readFile(path, 'utf8'));
  } catch {
    // Positions are a nicety; the file was read above.
  }
  return { kind: 'outputs', format: parsed.format, origin: shown, resources: [], outputs: parsed.entries, outputLines: lines, unplaced: [] };
}

/** Which sources to read: what was given, else the default outputs file (or, in a CDKTF project without it, a sentence on the state files). */
async function readAll(opts: GatherOptions): Promise<{ reads: SourceRead[]; calls: ReadonlyMap<string, number> }> {
  const reads: SourceRead[] = [];
  const none = !opts.outputsGiven && opts.states.length === 0 && opts.stacks.length === 0;
  if (opts.outputsGiven || none) {
    const shown = opts.outputs ?? opts.defaultOutputs;
    const path = resolve(opts.cwd, shown);
    if (none && !(await exists(path)) && (await exists(join(opts.cwd, 'cdktf.json')))) {
      const states = await cdktfStateFiles(opts.cwd);
      const how = states.length > 0
        ? `it found the state file${states.length === 1 ? '' : 's'} ${states.join(', ')}: pass ${states.map((s) => `--state ${s}`).join(' ')} to verify every resource the stack deployed`
        : 'run `cdktf deploy --outputs-file cfn-outputs/flat-outputs.json`, or pass the stack\'s state with --state (`terraform state pull` in cdktf.out/stacks/<stack> writes it)';
      throw new InputError(`This is a CDKTF project (cdktf.json) without the outputs file ${shown}; ${how}.`);
    }
    reads.push(await outputsSource(path, shown, opts.format));
  }
  for (const s of opts.states) reads.push(await readStateFile(s.path, s.shown));
  let calls: ReadonlyMap<string, number> = new Map();
  if (opts.stacks.length > 0) {
    const { readStacks } = await import('../collect/cloudformation.stack.js');
    const settings = opts.aws?.();
    if (!settings) throw new InputError('--stack needs AWS access, which this command does not have.');
    const read = await readStacks([...new Set(opts.stacks)], settings);
    calls = read.calls;
    for (const listing of read.stacks) reads.push(stackSource(listing));
  }
  return { reads, calls };
}

/**
 * The places an output key named `r`: all of them, unless two sources hold the same key, when
 * only those whose value speaks of `r` (its id, its ARN, or a name its id holds) are kept.
 */
function outputSources(found: ReadonlyArray<{ ref: SourceRef; value: string }>, r: ResourceRef): SourceRef[] {
  if (found.length < 2) return found.map((f) => f.ref);
  const id = r.id.toLowerCase();
  const related = found.filter(({ value }) => {
    const v = value.trim().toLowerCase();
    return v !== '' && (v.includes(id) || id.includes(v) || (r.arn !== undefined && v === r.arn.toLowerCase()));
  });
  return (related.length > 0 ? related : found).map((f) => f.ref);
}

/** Reads every source and merges what they name into one list of resources. */
export async function gather(opts: GatherOptions): Promise<Gathered> {
  const { reads, calls } = await readAll(opts);
  const readAt = opts.now?.();

  // Outputs of every source, discovered together, each key remembering where it was read.
  const entries: OutputEntry[] = [];
  const keySources = new Map<string, Array<{ ref: SourceRef; value: string }>>();
  for (const read of reads) {
    for (const e of read.outputs) {
      entries.push(e);
      const line = lineOf(e, read.outputLines);
      const ref: SourceRef = { kind: 'outputs', format: read.format, origin: read.origin, name: e.key, ...(line !== undefined ? { line } : {}) };
      const list = keySources.get(e.key);
      if (list) list.push({ ref, value: e.value });
      else keySources.set(e.key, [{ ref, value: e.value }]);
    }
  }
  const found = discover(entries, { mappings: opts.mappings, ...(opts.region ? { defaultRegion: opts.region } : {}) });
  const resources: ResourceRef[] = found.resources.map((r) => ({ ...r, sources: r.keys.flatMap((k) => outputSources(keySources.get(k) ?? [], r)) }));

  // State entries and stack resources join the resource their identity names, or are new ones.
  const byIdentity = new Map<string, ResourceRef[]>();
  for (const r of resources) {
    const k = identityKey(r.type, r.id);
    byIdentity.set(k, [...(byIdentity.get(k) ?? []), r]);
  }
  for (const read of reads) {
    for (const s of read.resources) {
      const k = identityKey(s.type, s.id);
      // An entry is also known by the domain, endpoint or name an outputs file may give instead of its id.
      const same = [k, ...(s.aliases ?? []).map((a) => identityKey(s.type, a))].flatMap((key) => byIdentity.get(key) ?? []);
      const match = same.find((r) => s.region === undefined || r.region === undefined || r.region === s.region);
      if (match) {
        // The deploy tool's record knows the type an API's URL could only guess.
        match.type = preferredType(match.type, s.type, true);
        match.sources = [...(match.sources ?? []), s.source];
        if (match.arn === undefined && s.arn !== undefined) match.arn = s.arn;
        if (match.region === undefined && s.region !== undefined) match.region = s.region;
        match.id = preferredId(s.type, match.id, s.id);
        continue;
      }
      const ref: ResourceRef = { type: s.type, id: s.id, keys: [], sources: [s.source] };
      if (s.arn !== undefined) ref.arn = s.arn;
      const region = s.region ?? opts.region;
      if (region !== undefined) ref.region = region;
      resources.push(ref);
      byIdentity.set(k, [...(byIdentity.get(k) ?? []), ref]);
    }
  }

  const sources: SourceSummary[] = reads.map((read) => ({
    kind: read.kind,
    format: read.format,
    origin: read.origin,
    resources: resources.filter((r) => r.sources?.some((s) => s.origin === read.origin && (s.kind === read.kind || (s.kind === 'outputs' && read.outputs.length > 0)))).length,
    outputs: new Set(read.outputs.map((e) => e.key.replace(/\[\d+\].*$/, ''))).size,
  }));
  const unplaced = reads.flatMap((r) => r.unplaced);
  const origin = reads.map((r) => (r.kind === 'stack' ? `stack ${r.origin}` : r.origin)).join(', ');
  const format = [...new Set(reads.map((r) => r.format))].join(', ');
  return { resources, unrecognised: found.unrecognised, sources, unplaced, origin, format, calls, ...(readAt ? { readAt } : {}) };
}

/** The most common region among the resources, for those that carry none. */
export function majorityRegion(refs: readonly ResourceRef[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of refs) if (r.region) counts.set(r.region, (counts.get(r.region) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The sources the command line and the config name: flags win over the config, whose paths are relative to its folder. */
export function stateOptions(
  opts: { cwd: string; outputs?: string; state?: string[]; stack?: string[] },
  loaded: { config: { outputs?: string; state?: string[]; stacks?: string[] }; baseDir: string },
): Pick<GatherOptions, 'cwd' | 'outputs' | 'outputsGiven' | 'states' | 'stacks'> {
  const { config, baseDir } = loaded;
  const outputs = opts.outputs ?? (config.outputs ? resolve(baseDir, config.outputs) : undefined);
  const states = opts.state?.length
    ? opts.state.map((s) => ({ path: resolve(opts.cwd, s), shown: s }))
    : (config.state ?? []).map((s) => ({ path: resolve(baseDir, s), shown: s }));
  const stacks = opts.stack?.length ? opts.stack : (config.stacks ?? []);
  return { cwd: opts.cwd, ...(outputs !== undefined ? { outputs } : {}), outputsGiven: outputs !== undefined, states, stacks };
}
