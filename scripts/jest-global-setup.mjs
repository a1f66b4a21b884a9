/**
 * Before Jest's first test file: a folder of the run's own, removed by
 * scripts/jest-global-teardown.mjs whatever the tests left in it.
 * - `tmp/` becomes TMPDIR for the workers and every process they start, so the temporary folders
 *   the tests make (and the CLI's compile cache, where a test sets none) go with the run.
 * - `moto/` is where each worker records the PID of the moto_server its test files share
 *   (test/helpers/moto.ts), handed to the workers as POSTFLIGHT_TEST_MOTO_DIR; the teardown stops
 *   those servers first.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup() {
  const run = mkdtempSync(join(tmpdir(), 'postflight-jest-'));
  for (const d of ['tmp', 'moto']) mkdirSync(join(run, d));
  process.env.POSTFLIGHT_TEST_RUN_DIR = run;
  process.env.POSTFLIGHT_TEST_MOTO_DIR = join(run, 'moto');
  process.env.TMPDIR = join(run, 'tmp');
}
