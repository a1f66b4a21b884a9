/**
 * Fast start: `--version` and `discover` load no AWS SDK client, and `verify` loads only the
 * clients of the services the outputs name. The CLI runs from its bundle (dist/cli/), where a
 * client is loaded by loading a chunk that holds its code; the trace tells those chunks by the
 * build's list (dist/cli/packages.json). A run with no config file and no custom check loads no
 * validator (zod) either.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, cleanEnv } from '../helpers/cli.js';

const TRACE = fileURLToPath(new URL('../helpers/trace-imports.mjs', import.meta.url));

async function clientsLoaded(args: string[], cwd: string): Promise<{ code: number | null; clients: string[]; validator: boolean; http2?: true }> {
  const file = join(cwd, `trace-${Math.random().toString(36).slice(2)}.txt`);
  await writeFile(file, '');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TRACE, BIN, ...args], {
      cwd,
      // Nothing listens on port 9: verify's calls fail fast, which is fine here.
      env: cleanEnv({ POSTFLIGHT_TRACE_FILE: file, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }),
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
  const loaded = [...new Set((await readFile(file, 'utf8')).split('\n').filter(Boolean))].sort();
  return { code, clients: loaded.filter((p) => p.startsWith('@aws-sdk/client-')), validator: loaded.includes('zod'), ...(loaded.includes('node:http2') ? { http2: true as const } : {}) };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postflight-start-'));
  await writeFile(
    join(dir, 'outputs.json'),
    JSON.stringify({ Stack: { data_bucket_name: 'pipeline-sensor-data-dev', vpc_id: 'vpc-0abc1234def567890', kinesis_stream_name: 'events' } }),
  );
});

it('--version loads no AWS SDK client', async () => {
  expect(await clientsLoaded(['--version'], dir)).toEqual({ code: 0, clients: [], validator: false });
});

it('discover loads no AWS SDK client', async () => {
  expect(await clientsLoaded(['discover', '--outputs', 'outputs.json'], dir)).toEqual({ code: 0, clients: [], validator: false });
});

it('discover --state loads no AWS SDK client', async () => {
  const state = { version: 4, terraform_version: '1.9.5', resources: [{ mode: 'managed', type: 'aws_s3_bucket', name: 'b', instances: [{ attributes: { id: 'pipeline-b', bucket: 'pipeline-b' } }] }] };
  await writeFile(join(dir, 'terraform.tfstate'), JSON.stringify(state));
  expect(await clientsLoaded(['discover', '--state', 'terraform.tfstate'], dir)).toEqual({ code: 0, clients: [], validator: false });
});

it('verify loads only the clients of the services the outputs name, and no validator without a config', async () => {
  const { clients, validator, http2 } = await clientsLoaded(['verify', '--outputs', 'outputs.json', '--call-timeout', '2', '--max-attempts', '1'], dir);
  expect(clients).toEqual(['@aws-sdk/client-ec2', '@aws-sdk/client-kinesis', '@aws-sdk/client-s3']);
  expect(validator).toBe(false);
  // Every client gets the HTTP/1.1 handler: Kinesis's default HTTP/2 one is not even loaded.
  expect(http2).toBeUndefined();
});

it('the CLI runs from its bundle: each client the stack needs is in chunks of its own', async () => {
  const packages = JSON.parse(await readFile(fileURLToPath(new URL('../../dist/cli/packages.json', import.meta.url)), 'utf8')) as Record<string, string[]>;
  // Every chunk holding the S3 client's code holds no other client's, except the demo's (it deploys every service).
  const s3 = Object.entries(packages).filter(([chunk, pkgs]) => pkgs.includes('@aws-sdk/client-s3') && !chunk.startsWith('demo-'));
  expect(s3.length).toBeGreaterThan(0);
  for (const [, pkgs] of s3) expect(pkgs).toEqual(['@aws-sdk/client-s3']);
});

it('verify with a config file validates it (the validator loads) and still loads only the clients needed', async () => {
  const cfgDir = await mkdtemp(join(tmpdir(), 'postflight-start-config-'));
  await writeFile(join(cfgDir, 'outputs.json'), JSON.stringify({ Stack: { data_bucket_name: 'pipeline-sensor-data-dev' } }));
  await writeFile(join(cfgDir, 'postflight.config.json'), JSON.stringify({ requiredTags: { Owner: null } }));
  const { clients, validator } = await clientsLoaded(['verify', '--outputs', 'outputs.json', '--call-timeout', '2', '--max-attempts', '1'], cfgDir);
  expect(validator).toBe(true);
  // The required tags are read of every resource, through the tagging API.
  expect(clients).toEqual(['@aws-sdk/client-resource-groups-tagging-api', '@aws-sdk/client-s3']);
});

it('verify with only S3 checks selected loads only the S3 client', async () => {
  const { clients } = await clientsLoaded(
    ['verify', '--outputs', 'outputs.json', '--only', 's3-bucket-lifecycle-covers-bucket', '--call-timeout', '2', '--max-attempts', '1'],
    dir,
  );
  expect(clients).toEqual(['@aws-sdk/client-s3']);
});
