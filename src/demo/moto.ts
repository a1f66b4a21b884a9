/**
 * Starts and stops `moto_server`, the AWS emulator the demo and the tests run against:
 * on 127.0.0.1, on a free port, stopped by its PID. Which moto runs is decided by
 * `resolveMoto` (moto-resolve.ts): on the PATH, in python3, or in a private environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { MotoMissingError, resolveMoto, type MotoCommand, type ResolveOptions } from './moto-resolve.js';

export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** The command that runs it, as one line (`moto_server`, `python3 -m moto.server`). */
  readonly command: string;
  /** Clears every resource, for a fresh start between tests. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export { MOTO_VERSION, MotoMissingError, resolveMoto, type MotoCommand, type ResolveOptions } from './moto-resolve.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
}

export interface StartMotoOptions {
  /** The command to run instead of resolving one (a path to moto_server). */
  command?: string;
  /** How to find moto when no command is given. */
  resolve?: ResolveOptions;
  timeoutMs?: number;
  /** Extra environment for moto_server, e.g. `INITIAL_NO_AUTH_ACTION_COUNT` to enforce IAM. */
  env?: Record<string, string>;
  /**
   * The server does not keep this process running: for a server that outlives its starter's work
   * and is stopped by PID by someone else (the tests' shared server).
   */
  unref?: boolean;
}

export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const moto: MotoCommand = options.command ? { command: options.command, args: [], via: 'env' } : await resolveMoto(options.resolve);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(moto.command, [...moto.args, '-H', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true', ...options.env },
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    const spawned = await new Promise<Error | null>((resolve) => {
      child.once('spawn', () => resolve(null));
      child.once('error', (e) => resolve(e));
    });
    if (spawned) {
      if ((spawned as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new MotoMissingError(`${moto.command} could not be run (not found): install moto with \`pip install "moto[server]==5.2.1"\`, or unset POSTFLIGHT_MOTO_SERVER, and rerun.`);
      }
      throw spawned;
    }
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await waitReady(endpoint, child, options.timeoutMs ?? 30_000);
    } catch (e) {
      child.kill('SIGKILL');
      lastError = new Error(`${(e as Error).message}${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' ')}` : ''}`);
      continue;
    }
    child.stderr?.removeAllListeners('data');
    child.stderr?.resume();
    if (options.unref) {
      child.unref();
      (child.stderr as { unref?: () => void } | null)?.unref?.();
    }
    const pid = child.pid!;
    return {
      endpoint,
      port,
      command: [moto.command, ...moto.args].join(' '),
      pid,
      async reset() {
        await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      },
      stop() {
        return new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // already gone
            }
          }, 3000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            clearTimeout(timer);
            resolve();
          }
        });
      },
    };
  }
  throw lastError instanceof Error ? lastError : new Error('moto_server could not be started');
}

/** Environment for SDK clients and the CLI pointed at an emulator: fake keys, no profile lookups. */
export function emulatorEnv(endpoint: string, region = 'us-east-1'): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ENDPOINT_URL: endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
