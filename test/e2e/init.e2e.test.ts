/**
 * `postflight init` in a CDKTF project (fixtures/cdktf-project: cdktf.json, its synthesized stack,
 * the outputs file `cdktf deploy --outputs-file` writes, the stack's local state file), then
 * `postflight verify` with the config it wrote, against the stack's two resources in moto.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emulatorEnv } from '../../src/demo/moto.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { sarifSchemaErrors } from '../helpers/report-fixtures.js';
import { tempDir } from '../guarantees/support.js';

const moto = useMoto();
const FIXTURE = fileURLToPath(new URL('../../fixtures/cdktf-project', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await tempDir('init');
  await cp(FIXTURE, dir, { recursive: true });
  const cfg = { region: 'us-east-1', endpoint: moto().endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'tap-fixture-data-dev' }));
  const ddb = new DynamoDBClient(cfg);
  await ddb.send(
    new CreateTableCommand({ TableName: 'tap-fixture-ledger-dev', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }),
  );
  s3.destroy();
  ddb.destroy();
}, 60_000);

describe('postflight init in a CDKTF project, then postflight verify', () => {
  it('writes the config from what it found, adds the verify script, prints the CI steps, and verify runs with it', async () => {
    const init = await runCli(['init'], { cwd: dir, env: cleanEnv() });
    expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: '' });
    expect(init.stdout).toContain('Wrote postflight.config.json:\n  CDKTF stacks found: dev\n  outputs: outputs.json (cdktf, 2 resources recognised)\n');
    expect(init.stdout).toContain('  state: cdktf.out/stacks/dev/terraform.dev.tfstate\n');
    expect(init.stdout).toContain('  region: us-east-1\n');
    expect(init.stdout).toContain('Added "verify": "postflight verify" to the scripts in package.json.');
    expect(init.stdout).toContain('uses: github/codeql-action/upload-sarif@v3');
    expect(init.stdout).toContain('junit: reports/junit.xml');

    const config = JSON.parse(await readFile(join(dir, 'postflight.config.json'), 'utf8'));
    expect(config).toEqual({
      outputs: 'outputs.json',
      state: ['cdktf.out/stacks/dev/terraform.dev.tfstate'],
      region: 'us-east-1',
      reports: { junit: 'reports/junit.xml', json: 'reports/postflight.json', sarif: 'reports/postflight.sarif', markdown: 'reports/postflight.md' },
    });
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts).toEqual({ synth: 'cdktf synth', deploy: 'cdktf deploy dev --auto-approve --outputs-file outputs.json', verify: 'postflight verify' });

    const run = await runCli(['verify', '--no-color'], { cwd: dir, env: cleanEnv(emulatorEnv(moto().endpoint)) });
    expect(run.stderr).toBe('');
    expect([0, 1]).toContain(run.code);
    const json = JSON.parse(await readFile(join(dir, 'reports', 'postflight.json'), 'utf8'));
    // Both sources init found are read: the outputs file and the stack's state file.
    expect(json.sources.map((x: { kind: string; origin: string }) => [x.kind, x.origin.replace(/^.*\//, '')])).toEqual([
      ['outputs', 'outputs.json'],
      ['state', 'terraform.dev.tfstate'],
    ]);
    expect(json.resources.map((r: { type: string; id: string }) => `${r.type} ${r.id}`).sort()).toEqual(['AWS::DynamoDB::Table tap-fixture-ledger-dev', 'AWS::S3::Bucket tap-fixture-data-dev']);
    expect(json.results.length).toBeGreaterThan(0);
    expect(json.results.every((r: { status: string }) => r.status !== 'error')).toBe(true);
    expect(await sarifSchemaErrors(JSON.parse(await readFile(join(dir, 'reports', 'postflight.sarif'), 'utf8')))).toEqual([]);
    expect(await readFile(join(dir, 'reports', 'postflight.md'), 'utf8')).toMatch(/^## (✅|❌) postflight: (PASS|FAIL)\n/);
  });

  it('never replaces the config without --force; with it, writes it again and leaves an existing verify script alone', async () => {
    const before = await readFile(join(dir, 'postflight.config.json'), 'utf8');
    const again = await runCli(['init'], { cwd: dir, env: cleanEnv() });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`postflight: postflight.config.json already exists in ${dir}; nothing was written: pass --force to replace it, or edit it by hand.\n`);
    expect(await readFile(join(dir, 'postflight.config.json'), 'utf8')).toBe(before);
    const pkgBefore = await readFile(join(dir, 'package.json'), 'utf8');
    const forced = await runCli(['init', '--force'], { cwd: dir, env: cleanEnv() });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('package.json already has a "verify" script (postflight verify); left as it is.');
    expect(await readFile(join(dir, 'package.json'), 'utf8')).toBe(pkgBefore);
    expect(await readFile(join(dir, 'postflight.config.json'), 'utf8')).toBe(before);
  });
});
