import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/config.js';
import { configFor, findSources, initCommand } from '../../src/init.js';

async function project(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-init-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const STATE = { version: 4, terraform_version: '1.9.5', serial: 1, lineage: 'x', outputs: {}, resources: [] };

describe('postflight init: what it finds', () => {
  it('names the stack CMK when the outputs name exactly one KMS key, and takes the region from the resources', async () => {
    const dir = await project({ 'cfn-outputs/flat-outputs.json': { data_bucket_arn: 'arn:aws:s3:::b', kms_key_arn: KEY_ARN, queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q' } });
    const found = await findSources(dir);
    const config = configFor(found);
    expect(config.outputs).toBe('cfn-outputs/flat-outputs.json');
    expect(config.stackCmk).toEqual({ outputKey: 'kms_key_arn' });
    expect(config.region).toBe('eu-west-1');
    expect(() => parseConfig(config, 'postflight.config.json')).not.toThrow();
  });

  it('names no stack CMK when the outputs name two keys', async () => {
    const dir = await project({ 'outputs.json': { a_key_arn: KEY_ARN, b_key_arn: KEY_ARN.replace('1234abcd', '9876abcd') } });
    expect(configFor(await findSources(dir)).stackCmk).toBeUndefined();
  });

  it('reads a CloudFormation outputs file (describe-stacks shape), and state files at the root and under cdktf.out', async () => {
    const dir = await project({
      'stack-outputs.json': { Stacks: [{ StackName: 'Tap', Outputs: [{ OutputKey: 'DataBucketName', OutputValue: 'tap-data' }, { OutputKey: 'KeyArn', OutputValue: KEY_ARN }] }] },
      'terraform.tfstate': STATE,
      'cdktf.json': { language: 'typescript', app: 'x' },
      'cdktf.out/stacks/prod/terraform.prod.tfstate': STATE,
      'cdktf.out/stacks/prod/cdk.tf.json': { provider: { aws: [{ region: 'ap-southeast-2' }] } },
      'not-state.tfstate': '{"hello": 1}',
    });
    const found = await findSources(dir);
    expect(found.cdktfStacks).toEqual(['prod']);
    expect(found.outputs.map((o) => [o.file, o.format])).toEqual([['stack-outputs.json', 'cloudformation']]);
    expect(found.state).toEqual(['cdktf.out/stacks/prod/terraform.prod.tfstate', 'terraform.tfstate']);
    expect(configFor(found)).toMatchObject({ outputs: 'stack-outputs.json', state: ['cdktf.out/stacks/prod/terraform.prod.tfstate', 'terraform.tfstate'], stackCmk: { outputKey: 'Tap.KeyArn' }, region: 'eu-west-1' });
  });

  it('lists a CDK app’s CloudFormation stacks under "stacks", with their region', async () => {
    const dir = await project({
      'cdk.json': { app: 'npx ts-node bin/app.ts' },
      'cdk.out/manifest.json': {
        version: '36.0.0',
        artifacts: {
          TapStackdev: { type: 'aws:cloudformation:stack', environment: 'aws://123456789012/eu-central-1', properties: { templateFile: 'TapStackdev.template.json', stackName: 'TapStack-dev' } },
          Tree: { type: 'cdk:tree' },
        },
      },
    });
    const config = configFor(await findSources(dir));
    expect(config).toMatchObject({ stacks: ['TapStack-dev'], region: 'eu-central-1' });
    expect(config.outputs).toBeUndefined();
  });

  it('picks the outputs file naming most resources, and mentions the others', async () => {
    const dir = await project({
      'outputs.json': { bucket_name: 'tap-a', table_name: 'tap-t' },
      'old-outputs.json': { bucket_name: 'tap-a' },
      'package.json': '{\n    "name": "x"\n}\n',
    });
    const lines: string[] = [];
    expect(await initCommand({ cwd: dir, force: false, out: (t) => lines.push(t) })).toBe(0);
    const out = lines.join('');
    expect(out).toContain('  outputs: outputs.json (flat, 2 resources recognised)\n  also found old-outputs.json (flat); set "outputs" to it to use it instead\n');
    expect(out).toContain('  region: not found; set "region", or AWS_REGION when you run verify\n');
    // package.json keeps its indentation.
    expect(await readFile(join(dir, 'package.json'), 'utf8')).toBe('{\n    "name": "x",\n    "scripts": {\n        "verify": "postflight verify"\n    }\n}\n');
  });

  it('says what to set when it finds nothing, and still writes a valid config', async () => {
    const dir = await project({});
    const lines: string[] = [];
    await initCommand({ cwd: dir, force: false, out: (t) => lines.push(t) });
    expect(lines.join('')).toContain('  outputs: none found; set "outputs" to the file your deploy writes');
    expect(lines.join('')).toContain('No package.json here: run `npx postflight verify` after each deploy.');
    const config = JSON.parse(await readFile(join(dir, 'postflight.config.json'), 'utf8'));
    expect(() => parseConfig(config, 'postflight.config.json')).not.toThrow();
  });
});

describe('postflight init --force over an existing config', () => {
  const mine = {
    outputs: 'old/outputs.json',
    region: 'us-east-1',
    customChecks: ['./checks/no-public-dashboards.check.ts'],
    params: { 's3-bucket-lifecycle-configured': { days: 30 } },
    waivers: [{ check: 'kms-key-rotation-enabled', resource: 'alias/legacy', reason: 'rotated by hand until the migration', expires: '2030-01-01' }],
    resources: { LegacyDbId: 'AWS::RDS::DBInstance' },
    reports: { junit: 'out/junit.xml' },
    stackCmk: { arn: KEY_ARN },
  };

  it('keeps everything the user wrote and refreshes only what it finds in the folder', async () => {
    const dir = await project({
      'postflight.config.json': mine,
      'cfn-outputs/flat-outputs.json': { data_bucket_arn: 'arn:aws:s3:::b', kms_key_arn: KEY_ARN, queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q' },
    });
    const lines: string[] = [];
    expect(await initCommand({ cwd: dir, force: true, out: (t) => lines.push(t) })).toBe(0);
    const written = JSON.parse(await readFile(join(dir, 'postflight.config.json'), 'utf8'));
    expect(written).toEqual({ ...mine, outputs: 'cfn-outputs/flat-outputs.json', region: 'eu-west-1' });
    // The user's key order stays.
    expect(Object.keys(written)).toEqual(Object.keys(mine));
    expect(lines.join('')).toContain('  kept from the existing file: customChecks, params, waivers, resources, reports, stackCmk\n');
  });

  it('a field the folder no longer gives is kept as written; a stack CMK init named itself is named again', async () => {
    const dir = await project({
      'postflight.config.json': { state: ['../infra/terraform.tfstate'], stackCmk: { outputKey: 'OldKeyArn' } },
      'outputs.json': { kms_key_arn: KEY_ARN },
    });
    await initCommand({ cwd: dir, force: true, out: () => undefined });
    const written = JSON.parse(await readFile(join(dir, 'postflight.config.json'), 'utf8'));
    expect(written).toMatchObject({ state: ['../infra/terraform.tfstate'], stackCmk: { outputKey: 'kms_key_arn' }, outputs: 'outputs.json', region: 'eu-west-1' });
    expect(written.reports).toEqual({ junit: 'reports/junit.xml', json: 'reports/postflight.json', sarif: 'reports/postflight.sarif', markdown: 'reports/postflight.md' });
  });

  it('a file that is not JSON is replaced whole, and says so', async () => {
    const dir = await project({ 'postflight.config.json': '{ "outputs": ', 'outputs.json': { bucket_name: 'tap-a' } });
    const lines: string[] = [];
    await initCommand({ cwd: dir, force: true, out: (t) => lines.push(t) });
    expect(lines.join('')).toContain('  the existing file was replaced whole: it is not valid JSON\n');
    expect(JSON.parse(await readFile(join(dir, 'postflight.config.json'), 'utf8')).outputs).toBe('outputs.json');
  });
});
