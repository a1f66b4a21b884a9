/**
 * A report is never lost or half written. A run interrupted (SIGINT, SIGTERM) while it collects
 * leaves the previous report as it was, or none, never a truncated one and no temporary file, and
 * exits non-zero. Runs writing to the same paths at once leave one complete, valid report, and a
 * reader polling the files meanwhile never sees a partial one.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deployPipelineStack, type DeployedStack } from '../../fixtures/stacks/pipeline.js';
import { MOTO_BLIND_CHECKS } from '../../src/demo/demo.js';
import { emulatorEnv } from '../../src/demo/moto.js';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { BIN, cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { junitSchemaErrors, parseXml } from '../helpers/report-fixtures.js';
import { expectNoReports, expectPreviousReportsUntouched, junitCases, PREVIOUS_HTML, PREVIOUS_JSON, PREVIOUS_JUNIT, PREVIOUS_SARIF, REPORT_FILES, reportPaths, seedPreviousReports, tempDir, type JsonReport, type ReportPaths } from './support.js';

const moto = useMoto();
let stack: DeployedStack;
let dir: string;
let outputsFile: string;
let proxy: AwsProxy;

beforeAll(async () => {
  stack = await deployPipelineStack({ endpoint: moto().endpoint, suffix: 'reports' });
  dir = await tempDir('reports');
  outputsFile = join(dir, 'flat-outputs.json');
  await writeFile(outputsFile, JSON.stringify(stack.outputs));
  // Every DynamoDB call hangs: a run waits there, mid-collection, until it is interrupted.
  proxy = await startAwsProxy({ target: moto().endpoint, rules: [{ service: 'dynamodb', fault: { kind: 'hang' } }] });
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
});

/** Starts a run that hangs in collection, sends `signal` once the hung call is in flight, and waits for the exit. */
async function interrupted(r: ReportPaths, signal: NodeJS.Signals): Promise<CliRun> {
  proxy.reset();
  const child = spawn(process.execPath, [BIN, 'verify', '--outputs', outputsFile, ...r.args, '--no-color', '--call-timeout', '60', '--endpoint-url', proxy.endpoint], {
    env: cleanEnv(emulatorEnv(proxy.endpoint)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<CliRun>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig, stdout, stderr })));
  const deadline = Date.now() + 20_000;
  while (!proxy.calls().some((c) => c.fault === 'hang')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the run never reached the hung call: ${stderr}`);
    await new Promise((res) => setTimeout(res, 25));
  }
  // Other services' calls are answered meanwhile; the run is mid-collection, with work in flight.
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const run = await exited;
  clearTimeout(timer);
  return run;
}

describe('an interrupted run', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s during collection: exits %i, says so, and leaves the previous report untouched with nothing beside it', async (signal, code) => {
    const r = reportPaths(join(dir, `prev-${signal}`));
    await seedPreviousReports(r);
    const run = await interrupted(r, signal);
    expect({ code: run.code, signal: run.signal }).toEqual({ code, signal: null });
    expect(run.stderr).toBe(`postflight: interrupted (${signal}); no report was written by this run.\n`);
    expect(run.stdout).toBe('');
    await expectPreviousReportsUntouched(r);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s during collection with no previous report: leaves none, and no folder or temporary file', async (signal) => {
    const r = reportPaths(join(dir, `none-${signal}`));
    const run = await interrupted(r, signal);
    expect(run.code).not.toBe(0);
    expectNoReports(r);
  });
});

describe('runs writing the same report paths at once', () => {
  it('leave one complete, valid report from one run; a reader polling meanwhile sees only whole files', async () => {
    const r = reportPaths(join(dir, 'shared'));
    await seedPreviousReports(r);
    // Two different check selections, so a mix of two runs in one file would show.
    const selections = ['s3-bucket-default-encryption-cmk,kms-key-enabled', 'rds-instance-multi-az-enabled,efs-file-system-regional', 's3-bucket-lifecycle-covers-bucket'];
    const seen = { json: new Set<string>(), junit: new Set<string>(), sarif: new Set<string>(), html: new Set<string>() };
    let polling = true;
    const poller = (async () => {
      while (polling) {
        for (const [kind, path] of [['json', r.json], ['junit', r.junit], ['sarif', r.sarif], ['html', r.html]] as const) {
          try {
            seen[kind].add(await readFile(path, 'utf8'));
          } catch (e) {
            throw new Error(`the ${kind} report could not be read while runs wrote it: ${(e as Error).message}`);
          }
        }
        await new Promise((res) => setImmediate(res));
      }
    })();
    const runs = await Promise.all(
      [...selections, ...selections].map((only) =>
        runCli(['verify', '--outputs', outputsFile, ...r.args, '--no-color', '--only', only, '--skip', MOTO_BLIND_CHECKS.join(',')], { env: cleanEnv(emulatorEnv(moto().endpoint)) }),
      ),
    );
    polling = false;
    await poller;
    for (const run of runs) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });

    expect(seen.json.size).toBeGreaterThanOrEqual(2);
    // Every version a reader saw was whole: the previous report, or one run's complete report.
    for (const text of seen.json) if (text !== PREVIOUS_JSON) expect(() => JSON.parse(text)).not.toThrow();
    for (const text of seen.junit) if (text !== PREVIOUS_JUNIT) expect(() => parseXml(text)).not.toThrow();
    for (const text of seen.sarif) if (text !== PREVIOUS_SARIF) expect(JSON.parse(text).version).toBe('2.1.0');
    for (const text of seen.html) if (text !== PREVIOUS_HTML) expect(text.endsWith('</html>\n')).toBe(true);
    expect(seen.sarif.size).toBeGreaterThanOrEqual(2);
    expect(await junitSchemaErrors([...seen.junit].filter((t) => t !== PREVIOUS_JUNIT))).toEqual([]);

    // The files left are one run's each: results of one selection only, counts that add up.
    const json = JSON.parse(await readFile(r.json, 'utf8')) as JsonReport;
    const checks = [...new Set(json.results.map((x) => x.checkId))].sort();
    expect(selections.map((s) => s.split(',').sort().join(','))).toContain(checks.join(','));
    expect(json.summary.results).toBe(json.results.length);
    const xml = await readFile(r.junit, 'utf8');
    expect(await junitSchemaErrors([xml])).toEqual([]);
    const cases = junitCases(xml).filter((c) => c.suite !== 'postflight.outputs' && c.suite !== 'postflight.resources');
    expect(Number(parseXml(xml).attributes.tests)).toBe(junitCases(xml).length);
    expect(selections.map((s) => s.split(',').sort().join(','))).toContain([...new Set(cases.map((c) => c.classname))].sort().join(','));
    expect((await readdir(r.dir)).sort()).toEqual(REPORT_FILES);
    expect(existsSync(join(dir, 'shared', 'reports'))).toBe(true);
  });
});
