/**
 * One run over several accounts, each reached through its own role (STS AssumeRole), in moto with
 * IAM enforced: the runner's own keys may read nothing, so every fact below was read with a role's
 * credentials, in that role's account. Account A is compliant, account B has a defect, and the
 * runner is denied the role of account C: C is an error, never a pass, and the others go on.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IAMClient, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { S3Client, CreateBucketCommand, PutBucketVersioningCommand, PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { createIamUser, keysEnv, readJsonReport, tempDir, type AccessKey } from '../guarantees/support.js';

const ACCOUNTS = { a: '111111111111', b: '222222222222', c: '333333333333' } as const;
const roleArn = (account: string) => `arn:aws:iam::${account}:role/postflight-audit`;
const BUCKETS = { a: 'fleet-a-data', b: 'fleet-b-data', c: 'fleet-c-data' } as const;

let moto: MotoServer;
let dir: string;
let runner: AccessKey;

/** Credentials in `account`, as moto gives them to any AssumeRole before IAM is enforced. */
async function into(account: string) {
  const sts = new STSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'setup', secretAccessKey: 'setup' } });
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/setup`, RoleSessionName: 'setup' }));
  sts.destroy();
  return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
}

/** In `account`: the audit role (allowed to read everything), and one bucket, versioned or not. */
async function account(id: string, bucket: string, versioned: boolean) {
  const credentials = await into(id);
  const iam = new IAMClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials });
  await iam.send(new CreateRoleCommand({ RoleName: 'postflight-audit', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] }) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'postflight-audit', PolicyName: 'read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }] }) }));
  iam.destroy();
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  if (versioned) await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }));
  s3.destroy();
}

beforeAll(async () => {
  moto = await takeMoto();
  await account(ACCOUNTS.a, BUCKETS.a, true);
  await account(ACCOUNTS.b, BUCKETS.b, false);
  await account(ACCOUNTS.c, BUCKETS.c, true);
  // The runner may assume the roles of A and B, is denied C's, and may read nothing itself.
  runner = await createIamUser(moto.endpoint, 'fleet-runner', {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [roleArn(ACCOUNTS.a), roleArn(ACCOUNTS.b)] },
      { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: roleArn(ACCOUNTS.c) },
    ],
  });
  // From here on, moto authorises every request against IAM.
  const res = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
  if (!res.ok) throw new Error(`moto did not enforce IAM: ${res.status}`);
  dir = await tempDir('fleet');
  await writeFile(join(dir, 'none.json'), '{}');
  for (const [k, bucket] of Object.entries(BUCKETS)) {
    await mkdir(join(dir, k), { recursive: true });
    await writeFile(join(dir, k, 'outputs.json'), JSON.stringify({ DataBucket: bucket }));
  }
  await writeFile(
    join(dir, 'postflight.config.json'),
    JSON.stringify({
      region: 'us-east-1',
      checks: { only: ['s3-bucket-versioning-enabled', 's3-bucket-public-access-blocked'] },
      params: { 's3-bucket-versioning-enabled': { requireNoncurrentExpiration: false } },
      accounts: [
        { id: ACCOUNTS.a, roleArn: roleArn(ACCOUNTS.a), externalId: 'ext-7f3a9c', outputs: 'a/outputs.json' },
        { id: ACCOUNTS.b, roleArn: roleArn(ACCOUNTS.b), outputs: 'b/outputs.json' },
        { id: ACCOUNTS.c, roleArn: roleArn(ACCOUNTS.c), outputs: 'c/outputs.json' },
      ],
    }),
  );
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

describe('one run over three accounts', () => {
  let run: Awaited<ReturnType<typeof runCli>>;
  let report: Awaited<ReturnType<typeof readJsonReport>> & { accounts?: Array<{ id: string; status: string; reason?: string; resources: number }>; apiCalls: Record<string, number> };

  beforeAll(async () => {
    run = await runCli(['verify', '--no-color', '--json', 'out/report.json', '--junit', 'out/junit.xml', '--markdown', 'out/summary.md'], { cwd: dir, env: cleanEnv(keysEnv(moto.endpoint, runner)) });
    report = (await readJsonReport(join(dir, 'out/report.json'))) as typeof report;
  }, 60_000);

  it('fails on the defect of account B, and says account C could not be reached', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout.replace(/\s+/g, ' ')).toMatch(new RegExp(`account: ${ACCOUNTS.c} through ${roleArn(ACCOUNTS.c).replace(/[/]/g, '\\/')}: not reached: the role .* could not be assumed \\(access to sts:AssumeRole was denied: AccessDenied`));
  });

  it('reads each account with its own role, in that account', () => {
    const status = (bucket: string, check: string) => report.results.find((r) => r.resource.id === bucket && r.checkId === check);
    expect(status(BUCKETS.a, 's3-bucket-versioning-enabled')).toMatchObject({ status: 'pass', resource: { account: ACCOUNTS.a } });
    expect(status(BUCKETS.a, 's3-bucket-public-access-blocked')).toMatchObject({ status: 'pass' });
    expect(status(BUCKETS.b, 's3-bucket-versioning-enabled')).toMatchObject({ status: 'fail', resource: { account: ACCOUNTS.b }, evidence: { versioning: 'Disabled' } });
    expect(status(BUCKETS.b, 's3-bucket-public-access-blocked')).toMatchObject({ status: 'pass' });
    // One AssumeRole per account (C's was refused), however many calls each account made.
    expect(report.apiCalls['sts:AssumeRole']).toBe(3);
  });

  it('makes every result of the unreachable account an error, never a pass', () => {
    const ofC = report.results.filter((r) => r.resource.id === BUCKETS.c);
    expect(ofC.map((r) => r.status)).toEqual(['error', 'error']);
    expect(ofC[0]!.message).toMatch(/could not be assumed/);
    expect(ofC[0]!.remediation).toMatch(/sts:AssumeRole on the role: `postflight iam-policy --runner`/);
  });

  it('groups by account: each account with its own sources and counts, the defect and the unreachable account under their own', async () => {
    const md = await readFile(join(dir, 'out/summary.md'), 'utf8');
    const row = (account: string) => md.split('\n').find((l) => l.startsWith(`| ${account} |`)) ?? '';
    expect(row(ACCOUNTS.a)).toMatch(/a\/outputs\.json \(flat\) \| PASS \| 1 resource: 2 passed, 0 failed/);
    expect(row(ACCOUNTS.a)).not.toContain('b/outputs.json');
    expect(row(ACCOUNTS.b)).toMatch(/b\/outputs\.json \(flat\) \| FAIL \| 1 resource: 1 passed, 1 failed/);
    expect(row(ACCOUNTS.c)).toMatch(/\| INCOMPLETE \| 1 resource: 0 passed, 0 failed, 2 errors, 0 skipped; not reached/);
    expect(md).toContain(`AWS::S3::Bucket ${BUCKETS.b} (account ${ACCOUNTS.b}) | s3-bucket-versioning-enabled: versioning was never enabled`);
  });

  it('lists each account with its outcome', () => {
    expect(report.accounts).toEqual([
      { id: ACCOUNTS.a, roleArn: roleArn(ACCOUNTS.a), status: 'ok', resources: 1 },
      { id: ACCOUNTS.b, roleArn: roleArn(ACCOUNTS.b), status: 'ok', resources: 1 },
      { id: ACCOUNTS.c, roleArn: roleArn(ACCOUNTS.c), status: 'error', reason: expect.stringMatching(/AccessDenied/), resources: 1 },
    ]);
  });

  it('never shows the external id', async () => {
    expect(run.stdout).not.toContain('ext-7f3a9c');
    expect(JSON.stringify(report)).not.toContain('ext-7f3a9c');
  });
});

describe('--role-arn', () => {
  it('verifies the outputs with the role, and a denied role is exit 3 with every result an error', async () => {
    const env = cleanEnv(keysEnv(moto.endpoint, runner));
    const ok = await runCli(['verify', '--no-color', '--outputs', 'b/outputs.json', '--config', 'none.json', '--role-arn', roleArn(ACCOUNTS.b), '--only', 's3-bucket-public-access-blocked', '--json', 'out/b.json'], { cwd: dir, env });
    expect({ code: ok.code, stderr: ok.stderr }).toEqual({ code: 0, stderr: '' });
    const denied = await runCli(['verify', '--no-color', '--outputs', 'c/outputs.json', '--config', 'none.json', '--role-arn', roleArn(ACCOUNTS.c), '--only', 's3-bucket-public-access-blocked', '--json', 'out/c.json'], { cwd: dir, env });
    expect(denied.code).toBe(3);
    expect(denied.stdout).toMatch(/INCOMPLETE: nothing failed, but 1 result could not be verified and 1 account could not be reached/);
  }, 60_000);
});

describe('a CI matrix: one run per account, then merge', () => {
  it('gives the counts of the one run over the three accounts, the defect and the unreachable account each under its own', async () => {
    const env = cleanEnv(keysEnv(moto.endpoint, runner));
    const only = ['--only', 's3-bucket-versioning-enabled,s3-bucket-public-access-blocked'];
    await writeFile(join(dir, 'matrix.json'), JSON.stringify({ params: { 's3-bucket-versioning-enabled': { requireNoncurrentExpiration: false } } }));
    for (const k of ['a', 'b', 'c'] as const) {
      const r = await runCli(['verify', '--no-color', '--config', 'matrix.json', '--outputs', `${k}/outputs.json`, '--role-arn', roleArn(ACCOUNTS[k]), ...only, '--json', `matrix/${k}.json`], { cwd: dir, env });
      expect(r.code).toBe(k === 'a' ? 0 : k === 'b' ? 1 : 3);
    }
    const merged = await runCli(['merge', 'matrix', '--no-color', '--json', 'out/merged.json', '--markdown', 'out/merged.md'], { cwd: dir, env });
    expect(merged.code).toBe(1);
    const one = await readJsonReport(join(dir, 'out/report.json'));
    const all = await readJsonReport(join(dir, 'out/merged.json'));
    const counts = (r: typeof one) => ({ summary: r.summary, statuses: r.results.map((x) => `${x.resource.id} ${x.checkId} ${x.status}`).sort() });
    expect(counts(all)).toEqual(counts(one));
    const md = await readFile(join(dir, 'out/merged.md'), 'utf8');
    expect(md).toMatch(new RegExp(`\\| ${ACCOUNTS.b} \\| matrix/b\\.json: outputs b/outputs\\.json \\(flat\\) \\| FAIL \\|`));
    expect(md).toMatch(new RegExp(`\\| ${ACCOUNTS.c} \\| matrix/c\\.json: .* \\| INCOMPLETE \\| .*not reached`));
  }, 60_000);
});
