/**
 * `postflight merge` through the real CLI: three stacks deployed into moto, each verified on its
 * own as a CI matrix's jobs would, merged into one report, against one run over the same three
 * stacks; and every kind of bad input refused with one sentence, nothing written.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deployPipelineStack, type Defect } from '../../fixtures/stacks/pipeline.js';
import { emulatorEnv } from '../../src/demo/moto.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { MOTO_BLIND } from '../helpers/pipeline-e2e.js';
import { codeQualityErrors, junitSchemaErrors, sarifSchemaErrors } from '../helpers/report-fixtures.js';
import { expectNoReports, expectPreviousReportsUntouched, expectUsageError, reportPaths, seedPreviousReports, tempDir } from '../guarantees/support.js';

const moto = useMoto();

interface Doc {
  exitCode: number;
  summary: Record<string, number>;
  accounting: Record<string, unknown>;
  results: Array<{ checkId: string; status: string; resource: { type: string; id: string }; controls?: { fsbp?: string[]; cis?: string[] } }>;
  merge?: { inputs: Array<{ file: string; exitCode: number; accounts: Array<{ account: string; resources: number }> }>; duplicates: unknown[] };
}
const read = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Doc;

const STACKS: Array<{ suffix: string; defects: Defect[] }> = [
  { suffix: 'fleeta', defects: ['logs-bucket-sse-s3'] },
  { suffix: 'fleetb', defects: [] },
  { suffix: 'fleetc', defects: ['kinesis-aws-managed-key'] },
];

let dir: string;
let one: Doc;
let oneRun: CliRun;
let runs: CliRun[];
let merge: CliRun;
let merged: Doc;
let summaryFile: string;
const out = () => reportPaths(join(dir, 'merged'));

beforeAll(async () => {
  dir = await tempDir('merge');
  const env = cleanEnv(emulatorEnv(moto().endpoint));
  const deployed = [];
  for (const s of STACKS) deployed.push(await deployPipelineStack({ endpoint: moto().endpoint, suffix: s.suffix, defects: s.defects }));
  // Each job of the matrix: its stack's outputs, its own run, its JSON report in a folder of its own.
  await mkdir(join(dir, 'outputs'));
  const verify = (outputs: string, reports: string) =>
    runCli(['verify', '--outputs', outputs, '--junit', join(reports, 'junit.xml'), '--json', join(reports, 'postflight.json'), '--skip', MOTO_BLIND, '--no-color'], { cwd: dir, env });
  runs = [];
  for (const [i, stack] of deployed.entries()) {
    const outputs = join(dir, 'outputs', `${STACKS[i]!.suffix}.json`);
    await writeFile(outputs, JSON.stringify(stack.outputs, null, 2));
    runs.push(await verify(outputs, join(dir, 'artifacts', `verify-${STACKS[i]!.suffix}`)));
  }
  // One run over the same three stacks: one outputs file holding all of them, as CDKTF writes it.
  const all = join(dir, 'outputs', 'all.json');
  await writeFile(all, JSON.stringify(Object.assign({}, ...deployed.map((d) => d.outputs)), null, 2));
  oneRun = await verify(all, join(dir, 'one'));
  one = await read(join(dir, 'one', 'postflight.json'));

  summaryFile = join(dir, 'step-summary.md');
  await writeFile(summaryFile, '# earlier step\n');
  const r = out();
  merge = await runCli(['merge', join(dir, 'artifacts'), ...r.args, '--codequality', join(r.dir, 'gl-code-quality.json'), '--no-color'], {
    cwd: dir,
    env: cleanEnv({ GITHUB_STEP_SUMMARY: summaryFile }),
  });
  merged = await read(r.json);
}, 300_000);

describe('three runs merged, against one run over the same stacks', () => {
  it('each run, and the one run, is judged as usual (one defect in two stacks: exit 1, 0, 1)', () => {
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([[1, ''], [0, ''], [1, '']]);
    expect(oneRun.code).toBe(1);
  });

  it('merge gives the counts, the accounting and the exit code of the one run', () => {
    expect(merge.stderr).toBe('');
    expect(merge.code).toBe(1);
    expect(merged.exitCode).toBe(1);
    expect(merged.summary).toEqual(one.summary);
    expect(merged.accounting).toEqual(one.accounting);
    const failed = (d: Doc) => d.results.filter((r) => r.status === 'fail').map((r) => `${r.checkId} ${r.resource.id}`).sort();
    expect(failed(merged)).toEqual(failed(one));
    expect(failed(merged)).toHaveLength(2);
  });

  it('lists every run by account and stack, reading the folder the artifacts were downloaded to', () => {
    expect(merged.merge!.inputs.map((i) => [i.file, i.exitCode])).toEqual(
      STACKS.map((s, i) => [join(dir, 'artifacts', `verify-${s.suffix}`, 'postflight.json'), [1, 0, 1][i]]),
    );
    // moto's account, read from the stacks' ARNs.
    expect(merged.merge!.inputs.flatMap((i) => i.accounts.map((a) => a.account))).toEqual(['123456789012', '123456789012', '123456789012']);
    expect(merged.merge!.duplicates).toEqual([]);
    expect(merge.stdout).toContain('  merged: 3 reports');
    expect(merge.stdout).toMatch(/Accounts and stacks\n {2}123456789012\n {4}FAIL {8}\S*verify-fleeta\/postflight\.json: outputs \S*fleeta\.json \(cdktf\)\n/);
    expect(merge.stdout).toMatch(/\nFAIL: 2 check results failed \(exit code 1\)\nReports: .*\/merged\/reports\/junit\.xml, .*\(and the step summary\)\n$/);
  });

  it('keeps every result\'s framework controls as the one run wrote them', () => {
    const controls = (d: Doc) => Object.fromEntries(d.results.map((r) => [`${r.checkId} ${r.resource.type} ${r.resource.id}`, r.controls]));
    expect(controls(merged)).toEqual(controls(one));
    expect(merged.results.filter((r) => (r.controls?.fsbp?.length ?? 0) > 0).length).toBeGreaterThan(5);
    expect(merged.results.find((r) => r.checkId === 's3-bucket-tls-only')?.controls).toEqual({ fsbp: ['S3.5'], cis: ['2.1.1'] });
  });

  it('writes every report: JUnit valid against the XSD, SARIF against its schema, Code Quality in GitLab’s format, and the step summary', async () => {
    const r = out();
    expect(await junitSchemaErrors([await readFile(r.junit, 'utf8')])).toEqual([]);
    expect(await sarifSchemaErrors(JSON.parse(await readFile(r.sarif, 'utf8')))).toEqual([]);
    const cq = await readFile(join(r.dir, 'gl-code-quality.json'), 'utf8');
    expect(await codeQualityErrors(cq)).toEqual([]);
    expect(JSON.parse(cq)).toHaveLength(2);
    expect(await readFile(r.html, 'utf8')).toContain('<section id="accounts">');
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary.startsWith('# earlier step\n## ❌ postflight: FAIL')).toBe(true);
    expect(summary).toContain('### By account and stack');
    expect(summary).toBe(`# earlier step\n${await readFile(r.markdown, 'utf8')}\n`);
  });
});

describe('bad input to merge: one sentence naming the file, exit 2, nothing written', () => {
  const attempt = async (name: string, files: Record<string, string>, args: (d: string) => string[], env: Record<string, string> = {}) => {
    const d = join(dir, 'bad', name);
    await mkdir(d, { recursive: true });
    for (const [f, text] of Object.entries(files)) {
      await mkdir(join(d, f, '..'), { recursive: true });
      await writeFile(join(d, f), text);
    }
    const r = reportPaths(d);
    await seedPreviousReports(r);
    const run = await runCli(['merge', ...args(d), ...r.args], { cwd: d, env: cleanEnv(env) });
    return { run, r, d };
  };
  const good = async () => readFile(join(dir, 'artifacts', 'verify-fleetb', 'postflight.json'), 'utf8');

  it('a file that is not JSON', async () => {
    const { run, r } = await attempt('notjson', { 'a.json': await good(), 'b.json': '{"schemaVersion": 1, "tool": ' }, () => ['a.json', 'b.json']);
    expectUsageError(run, /^postflight: The report b\.json cannot be read: it is not JSON \(.*\); pass the file `postflight verify --json FILE` wrote\.\n$/);
    await expectPreviousReportsUntouched(r);
  });

  it('JSON of another tool (a SARIF log)', async () => {
    const { run, r } = await attempt('other', { 'a.json': await good(), 'scan.json': '{"version":"2.1.0","runs":[]}' }, () => ['a.json', 'scan.json']);
    expectUsageError(run, /The file scan\.json is not a postflight JSON report/);
    await expectPreviousReportsUntouched(r);
  });

  it('a report whose controls were edited into markup', async () => {
    const doc = JSON.parse(await good()) as { results: Array<Record<string, unknown>> };
    doc.results[0]!.controls = { fsbp: ['<img src=x onerror=alert(1)>'] };
    const { run, r } = await attempt('controls', { 'a.json': await good(), 'edited.json': JSON.stringify(doc) }, () => ['a.json', 'edited.json']);
    expectUsageError(run, /^postflight: The report edited\.json is not a valid postflight JSON report: results\.0\.controls\.fsbp\.0: must be a Security Hub control id, such as S3\.8; it was edited or cut short/);
    await expectPreviousReportsUntouched(r);
  });

  it('a report of a schema version this postflight does not read', async () => {
    const newer = JSON.stringify({ ...JSON.parse(await good()), schemaVersion: 2, tool: { name: 'postflight', version: '3.0.0' } });
    const { run, r } = await attempt('version', { 'a.json': await good(), 'new.json': newer }, () => ['a.json', 'new.json']);
    expectUsageError(run, /The report new\.json was written by postflight 3\.0\.0 in JSON schema version 2, and this postflight reads version 1 only: upgrade postflight/);
    await expectPreviousReportsUntouched(r);
  });

  it('an empty list, and a folder holding no report', async () => {
    const none = await attempt('none', {}, () => []);
    expectUsageError(none.run, /postflight merge needs the JSON reports to merge: pass their files or folders/);
    await expectPreviousReportsUntouched(none.r);
    const empty = await attempt('emptydir', { 'artifacts/readme.txt': 'no reports here' }, () => ['artifacts']);
    expectUsageError(empty.run, /The folder artifacts holds no \.json file/);
    await expectPreviousReportsUntouched(empty.r);
  });

  it('a report that does not exist, and a merged report written over one of its inputs', async () => {
    const missing = await attempt('missing', { 'a.json': await good() }, () => ['a.json', 'gone.json']);
    expectUsageError(missing.run, /The report gone\.json does not exist/);
    await expectPreviousReportsUntouched(missing.r);
    const d = join(dir, 'bad', 'overwrite');
    await mkdir(d, { recursive: true });
    await writeFile(join(d, 'a.json'), await good());
    const run = await runCli(['merge', 'a.json', '--json', 'a.json'], { cwd: d, env: cleanEnv() });
    expectUsageError(run, /--json a\.json is also one of the reports to merge: write the merged report elsewhere with --json FILE\./);
    expect(await readFile(join(d, 'a.json'), 'utf8')).toBe(await good());
    expectNoReports(reportPaths(d));
  });

  it('appends nothing to the step summary', async () => {
    const file = join(dir, 'bad', 'summary.md');
    await writeFile(file, 'before\n');
    const { run } = await attempt('summary', { 'x.json': '[]' }, () => ['x.json'], { GITHUB_STEP_SUMMARY: file });
    expect(run.code).toBe(2);
    expect(await readFile(file, 'utf8')).toBe('before\n');
  });
});
