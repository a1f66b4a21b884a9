/**
 * Frameworks through the real CLI against moto: `verify --framework` runs exactly the checks of
 * the framework (counted from the checks' own metadata), --only chooses among them, the reports
 * carry each check's controls (JUnit valid against the XSD, SARIF against its schema), and
 * `list-checks --framework` lists and tables the same checks. A framework postflight does not map
 * is one sentence, exit 2.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { emulatorEnv } from '../../src/demo/moto.js';
import { loadChecks } from '../../src/engine/registry.js';
import { appliesToType, type ResourceType } from '../../src/types.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { junitSchemaErrors, parseXml, sarifSchemaErrors } from '../helpers/report-fixtures.js';
import { tempDir } from '../guarantees/support.js';

const moto = useMoto();

interface Doc {
  exitCode: number;
  results: Array<{ checkId: string; status: string; controls?: { fsbp?: string[]; cis?: string[] } }>;
}

const all = await loadChecks();
const STACK_TYPES: ResourceType[] = ['AWS::S3::Bucket', 'AWS::SQS::Queue', 'AWS::KMS::Key'];
/** The built-in checks that judge this stack's resources (drift aside), of a framework or of none. */
function expected(framework?: 'fsbp' | 'cis'): string[] {
  return all
    .filter((c) => c.check.id !== 'live-matches-declared' && STACK_TYPES.some((t) => appliesToType(c.check.appliesTo, t)))
    .filter((c) => !framework || (c.check.controls?.[framework]?.length ?? 0) > 0)
    .map((c) => c.check.id)
    .sort();
}

let dir: string;
let env: NodeJS.ProcessEnv;
const verify = async (name: string, extra: string[]): Promise<{ run: CliRun; doc: Doc; dir: string }> => {
  const out = join(dir, name);
  const run = await runCli(['verify', '--outputs', 'outputs.json', '--json', join(out, 'r.json'), '--junit', join(out, 'junit.xml'), '--sarif', join(out, 'r.sarif'), '--no-color', ...extra], { cwd: dir, env });
  const doc = run.code === 2 ? ({ exitCode: 2, results: [] } as Doc) : (JSON.parse(await readFile(join(out, 'r.json'), 'utf8')) as Doc);
  return { run, doc, dir: out };
};
const checksOf = (d: Doc) => [...new Set(d.results.map((r) => r.checkId))].sort();

beforeAll(async () => {
  dir = await tempDir('frameworks');
  const cfg = { region: 'us-east-1', endpoint: moto().endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  const sqs = new SQSClient(cfg);
  const kms = new KMSClient(cfg);
  await s3.send(new CreateBucketCommand({ Bucket: 'frameworks-data' }));
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: 'frameworks-jobs', Attributes: { SqsManagedSseEnabled: 'true' } }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }));
  const key = await kms.send(new CreateKeyCommand({ Description: 'frameworks stack key' }));
  await writeFile(join(dir, 'outputs.json'), JSON.stringify({ TapStackfw: { data_bucket_name: 'frameworks-data', jobs_queue_arn: Attributes!.QueueArn, kms_key_arn: key.KeyMetadata!.Arn } }, null, 2));
  env = cleanEnv(emulatorEnv(moto().endpoint));
  for (const c of [s3, sqs, kms]) c.destroy();
}, 60_000);

describe('verify --framework', () => {
  it('without a framework, every check of the stack runs', async () => {
    const { run, doc } = await verify('all', []);
    expect(run.code).toBe(1);
    expect(checksOf(doc)).toEqual(expected());
  });

  it('--framework fsbp runs exactly the checks that implement an FSBP control, and --framework cis the CIS ones', async () => {
    const fsbp = await verify('fsbp', ['--framework', 'fsbp']);
    expect(checksOf(fsbp.doc)).toEqual(expected('fsbp'));
    expect(checksOf(fsbp.doc)).toEqual(expect.arrayContaining(['s3-bucket-public-access-blocked', 'sqs-queue-encrypted', 'kms-key-policy-no-public-principal']));
    expect(checksOf(fsbp.doc)).not.toContain('kms-key-rotation-enabled');
    const cis = await verify('cis', ['--framework', 'cis']);
    expect(checksOf(cis.doc)).toEqual(expected('cis'));
    expect(checksOf(cis.doc)).toContain('kms-key-rotation-enabled');
    const both = await verify('both', ['--framework', 'fsbp,cis']);
    expect(checksOf(both.doc)).toEqual([...new Set([...expected('fsbp'), ...expected('cis')])].sort());
    expect(expected('fsbp').length).toBeLessThan(expected().length);
  });

  it('--only chooses among the framework\'s checks; a check outside it is one sentence, exit 2', async () => {
    const one = await verify('only', ['--framework', 'cis', '--only', 's3-bucket-tls-only']);
    expect(checksOf(one.doc)).toEqual(['s3-bucket-tls-only']);
    const outside = await verify('outside', ['--framework', 'fsbp', '--only', 'kms-key-rotation-enabled']);
    expect(outside.run.code).toBe(2);
    expect(outside.run.stderr).toBe(
      'postflight: --only names the check "kms-key-rotation-enabled", which implements no fsbp control while the run selects the checks of fsbp: drop it, or run `postflight list-checks --framework fsbp` for those checks.\n',
    );
  });

  it('an unknown framework is one sentence naming the choices, exit 2, no report', async () => {
    const { run } = await verify('unknown', ['--framework', 'pci-dss']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('postflight: --framework names the framework "pci-dss", which postflight does not map: use fsbp or cis.\n');
    expect(run.stdout).toBe('');
  });

  it('the reports carry the controls: JSON per result, JUnit properties (XSD-valid), SARIF tags (schema-valid)', async () => {
    const { doc, dir: out } = await verify('reports', ['--framework', 'fsbp']);
    const pab = doc.results.find((r) => r.checkId === 's3-bucket-public-access-blocked')!;
    expect(pab.status).toBe('fail');
    expect(pab.controls).toEqual({ fsbp: ['S3.8'], cis: ['2.1.4'] });
    for (const r of doc.results) expect(r.controls?.fsbp?.length).toBeGreaterThan(0);

    const xml = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(await junitSchemaErrors([xml])).toEqual([]);
    const suite = parseXml(xml).children.find((c) => c.name === 'testsuite' && c.attributes.name === 's3-bucket-public-access-blocked')!;
    const props = Object.fromEntries(suite.children.find((c) => c.name === 'properties')!.children.map((p) => [p.attributes.name, p.attributes.value]));
    expect(props['check.controls']).toBe('fsbp:S3.8 cis-3.0:2.1.4');
    expect(props['check.control.fsbp:S3.8']).toBe('S3 general purpose buckets should block public access');

    const sarif = JSON.parse(await readFile(join(out, 'r.sarif'), 'utf8')) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; properties: { tags: string[] } }> } } }> };
    expect(await sarifSchemaErrors(sarif)).toEqual([]);
    const rule = sarif.runs[0]!.tool.driver.rules.find((r) => r.id === 's3-bucket-public-access-blocked')!;
    expect(rule.properties.tags).toEqual(expect.arrayContaining(['security', 'fsbp:S3.8', 'cis-3.0:2.1.4']));
  });
});

describe('list-checks --framework', () => {
  const list = (args: string[]) => runCli(['list-checks', ...args], { cwd: dir, env });
  const of = (f: 'fsbp' | 'cis') => all.filter((c) => (c.check.controls?.[f]?.length ?? 0) > 0);

  it('lists only the framework\'s checks, each with its controls', async () => {
    const r = await list(['--framework', 'fsbp']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${of('fsbp').length} check(s) implementing a control of fsbp.`);
    expect(r.stdout).toContain('s3-bucket-public-access-blocked  [critical, exposure]\n  S3 bucket blocks public access with all four public access block settings on\n  applies to: AWS::S3::Bucket\n  controls: fsbp S3.8 · cis 2.1.4\n');
    expect(r.stdout).not.toContain('kms-key-rotation-enabled');
    const json = JSON.parse((await list(['--framework', 'cis', '--json'])).stdout) as Array<{ id: string; controls: { cis: string[] } }>;
    expect(json.map((c) => c.id)).toEqual(of('cis').map((c) => c.check.id));
    for (const c of json) expect(c.controls.cis.length).toBeGreaterThan(0);
  });

  it('without a framework every check is listed, those without a control saying so', async () => {
    const r = await list([]);
    expect(r.stdout).toContain(`${all.length} check(s).`);
    expect(r.stdout).toContain('rds-db-subnet-group-spans-azs  [medium, availability]\n  RDS DB subnet group spans enough availability zones\n  applies to: AWS::RDS::DBInstance, AWS::RDS::DBCluster\n  controls: none in fsbp or cis\n');
  });

  it('--markdown prints the framework control by control: id, title, the checks that verify it, the types', async () => {
    const r = await list(['--framework', 'fsbp', '--markdown']);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('| `'));
    const ids = new Set(of('fsbp').flatMap((c) => c.check.controls!.fsbp!));
    expect(rows).toHaveLength(ids.size);
    expect(r.stdout).toContain('| `S3.8` | S3 general purpose buckets should block public access | `s3-bucket-public-access-blocked` | `AWS::S3::Bucket` |');
    expect(r.stdout).toContain(`${ids.size} of the 336 controls of its published list are verified post-deploy`);
  });

  it('an unknown framework is one sentence, exit 2', async () => {
    const r = await list(['--framework', 'nist']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('postflight: --framework names the framework "nist", which postflight does not map: use fsbp or cis.\n');
  });
});
