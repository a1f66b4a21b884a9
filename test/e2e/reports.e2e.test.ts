/**
 * The reports people and CI platforms read, from a real run against the demo stack in moto:
 * `postflight verify --sarif s.sarif --markdown s.md --html s.html` writes three reports that pass
 * their validators (the official SARIF schema, parse5) and show the demo's failure with its
 * evidence; the Markdown is appended to GITHUB_STEP_SUMMARY; the JSON report and the console carry
 * the run statistics; the progress line shows on a terminal only.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployPipelineStack } from '../../fixtures/stacks/pipeline.js';
import { DEMO_DEFECTS, MOTO_BLIND_CHECKS } from '../../src/demo/demo.js';
import { emulatorEnv } from '../../src/demo/moto.js';
import { verify } from '../../src/run.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { attr, elements, parseHtml, sarifSchemaErrors, textOf } from '../helpers/report-fixtures.js';

const moto = useMoto();

let dir: string;
let outputs: string;
let run: CliRun;
const STEP_SUMMARY_BEFORE = '# Deploy\n\nDeployed the stack.\n';

beforeAll(async () => {
  const stack = await deployPipelineStack({ endpoint: moto().endpoint, defects: DEMO_DEFECTS });
  dir = await mkdtemp(join(tmpdir(), 'postflight-reports-e2e-'));
  outputs = join(dir, 'flat-outputs.json');
  await writeFile(outputs, `${JSON.stringify(stack.outputs, null, 2)}\n`);
  await writeFile(join(dir, 'step-summary.md'), STEP_SUMMARY_BEFORE);
  run = await runCli(
    ['verify', '--outputs', 'flat-outputs.json', '--skip', MOTO_BLIND_CHECKS.join(','), '--sarif', 's.sarif', '--markdown', 's.md', '--html', 's.html', '--no-color'],
    { cwd: dir, env: cleanEnv({ ...emulatorEnv(moto().endpoint), GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md'), CI: 'true' }) },
  );
}, 120_000);

describe('verify --sarif --markdown --html against the demo stack', () => {
  it('fails on the demo defect and names every report it wrote', () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(''); // CI is set, and stderr is no terminal: no progress line
    expect(run.stdout).toMatch(/Reports: .*s\.sarif, .*s\.md, .*s\.html \(and the step summary\)\n$/);
  });

  it('writes a SARIF log valid against the official schema, with the failure at its output key line and its evidence', async () => {
    const doc = JSON.parse(await readFile(join(dir, 's.sarif'), 'utf8'));
    expect(await sarifSchemaErrors(doc)).toEqual([]);
    const results = doc.runs[0].results;
    expect(results).toHaveLength(1);
    const r = results[0];
    expect(r.ruleId).toBe('s3-bucket-default-encryption-cmk');
    expect(r.message.text).toContain('default encryption is AES256');
    expect(r.properties.evidence).toEqual({ sseAlgorithm: ['AES256'] });
    const loc = r.locations[0].physicalLocation;
    expect(loc.artifactLocation).toEqual({ uri: 'flat-outputs.json', uriBaseId: '%SRCROOT%' });
    const lines = (await readFile(outputs, 'utf8')).split('\n');
    expect(lines[loc.region.startLine - 1]).toMatch(/"access_logs_bucket":/);
  });

  it('writes a Markdown summary with the verdict first and the failure with its evidence and fix, and appends it to the step summary', async () => {
    const md = await readFile(join(dir, 's.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('## ❌ postflight: FAIL');
    const row = md.split('\n').find((l) => l.startsWith('| FAIL'))!;
    expect(row).toContain('pipeline-access-logs-dev');
    expect(row).toContain('s3-bucket-default-encryption-cmk');
    expect(row).toContain('sseAlgorithm: \\["AES256"\\]');
    expect(row).toMatch(/\| Give the bucket an S3BucketServerSideEncryptionConfigurationA resource/);
    expect(await readFile(join(dir, 'step-summary.md'), 'utf8')).toBe(`${STEP_SUMMARY_BEFORE}${md}\n`);
  });

  it('writes an HTML audit report that parses into the expected structure and shows the failure with its evidence', async () => {
    const doc = await parseHtml(await readFile(join(dir, 's.html'), 'utf8'));
    const all = elements(doc);
    const section = (id: string) => all.find((e) => attr(e, 'id') === id)!;
    expect(textOf(section('verdict'))).toBe('FAIL: 1 check result failed (exit code 1)');
    expect(textOf(section('run'))).toContain('123456789012'); // the account, read from the stack's ARNs
    const findings = elements(section('findings')).filter((e) => e.tagName === 'article');
    expect(findings).toHaveLength(1);
    expect(textOf(findings[0]!)).toContain('pipeline-access-logs-dev');
    expect(textOf(findings[0]!)).toContain('["AES256"]');
    const cells = elements(section('matrix')).filter((e) => e.tagName === 'td' && attr(e, 'class') === 's-fail');
    expect(cells).toHaveLength(1);
    expect(all.filter((e) => e.tagName === 'script')).toHaveLength(1);
    expect(all.some((e) => attr(e, 'src') !== undefined || attr(e, 'href') !== undefined)).toBe(false);
  });

  it('puts the run statistics in the JSON report and the console summary', async () => {
    const json = JSON.parse(await readFile(join(dir, 'reports', 'postflight.json'), 'utf8'));
    expect(Object.keys(json.stats.phasesMs)).toEqual(['read', 'discover', 'collect', 'evaluate', 'report']);
    for (const ms of Object.values(json.stats.phasesMs)) expect(ms).toBeGreaterThanOrEqual(0);
    expect(json.stats.apiCalls.total).toBe(Object.values(json.apiCalls as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(json.stats.apiCalls.total).toBeGreaterThan(10);
    expect(json.stats.resourcesBySource[0]).toEqual({ kind: 'outputs', format: 'cdktf', origin: 'flat-outputs.json', resources: json.resources.length - (json.stats.resourcesBySource[1]?.resources ?? 0) });
    // A summary value longer than the line continues on the next, indented to its column.
    expect(run.stdout.replace(/\n {24}/g, '')).toMatch(/\n {2}duration {14}[\d.]+ m?s \(read [\d.]+ m?s, discover [\d.]+ m?s, collect [\d.]+ m?s, evaluate [\d.]+ m?s, report [\d.]+ m?s\)\n {2}AWS API calls {9}\d+ \(\d+ actions; by action with --verbose or in the JSON report\)\n/);
  });

  it('gives each all-pass resource one line and the failure in full, the summary last', () => {
    const lines = run.stdout.split('\n');
    expect(lines.filter((l) => /^PASS {2}AWS::/.test(l)).length).toBeGreaterThan(10);
    const fail = lines.findIndex((l) => /^ {2}FAIL/.test(l));
    const summary = lines.indexOf('Summary');
    expect(fail).toBeGreaterThan(lines.findIndex((l) => /^PASS {2}AWS::/.test(l)));
    expect(summary).toBeGreaterThan(fail);
  });
});

describe('the progress line, in process', () => {
  // The SDK reads credentials from this process's environment (this file's copy of it).
  beforeAll(() => {
    Object.assign(process.env, emulatorEnv(moto().endpoint));
  });
  const base = () => ({
    outputs,
    junit: join(dir, 'p', 'junit.xml'),
    json: join(dir, 'p', 'postflight.json'),
    endpointUrl: moto().endpoint,
    region: 'us-east-1',
    cwd: dir,
    out: () => undefined,
    err: () => undefined,
    only: [],
    skip: MOTO_BLIND_CHECKS,
    color: false,
    allowEmpty: false,
    now: () => new Date(),
  });

  it('on a terminal: drawn while calls are in flight, counting them, and erased at the end', async () => {
    const writes: string[] = [];
    const tty = { isTTY: true, columns: 120, write: (t: string) => writes.push(t) };
    const env = { ...cleanEnv(emulatorEnv(moto().endpoint)) };
    delete env.CI;
    await verify({ ...base(), env, progress: tty });
    expect(writes.length).toBeGreaterThan(1);
    expect(writes[0]).toMatch(/^\rverifying \d+ resources: \d+ of \d+ AWS calls? done\u001b\[K$/);
    expect(writes.at(-2)).toMatch(/^\rverifying \d+ resources: (\d+) of \1 AWS calls done\u001b\[K$/);
    expect(writes.at(-1)).toBe('\r\u001b[K');
  });

  it('never in CI, with --quiet, or on a stream that is no terminal', async () => {
    for (const [env, quiet, isTTY] of [
      [{ CI: 'true' }, false, true],
      [{}, true, true],
      [{}, false, false],
    ] as const) {
      const writes: string[] = [];
      const e = { ...cleanEnv(emulatorEnv(moto().endpoint)), ...env };
      if (!('CI' in env)) delete e.CI;
      await verify({ ...base(), env: e, quiet, progress: { isTTY, write: (t: string) => writes.push(t) } });
      expect(writes).toEqual([]);
    }
  });
});

describe('reports named in the config, and the step summary without --markdown', () => {
  beforeAll(() => {
    Object.assign(process.env, emulatorEnv(moto().endpoint));
  });

  it('writes the reports the config names under "reports", and appends the summary to GITHUB_STEP_SUMMARY even without --markdown', async () => {
    const cfgDir = await mkdtemp(join(tmpdir(), 'postflight-reports-config-'));
    await writeFile(join(cfgDir, 'postflight.config.json'), JSON.stringify({ reports: { sarif: 'out/r.sarif', markdown: 'out/r.md', html: 'out/r.html' } }));
    const summary = join(cfgDir, 'summary.md');
    const printed: string[] = [];
    const code = await verify({
      outputs,
      junit: join(cfgDir, 'out', 'junit.xml'),
      json: join(cfgDir, 'out', 'postflight.json'),
      endpointUrl: moto().endpoint,
      region: 'us-east-1',
      cwd: cfgDir,
      env: { ...cleanEnv(emulatorEnv(moto().endpoint)), GITHUB_STEP_SUMMARY: summary },
      out: (t) => printed.push(t),
      err: () => undefined,
      only: ['s3-bucket-default-encryption-cmk'],
      skip: [],
      color: false,
      allowEmpty: false,
      now: () => new Date(),
    });
    expect(code).toBe(1);
    const md = await readFile(join(cfgDir, 'out', 'r.md'), 'utf8');
    expect(await readFile(summary, 'utf8')).toBe(`${md}\n`);
    expect(await sarifSchemaErrors(JSON.parse(await readFile(join(cfgDir, 'out', 'r.sarif'), 'utf8')))).toEqual([]);
    expect(await readFile(join(cfgDir, 'out', 'r.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);

    // Without --markdown or a config path, the summary still goes to GITHUB_STEP_SUMMARY, and no Markdown file is written.
    const bare = await mkdtemp(join(tmpdir(), 'postflight-reports-summary-'));
    await verify({
      outputs,
      junit: join(bare, 'junit.xml'),
      json: join(bare, 'postflight.json'),
      endpointUrl: moto().endpoint,
      region: 'us-east-1',
      cwd: bare,
      env: { ...cleanEnv(emulatorEnv(moto().endpoint)), GITHUB_STEP_SUMMARY: join(bare, 'summary.md') },
      out: () => undefined,
      err: () => undefined,
      only: ['s3-bucket-default-encryption-cmk'],
      skip: [],
      color: false,
      allowEmpty: false,
      now: () => new Date(),
    });
    expect(await readFile(join(bare, 'summary.md'), 'utf8')).toMatch(/^## ❌ postflight: FAIL\n/);
    expect((await readdir(bare)).sort()).toEqual(['junit.xml', 'postflight.json', 'summary.md']);
  });
});
