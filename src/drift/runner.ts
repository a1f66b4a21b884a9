/**
 * Runs the deploy tool's own engine: Terraform or OpenTofu (`plan -refresh-only`, then `show -json`
 * of the plan), and Pulumi (`refresh --preview-only --json`). Spawns the tool the user chose in the
 * stack's working folder with the user's environment; never writes to the state (plans never do,
 * and `-lock=false` leaves no lock). The plan file holds every attribute of the state, secrets
 * included: it is written to a private folder (0700) and removed before this returns.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { reduceProviderSchemas, type BlockShape, type ProviderShapes } from './schema.js';
import type { ConfigFile } from './dynamic.js';
import { firstError } from './terraform.js';

/** A run of the engine failed: the sentence says why and what to do. */
export class EngineError extends Error {
  override name = 'EngineError';
}

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The tool could not be started (not on the PATH). */
  missing?: boolean;
}

/** Longest one engine run may take before it is stopped. */
export const ENGINE_TIMEOUT_MS = 20 * 60_000;

/** Runs `command args` in `cwd`; never throws for a non-zero exit. */
export function runTool(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = ENGINE_TIMEOUT_MS): Promise<ToolRun> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(command, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      resolve({ code: 127, stdout: '', stderr: (err as Error).message, missing: true });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout: '', stderr: e.message, missing: e.code === 'ENOENT' });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: signal ? `${stderr}\nstopped after ${Math.round(timeoutMs / 1000)} s (${signal})` : stderr });
    });
  });
}

/** The sentence for a tool that is not on the PATH. */
export function missingTool(command: string): string {
  if (command === 'pulumi') return 'pulumi is not on the PATH: install the Pulumi CLI (https://www.pulumi.com/docs/install/) where postflight runs, then rerun with --drift.';
  const other = command === 'tofu' ? 'or set drift.tool to terraform' : 'or install OpenTofu and set drift.tool to tofu';
  return `${command} is not on the PATH: install ${command === 'tofu' ? 'OpenTofu (https://opentofu.org/docs/intro/install/)' : 'Terraform (https://developer.hashicorp.com/terraform/install)'} where postflight runs (${other}), or pass --drift-plan with a saved \`show -json\` of a refresh-only plan.`;
}

// ---------------------------------------------------------------------------------------------
// The working folder

function hasConfiguration(folder: string): boolean {
  try {
    return readdirSync(folder).some((f) => f.endsWith('.tf') || f.endsWith('.tf.json'));
  } catch {
    return false;
  }
}

/**
 * The folder a state file's stack is planned in: the configured one; else the state's own folder
 * when it holds `*.tf` or `*.tf.json`; else, for CDKTF's `terraform.<stack>.tfstate` (the local
 * backend writes it at the project's root), `cdktf.out/stacks/<stack>` beside it.
 */
export function workingFolder(statePath: string, configured?: string): { folder: string } | { reason: string } {
  if (configured) {
    if (!existsSync(configured) || !statSync(configured).isDirectory()) return { reason: `the working folder ${configured} set for ${statePath} in drift.folders does not exist: fix the path in the config` };
    return { folder: configured };
  }
  const dir = dirname(statePath);
  if (hasConfiguration(dir)) return { folder: dir };
  const stack = /^terraform\.(.+)\.tfstate$/.exec(basename(statePath))?.[1];
  if (stack) {
    const synthesized = join(dir, 'cdktf.out', 'stacks', stack);
    if (hasConfiguration(synthesized)) return { folder: synthesized };
    return {
      reason: `no Terraform configuration was found beside ${statePath} nor in ${synthesized}: run \`cdktf synth\` in the CDKTF project, or set drift.folders in the config to the folder the stack is planned in`,
    };
  }
  return { reason: `no Terraform configuration (*.tf, *.tf.json) was found beside ${statePath}: set drift.folders in the config to the folder the stack is planned in` };
}

/**
 * The configuration files of a working folder and of the modules `init` installed for it
 * (`.terraform/modules/modules.json`), each with its module's address prefix: read for the
 * `dynamic` blocks a plan's JSON leaves out. A file that cannot be read is passed over.
 */
export async function configFiles(folder: string): Promise<ConfigFile[]> {
  const dirs: Array<{ prefix: string; dir: string }> = [{ prefix: '', dir: folder }];
  try {
    const doc = JSON.parse(await readFile(join(folder, '.terraform', 'modules', 'modules.json'), 'utf8')) as { Modules?: Array<{ Key?: string; Dir?: string }> };
    for (const m of doc.Modules ?? []) {
      if (!m.Key || !m.Dir) continue;
      dirs.push({ prefix: m.Key.split('.').map((k) => `module.${k}.`).join(''), dir: isAbsolute(m.Dir) ? m.Dir : join(folder, m.Dir) });
    }
  } catch {
    // No modules installed.
  }
  const out: ConfigFile[] = [];
  for (const { prefix, dir } of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((f) => f.endsWith('.tf') || f.endsWith('.tf.json'));
    } catch {
      continue;
    }
    for (const name of names) {
      try {
        out.push({ prefix, name, text: await readFile(join(dir, name), 'utf8') });
      } catch {
        // unreadable: passed over
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Terraform / OpenTofu

export interface TerraformOptions {
  /** `terraform` or `tofu`. */
  command: string;
  env: NodeJS.ProcessEnv;
  parallelism?: number;
  /** Where reduced provider schemas are cached, per provider version. */
  cacheDir?: string;
  timeoutMs?: number;
}

export interface TerraformPlanRun {
  /** The parsed `show -json` of the refresh-only plan (holds secrets: read it, then drop it). */
  doc: unknown;
  /** The engine's version (`1.11.4`). */
  version: string;
  /** Reduced provider schemas by provider address, when they could be had. */
  shapes?: Record<string, ProviderShapes>;
  /** How the schemas were had: `cached`, `read`, or why not. */
  schema: string;
}

/** The environment of every engine run: the user's own, no prompts, no update checks. */
export function engineEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
}

/** The default cache folder: `$XDG_CACHE_HOME/postflight` or `~/.cache/postflight`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  return join(env.POSTFLIGHT_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'postflight'), 'terraform-schemas');
}

function cacheFile(dir: string, provider: string, version: string): string {
  return join(dir, `${provider.replace(/[^A-Za-z0-9._-]+/g, '_')}@${version.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`);
}

/** The backend the folder was initialised with (`.terraform/terraform.tfstate` records it); `local` when none. */
async function backendType(folder: string): Promise<string> {
  try {
    const doc = JSON.parse(await readFile(join(folder, '.terraform', 'terraform.tfstate'), 'utf8')) as { backend?: { type?: string } };
    return doc.backend?.type ?? 'local';
  } catch {
    return 'local';
  }
}

/** Reduced schemas of the folder's providers, from the cache or from `providers schema -json` (then cached). */
async function providerShapes(folder: string, selections: Record<string, string>, o: TerraformOptions): Promise<{ shapes?: Record<string, ProviderShapes>; schema: string }> {
  const dir = o.cacheDir ?? defaultCacheDir(o.env);
  const shapes: Record<string, ProviderShapes> = {};
  const wanted = Object.entries(selections);
  if (wanted.length === 0) return { schema: 'no providers selected' };
  let cached = true;
  for (const [provider, version] of wanted) {
    try {
      shapes[provider] = JSON.parse(await readFile(cacheFile(dir, provider, version), 'utf8')) as ProviderShapes;
    } catch {
      cached = false;
    }
  }
  if (cached) return { shapes, schema: 'cached' };
  const r = await runTool(o.command, ['providers', 'schema', '-json'], folder, engineEnv(o.env), o.timeoutMs);
  if (r.code !== 0) return { schema: `unavailable (${o.command} providers schema -json failed): sets compared in the engine's order` };
  let all: Record<string, ProviderShapes>;
  try {
    all = reduceProviderSchemas(JSON.parse(r.stdout));
  } catch (err) {
    return { schema: `unavailable (${(err as Error).message}): sets compared in the engine's order` };
  }
  await mkdir(dir, { recursive: true }).catch(() => undefined);
  for (const [provider, version] of wanted) {
    const s = all[provider];
    if (!s) continue;
    shapes[provider] = s;
    // A cache that cannot be written costs the next run a few seconds, nothing more.
    await writeFileAtomic(cacheFile(dir, provider, version), JSON.stringify(s)).catch(() => undefined);
  }
  return { shapes, schema: 'read' };
}

/**
 * `plan -refresh-only` in `folder`, reading `statePath` (passed with `-state` when the folder's
 * backend is local, so the plan reads the very file the user passed), then `show -json` of the plan.
 * Throws an EngineError whose message is the one sentence to show.
 */
export async function terraformRefreshPlan(folder: string, statePath: string | undefined, o: TerraformOptions): Promise<TerraformPlanRun> {
  const env = engineEnv(o.env);
  const v = await runTool(o.command, ['version', '-json'], folder, env, o.timeoutMs);
  if (v.missing) throw new EngineError(missingTool(o.command));
  let version = 'unknown';
  let selections: Record<string, string> = {};
  try {
    const doc = JSON.parse(v.stdout) as { terraform_version?: string; provider_selections?: Record<string, string> };
    version = doc.terraform_version ?? version;
    selections = doc.provider_selections ?? {};
  } catch {
    // An old tool without -json: the version is not known, the plan still runs.
  }
  if (!existsSync(join(folder, '.terraform'))) {
    throw new EngineError(`the folder ${folder} was never initialised, so ${o.command} cannot plan there: run \`${o.command} init\` in ${folder}, then rerun.`);
  }
  const schema = providerShapes(folder, selections, o);
  const local = (await backendType(folder)) === 'local';
  const tmp = await mkdtemp(join(tmpdir(), 'postflight-refresh-'));
  try {
    await chmod(tmp, 0o700);
    const planFile = join(tmp, 'drift.tfplan');
    const args = ['plan', '-refresh-only', '-lock=false', '-input=false', '-no-color', '-json', `-out=${planFile}`];
    if (o.parallelism) args.push(`-parallelism=${o.parallelism}`);
    if (local && statePath) args.push(`-state=${statePath}`);
    const plan = await runTool(o.command, args, folder, env, o.timeoutMs);
    if (plan.code !== 0) {
      const why = firstError(plan.stdout) ?? (plan.stderr.trim().split('\n').pop() || `exit ${plan.code}`);
      if (/\binit\b/.test(why)) throw new EngineError(`${o.command} could not plan in ${folder} (${why}): run \`${o.command} init\` in ${folder}, then rerun.`);
      throw new EngineError(`${o.command} plan -refresh-only failed in ${folder}: ${why}`);
    }
    const show = await runTool(o.command, ['show', '-json', '-no-color', planFile], folder, env, o.timeoutMs);
    if (show.code !== 0) throw new EngineError(`${o.command} show -json of the refresh-only plan failed in ${folder}: ${show.stderr.trim().split('\n').pop() ?? `exit ${show.code}`}`);
    let doc: unknown;
    try {
      doc = JSON.parse(show.stdout);
    } catch (err) {
      throw new EngineError(`${o.command} show -json printed something that is not JSON (${(err as Error).message}) in ${folder}`);
    }
    const s = await schema;
    return { doc, version, ...(s.shapes ? { shapes: s.shapes } : {}), schema: s.schema };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** A shape lookup over reduced schemas. */
export function shapeLookup(shapes: Record<string, ProviderShapes> | undefined): ((provider: string, type: string) => BlockShape | undefined) | undefined {
  return shapes ? (provider, type) => shapes[provider]?.[type] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Pulumi

/**
 * `pulumi refresh --preview-only --json` in the project folder, for the stack the export names.
 * Read-only: a preview changes neither the stack's state nor its resources.
 */
export async function pulumiRefreshPreview(folder: string, stack: string | undefined, env: NodeJS.ProcessEnv, command = 'pulumi', timeoutMs = ENGINE_TIMEOUT_MS): Promise<{ doc: unknown; version: string }> {
  const v = await runTool(command, ['version'], folder, env, timeoutMs);
  if (v.missing) throw new EngineError(missingTool('pulumi'));
  const args = ['refresh', '--preview-only', '--json', '--non-interactive', ...(stack ? ['--stack', stack] : [])];
  const r = await runTool(command, args, folder, env, timeoutMs);
  if (r.code !== 0) throw new EngineError(`pulumi refresh --preview-only failed in ${folder}: ${r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`}`);
  try {
    return { doc: JSON.parse(r.stdout), version: v.stdout.trim().replace(/^v/, '') };
  } catch (err) {
    throw new EngineError(`pulumi refresh --preview-only --json printed something that is not JSON (${(err as Error).message}) in ${folder}`);
  }
}
