/**
 * Before Jest's first test file: the folder where each worker records the PID of the moto_server
 * its test files share (test/helpers/moto.ts), handed to the workers as POSTFLIGHT_TEST_MOTO_DIR.
 * scripts/jest-global-teardown.mjs stops those servers and removes the folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup() {
  process.env.POSTFLIGHT_TEST_MOTO_DIR = mkdtempSync(join(tmpdir(), 'postflight-jest-moto-'));
}
