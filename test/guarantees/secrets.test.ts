/**
 * Output values that look like secrets (named password, secret, token, API key; long random
 * strings; connection strings with credentials; AWS keys; values terraform marks sensitive) never
 * appear in stdout, stderr, the JUnit or the JSON report, nor in any request sent to AWS. Each is
 * listed by its key, marked as redacted.
 */
import fc from 'fast-check';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { emulatorEnv } from '../../src/demo/moto.js';
import { discover } from '../../src/discover/discover.js';
import { parseOutputs } from '../../src/outputs/parse.js';
import { renderConsole, REDACTED_NOTE } from '../../src/report/console.js';
import { toJson } from '../../src/report/json.js';
import { REDACTED_MESSAGE, toJUnitXml } from '../../src/report/junit.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { junitSchemaErrors, makeReport } from '../helpers/report-fixtures.js';
import { junitCases, readJsonReport, reportPaths, startAnsweringProxy, tempDir, type AnsweringProxy, type JsonReport } from './support.js';

const moto = useMoto();
const BUCKET = 'pipeline-secrets-data';
const STACK = 'TapStacksecrets';

/** Output name → value, each a secret, as a CDKTF outputs file holds them. */
const CDKTF_SECRETS: Record<string, unknown> = {
  db_password: 'Tr0ub4dor&3-horse-battery-staple',
  api_token: 'tok_9f8e7d6c5b4a39281706aa',
  ClientSecret: 'cs-very-secret-value-2024',
  stripe_apikey: 'sk_live_51H8pXq2eZvKYlo2Cq',
  ApiKeys: ['AbCdEf1234567890ghIJ', 'ZyXwVu0987654321tsRQ'],
  bootstrap: 'q8Zr4xT1pL0vN7sK2mW9yB3cD6fH5jGa',
  database_url: 'postgres://pipeline:S3cr3tPassw0rd@pipeline-metadata.abcdefghijkl.us-east-1.rds.amazonaws.com:5432/app',
  sql_connection: 'Server=db;User Id=app;Password=Hunter2Hunter2;',
  redis_auth_url: 'rediss://:AuthT0kenValue123@master.pipeline-redis.abc123.use1.cache.amazonaws.com:6379',
  deploy_access_key_id: 'AKIAIOSFODNN7EXAMPLE',
  deploy_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  admin_password: 73519846,
  app_config: JSON.stringify({ user: 'app', password: 'Embedded-Secret-Value-77' }),
  // The config maps this output to a resource type: a secret is still never used, nor shown.
  master_password: 'MasterPassw0rd-Value-31',
};
/** The keys the reports must list as redacted. */
const CDKTF_REDACTED = [
  'db_password', 'api_token', 'ClientSecret', 'stripe_apikey', 'ApiKeys[0]', 'ApiKeys[1]', 'bootstrap', 'database_url', 'sql_connection',
  'redis_auth_url', 'deploy_access_key_id', 'deploy_secret_access_key', 'admin_password', 'app_config.password', 'master_password',
].map((k) => `${STACK}.${k}`);

const TERRAFORM = {
  data_bucket_name: { value: BUCKET, type: 'string', sensitive: false },
  db_password: { value: 'tf-Sensitive-Value-One-1', type: 'string', sensitive: true },
  connection: { value: { host: 'db.internal', pass: 'tf-Nested-Secret-Two-2' }, type: ['object', { host: 'string', pass: 'string' }], sensitive: true },
  // Nothing about this value looks secret: only terraform's mark hides it.
  release_label: { value: 'tf-plain-label-but-sensitive', type: 'string', sensitive: true },
};
const TERRAFORM_REDACTED = ['db_password', 'connection', 'release_label'];

/** Every secret value, and the distinctive part of each (the password inside a connection string). */
const SECRET_VALUES = [
  ...Object.values(CDKTF_SECRETS).flatMap((v) => (Array.isArray(v) ? v : [v])).map(String),
  'S3cr3tPassw0rd', 'Hunter2Hunter2', 'AuthT0kenValue123', 'Embedded-Secret-Value-77',
  'tf-Sensitive-Value-One-1', 'tf-Nested-Secret-Two-2', 'tf-plain-label-but-sensitive',
];

/** Where a value could leak: as written, JSON-escaped, URL-encoded. */
const forms = (v: string) => [...new Set([v, JSON.stringify(v).slice(1, -1), encodeURIComponent(v)])];

function leaks(artefacts: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, text] of Object.entries(artefacts)) {
    for (const v of SECRET_VALUES) if (forms(v).some((f) => text.includes(f))) found.push(`${v} in ${name}`);
  }
  return found;
}

let dir: string;
let recorder: AnsweringProxy;

interface Outcome {
  run: CliRun;
  junit: string;
  json: string;
  report: JsonReport;
  discoverText: CliRun;
  discoverJson: CliRun;
}

async function verify(name: string, outputs: object, config: object = {}): Promise<Outcome> {
  const base = join(dir, name);
  const r = reportPaths(base);
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(outputs));
  const configFile = join(dir, `${name}.config.json`);
  await writeFile(configFile, JSON.stringify(config));
  const env = cleanEnv(emulatorEnv(recorder.endpoint));
  const run = await runCli(['verify', '--outputs', file, '--config', configFile, ...r.args, '--no-color', '--only', 's3-bucket-default-encryption-enabled'], { cwd: dir, env });
  const discoverText = await runCli(['discover', '--outputs', file, '--config', configFile], { cwd: dir, env });
  const discoverJson = await runCli(['discover', '--json', '--outputs', file, '--config', configFile], { cwd: dir, env });
  return { run, junit: await readFile(r.junit, 'utf8'), json: await readFile(r.json, 'utf8'), report: await readJsonReport(r.json), discoverText, discoverJson };
}

function artefacts(o: Outcome): Record<string, string> {
  return {
    stdout: o.run.stdout,
    stderr: o.run.stderr,
    junit: o.junit,
    json: o.json,
    'discover stdout': o.discoverText.stdout + o.discoverText.stderr,
    'discover --json stdout': o.discoverJson.stdout + o.discoverJson.stderr,
    'requests sent to AWS': recorder.requests().join('\n'),
  };
}

function expectRedacted(o: Outcome, keys: string[]): void {
  expect(o.report.redacted.sort()).toEqual([...keys].sort());
  expect(o.report.unrecognised).toEqual(expect.arrayContaining(keys));
  const console = o.run.stdout.replace(/\s+/g, '');
  for (const k of keys) expect(console).toContain(`-${k}${REDACTED_NOTE}`.replace(/\s+/g, ''));
  const cases = junitCases(o.junit).filter((c) => c.suite === 'postflight.outputs');
  for (const k of keys) expect({ key: k, message: cases.find((c) => c.name === k)?.message }).toEqual({ key: k, message: REDACTED_MESSAGE });
  const discovered = JSON.parse(o.discoverJson.stdout) as { redacted: string[] };
  expect(discovered.redacted.sort()).toEqual([...keys].sort());
  for (const k of keys) expect(o.discoverText.stdout).toContain(`  ${k} ${REDACTED_NOTE}\n`);
}

beforeAll(async () => {
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto().endpoint, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutBucketEncryptionCommand({ Bucket: BUCKET, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }));
  s3.destroy();
  dir = await tempDir('secrets');
  // Answers nothing itself: it records every request on its way to moto.
  recorder = await startAnsweringProxy({ target: moto().endpoint, answers: [] });
});

afterAll(async () => {
  await recorder?.stop();
});

describe('secrets in a CDKTF outputs file', () => {
  let o: Outcome;
  beforeAll(async () => {
    o = await verify('cdktf', { [STACK]: { data_bucket_name: BUCKET, ...CDKTF_SECRETS } }, { resources: { [`${STACK}.master_password`]: 'AWS::DynamoDB::Table' } });
  });

  it('the run verifies the stack as usual (exit 0), and AWS was called', () => {
    expect(o.run.stderr).toBe('');
    expect(o.run.code).toBe(0);
    expect(o.report.results.map((r) => `${r.resource.id}: ${r.status}`)).toEqual([`${BUCKET}: pass`]);
    expect(recorder.seen()).toBeGreaterThan(0);
  });

  it('no secret value in stdout, stderr, the JUnit or JSON report, discover’s output, or any request to AWS', () => {
    expect(leaks(artefacts(o))).toEqual([]);
  });

  it('every secret is listed by its key as redacted: console, JUnit, JSON, discover', async () => {
    expectRedacted(o, CDKTF_REDACTED);
    expect(await junitSchemaErrors([o.junit])).toEqual([]);
  });
});

describe('values terraform marks sensitive', () => {
  let o: Outcome;
  beforeAll(async () => {
    o = await verify('terraform', TERRAFORM);
  });

  it('never appear anywhere, even one that does not look secret, and are listed as redacted', () => {
    expect(o.run.code).toBe(0);
    expect(leaks(artefacts(o))).toEqual([]);
    expectRedacted(o, TERRAFORM_REDACTED);
  });
});

describe('reports merged from several runs', () => {
  it('no secret value in any report merge writes (JUnit, JSON, SARIF, Markdown, HTML, Code Quality) or on its console; the keys stay redacted', async () => {
    // The JSON reports the two runs above wrote, merged as a CI matrix's would be.
    const r = reportPaths(join(dir, 'merged'));
    const codequality = join(r.dir, 'gl-code-quality.json');
    const inputs = ['cdktf', 'terraform'].map((name) => reportPaths(join(dir, name)).json);
    const run = await runCli(['merge', ...inputs, ...r.args, '--codequality', codequality, '--verbose', '--no-color'], { cwd: dir, env: cleanEnv() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const files: Record<string, string> = {};
    for (const [name, path] of Object.entries({ junit: r.junit, json: r.json, sarif: r.sarif, markdown: r.markdown, html: r.html, codequality })) files[name] = await readFile(path, 'utf8');
    expect(leaks({ stdout: run.stdout, stderr: run.stderr, ...files })).toEqual([]);
    const merged = JSON.parse(files.json!) as JsonReport;
    expect(merged.redacted.sort()).toEqual([...CDKTF_REDACTED, ...TERRAFORM_REDACTED].sort());
    expect(run.stdout.replace(/\s+/g, '')).toContain(`-${CDKTF_REDACTED[0]}${REDACTED_NOTE}`.replace(/\s+/g, ''));
  });
});

/** A random token (xorshift over a base64-like alphabet): what generated keys and passwords look like. */
function token(seed: number, length: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789+/'): string {
  let x = seed | 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[Math.abs(x) % alphabet.length];
  }
  return out;
}

describe('any secret, any output name (property, through parse, discover and every report)', () => {
  // A distinctive start, so a leak is found even if a report changed the rest of the value.
  const marker = fc.integer({ min: 100000, max: 999999 }).map((n) => `Qx${n}z`);
  const rest = fc.string({ unit: 'grapheme', minLength: 0, maxLength: 24 });
  const secretName = fc
    .tuple(fc.constantFrom('', 'db_', 'Master_', 'github-', 'stripe-', 'app.'), fc.constantFrom('password', 'Password', 'secret', 'Secret', 'token', 'Token', 'apikey', 'ApiKey', 'api_key', 'API_KEYS', 'auth', 'credentials', 'private_key', 'passphrase'))
    .map(([a, b]) => `${a}${b}`);
  const kind = fc.oneof(
    // a secret name, any value
    fc.record({ name: secretName, value: fc.tuple(marker, rest).map(([m, r]) => `${m}${r}`), tf: fc.constant(false) }),
    // a URL with a password, under any name
    fc.record({ name: fc.constantFrom('endpoint', 'url', 'dsn', 'redis'), value: fc.tuple(fc.constantFrom('postgres', 'mysql', 'redis', 'mongodb+srv', 'amqps'), marker).map(([s, m]) => `${s}://app:${m}@db.example.internal:5432/x`), tf: fc.constant(false) }),
    // a long random token, under a plain name
    // (one with no run of four lower-case letters: random to any reader; how often the detection
    // misses a token that happens to read like words is measured below)
    fc.record({
      name: fc.constantFrom('value', 'bootstrap', 'seed'),
      value: fc.tuple(marker, fc.integer({ min: 1 }), fc.integer({ min: 24, max: 40 })).map(([m, seed, n]) => `${m}${token(seed, n)}`).filter((v) => !/[a-z]{4}/.test(v)),
      tf: fc.constant(false),
    }),
    // anything terraform marks sensitive
    fc.record({ name: fc.constantFrom('label', 'note', 'region', 'bucket_name'), value: fc.tuple(marker, rest).map(([m, r]) => `${m}${r}`), tf: fc.constant(true) }),
  );

  it('never shows the value; lists the key as redacted', async () => {
    const documents: string[] = [];
    fc.assert(
      fc.property(fc.array(kind, { minLength: 1, maxLength: 4 }), (secrets) => {
        const named = secrets.map((s, i) => ({ ...s, key: `${i}_${s.name}` }));
        const anyTf = named.some((s) => s.tf);
        const doc = anyTf
          ? Object.fromEntries([['data_bucket_name', { value: BUCKET, type: 'string' }], ...named.map((s) => [s.key, { value: s.value, type: 'string', sensitive: s.tf }])])
          : Object.fromEntries([['data_bucket_name', BUCKET], ...named.map((s) => [s.key, s.value])]);
        const { entries } = parseOutputs(JSON.stringify(doc), 'outputs.json');
        const found = discover(entries);
        const unrecognised = found.unrecognised.map((e) => e.key);
        const redacted = found.unrecognised.filter((e) => e.sensitive).map((e) => e.key);
        const report = makeReport({ resources: found.resources, unrecognised, redacted });
        const junit = toJUnitXml(report);
        documents.push(junit);
        const out = [renderConsole(report, { color: false }), renderConsole(report, { color: true, verbose: true }), junit, toJson(report), JSON.stringify(found)].join('\n');
        for (const s of named) {
          const m = /Qx\d+z/.exec(s.value)![0];
          expect(out).not.toContain(m);
          expect(redacted).toContain(s.key);
        }
        expect(found.resources.map((r) => r.id)).toEqual([BUCKET]);
      }),
      { numRuns: 300 },
    );
    expect(await junitSchemaErrors(documents.slice(0, 50))).toEqual([]);
  });
});

describe('long random tokens under a plain output name', () => {
  const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const BASE64URL = `${BASE62}-_`;
  // A token can read like words or repeat itself by chance (more often the shorter it is): the
  // detection is measured, over 5,000 seeded tokens each, rather than promised for every one.
  it.each([
    ['base62, 24 characters', 99, BASE62, 24],
    ['base62, 32 characters', 99.5, BASE62, 32],
    ['base64url, 43 characters', 99.5, BASE64URL, 43],
  ])('%s: at least %s%% are taken for secrets and redacted', (_what, percent, alphabet, length) => {
    const missed: string[] = [];
    for (let seed = 1; seed <= 5000; seed++) {
      const value = token(seed * 2654435761, length, alphabet);
      const { entries } = parseOutputs(JSON.stringify({ bootstrap_value: value }), 'outputs.json');
      if (entries[0]?.sensitive !== true) missed.push(value);
    }
    expect(missed.length).toBeLessThanOrEqual(5000 * (1 - percent / 100));
  });
});
