/**
 * `postflight init`: writes a starting `postflight.config.json` from what is in a project folder.
 * It looks for a CDKTF project (`cdktf.json`, its stacks under the output folder), a CDK project
 * (`cdk.json`, the CloudFormation stacks in `cdk.out/manifest.json`), outputs files (any format
 * postflight reads, CloudFormation's included), and Terraform state files (`*.tfstate`, including
 * `terraform.<stack>.tfstate` under `cdktf.out/stacks/<stack>/`). It writes the sources, the
 * region, and the stack's customer-managed key when the outputs name exactly one KMS key; adds a
 * `verify` script to `package.json` when it has none; and prints the CI steps to add.
 * It never replaces a file without `--force`; with it, an existing config keeps everything its
 * user wrote (custom checks, waivers, params, mappings, report paths, a stack CMK given by ARN):
 * only what init finds in the folder is refreshed (`refreshConfig`).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DEFAULT_CONFIG_FILE, parseConfig, type Config } from './config/config.js';
import { discover } from './discover/discover.js';
import { UsageError } from './errors.js';
import { readOutputs } from './outputs/read.js';
import { writeReportAtomic } from './report/write.js';
import { stripControl } from './report/sanitize.js';
import type { ResourceRef } from './types.js';
import { byCodeUnit } from './compare.js';

export interface InitOptions {
  cwd: string;
  force: boolean;
  out: (text: string) => void;
}

/** What init found in the folder. */
export interface Findings {
  cdktfStacks: string[];
  cdkStacks: string[];
  /** Outputs files postflight can read, with the resources each names, best first. */
  outputs: Array<{ file: string; format: string; resources: ResourceRef[] }>;
  state: string[];
  region?: string;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.moto', 'dist', 'reports', '.terraform', 'cdk.out']);
const NOT_OUTPUTS = /^(package(-lock)?|tsconfig.*|cdktf|cdk|postflight\.config|manifest|tree)\.json$/;

const posix = (p: string) => p.split(sep).join('/');

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, '')) as unknown;
  } catch {
    return undefined;
  }
}

/** Files under `dir` (at most `depth` folders down), skipping dependency and build folders. */
async function listFiles(dir: string, depth: number): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => byCodeUnit(a.name, b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory() && depth > 0 && !SKIP_DIRS.has(e.name)) out.push(...(await listFiles(p, depth - 1)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function majorityRegion(refs: readonly ResourceRef[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of refs) if (r.region) counts.set(r.region, (counts.get(r.region) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The AWS provider's region in a synthesized CDKTF stack (`cdk.tf.json`), when it is a literal. */
function providerRegion(tf: unknown): string | undefined {
  const aws = isRecord(tf) && isRecord(tf.provider) ? tf.provider.aws : undefined;
  const first = Array.isArray(aws) ? aws[0] : aws;
  const region = isRecord(first) ? first.region : undefined;
  return typeof region === 'string' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(region) ? region : undefined;
}

/** A Terraform/OpenTofu state file (`version` and `resources`), as opposed to any other JSON. */
function looksLikeState(v: unknown): boolean {
  return isRecord(v) && typeof v.version === 'number' && Array.isArray(v.resources);
}

export async function findSources(cwd: string): Promise<Findings> {
  const found: Findings = { cdktfStacks: [], cdkStacks: [], outputs: [], state: [] };
  let region: string | undefined;

  // CDKTF: cdktf.json names the output folder; its manifest (or folder) names the stacks.
  const cdktf = await readJson(join(cwd, 'cdktf.json'));
  const stateDirs: string[] = [];
  if (isRecord(cdktf)) {
    const outDir = typeof cdktf.output === 'string' ? cdktf.output : 'cdktf.out';
    const manifest = await readJson(join(cwd, outDir, 'manifest.json'));
    const stacks = isRecord(manifest) && isRecord(manifest.stacks) ? Object.keys(manifest.stacks) : [];
    if (stacks.length === 0) {
      try {
        for (const e of await readdir(join(cwd, outDir, 'stacks'), { withFileTypes: true })) if (e.isDirectory()) stacks.push(e.name);
      } catch {
        // not synthesized yet
      }
    }
    found.cdktfStacks = stacks.sort();
    for (const s of found.cdktfStacks) {
      stateDirs.push(join(cwd, outDir, 'stacks', s));
      region ??= providerRegion(await readJson(join(cwd, outDir, 'stacks', s, 'cdk.tf.json')));
    }
  }

  // CDK: the CloudFormation stacks of the cloud assembly, read live with "stacks".
  if (await exists(join(cwd, 'cdk.json'))) {
    const manifest = await readJson(join(cwd, 'cdk.out', 'manifest.json'));
    const artifacts = isRecord(manifest) && isRecord(manifest.artifacts) ? manifest.artifacts : {};
    for (const [name, a] of Object.entries(artifacts)) {
      if (!isRecord(a) || a.type !== 'aws:cloudformation:stack') continue;
      const props = isRecord(a.properties) ? a.properties : {};
      found.cdkStacks.push(typeof props.stackName === 'string' ? props.stackName : name);
      const env = typeof a.environment === 'string' ? /^aws:\/\/[^/]*\/([a-z]{2}(-[a-z]+)+-\d)$/.exec(a.environment) : null;
      if (env) region ??= env[1];
    }
    found.cdkStacks.sort();
  }

  const files = [...(await listFiles(cwd, 2)), ...(await Promise.all(stateDirs.map((d) => listFiles(d, 0)))).flat()];
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file)) continue;
    seen.add(file);
    const name = file.slice(file.lastIndexOf(sep) + 1);
    if (/\.tfstate$/.test(name)) {
      if (looksLikeState(await readJson(file))) found.state.push(posix(relative(cwd, file)));
      continue;
    }
    if (!/\.json$/.test(name) || NOT_OUTPUTS.test(name) || !/output/i.test(relative(cwd, file))) continue;
    try {
      const parsed = await readOutputs(file);
      const { resources } = discover(parsed.entries, {});
      if (parsed.entries.length > 0) found.outputs.push({ file: posix(relative(cwd, file)), format: parsed.format, resources });
    } catch {
      // not an outputs file postflight reads
    }
  }
  found.outputs.sort((a, b) => b.resources.length - a.resources.length || byCodeUnit(a.file, b.file));
  found.state.sort();
  const resourceRegion = majorityRegion(found.outputs[0]?.resources ?? []);
  const r = resourceRegion ?? region;
  if (r) found.region = r;
  return found;
}

/** The config for what was found. */
export function configFor(found: Findings): Config {
  const config: Config = {};
  const best = found.outputs[0];
  if (best) config.outputs = best.file;
  if (found.state.length) config.state = found.state;
  if (found.cdkStacks.length) config.stacks = found.cdkStacks;
  if (found.region) config.region = found.region;
  const keys = (best?.resources ?? []).filter((r) => r.type === 'AWS::KMS::Key' && r.keys.length > 0);
  if (keys.length === 1) config.stackCmk = { outputKey: keys[0]!.keys[0]! };
  config.reports = { junit: 'reports/junit.xml', json: 'reports/postflight.json', sarif: 'reports/postflight.sarif', markdown: 'reports/postflight.md' };
  return config;
}

/** The fields init derives from the folder: replaced on `--force` when the folder gives them, kept when it does not. */
const DERIVED = ['outputs', 'state', 'stacks', 'region'] as const;

/**
 * The config `init --force` writes over an existing one: the user's file, in its own key order,
 * with the derived fields refreshed from `fresh` where the folder gave them. Report paths are
 * added only when the file has none, and the stack CMK only when the file names none or names it
 * by an output key as init does. Returns the keys taken from the existing file, for the summary.
 */
export function refreshConfig(existing: Record<string, unknown>, fresh: Config): { config: Record<string, unknown>; kept: string[] } {
  const config: Record<string, unknown> = { ...existing };
  for (const k of DERIVED) if (fresh[k] !== undefined) config[k] = fresh[k];
  const cmk = existing.stackCmk;
  const initsOwnCmk = cmk === undefined || (isRecord(cmk) && Object.keys(cmk).length === 1 && typeof cmk.outputKey === 'string');
  if (fresh.stackCmk !== undefined && initsOwnCmk) config.stackCmk = fresh.stackCmk;
  if (config.reports === undefined && fresh.reports !== undefined) config.reports = fresh.reports;
  const refreshed = new Set<string>([...DERIVED.filter((k) => fresh[k] !== undefined), ...(fresh.stackCmk !== undefined && initsOwnCmk ? ['stackCmk'] : [])]);
  return { config, kept: Object.keys(existing).filter((k) => !refreshed.has(k) && k !== '$schema') };
}

/** The existing config, when `--force` replaces it: its object, or why it cannot be kept. */
async function existingConfig(path: string): Promise<Record<string, unknown> | string> {
  try {
    const v: unknown = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
    return isRecord(v) ? v : 'it holds no JSON object';
  } catch (err) {
    return err instanceof SyntaxError ? 'it is not valid JSON' : `it could not be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
}

export const CI_STEPS = `GitHub Actions (after the deploy step; the SARIF upload needs "security-events: write"):

      - name: Verify the deployed stack
        run: npx postflight verify
      - name: Upload the findings to code scanning
        if: always()
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: reports/postflight.sarif

  (the Markdown summary is appended to the run's page by itself: GITHUB_STEP_SUMMARY is set)

GitLab CI:

  postflight:
    stage: verify
    script:
      - npx postflight verify
    artifacts:
      when: always
      paths: [reports/]
      reports:
        junit: reports/junit.xml
`;

/** Adds `"verify": "postflight verify"` to package.json's scripts when it has none; says what it did. */
async function addVerifyScript(cwd: string): Promise<string> {
  const path = join(cwd, 'package.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return 'No package.json here: run `npx postflight verify` after each deploy.';
  }
  let pkg: unknown;
  try {
    pkg = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return 'package.json is not valid JSON, so no "verify" script was added.';
  }
  if (!isRecord(pkg)) return 'package.json holds no object, so no "verify" script was added.';
  const scripts = isRecord(pkg.scripts) ? pkg.scripts : {};
  if (typeof scripts.verify === 'string') return `package.json already has a "verify" script (${stripControl(scripts.verify)}); left as it is.`;
  pkg.scripts = { ...scripts, verify: 'postflight verify' };
  const indent = /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  await writeReportAtomic(path, `${JSON.stringify(pkg, null, indent)}${text.endsWith('\n') ? '\n' : ''}`);
  return 'Added "verify": "postflight verify" to the scripts in package.json.';
}

export async function initCommand(opts: InitOptions): Promise<number> {
  const target = join(opts.cwd, DEFAULT_CONFIG_FILE);
  if ((await exists(target)) && !opts.force) {
    throw new UsageError(`${DEFAULT_CONFIG_FILE} already exists in ${opts.cwd}; nothing was written: pass --force to replace it, or edit it by hand.`);
  }
  const found = await findSources(opts.cwd);
  const fresh = configFor(found);
  const previous = opts.force && (await exists(target)) ? await existingConfig(target) : undefined;
  const merged = typeof previous === 'object' ? refreshConfig(previous, fresh) : undefined;
  const written = merged?.config ?? fresh;
  const config = parseConfig(written, DEFAULT_CONFIG_FILE); // what init writes, verify reads
  await writeReportAtomic(target, `${JSON.stringify(written, null, 2)}\n`);

  const t = (s: string) => stripControl(s);
  const lines: string[] = [`Wrote ${DEFAULT_CONFIG_FILE}:`];
  if (merged && merged.kept.length > 0) lines.push(`  kept from the existing file: ${merged.kept.map(t).join(', ')}`);
  if (typeof previous === 'string') lines.push(`  the existing file was replaced whole: ${previous}`);
  if (found.cdktfStacks.length) lines.push(`  CDKTF stacks found: ${found.cdktfStacks.map(t).join(', ')}`);
  const best = found.outputs[0];
  if (best) lines.push(`  outputs: ${t(best.file)} (${best.format}, ${best.resources.length} resource${best.resources.length === 1 ? '' : 's'} recognised)`);
  else lines.push('  outputs: none found; set "outputs" to the file your deploy writes (cdktf deploy --outputs-file, cdk deploy --outputs-file, terraform output -json)');
  for (const other of found.outputs.slice(1)) lines.push(`  also found ${t(other.file)} (${other.format}); set "outputs" to it to use it instead`);
  if (found.state.length) lines.push(`  state: ${found.state.map(t).join(', ')}`);
  if (found.cdkStacks.length) lines.push(`  CloudFormation stacks: ${found.cdkStacks.map(t).join(', ')}`);
  lines.push(`  region: ${found.region ? t(found.region) : 'not found; set "region", or AWS_REGION when you run verify'}`);
  if (config.stackCmk?.outputKey) lines.push(`  stack CMK: the key named by the output ${t(config.stackCmk.outputKey)}`);
  lines.push(`  reports: ${Object.values(config.reports ?? {}).join(', ')}`);
  lines.push(await addVerifyScript(opts.cwd));
  lines.push('', 'Run it after each deploy with `npx postflight verify`. In CI, add:', '', CI_STEPS);
  opts.out(`${lines.join('\n')}\n`);
  return 0;
}
