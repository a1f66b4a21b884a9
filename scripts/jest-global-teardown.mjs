/**
 * After Jest's last test file: stops, by PID, every moto_server the workers shared
 * (test/helpers/moto.ts records each one in POSTFLIGHT_TEST_MOTO_DIR), SIGTERM first and SIGKILL
 * after three seconds, then removes the run's folder (scripts/jest-global-setup.mjs) with all the
 * tests left in it. A PID whose process is no longer the one recorded (another command line: gone,
 * and the number reused) is left alone.
 *
 * The servers outlive the worker processes that started them, so their CPU time is missing from
 * the figures of `/usr/bin/time npm test` (but for a run in band, where Jest's own process starts
 * and reaps them): with POSTFLIGHT_TEST_MOTO_CPU=1 the teardown prints it (user + system seconds,
 * from /proc) before stopping them.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Whether the PID is still the server recorded: the same command line where /proc has it, else alive. */
function isRecorded(pid, cmdline) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === cmdline;
  } catch {
    if (cmdline) return false; // recorded from /proc, and gone from it
    try {
      process.kill(pid, 0); // no /proc (macOS): alive is all there is to know
      return true;
    } catch {
      return false;
    }
  }
}

export default async function globalTeardown() {
  await stopMoto(process.env.POSTFLIGHT_TEST_MOTO_DIR);
  const run = process.env.POSTFLIGHT_TEST_RUN_DIR;
  if (run) rmSync(run, { recursive: true, force: true });
}

async function stopMoto(dir) {
  if (!dir) return;
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const recorded = new Map();
  for (const n of names.filter((x) => x.startsWith('pid-'))) {
    const pid = Number(n.slice(4));
    if (Number.isInteger(pid) && pid > 0) recorded.set(pid, readFileSync(join(dir, n), 'utf8'));
  }
  const isMoto = (pid) => isRecorded(pid, recorded.get(pid));
  const pids = [...recorded.keys()].filter(isMoto);
  if (process.env.POSTFLIGHT_TEST_MOTO_CPU === '1') {
    const seconds = pids.map((pid) => {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
        return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
      } catch {
        return 0;
      }
    });
    process.stdout.write(`moto_server CPU time (shared servers): ${seconds.reduce((a, b) => a + b, 0).toFixed(1)} s in ${pids.length} servers\n`);
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 3000;
  let left = pids;
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = left.filter((p) => isMoto(p));
  }
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
