/**
 * Every resource accounted for, in every report: the console's section, the JUnit suite of
 * resources no check covers and entries not placed (XSD-valid), the JSON fields.
 */
import { account, accountingLine, displayType } from '../../src/report/accounting.js';
import { renderConsole } from '../../src/report/console.js';
import { toJson } from '../../src/report/json.js';
import { toMarkdown } from '../../src/report/markdown.js';
import { toHtml } from '../../src/report/html.js';
import { RESOURCES_SUITE, toJUnitXml } from '../../src/report/junit.js';
import type { RunReport } from '../../src/report/model.js';
import type { ResourceRef, SourceRef } from '../../src/types.js';
import { BUCKET, junitSchemaErrors, makeReport, result } from '../helpers/report-fixtures.js';

const STATE = 'infra/terraform.tfstate';
const state = (name: string, providerType: string, line?: number): SourceRef => ({ kind: 'state', format: 'tfstate', origin: STATE, name, providerType, ...(line ? { line } : {}) });
const role = (n: number): ResourceRef => ({ type: 'AWS::IAM::Role', id: `role-${n}`, region: 'us-east-1', keys: [], sources: [state(`aws_iam_role.r[${n}]`, 'aws_iam_role', 10 + n)] });
const fn = (n: number): ResourceRef => ({ type: 'AWS::Lambda::Function', id: `fn-${n}`, region: 'us-east-1', keys: [], sources: [state(`aws_lambda_function.f[${n}]`, 'aws_lambda_function')] });
const bucket: ResourceRef = {
  ...BUCKET,
  sources: [
    { kind: 'outputs', format: 'flat', origin: 'outputs.json', name: 'LogsBucketName', line: 2 },
    state('module.s3.aws_s3_bucket_server_side_encryption_configuration.this["logs"]', 'aws_s3_bucket_server_side_encryption_configuration', 40),
    state('module.s3.aws_s3_bucket.this["logs"]', 'aws_s3_bucket', 30),
  ],
};
const stackQueue: ResourceRef = {
  type: 'AWS::SQS::Queue',
  id: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs',
  region: 'us-east-1',
  keys: [],
  sources: [{ kind: 'stack', format: 'cloudformation-stack', origin: 'AppStack', name: 'Jobs.Queue', providerType: 'AWS::SQS::Queue' }],
};

function report(fields: Partial<RunReport> = {}): RunReport {
  return makeReport({
    resources: [bucket, role(1), role(2), role(3), fn(1), stackQueue],
    results: [result({ resource: bucket, status: 'fail' })],
    sources: [
      { kind: 'outputs', format: 'flat', origin: 'outputs.json', resources: 1, outputs: 1 },
      { kind: 'state', format: 'tfstate', origin: STATE, resources: 5, outputs: 0 },
      { kind: 'stack', format: 'cloudformation-stack', origin: 'AppStack', resources: 1, outputs: 0 },
    ],
    unplaced: [{ origin: STATE, name: 'random_password.db', providerType: 'random_password', reason: 'not an AWS resource (provider "random")' }],
    ...fields,
  });
}

describe('accounting', () => {
  it('counts resources, verified ones, and those without a check by the deploy tool\'s type', () => {
    const a = account(report());
    expect(a).toEqual({
      resources: 6,
      verified: 1,
      withoutCheck: 5,
      skippedOnly: 0,
      withoutCheckByType: [
        { type: 'aws_iam_role', count: 3 },
        { type: 'AWS::SQS::Queue', count: 1 },
        { type: 'aws_lambda_function', count: 1 },
      ],
      notSelected: 0,
      notSelectedByType: [],
      unplaced: 1,
    });
    expect(accountingLine(a)).toBe('6 resources, 1 verified, 5 without a check (by type: aws_iam_role 3, AWS::SQS::Queue 1, aws_lambda_function 1); 1 state or stack entry not placed');
  });

  it('names a resource by the type that is it, not by a configuration resource folded into it', () => {
    expect(displayType(bucket)).toBe('aws_s3_bucket');
    expect(displayType({ ...bucket, sources: [state('x', 'aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2'), state('y', 'aws:s3/bucketV2:BucketV2')] })).toBe('aws:s3/bucketV2:BucketV2');
    expect(displayType(BUCKET)).toBe('AWS::S3::Bucket');
  });

  it('a resource whose every result was skipped is neither verified nor without a check', () => {
    const a = account(report({ results: [result({ resource: bucket, status: 'skipped', message: 'waived' })] }));
    expect(a).toMatchObject({ verified: 0, skippedOnly: 1, withoutCheck: 5 });
    expect(accountingLine(a)).toMatch(/^6 resources, 0 verified, 1 skipped, 5 without a check/);
  });

  it('a check for every resource that was skipped (no requiredTags set) verifies nothing: the resource is without a check', () => {
    const tags = (resource: ResourceRef, status: 'skipped' | 'pass') => result({ resource, checkId: 'resource-has-required-tags', status, message: status === 'skipped' ? 'no tags are required: set requiredTags in the config' : 'has every tag' });
    const a = account(
      report({
        everyTypeChecks: ['resource-has-required-tags'],
        // role 1: only the tags skip; role 2: the tags check passed; the bucket: a waived bucket check and the tags skip.
        results: [tags(role(1), 'skipped'), tags(role(2), 'pass'), result({ resource: bucket, status: 'skipped', message: 'waived' }), tags(bucket, 'skipped')],
      }),
    );
    expect(a).toMatchObject({ verified: 1, skippedOnly: 1, withoutCheck: 4, withoutCheckByType: [{ type: 'aws_iam_role', count: 2 }, { type: 'AWS::SQS::Queue', count: 1 }, { type: 'aws_lambda_function', count: 1 }] });
  });
});

describe('in every report', () => {
  it('console: the sources, the accounting line, each resource with where it came from, and the entries not placed', () => {
    const text = renderConsole(report(), { color: false });
    expect(text).toContain('Resources\n  outputs.json (flat): 1 resource(s), 1 output(s)\n  infra/terraform.tfstate (tfstate): 5 resource(s), 0 output(s)\n  stack AppStack (cloudformation-stack): 1 resource(s), 0 output(s)');
    expect(text).toContain('  6 resources, 1 verified, 5 without a check (by type: aws_iam_role 3, AWS::SQS::Queue 1, aws_lambda_function 1)');
    // One line per state file, wrapped under its label when long.
    expect(text.replace(/\s+/g, ' ')).toContain('from state: module.s3.aws_s3_bucket_server_side_encryption_configuration.this["logs"] (infra/terraform.tfstate:40), module.s3.aws_s3_bucket.this["logs"] (infra/terraform.tfstate:30) ');
    // By default a resource without a check takes one line (the Resources section counts them by type); --verbose shows where it came from.
    expect(text).toContain('NO CHECK  AWS::SQS::Queue https://sqs.us-east-1.amazonaws.com/123456789012/jobs (us-east-1)\n');
    expect(renderConsole(report(), { color: false, verbose: true })).toContain('from stack AppStack: Jobs.Queue (AWS::SQS::Queue)');
    expect(text).toContain('  - random_password.db [random_password] (infra/terraform.tfstate): not an AWS resource (provider "random")');
  });

  it('JUnit: one skipped testcase per resource without a check and per entry not placed, XSD-valid', async () => {
    const xml = toJUnitXml(report());
    expect(await junitSchemaErrors([xml])).toEqual([]);
    expect(xml).toContain(`<testsuite name="${RESOURCES_SUITE}" tests="6" failures="0" errors="0" skipped="6"`);
    expect(xml).toContain('<skipped message="no check applies to this resource (aws_iam_role)"/>');
    expect(xml).toContain('from: state aws_iam_role.r[1] (infra/terraform.tfstate:11)');
    expect(xml).toContain('<skipped message="not placed (random_password): not an AWS resource (provider &quot;random&quot;)"/>');
    expect(xml).toMatch(/<testsuites name="postflight" tests="7"/);
    expect(xml).toContain('name="resource.1.sources" value="output LogsBucketName (outputs.json:2); state module.s3.aws_s3_bucket_server_side_encryption_configuration.this[&quot;logs&quot;] (infra/terraform.tfstate:40); state module.s3.aws_s3_bucket.this[&quot;logs&quot;] (infra/terraform.tfstate:30)"');
  });

  it('JUnit: every resource judged and nothing unplaced, the suite still gives the summary, with no testcase', async () => {
    const xml = toJUnitXml(report({ resources: [bucket], unplaced: [] }));
    expect(await junitSchemaErrors([xml])).toEqual([]);
    expect(xml).toContain(`<testsuite name="${RESOURCES_SUITE}" tests="0" failures="0" errors="0" skipped="0"`);
    expect(xml).toContain('<property name="summary" value="1 resource, 1 verified, 0 without a check"/>');
    expect(xml).toMatch(/<testsuites name="postflight" tests="1"/);
  });

  it('JUnit: a report without sources (an older caller) has no resources suite', () => {
    expect(toJUnitXml(report({ sources: undefined }))).not.toContain(RESOURCES_SUITE);
  });

  it('JSON: the accounting, the sources, the unplaced entries, and each resource with its sources and type', () => {
    const doc = JSON.parse(toJson(report())) as Record<string, unknown> & { resources: Array<Record<string, unknown>> };
    expect(doc.accounting).toEqual(account(report()));
    expect(doc.sources).toEqual(report().sources);
    expect(doc.unplaced).toEqual(report().unplaced);
    expect(doc.resources[0]).toMatchObject({ id: BUCKET.id, providerType: 'aws_s3_bucket', sources: bucket.sources });
  });

  it('a state address or stack logical id holding escapes and markup leaves the console clean and JUnit valid', async () => {
    const hostile = 'aws_iam_role.r["\u001b[31mred\u001b[0m<x>&amp;\u0007"]';
    const r: ResourceRef = { ...role(9), sources: [state(hostile, 'aws_iam_role\u001b[2J', 3)] };
    const rep = report({ resources: [bucket, r], unplaced: [{ origin: STATE, name: hostile, providerType: 'x\u001b]0;t\u0007', reason: 'r' }] });
    const text = renderConsole(rep, { color: false });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain('red');
    const xml = toJUnitXml(rep);
    expect(await junitSchemaErrors([xml])).toEqual([]);
    expect(xml).toContain('&lt;x&gt;&amp;amp;');
    expect(JSON.parse(toJson(rep)).resources[1].sources[0].name).toBe(hostile);
  });
});

describe('with --drift', () => {
  const drift = (resource: ResourceRef, status: 'pass' | 'fail', state: string) =>
    result({ resource, status, checkId: 'live-matches-declared', family: 'drift', evidence: { engine: 'terraform 1.11.4', drift: state } });
  const withDrift = () =>
    report({
      results: [drift(bucket, 'fail', 'modified'), drift(role(1), 'pass', 'in-sync'), drift(role(2), 'pass', 'in-sync'), drift(stackQueue, 'fail', 'deleted'), result({ resource: fn(1), status: 'error', checkId: 'live-matches-declared' })],
      drift: { engines: [{ engine: 'terraform', version: '1.11.4', source: STATE, ms: 18_200, schema: 'cached' }] },
    });

  it('the accounting line says how many are live as declared, drifted and deleted; an error counts as none', () => {
    const a = account(withDrift());
    expect(a.drift).toEqual({ asDeclared: 2, drifted: 1, deleted: 1 });
    expect(accountingLine(a)).toMatch(/; 2 live as declared, 1 drifted, 1 deleted$/);
  });

  it('every rendering carries it, and the engine that ran', () => {
    const r = withDrift();
    expect(renderConsole(r, { color: false })).toMatch(/2 live as declared, 1 drifted, 1 deleted[\s\S]*drift engine\s+terraform 1\.11\.4 on infra\/terraform\.tfstate: 18\.2 s \(provider schema cached\)/);
    const json = JSON.parse(toJson(r)) as { accounting: { drift: unknown }; stats: { drift: { engines: unknown[] } } };
    expect(json.accounting.drift).toEqual({ asDeclared: 2, drifted: 1, deleted: 1 });
    expect(json.stats.drift.engines).toEqual([{ engine: 'terraform', ms: 18_200, schema: 'cached', source: STATE, version: '1.11.4' }]);
    expect(toJUnitXml(r)).toContain('2 live as declared, 1 drifted, 1 deleted');
    expect(toMarkdown(r)).toContain('Drift: 2 live as declared, 1 drifted, 1 deleted (terraform 1.11.4 on infra/terraform.tfstate, 18.2 s)');
    expect(toHtml(r)).toContain('<dt>Drift</dt><dd>2 live as declared, 1 drifted, 1 deleted');
  });

  it('without --drift there is no drift line anywhere', () => {
    const r = report();
    expect(account(r).drift).toBeUndefined();
    expect(renderConsole(r, { color: false })).not.toMatch(/live as declared|drift engine/);
    expect(JSON.parse(toJson(r)).stats.drift).toBeUndefined();
  });
});
