import { account } from '../../src/report/accounting.js';
import { renderConsole } from '../../src/report/console.js';
import { fleetRows } from '../../src/report/fleet.js';
import { toHtml } from '../../src/report/html.js';
import { toJson } from '../../src/report/json.js';
import { toJUnitXml } from '../../src/report/junit.js';
import { toMarkdown } from '../../src/report/markdown.js';
import { mergeReports, type MergeInput } from '../../src/report/merge.js';
import { exitCodeFor, summarise, UNKNOWN_ACCOUNT, type RunReport } from '../../src/report/model.js';
import { parseJsonReport } from '../../src/report/schema.js';
import { toSarif } from '../../src/report/sarif.js';
import type { ResourceRef, Result } from '../../src/types.js';
import { elements, junitSchemaErrors, makeReport, parseHtml, parseXml, result, sarifSchemaErrors, textOf, type XmlElement } from '../helpers/report-fixtures.js';

const ACCOUNT = '123456789012';
const src = (origin: string, name: string, line: number) => [{ kind: 'outputs' as const, format: 'cdktf', origin, name, line }];

// Three stacks: A names no account anywhere, B and C are in ACCOUNT (their ARNs say so).
const VPC_A: ResourceRef = { type: 'AWS::EC2::VPC', id: 'vpc-0aaa', region: 'us-east-1', keys: ['A.vpc_id'], sources: src('a.json', 'A.vpc_id', 3) };
const BUCKET_A: ResourceRef = { type: 'AWS::S3::Bucket', id: 'a-logs', arn: 'arn:aws:s3:::a-logs', region: 'us-east-1', keys: ['A.logs'], sources: src('a.json', 'A.logs', 4) };
const DB_B: ResourceRef = { type: 'AWS::RDS::DBInstance', id: 'b-db', arn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:b-db`, region: 'us-east-1', keys: ['B.db'], sources: src('b.json', 'B.db', 3) };
const KEY_C: ResourceRef = { type: 'AWS::KMS::Key', id: 'c-key', arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/c-key`, region: 'us-east-1', keys: ['C.key'], sources: src('c.json', 'C.key', 3) };
const FN_C: ResourceRef = { type: 'AWS::Lambda::Function', id: 'c-fn', arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:c-fn`, region: 'us-east-1', keys: ['C.fn'], sources: src('c.json', 'C.fn', 4) };

function run(resources: ResourceRef[], results: Result[], fields: Partial<RunReport> = {}): RunReport {
  const origin = resources[0]?.sources?.[0]?.origin ?? 'x.json';
  return makeReport({
    outputsFile: origin,
    format: 'cdktf',
    resources,
    results,
    sources: [{ kind: 'outputs', format: 'cdktf', origin, resources: resources.length, outputs: resources.length + 1 }],
    unplaced: [],
    apiCalls: { 's3:GetBucketVersioning': 1 },
    ...fields,
  });
}

const A = run([VPC_A, BUCKET_A], [
  result({ resource: VPC_A, checkId: 'ec2-vpc-flow-logs-enabled', status: 'pass' }),
  result({ resource: BUCKET_A, status: 'fail' }),
  result({ resource: BUCKET_A, checkId: 's3-bucket-default-encryption-cmk', status: 'pass' }),
], { unrecognised: ['A.environment'] });
const B = run([DB_B], [result({ resource: DB_B, checkId: 'rds-instance-multi-az-enabled', severity: 'high', status: 'error', message: 'AccessDenied' })], { unrecognised: ['B.environment'], redacted: [] });
const C = run([KEY_C, FN_C], [result({ resource: KEY_C, checkId: 'kms-key-rotation-enabled', status: 'skipped', message: 'waived' })]);
const inputs: MergeInput[] = [
  { file: 'reports/a/postflight.json', report: A },
  { file: 'reports/b/postflight.json', report: B },
  { file: 'reports/c/postflight.json', report: C },
];

/** The same stacks as one run would see them: every resource once, every result once. */
const oneRun = run([VPC_A, BUCKET_A, DB_B, KEY_C, FN_C], [...A.results, ...B.results, ...C.results], { unrecognised: ['A.environment', 'B.environment'] });

/** Reports rendered in a test, validated after it. */
let junitDocs: string[] = [];
afterEach(async () => {
  const docs = junitDocs;
  junitDocs = [];
  expect(await junitSchemaErrors(docs)).toEqual([]);
});
const junit = (r: RunReport) => {
  const xml = toJUnitXml(r);
  junitDocs.push(xml);
  return xml;
};

describe('mergeReports', () => {
  it('three reports give the counts, accounting and exit code of one run over the same stacks', () => {
    const merged = mergeReports(inputs, '9.9.9');
    expect(summarise(merged)).toEqual(summarise(oneRun));
    expect(account(merged)).toEqual(account(oneRun));
    expect(merged.exitCode).toBe(oneRun.exitCode);
    expect(merged.exitCode).toBe(1);
    expect(merged.apiCalls).toEqual({ 's3:GetBucketVersioning': 3 });
    expect(merged.tool).toEqual({ name: 'postflight', version: '9.9.9' });
    expect(merged.merge!.inputs.map((i) => i.file)).toEqual(inputs.map((i) => i.file));
    expect(merged.merge!.duplicates).toEqual([]);
  });

  it('groups by account, then by stack: a report without accounts belongs to the account its ARNs name, else to no known account', () => {
    const merged = mergeReports(inputs, '9.9.9');
    expect(fleetRows(merged).map((r) => [r.account, r.file, r.resources, r.pass, r.fail, r.error, r.skipped])).toEqual([
      [ACCOUNT, 'reports/b/postflight.json', 1, 0, 0, 1, 0],
      [ACCOUNT, 'reports/c/postflight.json', 2, 0, 0, 0, 1],
      [UNKNOWN_ACCOUNT, 'reports/a/postflight.json', 2, 2, 1, 0, 0],
    ]);
    expect(merged.resources.map((r) => r.account)).toEqual([undefined, undefined, ACCOUNT, ACCOUNT, ACCOUNT]);
    expect(merged.accounts).toEqual([{ id: ACCOUNT, status: 'ok', resources: 3 }]);
  });

  it('keeps the same resource apart when two reports are of different accounts', () => {
    const db = (acct: string): ResourceRef => ({ ...DB_B, arn: undefined, account: acct });
    const x = run([db('111111111111')], [result({ resource: db('111111111111'), checkId: 'rds-instance-multi-az-enabled', status: 'fail' })], { accounts: [{ id: '111111111111', status: 'ok', resources: 1 }] });
    const y = run([db('222222222222')], [result({ resource: db('222222222222'), checkId: 'rds-instance-multi-az-enabled', status: 'pass' })], { accounts: [{ id: '222222222222', status: 'ok', resources: 1 }] });
    const merged = mergeReports([{ file: 'x.json', report: x }, { file: 'y.json', report: y }], '1');
    expect(summarise(merged)).toMatchObject({ resources: 2, results: 2, pass: 1, fail: 1 });
    expect(merged.merge!.duplicates).toEqual([]);
    expect(merged.accounts!.map((a) => a.id)).toEqual(['111111111111', '222222222222']);
    // Each report names the account of each resource.
    const names = parseXml(junit(merged)).children.filter((s) => s.attributes.name === 'rds-instance-multi-az-enabled').flatMap((s) => s.children.filter((c) => c.name === 'testcase').map((c) => c.attributes.name));
    expect(names).toEqual(['AWS::RDS::DBInstance b-db [account 111111111111]', 'AWS::RDS::DBInstance b-db [account 222222222222]']);
    expect(renderConsole(merged, { color: false })).toContain('AWS::RDS::DBInstance b-db (us-east-1, account 111111111111)');
    expect(toMarkdown(merged)).toContain('AWS::RDS::DBInstance b-db (account 111111111111) | rds-instance-multi-az-enabled');
  });

  it('counts the very same resource verified by two reports once, keeps the worse result, and says so', () => {
    const again = run([KEY_C], [result({ resource: KEY_C, checkId: 'kms-key-rotation-enabled', status: 'fail', message: 'rotation off' })]);
    const merged = mergeReports([...inputs, { file: 'reports/d/postflight.json', report: again }], '1');
    expect(summarise(merged)).toMatchObject({ resources: 5, results: 5, fail: 2, skipped: 0 });
    expect(merged.results.find((r) => r.checkId === 'kms-key-rotation-enabled')).toMatchObject({ status: 'fail', message: 'rotation off' });
    expect(merged.merge!.duplicates).toEqual([
      {
        type: 'AWS::KMS::Key',
        id: 'c-key',
        region: 'us-east-1',
        account: ACCOUNT,
        files: ['reports/c/postflight.json', 'reports/d/postflight.json'],
        differing: [{ checkId: 'kms-key-rotation-enabled', statuses: [{ file: 'reports/c/postflight.json', status: 'skipped' }, { file: 'reports/d/postflight.json', status: 'fail' }], kept: 'fail' }],
      },
    ]);
    const text = renderConsole(merged, { color: false, width: 400 });
    expect(text).toContain('verified by more than one report (1), each counted once, the worse result kept:');
    expect(text).toContain('AWS::KMS::Key c-key (us-east-1, account 123456789012): in reports/c/postflight.json, reports/d/postflight.json; kms-key-rotation-enabled skipped in reports/c/postflight.json, fail in reports/d/postflight.json, fail kept');
    expect(toMarkdown(merged)).toContain('Verified by more than one report (1)');
    expect(junit(merged)).toContain('name="duplicate.1"');
    // A pass kept over an error would be a false pass: the error is kept.
    const passing = run([DB_B], [result({ resource: DB_B, checkId: 'rds-instance-multi-az-enabled', severity: 'high', status: 'pass' })]);
    const both = mergeReports([{ file: 'p.json', report: passing }, { file: 'b.json', report: B }], '1');
    expect(both.results.map((r) => r.status)).toEqual(['error']);
    expect(both.exitCode).toBe(3);
  });

  it('exits 3 when nothing failed but an account could not be reached, or a run said so', () => {
    const ok = run([VPC_A], [result({ resource: VPC_A, status: 'pass' })]);
    const unreachable = run([], [], { accounts: [{ id: '333333333333', roleArn: 'arn:aws:iam::333333333333:role/audit', status: 'error', reason: 'AccessDenied on sts:AssumeRole', resources: 0 }] });
    const merged = mergeReports([{ file: 'ok.json', report: ok }, { file: 'u.json', report: unreachable }], '1');
    expect(merged.exitCode).toBe(3);
    expect(fleetRows(merged).find((r) => r.account === '333333333333')).toMatchObject({ status: 'error', reason: 'AccessDenied on sts:AssumeRole' });
    expect(renderConsole(merged, { color: false, width: 200 })).toContain('not reached: AccessDenied on sts:AssumeRole');
    expect(mergeReports([{ file: 'ok.json', report: ok }, { file: 'said3.json', report: { ...ok, exitCode: 3 } }], '1').exitCode).toBe(3);
    expect(mergeReports([{ file: 'ok.json', report: ok }], '1').exitCode).toBe(0);
    expect(exitCodeFor(merged.results, merged.accounts)).toBe(3);
  });

  it('names an unrecognised output key several reports hold with its report, so two outputs stay two', () => {
    const x = run([VPC_A], [], { unrecognised: ['Environment', 'OnlyX'], redacted: ['Environment'] });
    const y = run([DB_B], [], { unrecognised: ['Environment'], redacted: ['Environment'] });
    const merged = mergeReports([{ file: 'x.json', report: x }, { file: 'y.json', report: y }], '1');
    expect(merged.unrecognised).toEqual(['Environment (x.json)', 'OnlyX', 'Environment (y.json)']);
    expect(merged.redacted).toEqual(['Environment (x.json)', 'Environment (y.json)']);
  });

  it('merges a merged report again: its runs are listed as runs, the counts unchanged', () => {
    const first = mergeReports(inputs.slice(0, 2), '1');
    const again = mergeReports([{ file: 'merged.json', report: parseJsonReport(toJson(first), 'merged.json') }, inputs[2]!], '1');
    expect(summarise(again)).toEqual(summarise(mergeReports(inputs, '1')));
    expect(again.merge!.inputs.map((i) => i.file)).toEqual(['merged.json › reports/a/postflight.json', 'merged.json › reports/b/postflight.json', 'reports/c/postflight.json']);
  });

  it('renders valid JUnit (XSD) and SARIF (official schema), and HTML and Markdown by account and stack', async () => {
    const merged = parseJsonReport(toJson(mergeReports(inputs, '1')), 'merged.json');
    const root = parseXml(junit(merged));
    const props = (el: XmlElement): string[] => el.children.filter((c) => c.name === 'properties').flatMap((p) => p.children.map((c) => `${c.attributes.name}=${c.attributes.value}`));
    const resources = root.children.find((s) => s.attributes.name === 'postflight.resources')!;
    expect(props(resources)).toEqual(expect.arrayContaining([expect.stringMatching(/^run\.1=INCOMPLETE account 123456789012: reports\/b\/postflight\.json: outputs b\.json \(cdktf\): 1 resource: 0 passed, 0 failed, 1 error, 0 skipped$/)]));
    const sarif = JSON.parse(toSarif(merged, { baseDir: '/repo' }));
    expect(await sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].results.map((r: { properties: { account?: string } }) => r.properties.account)).toEqual([undefined, ACCOUNT]);
    const md = toMarkdown(merged);
    expect(md).toContain('Merged 3 reports');
    expect(md).toContain('### By account and stack');
    expect(md).toMatch(/\| 123456789012 \| reports\/b\/postflight\.json: outputs b\.json \(cdktf\) \| INCOMPLETE \|/);
    const html = await parseHtml(toHtml(merged));
    const section = elements(html).find((e) => e.attrs?.some((a) => a.name === 'id' && a.value === 'accounts'))!;
    expect(textOf(section)).toContain(UNKNOWN_ACCOUNT);
    expect(elements(section).filter((e) => e.tagName === 'tr')).toHaveLength(4);
    const text = renderConsole(merged, { color: false, width: 200 });
    expect(text).toContain('  merged: 3 reports');
    expect(text).toMatch(/Accounts and stacks\n  123456789012\n    INCOMPLETE  reports\/b\/postflight\.json: outputs b\.json \(cdktf\)\n/);
  });
});
