/**
 * A stack applied with the real Terraform and hashicorp/aws provider against moto
 * (`fixtures/terraform/two-regions`, through test/helpers/terraform.ts): two provider
 * configurations in two regions (an alias, also passed to a module), modules, `count` and
 * `for_each`, parts of other resources, a rule on a security group the stack does not manage, and
 * a deposed object: a `create_before_destroy` bucket renamed after the old one was made non-empty
 * out of band, so its destroy fails and Terraform keeps it in the state as deposed.
 *
 * Its state, as Terraform wrote it, verifies with the real CLI against moto with no resource twice
 * and each resource in its own region, whatever AWS_REGION says (two regions and none): nothing
 * verified errs, which a resource looked up in the wrong region would. Its `terraform show -json`
 * reads the same, and its plans, binary and JSON, are input errors. One apply serves the file.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { emulatorEnv } from '../../src/demo/moto.js';
import { MOTO_BLIND_CHECKS } from '../../src/demo/demo.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { readTfstate, terraformStack, type TerraformStack } from '../helpers/terraform.js';

const moto = useMoto();
const P = 'pfe2e';
const STACK = new URL('../../fixtures/terraform/two-regions/', import.meta.url);

interface Report {
  exitCode: number;
  results: Array<{ checkId: string; status: string; message: string; resource: { type: string; id: string } }>;
  resources: Array<{ type: string; id: string; region?: string; sources?: Array<{ name: string }> }>;
  unplaced: Array<{ name: string; reason: string }>;
}

async function stackFiles(dir: string, root = dir): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, await stackFiles(path, root));
    else if (e.name.endsWith('.tf')) out[relative(root, path)] = await readFile(path, 'utf8');
  }
  return out;
}

let tf: TerraformStack;
let dir: string;
let secondApply: { code: number; stdout: string; stderr: string };
/** Ids of the resources the alias "west" made, from the state itself. */
const west = new Set<string>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postflight-tf-'));
  tf = await terraformStack({
    dir,
    files: await stackFiles(STACK.pathname),
    endpoint: moto().endpoint,
    providers: [{ region: 'us-east-1' }, { alias: 'west', region: 'us-west-2' }],
  });
  await tf.init();
  await tf.apply(['-var', `prefix=${P}`, '-var', `swap_name=${P}-swap-a`]);
  // The old bucket holds an object Terraform does not know of: deleting it fails, and it stays deposed.
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto().endpoint, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await s3.send(new PutObjectCommand({ Bucket: `${P}-swap-a`, Key: 'kept.txt', Body: 'kept' }));
  s3.destroy();
  // The rename, planned and saved (the plan file and its JSON are the plans passed as a state
  // below), then applied from that file: applying a saved plan does not plan again.
  await tf.run(['plan', '-input=false', '-no-color', '-refresh=false', '-out=change.tfplan', '-var', `prefix=${P}`, '-var', `swap_name=${P}-swap-b`]);
  await writeFile(join(dir, 'plan.json'), JSON.stringify(await tf.show('change.tfplan')));
  secondApply = await tf.run(['apply', '-auto-approve', '-input=false', '-no-color', 'change.tfplan'], { allowFailure: true });
  await writeFile(join(dir, 'show.json'), JSON.stringify(await tf.show()));
  for (const r of (await readTfstate(tf)).resources) {
    if (!r.provider.endsWith('.west')) continue;
    for (const i of r.instances as Array<{ attributes: { id: string } }>) west.add(i.attributes.id);
  }
}, 480_000);

describe('the state Terraform wrote', () => {
  it('holds two configurations, modules, count and for_each instances, and the deposed bucket', async () => {
    expect(secondApply.code).not.toBe(0);
    expect(`${secondApply.stderr}${secondApply.stdout}`).toMatch(/BucketNotEmpty/);
    const state = await readTfstate(tf);
    const providers = new Set(state.resources.map((r) => r.provider));
    expect([...providers].sort()).toEqual(['provider["registry.terraform.io/hashicorp/aws"]', 'provider["registry.terraform.io/hashicorp/aws"].west']);
    expect(state.resources.some((r) => r.module === 'module.west_storage' && r.provider.endsWith('.west'))).toBe(true);
    expect(state.resources.find((r) => r.type === 'aws_subnet' && r.name === 'private')!.instances.map((i) => i.index_key)).toEqual([0, 1]);
    expect(state.resources.find((r) => r.module === 'module.storage' && r.type === 'aws_s3_bucket')!.instances.map((i) => i.index_key).sort()).toEqual([`${P}-curated`, `${P}-raw`]);
    const swap = state.resources.find((r) => r.type === 'aws_s3_bucket' && r.name === 'swap')!;
    expect(swap.instances.filter((i) => i.deposed !== undefined)).toHaveLength(1);
  });
});

describe('postflight verify --state, whatever AWS_REGION says', () => {
  const runs = new Map<string, Report>();
  beforeAll(async () => {
    for (const region of ['eu-west-1', 'ap-southeast-2', '']) {
      const env = emulatorEnv(moto().endpoint);
      delete (env as Record<string, string | undefined>).AWS_REGION;
      delete (env as Record<string, string | undefined>).AWS_DEFAULT_REGION;
      const json = join(dir, `report-${region || 'none'}.json`);
      const run = await runCli(['verify', '--state', 'terraform.tfstate', '--json', json, '--junit', join(dir, 'junit.xml'), '--no-color', '--skip', MOTO_BLIND_CHECKS.join(',')], {
        cwd: dir,
        env: cleanEnv({ ...env, ...(region ? { AWS_REGION: region } : {}) }),
      });
      if (run.code === 2) throw new Error(`verify refused the state under AWS_REGION=${region}: ${run.stderr}`);
      runs.set(region, JSON.parse(await readFile(json, 'utf8')) as Report);
    }
  }, 240_000);

  it('verifies every resource in its own region: nothing errs, nothing twice', () => {
    for (const [region, report] of runs) {
      const errors = report.results.filter((r) => r.status === 'error').map((r) => `${region}: ${r.checkId} ${r.resource.id}: ${r.message}`);
      expect(errors).toEqual([]);
      expect(report.exitCode).toBe(1); // the buckets' findings; never 3
      const ids = report.resources.map((r) => `${r.type} ${r.id}`);
      expect(new Set(ids).size).toBe(ids.length);
      for (const r of report.resources) expect([r.id, r.region]).toEqual([r.id, west.has(r.id) ? 'us-west-2' : 'us-east-1']);
    }
    const west2 = runs.get('')!.resources.filter((r) => r.region === 'us-west-2').map((r) => r.type).sort();
    expect(west2).toEqual(['AWS::EC2::EIP', 'AWS::EC2::InternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::Subnet', 'AWS::EC2::VPC', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket']);
  });

  it('lists the same resources in the same regions under each', () => {
    const rows = (r: Report) => r.resources.map((x) => `${x.type} ${x.id} ${x.region}`).sort();
    const [first, ...rest] = [...runs.values()];
    for (const r of rest) expect(rows(r)).toEqual(rows(first!));
    expect(first!.resources).toHaveLength(15);
  });

  it('verifies no deposed object and no part: each is listed with the reason', () => {
    const report = runs.get('eu-west-1')!;
    expect(report.resources.some((r) => r.id === `${P}-swap-a`)).toBe(false);
    expect(report.results.some((r) => r.resource.id === `${P}-swap-a`)).toBe(false);
    const unplaced = Object.fromEntries(report.unplaced.map((u) => [u.name.replace(/ \(deposed [0-9a-f]+\)$/, ' (deposed)'), u.reason]));
    expect(unplaced['aws_s3_bucket.swap (deposed)']).toMatch(/^deposed object of aws_s3_bucket\.swap \(create_before_destroy replacement not yet destroyed\)/);
    expect(unplaced['aws_ec2_tag.west_tier']).toMatch(/^sets one tag on another resource/);
    // The VPC's default security group is AWS's: a rule on it does not make it the stack's.
    expect(unplaced['aws_security_group_rule.default_deny_note']).toMatch(/^configures the \S+ sg-[0-9a-f]+, which the state does not hold and no output names/);
    expect(Object.keys(unplaced)).toHaveLength(3);
  });
});

describe('the same stack through `terraform show -json`, and its plans', () => {
  it('reads the same resources and regions from `terraform show -json`', async () => {
    const run = await runCli(['discover', '--state', 'show.json', '--json'], { cwd: dir, env: cleanEnv({ AWS_REGION: 'eu-west-1' }) });
    expect(run.code).toBe(0);
    const found = JSON.parse(run.stdout) as Report;
    for (const r of found.resources) expect([r.id, r.region]).toEqual([r.id, west.has(r.id) ? 'us-west-2' : 'us-east-1']);
    expect(found.resources).toHaveLength(15);
    expect(found.unplaced.map((u) => u.name).sort()).toEqual(['aws_ec2_tag.west_tier', expect.stringMatching(/^aws_s3_bucket\.swap \(deposed [0-9a-f]+\)$/), 'aws_security_group_rule.default_deny_note']);
  });

  it.each([
    ['change.tfplan', /^postflight: State file change\.tfplan is a Terraform plan file \(`terraform plan -out`\), which says what an apply would do, not what is deployed; pass the state to --state instead/],
    ['plan.json', /^postflight: State file plan\.json is the JSON of a Terraform plan \(`terraform show -json` of a plan file\)/],
  ])('%s passed as the state is an input error', async (file, message) => {
    const run = await runCli(['verify', '--state', file, '--no-color'], { cwd: dir, env: cleanEnv(emulatorEnv(moto().endpoint)) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
