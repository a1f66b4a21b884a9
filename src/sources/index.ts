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
import type { SourceRead, SourceSummary, SourcedResource, UnplacedEntry } from './model.js';
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

/**
 * Reads every source and merges what they name into one list of resources.
 *
 * Mentions merge by identity and the regions the files give (see regions.ts), never by the run's
 * region: that is applied last, to the resources no file places. A resource only configuring
 * entries name (a lone security group rule, Lambda permission or access key), that no entry holds
 * and no output names, is not the stack's: its entries are listed as not placed.
 */
export async function gather(opts: GatherOptions): Promise<Gathered> {
  const { reads, calls } = await readAll(opts);
  const readAt = opts.now?.();

  // Outputs of every source, discovered together, each key remembering where it was read.
  const entries: OutputEntry[] = [];
  const keySources = new Map<string, Array<{ ref: SourceRef; value: string; read: SourceRead }>>();
  for (const read of reads) {
    for (const e of read.outputs) {
      entries.push(e);
      const line = lineOf(e, read.outputLines);
      const ref: SourceRef = { kind: 'outputs', format: read.format, origin: read.origin, name: e.key, ...(line !== undefined ? { line } : {}) };
      const list = keySources.get(e.key);
      if (list) list.push({ ref, value: e.value, read });
      else keySources.set(e.key, [{ ref, value: e.value, read }]);
    }
  }
  const found = discover(entries, { mappings: opts.mappings });
  const resources: ResourceRef[] = found.resources.map((r) => ({ ...r, sources: r.keys.flatMap((k) => outputSources(keySources.get(k) ?? [], r)) }));

  // Resources an output names or an entry holds are the stack's; the others only folds name.
  const held = new Set<ResourceRef>(resources);
  const folds = new Map<ResourceRef, SourcedResource[]>();
  /** Resources whose region only their provider configuration gave. */
  const inferred = new Set<ResourceRef>();

  // State entries and stack resources join the resource their identity names, or are new ones.
  const byIdentity = new Map<string, ResourceRef[]>();
  // An ARN names one resource whatever id each mention keeps (an output's certificate ARN, the
  // state's certificate id).
  const byArn = new Map<string, ResourceRef>();
  const index = (r: ResourceRef) => {
    for (const a of [r.arn, r.id]) if (a?.startsWith('arn:') && !byArn.has(a)) byArn.set(a, r);
  };
  for (const r of resources) {
    const k = identityKey(r.type, r.id);
    byIdentity.set(k, [...(byIdentity.get(k) ?? []), r]);
    index(r);
  }
  for (const read of reads) {
    for (const s of read.resources) {
      const k = identityKey(s.type, s.id);
      // An entry is also known by the domain, endpoint or name an outputs file may give instead of its id.
      const same = [k, ...(s.aliases ?? []).map((a) => identityKey(s.type, a))].flatMap((key) => byIdentity.get(key) ?? []);
      const sameArn = s.arn !== undefined ? byArn.get(s.arn) : undefined;
      let ref = (sameArn?.type === s.type ? sameArn : undefined) ?? same.find((r) => s.region === undefined || r.region === undefined || r.region === s.region);
      if (ref) {
        // The deploy tool's record knows the type an API's URL could only guess.
        ref.type = preferredType(ref.type, s.type, true);
        ref.sources = [...(ref.sources ?? []), s.source];
        if (ref.arn === undefined && s.arn !== undefined) ref.arn = s.arn;
        if (ref.region === undefined && s.region !== undefined) {
          ref.region = s.region;
          if (s.regionFrom === 'provider') inferred.add(ref);
        } else if (ref.region === s.region && s.regionFrom !== 'provider') inferred.delete(ref);
        ref.id = preferredId(s.type, ref.id, s.id);
      } else {
        ref = { type: s.type, id: s.id, keys: [], sources: [s.source] };
        if (s.arn !== undefined) ref.arn = s.arn;
        if (s.region !== undefined) ref.region = s.region;
        if (s.regionFrom === 'provider') inferred.add(ref);
        resources.push(ref);
        byIdentity.set(k, [...(byIdentity.get(k) ?? []), ref]);
      }
      index(ref);
      if (s.folded) folds.set(ref, [...(folds.get(ref) ?? []), s]);
      else held.add(ref);
    }
  }

  // What only folds name: the same resource held in another region's configuration (a peering
  // connection's accepter beside its requester), else not the stack's.
  const unowned: UnplacedEntry[] = [];
  for (const ref of resources.filter((r) => !held.has(r))) {
    const holders = (byIdentity.get(identityKey(ref.type, ref.id)) ?? []).filter((r) => r !== ref && held.has(r));
    if (holders.length === 1 && inferred.has(ref)) {
      const holder = holders[0] as ResourceRef;
      holder.sources = [...(holder.sources ?? []), ...(ref.sources ?? [])];
      continue;
    }
    for (const s of folds.get(ref) ?? []) {
      unowned.push({
        origin: s.source.origin,
        name: s.source.name,
        ...(s.source.providerType ? { providerType: s.source.providerType } : {}),
        reason: `configures the ${ref.type} ${ref.id}, which the state does not hold and no output names: it is not the stack's resource, so it is not verified`,
      });
    }
  }
  const placed = resources.filter((r) => held.has(r));

  // Regions no entry gave: the region of the state whose outputs named it, else the run's.
  for (const r of placed) {
    if (r.region !== undefined) continue;
    const fromState = new Set(r.keys.flatMap((k) => (keySources.get(k) ?? []).map((x) => x.read.region)).filter((x) => x !== undefined));
    const region = fromState.size === 1 ? [...fromState][0] : opts.region;
    if (region !== undefined) r.region = region;
  }

  const sources: SourceSummary[] = reads.map((read) => ({
    kind: read.kind,
    format: read.format,
    origin: read.origin,
    resources: placed.filter((r) => r.sources?.some((s) => s.origin === read.origin && (s.kind === read.kind || (s.kind === 'outputs' && read.outputs.length > 0)))).length,
    outputs: new Set(read.outputs.map((e) => e.key.replace(/\[\d+\].*$/, ''))).size,
  }));
  const unplaced = [...reads.flatMap((r) => r.unplaced), ...unowned];
  const origin = reads.map((r) => (r.kind === 'stack' ? `stack ${r.origin}` : r.origin)).join(', ');
  const format = [...new Set(reads.map((r) => r.format))].join(', ');
  return { resources: placed, unrecognised: found.unrecognised, sources, unplaced, origin, format, calls, ...(readAt ? { readAt } : {}) };
}

/** The most common region among the resources, for those that carry none. */
export function majorityRegion(refs: readonly ResourceRef[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of refs) if (r.region) counts.set(r.region, (counts.get(r.region) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** How the flags and the config name the sources (kept with the run's plan). */
export { stateOptions } from '../plan/plan.js';
