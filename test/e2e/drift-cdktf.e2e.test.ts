/**
 * --drift on a CDKTF-shaped project, end to end: the synthesized stack in
 * `cdktf.out/stacks/app/cdk.tf.json` (JSON configuration, as `cdktf synth` writes it) with a local
 * backend writing `terraform.app.tfstate` at the project root, applied with the real Terraform
 * against moto. postflight is given the root state only: it plans in `cdktf.out/stacks/app`, reads
 * that very state, and finds the change made outside the stack.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { emulatorEnv } from '../../src/demo/moto.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { terraformStack, type TerraformStack } from '../helpers/terraform.js';

const moto = useMoto();
const BUCKET = 'postflight-drift-cdktf';

let root: string;
let tf: TerraformStack;
let statePath: string;

interface Report {
  results: Array<{ checkId: string; status: string; resource: { id: string }; evidence: { differences?: string[]; drift?: string } }>;
  stats: { drift?: { engines: Array<{ engine: string; folder?: string }> } };
}

async function verify(name: string): Promise<{ code: number | null; report: Report }> {
  const json = join(root, `${name}.json`);
  const run = await runCli(['verify', '--state', statePath, '--drift', '--only', 'live-matches-declared', '--no-color', '--json', json, '--junit', join(root, `${name}.xml`)], {
    cwd: root,
    env: cleanEnv({ ...emulatorEnv(moto().endpoint), TF_CLI_CONFIG_FILE: tf.env.TF_CLI_CONFIG_FILE!, POSTFLIGHT_CACHE_DIR: join(root, 'cache') }),
    timeoutMs: 240_000,
  });
  if (run.code === 2) throw new Error(`verify exited 2: ${run.stderr}`);
  return { code: run.code, report: JSON.parse(await readFile(json, 'utf8')) as Report };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'postflight-drift-cdktf-'));
  statePath = join(root, 'terraform.app.tfstate');
  const synthesized = {
    terraform: { backend: { local: { path: statePath } } },
    resource: {
      aws_s3_bucket: { data_bucket_1A2B3C4D: { bucket: BUCKET, tags: { Team: 'data' } } },
      aws_s3_bucket_versioning: { data_versioning_5E6F7A8B: { bucket: '${aws_s3_bucket.data_bucket_1A2B3C4D.id}', versioning_configuration: { status: 'Enabled' } } },
    },
  };
  tf = await terraformStack({ dir: join(root, 'cdktf.out', 'stacks', 'app'), files: { 'cdk.tf.json': JSON.stringify(synthesized, null, 2) }, endpoint: moto().endpoint });
  await tf.init();
  await tf.apply();
}, 240_000);

it('plans in cdktf.out/stacks/<stack>, reads the root state it was given, and finds the change made outside the stack', async () => {
  const before = await verify('before');
  expect(before.report.results.map((r) => [r.resource.id, r.status])).toEqual([[BUCKET, 'pass']]);
  expect(before.report.stats.drift?.engines).toEqual([expect.objectContaining({ engine: 'terraform', folder: tf.dir })]);
  expect(before.code).toBe(0);

  await new S3Client({ region: 'us-east-1', endpoint: moto().endpoint, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } }).send(
    new PutBucketTaggingCommand({ Bucket: BUCKET, Tagging: { TagSet: [{ Key: 'Team', Value: 'platform' }] } }),
  );
  const after = await verify('after');
  expect(after.report.results).toEqual([
    expect.objectContaining({ status: 'fail', resource: expect.objectContaining({ id: BUCKET }), evidence: expect.objectContaining({ drift: 'modified', differences: ['aws_s3_bucket.data_bucket_1A2B3C4D tags.Team: declared "data", live "platform"'] }) }),
  ]);
  expect(after.code).toBe(1);
}, 300_000);
