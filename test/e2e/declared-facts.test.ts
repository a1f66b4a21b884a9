/**
 * The README's example of a check that reads a fact itself, exactly as printed there, in a project
 * that installed postflight and @aws-sdk/client-dynamodb, against moto with IAM enforced: it passes
 * the table with point-in-time recovery on and fails the one with it off under the policy
 * `postflight iam-policy --config` prints; under a policy without its action the read is denied and
 * both results are `error`. A module declaring PutItem, or a client package that is not installed,
 * stops the run with exit 2 before any AWS call.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { freePort, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import { cleanEnv, ROOT, runCli } from '../helpers/cli.js';
import { createIamUser, expectUsageError, IAM_CALLS_PER_USER, keysEnv, tempDir, type AccessKey } from '../guarantees/support.js';

interface Policy {
  Version: string;
  Statement: Array<{ Sid?: string; Effect: string; Action: string[]; Resource: string }>;
}
interface Report {
  results: Array<{ checkId: string; status: string; message: string; resource: { id: string } }>;
  apiCalls: Record<string, number>;
}

async function readmeExample(): Promise<{ path: string; source: string }> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```js\n\/\/ (compliance\/[^\n]+\.check\.js)\n([\s\S]*?)```/g)];
  const m = blocks.find((b) => b[2]!.includes('reads:'));
  if (!m) throw new Error('the README has no example of a check that reads a fact itself');
  return { path: m[1]!, source: m[2]! };
}

let moto: MotoServer;
let project: string;
let example: { path: string; source: string };
const keys: Record<string, AccessKey> = {};
let policy: Policy;

const USERS = 3;

beforeAll(async () => {
  example = await readmeExample();
  project = await tempDir('declared');
  await mkdir(join(project, 'node_modules', '@aws-sdk'), { recursive: true });
  await symlink(ROOT, join(project, 'node_modules', 'postflight'), 'dir');
  await symlink(join(ROOT, 'node_modules', '@aws-sdk', 'client-dynamodb'), join(project, 'node_modules', '@aws-sdk', 'client-dynamodb'), 'dir');
  await writeFile(join(project, 'package.json'), JSON.stringify({ type: 'module', devDependencies: { postflight: '*', '@aws-sdk/client-dynamodb': '*' } }));
  await mkdir(join(project, 'compliance'), { recursive: true });
  await writeFile(join(project, example.path), example.source);
  await writeFile(join(project, 'postflight.config.json'), JSON.stringify({ customChecks: [`./${example.path}`] }));
  await writeFile(join(project, 'outputs.json'), JSON.stringify({ Stack: { on_table_name: 'orders-pitr-on', off_table_name: 'orders-pitr-off' } }));

  const printed = await runCli(['iam-policy', '--config', 'postflight.config.json'], { cwd: project });
  expect(printed).toMatchObject({ code: 0, stderr: '' });
  policy = JSON.parse(printed.stdout) as Policy;

  moto = await takeMoto({ initialNoAuthActionCount: USERS * IAM_CALLS_PER_USER });
  keys.admin = await createIamUser(moto.endpoint, 'stack-admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  keys.reader = await createIamUser(moto.endpoint, 'postflight-reader', policy);
  const documented = JSON.parse(await readFile(join(ROOT, 'docs', 'iam-policy.json'), 'utf8')) as Policy;
  // The documented policy less the custom check's action (a built-in check reads it too).
  const without = { ...documented, Statement: documented.Statement.map((st) => ({ ...st, Action: st.Action.filter((a) => a !== 'dynamodb:DescribeContinuousBackups') })) };
  keys.withoutAction = await createIamUser(moto.endpoint, 'postflight-reader-without', without);

  const ddb = new DynamoDBClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: keys.admin });
  for (const name of ['orders-pitr-on', 'orders-pitr-off']) {
    await ddb.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }
  await ddb.send(new UpdateContinuousBackupsCommand({ TableName: 'orders-pitr-on', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  ddb.destroy();
}, 90_000);

afterAll(async () => {
  await moto?.stop();
});

async function verifyAs(user: string): Promise<{ code: number | null; stderr: string; report?: Report }> {
  const json = join(project, user, 'postflight.json');
  const run = await runCli(['verify', '--only', 'dynamodb-table-pitr-enabled', '--outputs', 'outputs.json', '--json', json, '--junit', join(project, user, 'junit.xml'), '--no-color', '--max-attempts', '2'], {
    cwd: project,
    env: cleanEnv(keysEnv(moto.endpoint, keys[user] ?? keys.reader!)),
  });
  return { code: run.code, stderr: run.stderr, ...(existsSync(json) ? { report: JSON.parse(await readFile(json, 'utf8')) as Report } : {}) };
}

it('iam-policy lists the custom check’s action in a statement of its own, beside the built-in policy', async () => {
  const documented = JSON.parse(await readFile(join(ROOT, 'docs', 'iam-policy.json'), 'utf8')) as Policy;
  expect(policy.Statement[0]).toEqual(documented.Statement[0]);
  expect(policy.Statement.slice(1)).toEqual([{ Sid: 'PostflightCustomCheckReads', Effect: 'Allow', Action: ['dynamodb:DescribeContinuousBackups'], Resource: '*' }]);
});

it('under that policy: pass when PITR is on, fail when off (exit 1), one read per table', async () => {
  const { code, stderr, report } = await verifyAs('reader');
  expect(stderr).toBe('');
  expect(report!.results.map((r) => `${r.checkId} @ ${r.resource.id}: ${r.status}: ${r.message}`).sort()).toEqual([
    'dynamodb-table-pitr-enabled @ orders-pitr-off: fail: point-in-time recovery is DISABLED',
    'dynamodb-table-pitr-enabled @ orders-pitr-on: pass: point-in-time recovery is on',
  ]);
  expect(report!.apiCalls['dynamodb:DescribeContinuousBackups']).toBe(2);
  expect(code).toBe(1);
});

it('without the action the read is denied: error, never pass (exit 3)', async () => {
  const { code, report } = await verifyAs('withoutAction');
  const own = report!.results;
  expect(own.map((r) => `${r.resource.id}: ${r.status}`).sort()).toEqual(['orders-pitr-off: error', 'orders-pitr-on: error']);
  // moto answers an IAM denial with an XML body the DynamoDB (JSON) client cannot read: HTTP 403 either way.
  for (const r of own) expect(r.message).toMatch(/DescribeContinuousBackups failed: .*(AccessDenied|not authorized|HTTP 403)/i);
  expect(code).toBe(3);
});

it('a check declaring PutItem is refused with exit 2 naming the module and the command, and no report', async () => {
  const writer = example.source.replace("id: 'dynamodb-table-pitr-enabled'", "id: 'dynamodb-table-writer'").replace("command: 'DescribeContinuousBackups'", "command: 'PutItem'");
  expect(writer).toContain("command: 'PutItem'");
  await writeFile(join(project, 'compliance', 'writer.check.js'), writer);
  await writeFile(join(project, 'writer.config.json'), JSON.stringify({ customChecks: ['./compliance/writer.check.js'] }));
  const run = await runCli(['verify', '--config', 'writer.config.json', '--outputs', 'outputs.json', '--json', 'writer/postflight.json', '--junit', 'writer/junit.xml', '--no-color'], {
    cwd: project,
    env: cleanEnv(keysEnv(moto.endpoint, keys.reader!)),
  });
  expectUsageError(run, /The check module \S+\/compliance\/writer\.check\.js declares the command PutItem \(@aws-sdk\/client-dynamodb, fact "pitr"\): PutItem is not a read/);
  expect(existsSync(join(project, 'writer'))).toBe(false);
  // iam-policy refuses it the same way.
  expectUsageError(await runCli(['iam-policy', '--config', 'writer.config.json'], { cwd: project }), /declares the command PutItem/);
});

it('a client package that is not installed stops the run with exit 2 naming it and the install command', async () => {
  const sfn = example.source
    .replace("id: 'dynamodb-table-pitr-enabled'", "id: 'dynamodb-table-sfn-reader'")
    .replace("client: '@aws-sdk/client-dynamodb'", "client: '@aws-sdk/client-sfn'")
    .replace("command: 'DescribeContinuousBackups'", "command: 'DescribeStateMachine'");
  await writeFile(join(project, 'compliance', 'sfn.check.js'), sfn);
  await writeFile(join(project, 'sfn.config.json'), JSON.stringify({ customChecks: ['./compliance/sfn.check.js'] }));
  const run = await runCli(['verify', '--config', 'sfn.config.json', '--outputs', 'outputs.json', '--json', 'sfn/postflight.json', '--junit', 'sfn/junit.xml', '--no-color'], {
    cwd: project,
    env: cleanEnv(keysEnv(moto.endpoint, keys.reader!)),
  });
  expectUsageError(run, /reads with the package @aws-sdk\/client-sfn, which is not installed: run `npm install --save-dev @aws-sdk\/client-sfn`/);
  expect(existsSync(join(project, 'sfn'))).toBe(false);
  // Before any AWS call, reading a live stack included: nothing listens on this endpoint, and the
  // run stops on the package, not on the stack.
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  const live = await runCli(['verify', '--config', 'sfn.config.json', '--stack', 'PipelineStack', '--json', 'sfn/postflight.json', '--junit', 'sfn/junit.xml', '--no-color'], {
    cwd: project,
    env: cleanEnv(keysEnv(nowhere, keys.reader!)),
  });
  expectUsageError(live, /reads with the package @aws-sdk\/client-sfn, which is not installed/);
});
