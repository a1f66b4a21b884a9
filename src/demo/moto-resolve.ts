/**
 * Finds a moto of the version the demo and the tests are written against (MOTO_VERSION), in this
 * order: `moto_server` on the PATH; `python3 -m moto.server` when python3 has that moto; a
 * private virtual environment under the project (`.moto/venv`), created once with
 * `python3 -m venv` and `pip install "moto[server]==<version>"`, saying so in one line. A machine
 * without python3 gets one sentence saying what to install.
 *
 * Only `postflight demo` and the test suite call this: installing postflight never does.
 */
import { spawn } from 'node:child_process';
import { constants, existsSync, readFileSync } from 'node:fs';
import { access, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The moto the tests are written against. */
export const MOTO_VERSION = '5.2.1';

export class MotoMissingError extends Error {
  override name = 'MotoMissingError';
}

export interface MotoCommand {
  command: string;
  args: string[];
  /** Where it was found: `path`, `python3`, `venv`, or `env` (POSTFLIGHT_MOTO_SERVER). */
  via: 'path' | 'python3' | 'venv' | 'env';
}

export interface ResolveOptions {
  /** The environment whose PATH is searched (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** The private environment's folder (default: `.moto/venv` at the project's root). */
  venvDir?: string;
  /** Extra arguments for pip (a test points it at a local wheel folder). */
  pipArgs?: string[];
  /** The one line that says a private environment is being set up. */
  say?: (line: string) => void;
  /** How long to wait for another process setting up the same environment (default 10 minutes). */
  lockWaitMs?: number;
}

/** The folder holding this package's package.json. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'postflight') return dir;
    } catch {
      // not here
    }
    dir = dirname(dir);
  }
  return process.cwd();
}

export const DEFAULT_VENV = (): string => join(projectRoot(), '.moto', 'venv');

/** The executable `name` on `PATH`, or undefined. */
export async function onPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      await access(p, constants.X_OK);
      if ((await stat(p)).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs a command; resolves to its exit code and output (never rejects). */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 600_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    let out = '';
    let child;
    try {
      child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ code: null, out: (e as Error).message });
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, out: e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const VERSION_OF_MOTO = 'import importlib.metadata as m, importlib.util as u; print(m.version("moto") if u.find_spec("moto.server") and u.find_spec("flask") else "")';

/** The moto version a Python interpreter has (with its server part), or undefined. */
export async function motoVersionOf(python: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const r = await run(python, ['-c', VERSION_OF_MOTO], env, 30_000);
  const v = r.code === 0 ? r.out.trim().split('\n').pop()?.trim() : undefined;
  return v ? v : undefined;
}

/**
 * The moto version installed beside a `moto_server` script, read from its environment's
 * `site-packages` without running Python; undefined when it cannot be told (a pyenv shim).
 */
export async function versionBeside(script: string): Promise<string | undefined> {
  let head: string;
  try {
    head = (await readFile(script, 'utf8')).slice(0, 300);
  } catch {
    return undefined;
  }
  const shebang = /^#!\s*(\S+)/.exec(head)?.[1];
  if (!shebang || !/python[\d.]*$/.test(shebang)) return undefined;
  const prefix = dirname(dirname(shebang));
  try {
    for (const lib of await readdir(join(prefix, 'lib'))) {
      if (!lib.startsWith('python')) continue;
      const site = join(prefix, 'lib', lib, 'site-packages');
      const info = (await readdir(site).catch(() => [] as string[])).find((n) => /^moto-[\d.]+\.dist-info$/.test(n));
      if (info) return /^moto-([\d.]+)\.dist-info$/.exec(info)![1];
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const venvPython = (venv: string) => join(venv, 'bin', 'python');
const READY = '.postflight-moto-ready';

async function waitForOther(lock: string, venv: string, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (existsSync(join(venv, READY))) return true;
    if (!existsSync(lock)) return existsSync(join(venv, READY));
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Sets up the private environment (once; concurrent callers wait for the first). */
async function setUpVenv(python3: string, opts: Required<Pick<ResolveOptions, 'venvDir'>> & ResolveOptions, env: NodeJS.ProcessEnv): Promise<MotoCommand> {
  const venv = opts.venvDir;
  const command: MotoCommand = { command: venvPython(venv), args: ['-m', 'moto.server'], via: 'venv' };
  if (existsSync(join(venv, READY)) && (await motoVersionOf(venvPython(venv), env)) === MOTO_VERSION) return command;
  await mkdir(dirname(venv), { recursive: true });
  const lock = `${venv}.lock`;
  try {
    await mkdir(lock);
  } catch {
    if (await waitForOther(lock, venv, opts.lockWaitMs ?? 600_000)) return command;
    throw new MotoMissingError(`Another process is setting up moto in ${venv} and has not finished (remove ${lock} if none is): rerun when it is done.`);
  }
  try {
    (opts.say ?? ((l: string) => process.stderr.write(`${l}\n`)))(
      `moto_server ${MOTO_VERSION} was not found: installing "moto[server]==${MOTO_VERSION}" into ${venv} (once; later runs reuse it) ...`,
    );
    // An environment an earlier attempt made (pip failed: offline, say) is finished, not made again.
    const reusable = existsSync(venvPython(venv)) && (await run(venvPython(venv), ['-m', 'pip', '--version'], env, 60_000)).code === 0;
    if (!reusable) await rm(venv, { recursive: true, force: true });
    const made = reusable ? { code: 0, out: '' } : await run(python3, ['-m', 'venv', venv], env);
    if (made.code !== 0) {
      throw new MotoMissingError(
        `python3 could not create a virtual environment in ${venv} (${lastLine(made.out)}): install Python's venv module (on Debian/Ubuntu: apt install python3-venv), or install moto yourself with \`pip install "moto[server]==${MOTO_VERSION}"\`, and rerun.`,
      );
    }
    const pip = await run(venvPython(venv), ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', `moto[server]==${MOTO_VERSION}`, ...(opts.pipArgs ?? [])], env);
    if (pip.code !== 0) {
      throw new MotoMissingError(
        `pip could not install moto ${MOTO_VERSION} into ${venv} (${lastLine(pip.out)}): check the network or pip's index settings, or install it yourself with \`pip install "moto[server]==${MOTO_VERSION}"\`, and rerun.`,
      );
    }
    const got = await motoVersionOf(venvPython(venv), env);
    if (got !== MOTO_VERSION) throw new MotoMissingError(`The moto installed into ${venv} reports version ${got ?? 'none'}, not ${MOTO_VERSION}: remove ${venv} and rerun.`);
    await writeFile(join(venv, READY), `${MOTO_VERSION}\n`);
    return command;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

function lastLine(s: string): string {
  return (
    s
      .trim()
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop()
      ?.slice(0, 300) ?? 'no output'
  );
}

/** The command that starts a moto of the pinned version. */
export async function resolveMoto(options: ResolveOptions = {}): Promise<MotoCommand> {
  const env = options.env ?? process.env;
  const override = env.POSTFLIGHT_MOTO_SERVER;
  if (override) return { command: override, args: [], via: 'env' };

  const script = await onPath('moto_server', env);
  if (script) {
    const v = await versionBeside(script);
    if (v === undefined || v === MOTO_VERSION) return { command: script, args: [], via: 'path' };
  }
  const python3 = await onPath('python3', env);
  if (python3 && (await motoVersionOf(python3, env)) === MOTO_VERSION) return { command: python3, args: ['-m', 'moto.server'], via: 'python3' };

  const venvDir = options.venvDir ?? DEFAULT_VENV();
  if (existsSync(join(venvDir, READY)) && (await motoVersionOf(venvPython(venvDir), env)) === MOTO_VERSION) {
    return { command: venvPython(venvDir), args: ['-m', 'moto.server'], via: 'venv' };
  }
  if (!python3) {
    throw new MotoMissingError(
      `The demo and the tests need the AWS emulator moto ${MOTO_VERSION}, and neither moto_server nor python3 is on the PATH: install Python 3 (with pip and venv) and rerun, and moto will be set up in ${venvDir}; or install moto yourself with \`pip install "moto[server]==${MOTO_VERSION}"\`.`,
    );
  }
  return setUpVenv(python3, { ...options, venvDir }, env);
}
