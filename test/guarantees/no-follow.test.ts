/**
 * The outputs file is data: postflight never connects to an endpoint or URL it names, and never
 * loads a module or config it names. AWS calls go only to AWS (here: the --endpoint-url emulator),
 * and check modules come only from the config file the user chose.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { emulatorEnv } from '../../src/demo/moto.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { readJsonReport, reportPaths, tempDir } from './support.js';

const moto = useMoto();
const BUCKET = 'pipeline-nofollow-data';

let server: Server;
let requests: string[] = [];
let target: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.end('{}');
  });
  server.on('connection', (s) => requests.push(`connection from ${s.remoteAddress}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto().endpoint, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutBucketEncryptionCommand({ Bucket: BUCKET, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }));
  s3.destroy();
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let stackDir: string;

it('an outputs file naming endpoints, URLs, modules and configs: nothing is fetched, nothing is loaded', async () => {
  const dir = await tempDir('nofollow');
  stackDir = join(dir, 'stack');
  const work = join(dir, 'work');
  await mkdir(stackDir);
  await mkdir(work);
  // A module that leaves a marker when anything imports it, and a config that would load it.
  const marker = join(dir, 'LOADED');
  const evil = join(stackDir, 'evil.check.js');
  await writeFile(join(stackDir, 'package.json'), '{"type": "module"}');
  await writeFile(
    evil,
    `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'loaded');\n` +
      `export default { id: 'evil-bucket-check', title: 'Evil', severity: 'low', appliesTo: ['AWS::S3::Bucket'], needs: [], remediation: 'x', evaluate: () => ({ status: 'pass', message: 'evil' }) };\n`,
  );
  await writeFile(join(stackDir, 'evil.config.json'), JSON.stringify({ customChecks: ['./evil.check.js'], endpointUrl: `http://${target}` }));
  // A config beside the outputs file (not in the working folder) is not the user's config either.
  await writeFile(join(stackDir, 'postflight.config.json'), JSON.stringify({ customChecks: ['./evil.check.js'], endpointUrl: `http://${target}` }));

  const outputs = join(stackDir, 'flat-outputs.json');
  await writeFile(
    outputs,
    JSON.stringify({
      TapStacknofollow: {
        data_bucket_name: BUCKET,
        endpoint: `http://${target}`,
        endpointUrl: `http://${target}`,
        AWS_ENDPOINT_URL: `http://${target}`,
        api_url: `http://${target}/health`,
        webhook_url: `https://${target}/hook`,
        metadata_db_endpoint: target,
        redis_url: `redis://${target}`,
        customChecks: './evil.check.js',
        custom_checks: ['./evil.check.js', evil, `file://${evil}`],
        check_module: evil,
        config: './evil.config.json',
        postflight_config: join(stackDir, 'evil.config.json'),
        aws_profile: 'evil',
      },
    }),
  );

  const r = reportPaths(work);
  const env = cleanEnv(emulatorEnv(moto().endpoint));
  const run = await runCli(['verify', '--outputs', outputs, ...r.args, '--no-color', '--only', 's3-bucket-default-encryption-enabled'], { cwd: work, env });
  const discovered = await runCli(['discover', '--json', '--outputs', outputs], { cwd: work, env });
  const listed = await runCli(['discover', '--outputs', outputs], { cwd: work, env });

  expect(requests).toEqual([]);
  expect(existsSync(marker)).toBe(false);

  // The run went on as usual, against the emulator it was given.
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const report = await readJsonReport(r.json);
  expect(report.results.map((x) => `${x.checkId} @ ${x.resource.id}: ${x.status}`)).toEqual([`s3-bucket-default-encryption-enabled @ ${BUCKET}: pass`]);
  expect(report.resources.map((x) => x.id)).toEqual([BUCKET]);
  expect(report.unrecognised).toEqual(expect.arrayContaining(['TapStacknofollow.endpoint', 'TapStacknofollow.customChecks', 'TapStacknofollow.config']));
  expect(discovered.code).toBe(0);
  expect(listed.code).toBe(0);
  expect(run.stdout + listed.stdout).not.toContain('evil-bucket-check');
});

it('the same module and endpoint, named by the config file the user passes, are loaded and called (so the test above can see it)', async () => {
  const work = await tempDir('nofollow-control');
  const r = reportPaths(work);
  requests = [];
  const run = await runCli(
    ['verify', '--outputs', join(stackDir, 'flat-outputs.json'), '--config', join(stackDir, 'evil.config.json'), ...r.args, '--no-color', '--only', 'evil-bucket-check,s3-bucket-default-encryption-enabled', '--max-attempts', '1', '--call-timeout', '2'],
    { cwd: work, env: cleanEnv(emulatorEnv(moto().endpoint)) },
  );
  expect(run.stderr).toBe('');
  expect(existsSync(join(stackDir, '..', 'LOADED'))).toBe(true);
  expect(requests.length).toBeGreaterThan(0);
  expect((await readJsonReport(r.json)).results.map((x) => x.checkId).sort()).toEqual(['evil-bucket-check', 's3-bucket-default-encryption-enabled']);
});
