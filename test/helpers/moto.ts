/**
 * The emulator of a test file. Starting moto_server costs about a second and a half of CPU (Python
 * imports moto), so the test files of one Jest worker share one: the first file that asks starts
 * it, the files that follow in the same worker take it over, and each file gets it emptied at its
 * start (moto's `/moto-api/reset`: every resource of every account and region, as a fresh server
 * holds). A worker runs one file at a time, so no two files ever see each other's resources.
 *
 * Jest gives each test file a registry of modules of its own, so a variable here does not outlive
 * the file: the worker's server is recorded in a file (endpoint, port, PID) in the folder that
 * scripts/jest-global-setup.mjs makes for the run (`POSTFLIGHT_TEST_MOTO_DIR`), one per worker
 * process, and scripts/jest-global-teardown.mjs stops every server recorded there, by PID. Run
 * without that folder (another Jest config), each file starts and stops a server of its own.
 *
 * A file that needs a moto of its own (other environment, IAM enforced with `reset-auth`, a
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function resetAt(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`moto_server at ${endpoint} did not reset: HTTP ${res.status}`);
}

/** The worker's server as a file sees it: `stop` hands it back to the worker (it stays running). */
function shared(r: Recorded): MotoServer {
  return { ...r, reset: () => resetAt(r.endpoint), stop: async () => {} };
}

/**
 * The worker's moto_server, emptied: started on the worker's first call, taken over on the
 * following ones. Its `stop()` leaves it running for the worker's next file; the global teardown
 * stops it. Without a run folder (`POSTFLIGHT_TEST_MOTO_DIR`) it is a server of the file's own.
 */
export async function takeMoto(): Promise<MotoServer> {
  const path = recordPath();
  if (!path) return startMoto();
  let recorded: Recorded | undefined;
  try {
    recorded = JSON.parse(readFileSync(path, 'utf8')) as Recorded;
  } catch {
    recorded = undefined;
  }
  if (recorded && alive(recorded.pid)) {
    try {
      await resetAt(recorded.endpoint);
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
  const server = await startMoto();
  const record: Recorded = { endpoint: server.endpoint, port: server.port, pid: server.pid, command: server.command };
  // Written whole under another name, then renamed: the teardown never reads half a record.
  writeFileSync(`${path}.tmp`, JSON.stringify(record));
  renameSync(`${path}.tmp`, path);
  // Also under the PID alone, so a server replaced above is still stopped by the teardown.
  writeFileSync(join(process.env.POSTFLIGHT_TEST_MOTO_DIR!, `pid-${server.pid}`), String(server.pid));
  return shared(record);
}

/** The worker's moto_server for the whole file (beforeAll), emptied at the file's start. */
export function useMoto(): () => MotoServer {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await takeMoto();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('moto_server did not start (see the beforeAll error above)');
    return server;
  };
}
