/**
 * `postflight demo` on a machine whose PATH has no moto_server: it finds moto through python3
 * (`python3 -m moto.server`), deploys the sample stack, verifies it, and leaves every report.
 * The python3 here stands in for one that has moto 5.2.1: it answers the version question and
 * runs the moto this machine has (test/integration/moto-resolve.test.ts covers the detection itself).
 * That PATH has no terraform either: the drift part is skipped in one line, the rest runs.
 *
 * With terraform on the PATH and the provider in a plugin cache (TF_PLUGIN_CACHE_DIR), the demo
 * applies its Terraform stack (one apply), changes a tag outside it, and the same single verify
 * run reports that one drift besides the deliberate defect, leaving no temporary folder behind.
 */
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveMoto } from '../../src/demo/moto.js';
import { onPath } from '../../src/demo/moto-resolve.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { parseHtml, elements, sarifSchemaErrors } from '../helpers/report-fixtures.js';
import { tempDir } from '../guarantees/support.js';
import { providerMirror } from '../helpers/terraform.js';

const SKIPPED_NO_TERRAFORM =
  'Skipped the drift part: terraform not found on PATH; install Terraform ≥1.5 (https://developer.hashicorp.com/terraform/install) and run the demo again.';

interface Result {
  checkId: string;
  status: string;
  resource: { type: string; id: string };
  evidence: { differences?: string[] };
}
interface Report {
  results: Result[];
  accounting: { drift?: { asDeclared: number; drifted: number; deleted: number } };
}

it('runs end to end with moto found through python3, and writes JUnit, JSON, SARIF, Markdown and HTML reports', async () => {
  const dir = await tempDir('demo');
  const real = await resolveMoto();
  const bin = join(dir, 'bin');
  await mkdir(bin);
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  await writeFile(
    join(bin, 'python3'),
    `#!/bin/sh\nif [ "$1" = "-c" ]; then echo 5.2.1; exit 0; fi\nif [ "$1" = "-m" ] && [ "$2" = "moto.server" ]; then shift 2; exec ${[real.command, ...real.args].map(quote).join(' ')} "$@"; fi\nexit 1\n`,
  );
  await chmod(join(bin, 'python3'), 0o755);
  const PATH = `${bin}:/usr/bin:/bin`;
  expect(await onPath('moto_server', { PATH })).toBeUndefined();
  expect(await onPath('terraform', { PATH })).toBeUndefined();

  const env = cleanEnv({ PATH });
  delete env.POSTFLIGHT_MOTO_SERVER;
  const run = await runCli(['demo', '--no-color'], { cwd: dir, env });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain(`(${join(bin, 'python3')} -m moto.server)`);
  expect(run.stdout).toContain('The demo ran end to end. `postflight verify` returned exit code 1: a check failed (the deliberate defect above)');
  expect(run.stdout.split('\n').filter((l) => l.startsWith('Skipped the drift part'))).toEqual([SKIPPED_NO_TERRAFORM]);
  expect(run.stdout).not.toContain('--drift');

  const reports = join(dir, 'reports', 'demo');
  expect((await readdir(reports)).sort()).toEqual(['flat-outputs.json', 'junit.xml', 'postflight.html', 'postflight.json', 'postflight.md', 'postflight.sarif']);
  expect(await sarifSchemaErrors(JSON.parse(await readFile(join(reports, 'postflight.sarif'), 'utf8')))).toEqual([]);
  expect(await readFile(join(reports, 'postflight.md'), 'utf8')).toContain('pipeline-access-logs-dev');
  expect(elements(await parseHtml(await readFile(join(reports, 'postflight.html'), 'utf8'))).filter((e) => e.tagName === 'article')).toHaveLength(1);
  const report = JSON.parse(await readFile(join(reports, 'postflight.json'), 'utf8')) as Report;
  expect(report.results.filter((r) => r.status === 'fail').map((r) => `${r.checkId} ${r.resource.id}`)).toEqual(['s3-bucket-default-encryption-cmk pipeline-access-logs-dev']);
  expect(report.results.filter((r) => r.checkId === 'live-matches-declared')).toEqual([]);
}, 120_000);

it('with terraform and the provider at hand, applies its Terraform stack and reports the one change made outside it as drift', async () => {
  const dir = await tempDir('demo-drift');
  const tmp = join(dir, 'tmp');
  await mkdir(tmp);
  // The CLI's compile cache (bin/postflight.cjs) would sit in the temporary folder, which must end empty.
  const env = cleanEnv({ TF_PLUGIN_CACHE_DIR: await providerMirror(), POSTFLIGHT_CACHE_DIR: join(dir, 'cache'), TMPDIR: tmp, NODE_COMPILE_CACHE: join(dir, 'compile-cache') });
  expect(await onPath('terraform', env)).toBeDefined();
  const run = await runCli(['demo', '--no-color'], { cwd: dir, env, timeoutMs: 240_000 });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).not.toContain('Skipped the drift part');
  expect(run.stdout).toMatch(/Applying a Terraform stack \(one security group, tag Team = "data-platform"\) into http:\/\/127\.0\.0\.1:\d+ with terraform 1\.\d+\.\d+ and hashicorp\/aws \d+\.\d+\.\d+ from /);
  expect(run.stdout).toMatch(/Running: postflight verify --outputs reports\/demo\/flat-outputs\.json --state \S+terraform\.tfstate --drift /);
  expect(run.stdout).toContain('drifted: tags.Team: declared "data-platform", live "changed-by-hand"');
  expect(run.stdout).toMatch(/0 live as declared, 1 drifted, 0 deleted/);
  expect(run.stdout).toContain('`postflight verify` returned exit code 1: checks failed (the deliberate defect, and the drift above)');

  const reports = join(dir, 'reports', 'demo');
  expect((await readdir(reports)).sort()).toEqual(['flat-outputs.json', 'junit.xml', 'postflight.html', 'postflight.json', 'postflight.md', 'postflight.sarif']);
  const report = JSON.parse(await readFile(join(reports, 'postflight.json'), 'utf8')) as Report;
  // The deliberate defect, and exactly one drift: the security group's tag, declared against live.
  expect(report.results.filter((r) => r.status === 'fail').map((r) => `${r.checkId} ${r.resource.type}`).sort()).toEqual([
    'live-matches-declared AWS::EC2::SecurityGroup',
    's3-bucket-default-encryption-cmk AWS::S3::Bucket',
  ]);
  const drift = report.results.filter((r) => r.checkId === 'live-matches-declared' && r.status !== 'skipped');
  expect(drift).toHaveLength(1);
  expect(drift[0]!.evidence.differences).toEqual(['tags.Team: declared "data-platform", live "changed-by-hand"']);
  expect(report.accounting.drift).toEqual({ asDeclared: 0, drifted: 1, deleted: 0 });
  // The security group passes the other checks: the change outside Terraform is the only finding on it.
  const onGroup = report.results.filter((r) => r.resource.id === drift[0]!.resource.id && r.status === 'pass').map((r) => r.checkId);
  expect(onGroup.sort()).toEqual(['ec2-security-group-no-open-admin-ports', 'ec2-security-group-no-open-ingress']);

  // The Terraform folder (state, plan, CLI config) is gone, and the emulator's keys are printed nowhere.
  expect(await readdir(tmp)).toEqual([]);
  for (const text of [run.stdout, ...(await Promise.all((await readdir(reports)).map((f) => readFile(join(reports, f), 'utf8'))))]) {
    expect(text).not.toMatch(/testing|secret_key|access_key/);
  }
}, 240_000);
