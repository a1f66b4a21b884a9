/**
 * The product end to end: a stack deployed into moto, its outputs file, and the real CLI as a
 * subprocess; exit codes, console text and the JUnit report.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployPipelineStack } from '../../fixtures/stacks/pipeline.js';
import { emulatorEnv } from '../../src/demo/moto.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { junitSchemaErrors } from '../helpers/report-fixtures.js';

const moto = useMoto();

// Every JUnit document the CLI writes here must be valid against the vendored JUnit XSD.
const written: string[] = [];
afterAll(async () => {
  expect(written.length).toBeGreaterThan(0);
  expect(await junitSchemaErrors(written)).toEqual([]);
});

async function writeOutputs(outputs: unknown): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-e2e-'));
  const file = join(dir, 'flat-outputs.json');
  await writeFile(file, JSON.stringify(outputs, null, 2));
  return { dir, file };
}

async function verify(file: string, dir: string, extra: string[] = []) {
  const junit = join(dir, 'reports', 'junit.xml');
  const json = join(dir, 'reports', 'postflight.json');
  const run = await runCli(['verify', '--outputs', file, '--junit', junit, '--json', json, '--no-color', ...extra], {
    env: cleanEnv(emulatorEnv(moto().endpoint)),
  });
  if (run.code !== 2) written.push(await readFile(junit, 'utf8'));
  return { ...run, junit, json };
}

describe('postflight verify against moto', () => {
  it('passes a stack whose buckets use the CMK (exit 0)', async () => {
    const stack = await deployPipelineStack({ endpoint: moto().endpoint, suffix: 'ok' });
    const { dir, file } = await writeOutputs(stack.outputs);
    const run = await verify(file, dir, ['--only', 's3-bucket-default-encryption-cmk']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('pipeline-sensor-data-ok');
    expect(run.stdout).toContain('pipeline-access-logs-ok');
    expect(run.stdout).not.toMatch(/\bFAIL\b/);
    const xml = await readFile(run.junit, 'utf8');
    expect(xml).toContain('testsuite name="s3-bucket-default-encryption-cmk"');
    expect(xml).not.toContain('<failure');
    expect(xml).not.toContain('<error');
    const report = JSON.parse(await readFile(run.json, 'utf8')) as { results: Array<{ status: string; resource: { id: string } }> };
    expect(report.results.filter((r) => r.status === 'pass').map((r) => r.resource.id).sort()).toEqual(['pipeline-access-logs-ok', 'pipeline-sensor-data-ok']);
  });

  it('fails the bucket encrypted with AES256, with evidence and remediation (exit 1)', async () => {
    const stack = await deployPipelineStack({ endpoint: moto().endpoint, suffix: 'sses3', defects: ['logs-bucket-sse-s3'] });
    const { dir, file } = await writeOutputs(stack.outputs);
    const run = await verify(file, dir, ['--only', 's3-bucket-default-encryption-cmk']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL/);
    expect(run.stdout).toContain('pipeline-access-logs-sses3');
    expect(run.stdout).toContain('AES256');
    expect(run.stdout).toContain('kms_master_key_id');
    const xml = await readFile(run.junit, 'utf8');
    const failures = [...xml.matchAll(/<testcase[^>]*name="([^"]*)"[^>]*>\s*<failure/g)].map((m) => m[1]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('pipeline-access-logs-sses3');
  });

  it('reports error, never pass, for a bucket that does not exist (exit 3)', async () => {
    const stack = await deployPipelineStack({ endpoint: moto().endpoint, suffix: 'gone' });
    const outputs = { ...stack.outputs[stack.stackName], access_logs_bucket: 'pipeline-bucket-that-was-deleted' };
    const { dir, file } = await writeOutputs({ [stack.stackName]: outputs });
    const run = await verify(file, dir, ['--only', 's3-bucket-default-encryption-cmk']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/ERROR/);
    expect(run.stdout).toContain('pipeline-bucket-that-was-deleted');
    const xml = await readFile(run.junit, 'utf8');
    const errored = [...xml.matchAll(/<testcase[^>]*name="([^"]*)"[^>]*>\s*<error/g)].map((m) => m[1]);
    expect(errored).toEqual([expect.stringContaining('pipeline-bucket-that-was-deleted')]);
    expect(xml).not.toMatch(/name="[^"]*pipeline-bucket-that-was-deleted[^"]*"\s*(time="[^"]*")?\s*\/>/);
  });

  it('lists unrecognised outputs in every report', async () => {
    const stack = await deployPipelineStack({ endpoint: moto().endpoint, suffix: 'unrec' });
    const outputs = { ...stack.outputs[stack.stackName], dashboard_url: 'https://grafana.example.com/d/pipeline' };
    const { dir, file } = await writeOutputs({ [stack.stackName]: outputs });
    const run = await verify(file, dir, ['--only', 's3-bucket-default-encryption-cmk']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dashboard_url');
    expect(await readFile(run.junit, 'utf8')).toContain('dashboard_url');
    const report = JSON.parse(await readFile(run.json, 'utf8')) as { unrecognised: string[] };
    expect(report.unrecognised).toContain(`${stack.stackName}.dashboard_url`);
  });
});

describe('postflight discover and list-checks', () => {
  it('discover --json names the resources and the outputs it could not place, without calling AWS', async () => {
    const { dir, file } = await writeOutputs({
      TapStackdev: {
        vpc_id: 'vpc-0abc1234def567890',
        data_bucket_name: 'pipeline-sensor-data-dev',
        data_bucket_arn: 'arn:aws:s3:::pipeline-sensor-data-dev',
        kms_key_arn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        dashboard_url: 'https://grafana.example.com/d/pipeline',
      },
    });
    // An endpoint nobody listens on: discover must not call it.
    const run = await runCli(['discover', '--json', '--outputs', file], { cwd: dir, env: cleanEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }) });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { resources: Array<{ type: string; id: string; keys: string[]; region?: string }>; unrecognised: string[] };
    expect(out.unrecognised).toEqual(['TapStackdev.dashboard_url']);
    const bucket = out.resources.find((r) => r.type === 'AWS::S3::Bucket');
    expect(bucket).toMatchObject({ id: 'pipeline-sensor-data-dev', keys: ['TapStackdev.data_bucket_name', 'TapStackdev.data_bucket_arn'] });
    expect(out.resources.find((r) => r.type === 'AWS::KMS::Key')).toMatchObject({ region: 'eu-west-1' });
    expect(out.resources.find((r) => r.type === 'AWS::EC2::VPC')).toMatchObject({ id: 'vpc-0abc1234def567890' });
  });

  it('list-checks shows each check with id, severity and resource types', async () => {
    const run = await runCli(['list-checks']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('s3-bucket-default-encryption-cmk');
    expect(run.stdout).toContain('AWS::S3::Bucket');
    expect(run.stdout).toMatch(/\[high, (cmk|encryption|lifecycle|availability|exposure)\]/);
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });
});
