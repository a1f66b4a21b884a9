import { JSON_SCHEMA_VERSION, compactJson, toJson, toPlain } from '../../src/report/json.js';
import { summarise } from '../../src/report/model.js';
import { BUCKET, makeReport, mixedReport, result } from '../helpers/report-fixtures.js';

describe('toJson', () => {
  it('gives the whole report with schemaVersion 1 and the summary, keys in a fixed order', () => {
    const report = mixedReport();
    const text = toJson(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schemaVersion": 1,\n');
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(JSON_SCHEMA_VERSION).toBe(1);
    expect(Object.keys(doc)).toEqual([
      'schemaVersion', 'tool', 'startedAt', 'durationMs', 'outputsFile', 'format', 'region', 'exitCode', 'summary', 'accounting', 'sources', 'unplaced', 'resources', 'results', 'unrecognised', 'redacted', 'unrecognisedReasons', 'apiCalls', 'stats',
    ]);
    expect(doc.accounting).toMatchObject({ resources: report.resources.length, unplaced: 0 });
    expect(doc.summary).toEqual(summarise(report));
    expect(doc.unrecognised).toEqual(['Environment', 'DashboardUrl']);
    expect(doc.exitCode).toBe(1);
    const results = doc.results as Array<Record<string, unknown>>;
    expect(results).toHaveLength(report.results.length);
    expect(Object.keys(results[0]!)).toEqual(['checkId', 'title', 'severity', 'family', 'status', 'resource', 'message', 'evidence', 'remediation']);
    expect(results[2]).toEqual({
      checkId: 'rds-instance-multi-az-enabled',
      title: 'RDS instance is Multi-AZ',
      severity: 'high',
      family: 'availability',
      status: 'fail',
      resource: { type: 'AWS::RDS::DBInstance', id: 'tap-db-dev', arn: 'arn:aws:rds:us-east-1:123456789012:db:tap-db-dev', region: 'us-east-1', keys: ['DbEndpoint'] },
      message: 'the instance runs in one Availability Zone',
      evidence: { availabilityZone: 'us-east-1a', multiAz: false },
      remediation: 'Set multi_az = true on the DB instance.',
    });
    expect(Object.keys(doc.apiCalls as object)).toEqual(['rds:DescribeDBInstances', 's3:GetBucketVersioning', 's3:GetEncryptionConfiguration']);
  });

  it('gives the run statistics: API calls in total and by action, time per phase, resources by source', () => {
    const doc = JSON.parse(toJson({ ...mixedReport(), phasesMs: { read: 3, discover: 1, collect: 250, evaluate: 2, report: 5 } }));
    expect(doc.stats).toEqual({
      apiCalls: { total: 3, byAction: { 'rds:DescribeDBInstances': 1, 's3:GetBucketVersioning': 1, 's3:GetEncryptionConfiguration': 1 } },
      phasesMs: { read: 3, discover: 1, collect: 250, evaluate: 2, report: 5 },
      resourcesBySource: [{ kind: 'outputs', format: 'flat', origin: 'cfn-outputs/flat-outputs.json', resources: 6 }],
    });
    const withSources = JSON.parse(
      toJson({
        ...mixedReport(),
        sources: [
          { kind: 'outputs', format: 'flat', origin: 'out.json', resources: 4, outputs: 9 },
          { kind: 'state', format: 'tfstate', origin: 'terraform.dev.tfstate', resources: 6, outputs: 0 },
        ],
      }),
    );
    expect(withSources.stats.resourcesBySource).toEqual([
      { kind: 'outputs', format: 'flat', origin: 'out.json', resources: 4 },
      { kind: 'state', format: 'tfstate', origin: 'terraform.dev.tfstate', resources: 6 },
    ]);
  });

  it('writes absent ARNs and regions as null', () => {
    const doc = JSON.parse(toJson(makeReport({ region: undefined, resources: [{ type: 'AWS::EC2::VPC', id: 'vpc-1', keys: ['VpcId'] }] })));
    expect(doc.region).toBeNull();
    expect(doc.resources[0]).toEqual({ type: 'AWS::EC2::VPC', id: 'vpc-1', arn: null, region: null, keys: ['VpcId'] });
  });

  it('gives the same text whatever order evidence keys were built in', () => {
    const a = makeReport({ results: [result({ status: 'fail', evidence: { b: 1, a: { d: 1, c: 2 } } })], apiCalls: { 'z:Z': 1, 'a:A': 2 } });
    const b = makeReport({ results: [result({ status: 'fail', evidence: { a: { c: 2, d: 1 }, b: 1 } })], apiCalls: { 'a:A': 2, 'z:Z': 1 } });
    expect(toJson(a)).toBe(toJson(b));
  });

  it('keeps outside strings exactly, control characters included', () => {
    const hostile = 'id\u001b[31m\u0000\u009b\ud800 日本語 "<&>"';
    const doc = JSON.parse(toJson(makeReport({ resources: [{ ...BUCKET, id: hostile }], results: [result({ status: 'error', message: hostile, evidence: { [hostile]: hostile } })], unrecognised: [hostile] })));
    expect(doc.resources[0].id).toBe(hostile);
    expect(doc.results[0].message).toBe(hostile);
    expect(doc.results[0].evidence[hostile]).toBe(hostile);
    expect(doc.unrecognised).toEqual([hostile]);
  });

  it('turns values JSON cannot hold into data instead of throwing', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const evidence = {
      big: 2n ** 70n,
      undef: undefined,
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      date: new Date('2025-01-02T03:04:05.000Z'),
      map: new Map<unknown, unknown>([['k', 1]]),
      objMap: new Map<unknown, unknown>([[{ x: 1 }, 'v']]),
      set: new Set([1, 2]),
      err: new TypeError('boom'),
      fn: function named() {},
      circular,
      shared: [circular, circular],
    };
    const doc = JSON.parse(toJson(makeReport({ results: [result({ status: 'fail', evidence })] })));
    expect(doc.results[0].evidence).toEqual({
      big: '1180591620717411303424',
      circular: { name: 'loop', self: '[Circular]' },
      date: '2025-01-02T03:04:05.000Z',
      err: { name: 'TypeError', message: 'boom' },
      fn: expect.stringContaining('function named'),
      inf: 'Infinity',
      map: { k: 1 },
      nan: 'NaN',
      objMap: [[{ x: 1 }, 'v']],
      set: [1, 2],
      shared: [
        { name: 'loop', self: '[Circular]' },
        { name: 'loop', self: '[Circular]' },
      ],
      undef: null,
    });
  });

  it('keeps a "__proto__" evidence key as data', () => {
    const evidence = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const plain = toPlain(evidence) as Record<string, unknown>;
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(compactJson(evidence)).toBe('{"__proto__":{"polluted":true}}');
  });
});
