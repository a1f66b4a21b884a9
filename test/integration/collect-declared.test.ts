/**
 * Facts a check declares itself, read against moto_server: three-state facts (present, absent by
 * the module's own error names, unknown otherwise), one call per identical read however many
 * checks and resources ask, calls counted by IAM action, reads only for the checks given and the
 * resources they apply to, and the engine's rule that an unknown declared fact is never a pass.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createContext } from '../../src/collect/context.js';
import { DeclaredReads, resolveReadClients } from '../../src/collect/declared.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import { startAwsProxy } from '../helpers/aws-proxy.js';
import { defineCheck, error, fail, pass, type AnyCheck } from '../../src/engine/define.js';
import { evaluateAll } from '../../src/engine/evaluate.js';
import type { LoadedCheck } from '../../src/engine/registry.js';
import type { ResourceRef } from '../../src/types.js';

const REGION = 'us-east-1';
let moto: MotoServer;
const savedEnv = { ...process.env };

const pitr = defineCheck({
  id: 'dynamodb-table-pitr-on',
  title: 'PITR is on',
  severity: 'high',
  appliesTo: ['AWS::DynamoDB::Table'],
  remediation: 'Turn PITR on.',
  reads: {
    backups: {
      client: '@aws-sdk/client-dynamodb',
      command: 'DescribeContinuousBackups',
      input: (r) => ({ TableName: r.id }),
      keep: (o: { ContinuousBackupsDescription?: { PointInTimeRecoveryDescription?: { PointInTimeRecoveryStatus?: string } } }) =>
        o.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus,
    },
  },
  evaluate: ({ facts }) => {
    const f = facts.backups;
    if (f.state === 'unknown') return error(f.reason);
    // `f.value` is typed as the kept string: a typo here fails the type check.
    return f.state === 'present' && f.value.toUpperCase() === 'ENABLED' ? pass('on') : fail('off', { status: f.state === 'present' ? f.value : f.state });
  },
});

const base = { title: 'Backups are described', severity: 'low', appliesTo: ['AWS::DynamoDB::Table'], remediation: '-', evaluate: () => pass('read') } as const;

/** The same read under another check (same input), kept whole, and one more read. */
const second = defineCheck({
  ...base,
  id: 'dynamodb-table-backups-readable',
  reads: {
    again: { client: '@aws-sdk/client-dynamodb', command: 'DescribeContinuousBackups', input: (r) => ({ TableName: r.id }) },
    ttl: {
      client: '@aws-sdk/client-dynamodb',
      command: 'DescribeTimeToLive',
      input: (r) => ({ TableName: r.id }),
      keep: (o: { TimeToLiveDescription?: { TimeToLiveStatus?: string } }) => o.TimeToLiveDescription?.TimeToLiveStatus,
    },
  },
  evaluate: () => pass('read'),
});

/** Applies to buckets only: it is not read for tables. `NoSuchTagSet` is AWS saying the bucket has no tags. */
const bucketOnly = defineCheck({
  id: 's3-bucket-tagging-read',
  title: 'Bucket tags are read',
  severity: 'low',
  appliesTo: ['AWS::S3::Bucket'],
  remediation: '-',
  reads: { tags: { client: '@aws-sdk/client-s3', command: 'GetBucketTagging', input: (r) => ({ Bucket: r.id }), keep: (o: { TagSet?: unknown[] }) => o.TagSet, absentOn: ['NoSuchTagSet'] } },
  evaluate: () => pass('read'),
});

const loaded = (...checks: unknown[]): LoadedCheck[] => checks.map((c) => ({ check: c as AnyCheck, file: `/project/${(c as AnyCheck).id}.check.js`, builtIn: false }));
const table = (id: string): ResourceRef => ({ type: 'AWS::DynamoDB::Table', id, region: REGION, keys: [id] });

function reader(checks: LoadedCheck[]) {
  const ctx = createContext({ region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 4 });
  return { ctx, reads: new DeclaredReads(ctx, resolveReadClients(checks, { folders: [process.cwd()] })) };
}

beforeAll(async () => {
  moto = await takeMoto();
  Object.assign(process.env, emulatorEnv(moto.endpoint, REGION));
  const ddb = new DynamoDBClient({ region: REGION, endpoint: moto.endpoint });
  for (const name of ['orders', 'sessions']) {
    await ddb.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }
  await ddb.send(new UpdateContinuousBackupsCommand({ TableName: 'orders', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  ddb.destroy();
  const s3 = new S3Client({ region: REGION, endpoint: moto.endpoint, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'untagged' }));
  s3.destroy();
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

describe('declared reads against moto', () => {
  it('reads each fact in three states and makes each identical read once', async () => {
    const checks = loaded(pitr, second, bucketOnly);
    const { ctx, reads } = reader(checks);
    const bucket: ResourceRef = { type: 'AWS::S3::Bucket', id: 'untagged', keys: ['Bucket'] };
    const refs = [table('orders'), table('sessions'), table('missing'), bucket];
    await reads.read(checks, refs);

    expect(reads.get(pitr.id, refs[0]!)?.backups).toEqual({ state: 'present', value: 'ENABLED' });
    expect(reads.get(pitr.id, refs[1]!)?.backups).toEqual({ state: 'present', value: 'DISABLED' });
    expect(reads.get(pitr.id, refs[2]!)?.backups).toEqual({ state: 'unknown', reason: expect.stringMatching(/DescribeContinuousBackups failed: TableNotFoundException/) });
    // No keep: the whole answer without $metadata.
    const whole = reads.get(second.id, refs[0]!)?.again;
    expect(whole).toEqual({ state: 'present', value: { ContinuousBackupsDescription: expect.objectContaining({ ContinuousBackupsStatus: 'ENABLED' }) } });
    expect(reads.get(second.id, refs[0]!)?.ttl).toEqual({ state: 'present', value: 'DISABLED' });
    // The module's own error name means absent: AWS says the bucket has no tag set.
    expect(reads.get(bucketOnly.id, bucket)?.tags).toEqual({ state: 'absent', reason: expect.stringMatching(/^NoSuchTagSet/) });
    // Two checks, one table, the same input: one call per table; the bucket check is not read for tables.
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'dynamodb:DescribeContinuousBackups': 3, 'dynamodb:DescribeTimeToLive': 3, 's3:GetBucketTagging': 1 });
    expect(reads.get(bucketOnly.id, refs[0]!)).toBeUndefined();
    expect(reads.get(pitr.id, bucket)).toBeUndefined();
  });

  it('the engine: pass when on, fail when off, error (never pass) when the read failed', async () => {
    const checks = loaded(pitr);
    const { reads } = reader(checks);
    const refs = [table('orders'), table('sessions'), table('missing')];
    await reads.read(checks, refs);
    const results = evaluateAll(checks, refs, { get: () => undefined }, { declared: reads });
    expect(results.map((r) => `${r.resource.id}: ${r.status}`)).toEqual(['orders: pass', 'sessions: fail', 'missing: error']);
    expect(results[2]!.message).toMatch(/^DescribeContinuousBackups failed: TableNotFoundException/);
  });

  it('a check that passes whatever it reads is still error over an unknown fact', async () => {
    const checks = loaded(second);
    const { reads } = reader(checks);
    const refs = [table('missing')];
    await reads.read(checks, refs);
    const [result] = evaluateAll(checks, refs, { get: () => undefined }, { declared: reads });
    expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(/^again could not be read/) });
  });

  it('an input or keep that throws leaves the fact unknown, naming the module', async () => {
    const broken = defineCheck({
      ...base,
      id: 'dynamodb-table-broken-read',
      reads: {
        bad: { client: '@aws-sdk/client-dynamodb', command: 'DescribeTable', input: () => { throw new Error('no name'); } },
        worse: { client: '@aws-sdk/client-dynamodb', command: 'DescribeTable', input: (r) => ({ TableName: r.id }), keep: () => { throw new Error('boom'); } },
      },
    });
    const checks = loaded(broken);
    const { reads } = reader(checks);
    await reads.read(checks, [table('orders')]);
    expect(reads.get(broken.id, table('orders'))).toEqual({
      bad: { state: 'unknown', reason: expect.stringMatching(/building the input of DescribeTable in \/project\/dynamodb-table-broken-read\.check\.js threw: no name/) },
      worse: { state: 'unknown', reason: expect.stringMatching(/keeping the answer of DescribeTable .* threw: boom/) },
    });
  });
});

describe('faults, through a proxy in front of moto', () => {
  const checks = loaded(pitr);
  const run = async (rules: Parameters<typeof startAwsProxy>[0]['rules'], callTimeoutMs = 10_000) => {
    const proxy = await startAwsProxy({ target: moto.endpoint, rules });
    try {
      const ctx = createContext({ region: REGION, endpointUrl: proxy.endpoint, maxAttempts: 2, callTimeoutMs, concurrency: 4 });
      const reads = new DeclaredReads(ctx, resolveReadClients(checks, { folders: [process.cwd()] }));
      await reads.read(checks, [table('orders')]);
      return { fact: reads.get(pitr.id, table('orders'))?.backups, requests: proxy.count({ action: 'DescribeContinuousBackups' }), calls: ctx.calls.get('dynamodb:DescribeContinuousBackups') };
    } finally {
      await proxy.stop();
    }
  };

  it('a throttled read is retried under the adaptive retry and then read', async () => {
    expect(await run([{ service: 'dynamodb', action: 'DescribeContinuousBackups', times: 1, fault: { kind: 'throttle' } }])).toEqual({
      fact: { state: 'present', value: 'ENABLED' },
      requests: 2,
      calls: 1,
    });
  });

  it('throttled past the retries, denied, or no answer within the call timeout: unknown with the reason', async () => {
    const throttled = await run([{ service: 'dynamodb', action: 'DescribeContinuousBackups', fault: { kind: 'throttle' } }]);
    expect(throttled).toMatchObject({ fact: { state: 'unknown', reason: expect.stringMatching(/Throttling.*after 2 attempts/) }, requests: 2 });
    const denied = await run([{ service: 'dynamodb', action: 'DescribeContinuousBackups', fault: { kind: 'deny' } }]);
    expect(denied.fact).toEqual({ state: 'unknown', reason: expect.stringMatching(/^DescribeContinuousBackups failed: access to dynamodb:DescribeContinuousBackups was denied: AccessDeniedException/) });
    const hung = await run([{ service: 'dynamodb', action: 'DescribeContinuousBackups', fault: { kind: 'hang' } }], 1_000);
    expect(hung.fact).toEqual({ state: 'unknown', reason: 'DescribeContinuousBackups failed: the call timed out' });
  });
});

describe('types', () => {
  it('defineCheck types each declared fact by what keep returns, and the whole answer without keep', () => {
    type Kept = Parameters<typeof pitr.evaluate>[0]['facts']['backups'];
    type Whole = Parameters<typeof second.evaluate>[0]['facts']['again'];
    const kept: Kept = { state: 'present', value: 'ENABLED' };
    // @ts-expect-error the kept value is a string (undefined makes the fact absent), never a number
    const wrong: Kept = { state: 'present', value: 1 };
    const whole: Whole = { state: 'present', value: { ContinuousBackupsDescription: {} } };
    // @ts-expect-error the whole answer is an object
    const notWhole: Whole = { state: 'present', value: 'ENABLED' };
    expect([kept, wrong, whole, notWhole].map((f) => f.state)).toEqual(['present', 'present', 'present', 'present']);
  });
});

describe('client packages', () => {
  const read = (client: string, command: string) =>
    loaded(defineCheck({ ...base, id: 'x-y-z', reads: { f: { client, command, input: () => ({}) } } }));

  it('a package that is not installed stops the run naming it and the install command', () => {
    expect(() => resolveReadClients(read('@aws-sdk/client-frobnicator', 'GetThing'), { folders: [process.cwd()] })).toThrow(
      /The check module \/project\/x-y-z\.check\.js reads with the package @aws-sdk\/client-frobnicator, which is not installed: run `npm install --save-dev @aws-sdk\/client-frobnicator`/,
    );
  });

  it("a command the package does not have stops the run naming it", () => {
    expect(() => resolveReadClients(read('@aws-sdk/client-dynamodb', 'DescribeTables'), { folders: [process.cwd()] })).toThrow(
      /declares the command DescribeTables \(fact "f"\), which @aws-sdk\/client-dynamodb does not have/,
    );
  });

  it('a package that is installed but fails to load stops the run naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-broken-pkg-'));
    const pkg = join(dir, 'node_modules', '@aws-sdk', 'client-broken');
    await mkdir(pkg, { recursive: true });
    await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: '@aws-sdk/client-broken', main: 'index.js' }));
    await writeFile(join(pkg, 'index.js'), "throw new Error('half installed');");
    expect(() => resolveReadClients(read('@aws-sdk/client-broken', 'GetThing'), { folders: [dir], fallback: null })).toThrow(
      /reads with the package @aws-sdk\/client-broken, which failed to load \(half installed\): reinstall it/,
    );
  });

  it('a module named by a relative path is looked up from its folder too', () => {
    const checks = read('@aws-sdk/client-dynamodb', 'DescribeTable').map((c) => ({ ...c, file: 'compliance/x-y-z.check.js' }));
    expect(resolveReadClients(checks, { folders: ['.'], fallback: null }).get('@aws-sdk/client-dynamodb')?.Client.name).toBe('DynamoDBClient');
  });

  it("the user's project is searched before postflight's own dependencies", () => {
    // With postflight's own copy out of the search, a folder that holds no node_modules finds nothing.
    expect(() => resolveReadClients(read('@aws-sdk/client-dynamodb', 'DescribeTable'), { folders: ['/'], fallback: null })).toThrow(/is not installed/);
    expect(resolveReadClients(read('@aws-sdk/client-dynamodb', 'DescribeTable'), { folders: [process.cwd()], fallback: null }).get('@aws-sdk/client-dynamodb')?.Client.name).toBe(
      'DynamoDBClient',
    );
  });
});
