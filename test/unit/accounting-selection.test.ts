/**
 * With `--only` (or `--skip`, or the config's `checks`), a resource whose checks were not selected
 * is told apart, in every report, from one no check exists for; and the Markdown names where a
 * resource that came from a state or a stack was named.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'parse5';
import { verify } from '../../src/run.js';
import { account, accountingLine } from '../../src/report/accounting.js';
import { renderConsole } from '../../src/report/console.js';
import { toHtml } from '../../src/report/html.js';
import { RESOURCES_SUITE, toJUnitXml } from '../../src/report/junit.js';
import { toMarkdown } from '../../src/report/markdown.js';
import type { RunReport } from '../../src/report/model.js';
import type { ResourceRef, SourceRef } from '../../src/types.js';
import { junitSchemaErrors, makeReport } from '../helpers/report-fixtures.js';

const STATE = 'infra/terraform.tfstate';
const state = (name: string, providerType: string, line: number): SourceRef => ({ kind: 'state', format: 'tfstate', origin: STATE, name, providerType, line });
const key: ResourceRef = { type: 'AWS::KMS::Key', id: '1234abcd-12ab-34cd-56ef-1234567890ab', region: 'us-east-1', keys: [], sources: [state('aws_kms_key.data', 'aws_kms_key', 7)] };
const role: ResourceRef = { type: 'AWS::IAM::Role', id: 'tap-role', region: 'us-east-1', keys: [], sources: [state('aws_iam_role.app', 'aws_iam_role', 20)] };
const queue: ResourceRef = {
  type: 'AWS::SQS::Queue',
  id: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs',
  region: 'us-east-1',
  keys: [],
  sources: [{ kind: 'stack', format: 'cloudformation-stack', origin: 'AppStack', name: 'Jobs.Queue', providerType: 'AWS::SQS::Queue' }],
};

function report(fields: Partial<RunReport> = {}): RunReport {
  return makeReport({
    resources: [key, role, queue],
    results: [],
    sources: [{ kind: 'state', format: 'tfstate', origin: STATE, resources: 2, outputs: 0 }],
    unselectedTypes: ['AWS::KMS::Key', 'AWS::SQS::Queue'],
    ...fields,
  });
}

describe('a resource whose checks were not selected is not one without a check', () => {
  it('the accounting counts them apart, by type', () => {
    const a = account(report());
    expect(a).toMatchObject({ withoutCheck: 1, withoutCheckByType: [{ type: 'aws_iam_role', count: 1 }], notSelected: 2, notSelectedByType: [{ type: 'AWS::SQS::Queue', count: 1 }, { type: 'aws_kms_key', count: 1 }] });
    expect(accountingLine(a)).toBe('3 resources, 0 verified, 1 without a check (by type: aws_iam_role 1), 2 with checks not selected for this run (by type: AWS::SQS::Queue 1, aws_kms_key 1)');
    // Without the field (every check selected), every unjudged resource is without a check, as before.
    expect(account(report({ unselectedTypes: undefined }))).toMatchObject({ withoutCheck: 3, notSelected: 0 });
  });

  it('console: NOT SELECTED apart from NO CHECK', () => {
    const text = renderConsole(report(), { color: false });
    expect(text).toContain('NOT SELECTED  AWS::KMS::Key 1234abcd-12ab-34cd-56ef-1234567890ab (us-east-1)\n');
    expect(text).toContain('NO CHECK  AWS::IAM::Role tap-role (us-east-1)\n');
    expect(text).toContain('2 with checks not selected for this run');
  });

  it('JUnit: the skipped testcase says why, and stays XSD-valid', async () => {
    const xml = toJUnitXml(report());
    expect(await junitSchemaErrors([xml])).toEqual([]);
    expect(xml).toContain(`<testsuite name="${RESOURCES_SUITE}" tests="3"`);
    expect(xml).toContain('<skipped message="its checks were not selected for this run (aws_kms_key)"/>');
    expect(xml).toContain('<skipped message="no check applies to this resource (aws_iam_role)"/>');
  });

  it('Markdown and HTML: two sections', () => {
    const md = toMarkdown(report());
    expect(md).toContain('### Resources without a check (1)');
    expect(md).toContain('### Resources whose checks were not selected (2)');
    const html = toHtml(report());
    parse(html);
    expect(html).toContain('<h2>Resources without a check (1)</h2>');
    expect(html).toContain('<h2>Resources whose checks were not selected (2)</h2>');
  });

  it('JSON: the accounting carries both counts', async () => {
    const { toJson } = await import('../../src/report/json.js');
    expect(JSON.parse(toJson(report())).accounting).toMatchObject({ withoutCheck: 1, notSelected: 2 });
  });
});

describe("the Markdown's named-by column", () => {
  it('names the state address or the stack logical id of a resource no output named', () => {
    const md = toMarkdown(report({ unselectedTypes: [] }));
    expect(md).toContain('| AWS::IAM::Role | tap-role | state aws\\_iam\\_role.app (infra/terraform.tfstate:20) |');
    expect(md).toContain('| AWS::SQS::Queue | https://sqs.us-east-1.amazonaws.com/123456789012/jobs | stack AppStack: Jobs.Queue (AWS::SQS::Queue) |');
    expect(md).not.toMatch(/\| tap-role \| – \|/);
  });

  it('an output key comes first, then the state entry that named the same resource', () => {
    const both: ResourceRef = { ...role, keys: ['AppRoleName'], sources: [{ kind: 'outputs', format: 'flat', origin: 'outputs.json', name: 'AppRoleName', line: 2 }, state('aws_iam_role.app', 'aws_iam_role', 20)] };
    expect(toMarkdown(report({ resources: [both], unselectedTypes: [] }))).toContain('| AWS::IAM::Role | tap-role | AppRoleName, state aws\\_iam\\_role.app (infra/terraform.tfstate:20) |');
  });
});

describe('verify --only tells the report which types the unselected checks cover', () => {
  it('a KMS key under --only s3-bucket-versioning-enabled is "not selected", a state machine "without a check"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-only-'));
    await writeFile(join(dir, 'outputs.json'), JSON.stringify({ KmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', OrdersStateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders' }));
    const out: string[] = [];
    const code = await verify({
      outputs: 'outputs.json',
      json: 'report.json',
      cwd: dir,
      // Nothing the selected check applies to is in the stack: no AWS call is made.
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' },
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      only: ['s3-bucket-versioning-enabled'],
      skip: [],
      color: false,
      allowEmpty: false,
      now: () => new Date('2026-01-01T00:00:00Z'),
    });
    expect(code).toBe(0);
    const doc = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(doc.accounting).toMatchObject({ resources: 2, withoutCheck: 1, notSelected: 1, notSelectedByType: [{ type: 'AWS::KMS::Key', count: 1 }], withoutCheckByType: [{ type: 'AWS::StepFunctions::StateMachine', count: 1 }] });
    expect(out.join('')).toContain('NOT SELECTED  AWS::KMS::Key');
  });
});
