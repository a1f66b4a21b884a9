/**
 * The README's custom-check example, exactly as printed there, loaded from a project that depends
 * on postflight, and run against a bucket in moto: it fails one bucket and passes the other.
 */
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketLifecycleConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { emulatorEnv } from '../../src/demo/moto.js';
import { cleanEnv, ROOT, runCli } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';

const moto = useMoto();

async function readmeExample(): Promise<{ path: string; source: string }> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const m = /```js\n\/\/ (compliance\/[^\n]+\.check\.js)\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('the README has no custom-check example');
  return { path: m[1]!, source: m[2]! };
}

it('the README example loads through `import ... from "postflight"`, shows in list-checks, and judges buckets', async () => {
  const project = await mkdtemp(join(tmpdir(), 'postflight-user-'));
  await mkdir(join(project, 'node_modules'), { recursive: true });
  await symlink(ROOT, join(project, 'node_modules', 'postflight'), 'dir');
  const example = await readmeExample();
  await mkdir(join(project, 'compliance'), { recursive: true });
  await writeFile(join(project, example.path), example.source);
  // A package.json that makes .js files ES modules, as in a project using postflight.
  await writeFile(join(project, 'package.json'), JSON.stringify({ type: 'module', devDependencies: { postflight: '*' } }));
  await writeFile(join(project, 'postflight.config.json'), JSON.stringify({ customChecks: [`./${example.path}`] }));

  const list = await runCli(['list-checks'], { cwd: project });
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(/^s3-bucket-glacier-within-30-days {2}\[medium, custom check\]$/m);

  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto().endpoint, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  for (const [bucket, days] of [['archive-fast', 30], ['archive-slow', 180]] as const) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: { Rules: [{ ID: 'tier', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: days, StorageClass: 'GLACIER' }] }] },
      }),
    );
  }
  s3.destroy();
  await writeFile(join(project, 'outputs.json'), JSON.stringify({ Stack: { fast_bucket_name: 'archive-fast', slow_bucket_name: 'archive-slow' } }));
  const run = await runCli(['verify', '--outputs', 'outputs.json', '--only', 's3-bucket-glacier-within-30-days', '--no-color'], {
    cwd: project,
    env: cleanEnv(emulatorEnv(moto().endpoint)),
  });
  expect(run.code).toBe(1);
  const report = JSON.parse(await readFile(join(project, 'reports', 'postflight.json'), 'utf8')) as { results: Array<{ status: string; resource: { id: string } }> };
  expect(report.results.map((r) => `${r.resource.id}: ${r.status}`).sort()).toEqual(['archive-fast: pass', 'archive-slow: fail']);
});
