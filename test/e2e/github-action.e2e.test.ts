/**
 * The repository's GitHub Action (`action.yml`, composite), its steps run as the runner runs them
 * (test/helpers/action.ts) on the demo stack deployed into moto: the step summary is written, the
 * SARIF report exists, is valid and is what the upload step is given, the outputs are set, and the
 * step ends with the exit code verify returns. The install step (`npm ci` in the action's folder)
 * is replaced by the package this repository built; its own text is run below on a folder of its
 * own, with `npm` stood in for.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { deployPipelineStack } from '../../fixtures/stacks/pipeline.js';
import { DEMO_DEFECTS } from '../../src/demo/demo.js';
import { emulatorEnv } from '../../src/demo/moto.js';
import { BUILT_PACKAGE, loadAction, readOutputFile, runAction, type ActionRun } from '../helpers/action.js';
import { cleanEnv } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { MOTO_BLIND } from '../helpers/pipeline-e2e.js';
import { junitSchemaErrors, sarifSchemaErrors } from '../helpers/report-fixtures.js';
import { tempDir } from '../guarantees/support.js';

const moto = useMoto();

let workspace: string;
let summary: string;
let run: ActionRun;

beforeAll(async () => {
  workspace = await tempDir('action');
  const stack = await deployPipelineStack({ endpoint: moto().endpoint, suffix: 'action', defects: [...DEMO_DEFECTS] });
  mkdirSync(join(workspace, 'infra', 'cfn-outputs'), { recursive: true });
  writeFileSync(join(workspace, 'infra', 'cfn-outputs', 'flat-outputs.json'), JSON.stringify(stack.outputs, null, 2));
  summary = join(workspace, 'step-summary.md');
  writeFileSync(summary, '');
  run = runAction({
    workspace,
    inputs: {
      'working-directory': 'infra',
      outputs: 'cfn-outputs/flat-outputs.json',
      'upload-sarif': 'true',
      html: 'reports/postflight.html',
      args: `--skip ${MOTO_BLIND}  --no-color`,
    },
    env: cleanEnv({ ...emulatorEnv(moto().endpoint), GITHUB_STEP_SUMMARY: summary }),
    replace: BUILT_PACKAGE,
  });
}, 240_000);

describe('the GitHub Action on the demo stack (one deliberate defect)', () => {
  it('runs every step in order and ends with the exit code verify returns (1), after the SARIF upload', () => {
    expect(run.steps.map((s) => [s.id ?? s.name, s.ran])).toEqual([
      ['install', true],
      ['verify', true],
      ['Upload SARIF to code scanning', true],
      ["postflight's verdict", true],
    ]);
    const verify = run.steps[1]!;
    expect(verify.code).toBe(0);
    expect(verify.stderr).toBe('');
    expect(verify.stdout).toMatch(/FAIL: 1 check result failed \(exit code 1\)/);
    const report = JSON.parse(readFileSync(run.outputs.json!, 'utf8')) as { exitCode: number; results: Array<{ status: string; resource: { id: string } }> };
    expect(report.exitCode).toBe(1);
    expect(report.results.filter((r) => r.status === 'fail').map((r) => r.resource.id)).toEqual(['pipeline-access-logs-action']);
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.steps[3]!.code).toBe(1);
    expect(run.steps[3]!.stdout).toContain('::error title=postflight::A check failed (exit code 1)');
    expect(run.code).toBe(1);
  });

  it('sets its outputs: absolute paths of the reports written, in the working directory', async () => {
    const dir = join(workspace, 'infra', 'reports');
    expect(run.outputs).toEqual({
      'exit-code': '1',
      junit: join(dir, 'junit.xml'),
      json: join(dir, 'postflight.json'),
      sarif: join(dir, 'postflight.sarif'),
      markdown: '',
      html: join(dir, 'postflight.html'),
    });
    expect(await junitSchemaErrors([readFileSync(run.outputs.junit!, 'utf8')])).toEqual([]);
    expect(existsSync(run.outputs.html!)).toBe(true);
  });

  it('hands code scanning a SARIF report that exists and is valid', async () => {
    const upload = run.steps[2]!;
    expect(upload.uses).toBe('github/codeql-action/upload-sarif@v3');
    expect(upload.with).toEqual({ sarif_file: join(workspace, 'infra', 'reports', 'postflight.sarif'), category: 'postflight' });
    const sarif = JSON.parse(readFileSync(upload.with!.sarif_file!, 'utf8'));
    expect(await sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].results).toHaveLength(1);
  });

  it('writes the step summary (postflight appends it itself)', () => {
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('## ❌ postflight: FAIL')).toBe(true);
    expect(text).toContain('| FAIL | high | AWS::S3::Bucket pipeline-access-logs-action | s3-bucket-default-encryption-cmk:');
  });
});

describe('the GitHub Action without AWS', () => {
  it('bad input: exit code 2 as its output and its end, no report paths, no SARIF upload, nothing in the summary', async () => {
    const workspace = await tempDir('action-bad');
    const summary = join(workspace, 'summary.md');
    writeFileSync(summary, '');
    const bad = runAction({ workspace, inputs: { outputs: 'missing.json', 'upload-sarif': 'true' }, env: cleanEnv({ GITHUB_STEP_SUMMARY: summary }), replace: BUILT_PACKAGE });
    expect(bad.steps.map((s) => s.ran)).toEqual([true, true, false, true]);
    expect(bad.steps[1]!.stderr).toMatch(/^postflight: .*missing\.json/);
    expect(bad.outputs).toEqual({ 'exit-code': '2', junit: '', json: '', sarif: '', markdown: '', html: '' });
    expect(bad.steps[3]!.stdout).toContain('stopped with exit code 2');
    expect(bad.code).toBe(2);
    expect(readFileSync(summary, 'utf8')).toBe('');
  });

  it('maps its inputs to verify’s flags in one place: each given input once, lists one per line, args split on whitespace', async () => {
    const workspace = await tempDir('action-flags');
    // Stands in for postflight: records the arguments it was given.
    const fake = join(workspace, 'fake-postflight.mjs');
    writeFileSync(fake, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(workspace, 'args.json'))}, JSON.stringify(process.argv.slice(2)));\nprocess.exit(3);\n`);
    const given = runAction({
      workspace,
      inputs: {
        outputs: 'out dir/outputs.json',
        state: '  a.tfstate\n\n b.tfstate  \n',
        stack: 'StackOne',
        config: 'pf.json',
        region: 'eu-west-1',
        'role-arn': 'arn:aws:iam::111111111111:role/audit',
        'external-id': 'ext-1',
        'role-session-name': 'ci',
        framework: 'fsbp',
        args: '--skip a,b\n --concurrency 8 $(touch pwned) *',
        markdown: 'reports/summary.md',
      },
      env: cleanEnv({}),
      replace: { install: ({ output }) => output('bin', fake) },
    });
    expect(JSON.parse(readFileSync(join(workspace, 'args.json'), 'utf8'))).toEqual([
      'verify',
      '--outputs', 'out dir/outputs.json',
      '--state', 'a.tfstate', '--state', 'b.tfstate',
      '--stack', 'StackOne',
      '--config', 'pf.json',
      '--region', 'eu-west-1',
      '--role-arn', 'arn:aws:iam::111111111111:role/audit',
      '--external-id', 'ext-1',
      '--role-session-name', 'ci',
      '--framework', 'fsbp',
      '--junit', 'reports/junit.xml',
      '--json', 'reports/postflight.json',
      '--markdown', 'reports/summary.md',
      '--skip', 'a,b', '--concurrency', '8', '$(touch', 'pwned)', '*',
    ]);
    // An input is data, never shell code, and never a glob.
    expect(existsSync(join(workspace, 'pwned'))).toBe(false);
    expect(given.outputs['exit-code']).toBe('3');
    expect(given.steps[3]!.stdout).toContain('could not be verified (exit code 3)');
    expect(given.code).toBe(3);
  });

  it('the install step installs once per lock file: npm ci, then a stamp that a second use skips on', async () => {
    const folder = await tempDir('action-install');
    writeFileSync(join(folder, 'package-lock.json'), '{"lockfileVersion": 3}');
    const bin = join(folder, 'fake-bin');
    mkdirSync(bin);
    // npm stands in: it records its arguments and leaves what `npm ci` leaves (node_modules, dist).
    writeFileSync(join(bin, 'npm'), `#!/bin/sh\necho "$@" >> "${join(folder, 'npm-calls')}"\nmkdir -p node_modules dist/src && touch dist/src/cli.js\n`);
    chmodSync(join(bin, 'npm'), 0o755);
    const step = loadAction().runs.steps.find((s) => s.id === 'install')!;
    const script = join(folder, 'install.sh');
    writeFileSync(script, step.run!);
    const once = () => {
      const output = join(folder, `output-${Math.random()}`);
      writeFileSync(output, '');
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
        cwd: folder,
        env: { ...cleanEnv({}), PATH: `${bin}:${process.env.PATH}`, GITHUB_ACTION_PATH: folder, GITHUB_OUTPUT: output },
        encoding: 'utf8',
      });
      return { ...r, outputs: readOutputFile(readFileSync(output, 'utf8')) };
    };
    const first = once();
    expect(first.status).toBe(0);
    expect(first.outputs).toEqual({ bin: join(folder, 'bin', 'postflight.cjs') });
    expect(readFileSync(join(folder, 'npm-calls'), 'utf8')).toBe('ci --prefer-offline --no-audit --no-fund --loglevel=error\n');
    const lock = createHash('sha256').update(readFileSync(join(folder, 'package-lock.json'))).digest('hex');
    expect(readFileSync(join(folder, 'node_modules', '.postflight-installed'), 'utf8').trim()).toBe(lock);
    const second = once();
    expect(second.stdout).toContain('postflight is installed already.');
    expect(readFileSync(join(folder, 'npm-calls'), 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    // A changed lock file installs again.
    writeFileSync(join(folder, 'package-lock.json'), '{"lockfileVersion": 3, "changed": true}');
    once();
    expect(readFileSync(join(folder, 'npm-calls'), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });
});
