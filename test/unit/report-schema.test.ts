import { InputError } from '../../src/errors.js';
import { toJson } from '../../src/report/json.js';
import type { RunReport } from '../../src/report/model.js';
import { jsonReportSchema, parseJsonReport } from '../../src/report/schema.js';
import type { ResourceRef, Result } from '../../src/types.js';
import { BUCKET, DB, KEY, makeReport, mixedReport, result } from '../helpers/report-fixtures.js';

/** A report with every part the renderers read: sources, unplaced entries, redacted keys, phases, accounts, evidence. */
function fullReport(): RunReport {
  const base = mixedReport();
  const withSources = (ref: ResourceRef, line: number): ResourceRef => ({
    ...ref,
    account: '123456789012',
    sources: [
      { kind: 'outputs', format: 'cdktf', origin: 'cfn-outputs/flat-outputs.json', name: ref.keys[0] ?? 'x', line },
      { kind: 'state', format: 'tfstate', origin: 'terraform.dev.tfstate', name: `aws_thing.t${line}`, providerType: 'aws_s3_bucket', line: line + 100 },
    ],
  });
  const resources = base.resources.map((r, i) => withSources(r, i + 2));
  const byKey = new Map(resources.map((r) => [`${r.type}|${r.id}`, r]));
  const results = base.results.map((r) => ({ ...r, family: r.family ?? 'custom', resource: byKey.get(`${r.resource.type}|${r.resource.id}`)! }));
  results[2] = { ...results[2]!, evidence: { multiAz: false, nested: { list: [1, 'two', null], flag: true }, availabilityZone: 'us-east-1a' } };
  return {
    ...base,
    resources: [...resources, { ...KEY, id: 'used-key', keys: [], usedBy: ['tap-logs-dev'], account: '123456789012' }],
    results,
    redacted: ['Environment'],
    sources: [
      { kind: 'outputs', format: 'cdktf', origin: 'cfn-outputs/flat-outputs.json', resources: 6, outputs: 9 },
      { kind: 'state', format: 'tfstate', origin: 'terraform.dev.tfstate', resources: 6, outputs: 0 },
    ],
    unplaced: [{ origin: 'terraform.dev.tfstate', name: 'aws_thing.odd', providerType: 'aws_thing', reason: 'no identifier' }],
    phasesMs: { read: 3, discover: 1, collect: 250, evaluate: 2, report: 5 },
    accounts: [{ id: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/audit', status: 'ok', resources: 7 }],
  };
}

describe('the JSON report read back (schema)', () => {
  it('toJson writes what the schema accepts, and reading it back gives the same report', () => {
    const report = fullReport();
    const text = toJson(report);
    expect(jsonReportSchema.safeParse(JSON.parse(text)).success).toBe(true);
    const back = parseJsonReport(text, 'postflight.json');
    // Evidence comes back with its keys sorted, as the writer writes them; everything else as it was.
    expect(back).toEqual({ ...report, results: report.results.map((r) => ({ ...r, evidence: JSON.parse(JSON.stringify(r.evidence)) })) });
    // And what is read back writes the same text again.
    expect(toJson(back)).toBe(text);
  });

  it('reads the plain fixtures too: absent ARN, region and family come back absent (family: custom)', () => {
    const report = makeReport({ region: undefined, resources: [{ type: 'AWS::EC2::VPC', id: 'vpc-1', keys: ['VpcId'] }], results: [result({ status: 'pass', resource: { type: 'AWS::EC2::VPC', id: 'vpc-1', keys: ['VpcId'] } })] });
    const back = parseJsonReport(toJson(report), 'r.json');
    expect(back.region).toBeUndefined();
    expect(back.resources[0]).toEqual({ type: 'AWS::EC2::VPC', id: 'vpc-1', keys: ['VpcId'] });
    expect(back.results[0]!.family).toBe('custom');
    expect(back.results[0]!.resource).toEqual({ type: 'AWS::EC2::VPC', id: 'vpc-1', keys: ['VpcId'] });
  });

  it('keeps hostile strings exactly, and a "__proto__" evidence key as data', () => {
    const hostile = 'id\u001b[31m\u0000\u009b 日本語 "<&>"';
    const evidence = JSON.parse('{"__proto__": {"polluted": true}, "x": "\\u001b]8;;http://evil\\u0007"}') as Record<string, unknown>;
    const report = makeReport({ resources: [{ ...BUCKET, id: hostile }], results: [result({ status: 'fail', resource: { ...BUCKET, id: hostile }, message: hostile, evidence })], unrecognised: [hostile] });
    const back = parseJsonReport(toJson(report), 'r.json');
    expect(back.resources[0]!.id).toBe(hostile);
    expect(back.results[0]!.message).toBe(hostile);
    expect(back.unrecognised).toEqual([hostile]);
    expect(Object.getPrototypeOf(back.results[0]!.evidence)).toBe(Object.prototype);
    expect(Object.keys(back.results[0]!.evidence)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('carries a column a newer writer added to results and resources', () => {
    const doc = JSON.parse(toJson(makeReport({ resources: [DB], results: [result({ status: 'fail', resource: DB })] })));
    doc.results[0].riskScore = ['high', 7];
    doc.results[0].resource.tier = 'data';
    const back = parseJsonReport(JSON.stringify(doc), 'r.json');
    expect((back.results[0] as Result & { riskScore?: unknown[] }).riskScore).toEqual(['high', 7]);
    expect((back.results[0]!.resource as ResourceRef & { tier?: string }).tier).toBe('data');
    // providerType is derived from the sources again, never carried.
    expect(back.results[0]!.resource).not.toHaveProperty('providerType');
  });

  it('reads a report of an earlier postflight (schema 1 without family, sources, accounting or stats)', () => {
    const old = {
      schemaVersion: 1,
      tool: { name: 'postflight', version: '0.0.9' },
      startedAt: '2025-03-14T09:26:53.589Z',
      durationMs: 1200,
      outputsFile: 'cfn-outputs/flat-outputs.json',
      format: 'flat',
      region: 'us-east-1',
      exitCode: 1,
      summary: { checks: 1, resources: 1, results: 1, pass: 0, fail: 1, error: 0, skipped: 0, unrecognised: 0 },
      resources: [{ type: 'AWS::S3::Bucket', id: 'b', arn: 'arn:aws:s3:::b', region: 'us-east-1', keys: ['B'] }],
      results: [
        { checkId: 'c', title: 't', severity: 'high', status: 'fail', resource: { type: 'AWS::S3::Bucket', id: 'b', arn: 'arn:aws:s3:::b', region: 'us-east-1', keys: ['B'] }, message: 'm', evidence: {}, remediation: 'r' },
      ],
      unrecognised: [],
      apiCalls: {},
    };
    const back = parseJsonReport(JSON.stringify(old), 'old.json');
    expect(back.results[0]).toMatchObject({ checkId: 'c', status: 'fail', family: 'custom' });
    expect(back.sources).toBeUndefined();
    expect(back.exitCode).toBe(1);
  });

  const sentence = (text: string, file = 'reports/a/postflight.json') => {
    try {
      parseJsonReport(text, file);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const message = (e as Error).message;
      expect(message).toContain(file);
      expect(message.split('\n')).toHaveLength(1);
      return message;
    }
    throw new Error('no error');
  };

  it.each([
    ['text that is not JSON', '{"schemaVersion": 1,', /is not JSON/],
    ['an empty file', '  \n', /it is empty/],
    ["another tool's JSON", JSON.stringify({ version: '2.1.0', runs: [] }), /is not a postflight JSON report/],
    ['a JSON array', '[]', /is not a postflight JSON report/],
    ['a newer schema version', JSON.stringify({ schemaVersion: 2, tool: { name: 'postflight', version: '2.0.0' } }), /by postflight 2\.0\.0 in JSON schema version 2.*reads version 1 only: upgrade postflight/],
    ['an older schema version', JSON.stringify({ schemaVersion: 0, tool: { name: 'postflight' } }), /schema version 0.*reads version 1 only: verify that stack again/],
  ])('refuses %s with one sentence naming the file', (_name, text, pattern) => {
    expect(sentence(text)).toMatch(pattern);
  });

  it('refuses a report whose shape is broken, naming the field', () => {
    const doc = JSON.parse(toJson(mixedReport()));
    doc.results[3].status = 'maybe';
    expect(sentence(JSON.stringify(doc))).toMatch(/is not a valid postflight JSON report: results\.3\.status: .*edited or cut short/);
    const noExit = JSON.parse(toJson(mixedReport()));
    noExit.exitCode = 2;
    expect(sentence(JSON.stringify(noExit))).toMatch(/exitCode/);
  });

  it('refuses a report whose summary does not add up (a failure removed by hand)', () => {
    const doc = JSON.parse(toJson(mixedReport()));
    doc.results = doc.results.filter((r: { status: string }) => r.status !== 'fail');
    expect(sentence(JSON.stringify(doc))).toMatch(/does not add up: its summary counts 6 results but it holds 5/);
  });
});
