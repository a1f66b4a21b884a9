/**
 * The emulator of a test file. Starting moto_server costs two to three seconds of CPU (Python
 * imports moto), so the test files of one Jest worker share one: the first file that asks starts
 * it, the files that follow in the same worker take it over, and each file gets it emptied at its
 * start, as a fresh server: every resource of every account and region (`/moto-api/reset`), and
 * IAM enforced only if the file asks (`/moto-api/reset-auth`). A worker runs one file at a time,
 * so no file ever sees another's resources.
 *
 * Jest gives each test file a registry of modules of its own, so a variable here does not outlive
 * the file: the worker's server is recorded in a file (endpoint, port, PID) in the folder that
 * scripts/jest-global-setup.mjs makes for the run (`POSTFLIGHT_TEST_MOTO_DIR`), one per worker
 * process, and scripts/jest-global-teardown.mjs stops every server recorded there, by PID. Run
 * without that folder (another Jest config), each file starts and stops a server of its own.
 *
 * A file that needs a moto of its own (another environment, such as IAM's managed policies, or a
 * server it stops on purpose) calls `startMoto` from src/demo/moto.ts and stops it itself.
 *
 * The emulator is found as the demo finds it (`resolveMoto`: moto_server on the PATH, python3 with
 * moto, or moto 5.2.1 set up once in `.moto/venv`); without one the suite fails with the sentence
 * saying what to install. It never skips.
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { startMoto, type MotoServer } from '../../src/demo/moto.js';

interface Recorded {
  endpoint: string;
  port: number;
  pid: number;
  command: string;
}

function recordPath(): string | undefined {
  const dir = process.env.POSTFLIGHT_TEST_MOTO_DIR;
  return dir ? join(dir, `worker-${process.env.JEST_WORKER_ID ?? '1'}-${process.pid}.json`) : undefined;
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined; // no /proc (macOS)
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function post(endpoint: string, path: string, body?: string): Promise<void> {
  const res = await fetch(`${endpoint}${path}`, { method: 'POST', body });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`moto_server at ${endpoint} refused POST ${path}: HTTP ${res.status}`);
}

/**
 * Empties the server, as a fresh one: every resource (`/moto-api/reset`), and IAM enforcement as
 * `INITIAL_NO_AUTH_ACTION_COUNT` would set it at start (`/moto-api/reset-auth`: that many requests
 * go unchecked, counted from now; never checked when not given), whatever the file before set.
 */
async function resetAt(endpoint: string, initialNoAuthActionCount?: number): Promise<void> {
  await post(endpoint, '/moto-api/reset');
  await post(endpoint, '/moto-api/reset-auth', initialNoAuthActionCount === undefined ? 'inf' : String(initialNoAuthActionCount));
}

export interface TakeMotoOptions {
  /**
   * Requests moto answers before it starts to authorise each one against IAM, as moto's
   * `INITIAL_NO_AUTH_ACTION_COUNT` sets it (enough to create the test's IAM users). Never, when not given.
   */
  initialNoAuthActionCount?: number;
}

/** The worker's server as a file sees it: `stop` hands it back to the worker (it stays running). */
function shared(r: Recorded): MotoServer {
  return { ...r, reset: () => post(r.endpoint, '/moto-api/reset'), stop: async () => {} };
}

/**
 * The worker's moto_server, emptied: started on the worker's first call, taken over on the
 * following ones. Its `stop()` leaves it running for the worker's next file; the global teardown
 * stops it. Without a run folder (`POSTFLIGHT_TEST_MOTO_DIR`) it is a server of the file's own.
 */
export async function takeMoto(options: TakeMotoOptions = {}): Promise<MotoServer> {
  const count = options.initialNoAuthActionCount;
  const path = recordPath();
  if (!path) return startMoto(count === undefined ? {} : { env: { INITIAL_NO_AUTH_ACTION_COUNT: String(count) } });
  let recorded: Recorded | undefined;
  try {
    recorded = JSON.parse(readFileSync(path, 'utf8')) as Recorded;
  } catch {
    recorded = undefined;
  }
  if (recorded && alive(recorded.pid)) {
    try {
      await resetAt(recorded.endpoint, count);
      return shared(recorded);
    } catch {
      // not answering: start another below; the teardown stops this one by its PID too
      try {
        process.kill(recorded.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  // Unreferenced: the worker's files come and go, and the worker itself may exit before the teardown stops it.
  const server = await startMoto({ unref: true });
  // First for the teardown, under the PID alone (a server replaced above stays listed): with its
  // command line where /proc has it, so the teardown stops that process and never one reusing the PID.
  writeFileSync(join(process.env.POSTFLIGHT_TEST_MOTO_DIR!, `pid-${server.pid}`), commandLine(server.pid) ?? '');
  // Then for the worker's next files: written whole under another name, then renamed.
  const record: Recorded = { endpoint: server.endpoint, port: server.port, pid: server.pid, command: server.command };
  writeFileSync(`${path}.tmp`, JSON.stringify(record));
  renameSync(`${path}.tmp`, path);
  if (count !== undefined) await resetAt(server.endpoint, count);
  return shared(record);
}

/** The worker's moto_server for the whole file (beforeAll), emptied at the file's start. */
export function useMoto(options: TakeMotoOptions = {}): () => MotoServer {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await takeMoto(options);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('moto_server did not start (see the beforeAll error above)');
    return server;
  };
}
