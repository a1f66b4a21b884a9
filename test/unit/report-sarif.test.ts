import { toSarif } from '../../src/report/sarif.js';
import { keyLinesOf, lineOfKey } from '../../src/report/locate.js';
import type { ResourceRef } from '../../src/types.js';
import { BUCKET, DB, KEY, makeReport, mixedReport, result, sarifSchemaErrors } from '../helpers/report-fixtures.js';

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; shortDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string }; properties: { tags: string[] } }> } };
    invocations: Array<{ exitCode: number; executionSuccessful: boolean }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } }; logicalLocations: Array<{ name: string }> }>;
      partialFingerprints: Record<string, string>;
      properties: { status: string; evidence: unknown };
    }>;
  }>;
}

const sarif = (text: string) => JSON.parse(text) as SarifLog;

describe('toSarif', () => {
  it('is a valid SARIF 2.1.0 log (official schema) with one rule per check and one result per failure or error', async () => {
    const doc = sarif(toSarif(mixedReport(), { baseDir: '/work/repo' }));
    expect(await sarifSchemaErrors(doc)).toEqual([]);
    const run = doc.runs[0]!;
    expect(doc.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('postflight');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['ec2-vpc-flow-logs-enabled', 'kms-key-rotation-enabled', 'rds-instance-multi-az-enabled', 's3-bucket-default-encryption-cmk', 's3-bucket-versioning-enabled']);
    expect(run.results.map((r) => [r.ruleId, r.properties.status, r.level])).toEqual([
      ['rds-instance-multi-az-enabled', 'fail', 'error'],
      ['s3-bucket-default-encryption-cmk', 'error', 'error'],
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.invocations[0]!.exitCode).toBe(1);
  });

  it('gives each rule its title, its remediation as help, its severity as level, and its family as a tag', () => {
    const report = makeReport({
      resources: [BUCKET],
      results: [
        result({ status: 'fail', severity: 'medium', family: 'lifecycle', remediation: 'Enable versioning on the bucket in the stack.' }),
        result({ status: 'pass', checkId: 'low-one', severity: 'low', title: 'A low one' }),
        result({ status: 'pass', checkId: 'critical-one', severity: 'critical', title: 'A critical one' }),
      ],
    });
    const rules = sarif(toSarif(report)).runs[0]!.tool.driver.rules;
    const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
    expect(byId['s3-bucket-versioning-enabled']!.shortDescription.text).toBe('S3 bucket has versioning enabled');
    expect(byId['s3-bucket-versioning-enabled']!.help.text).toBe('Enable versioning on the bucket in the stack.');
    expect(byId['s3-bucket-versioning-enabled']!.defaultConfiguration.level).toBe('warning');
    expect(byId['s3-bucket-versioning-enabled']!.properties.tags).toContain('lifecycle');
    expect(byId['low-one']!.defaultConfiguration.level).toBe('note');
    expect(byId['critical-one']!.defaultConfiguration.level).toBe('error');
  });

  it('reports a result that could not be verified at level error whatever the severity, and says so', () => {
    const doc = sarif(toSarif(makeReport({ resources: [BUCKET], results: [result({ status: 'error', severity: 'low', message: 'AccessDenied' })] })));
    const r = doc.runs[0]!.results[0]!;
    expect(r.level).toBe('error');
    expect(r.message.text).toMatch(/^Could not be verified: S3 bucket has versioning enabled on AWS::S3::Bucket tap-logs-dev \(us-east-1\): AccessDenied\. Fix: /);
  });

  it('locates a result at the source that named the resource, on the line of its entry', async () => {
    const ref: ResourceRef = {
      ...DB,
      sources: [
        { kind: 'stack', format: 'cloudformation-stack', origin: 'TapStack', name: 'Db' },
        { kind: 'state', format: 'tfstate', origin: 'cdktf.out/stacks/dev/terraform.dev.tfstate', name: 'aws_db_instance.db', providerType: 'aws_db_instance', line: 42 },
      ],
    };
    const doc = sarif(toSarif(makeReport({ resources: [ref], results: [result({ resource: ref, status: 'fail', evidence: { multiAz: false } })] }), { baseDir: '/repo' }));
    expect(await sarifSchemaErrors(doc)).toEqual([]);
    const loc = doc.runs[0]!.results[0]!.locations[0]!;
    expect(loc.physicalLocation).toEqual({ artifactLocation: { uri: 'cdktf.out/stacks/dev/terraform.dev.tfstate', uriBaseId: '%SRCROOT%' }, region: { startLine: 42 } });
    expect(loc.logicalLocations[0]!.name).toBe('tap-db-dev');
    expect(doc.runs[0]!.results[0]!.properties.evidence).toEqual({ multiAz: false });
  });

  it('without recorded sources, locates it in the outputs file at the line of its output key', () => {
    const text = '{\n  "TapStackdev": {\n    "vpc_id": "vpc-1",\n    "LogsBucketName": "tap-logs-dev"\n  }\n}\n';
    const lines = keyLinesOf(text);
    const doc = sarif(toSarif(makeReport({ outputsFile: '/repo/cfn-outputs/flat-outputs.json', resources: [BUCKET], results: [result({ status: 'fail' })] }), { baseDir: '/repo', keyLines: lines }));
    expect(doc.runs[0]!.results[0]!.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'cfn-outputs/flat-outputs.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 4 } });
  });

  it('finds output key lines in every outputs shape, and gives none it cannot find', () => {
    const flat = keyLinesOf('{\n"a": "x",\n"b_list": "s-1,s-2"\n}');
    expect(lineOfKey('a', flat)).toBe(2);
    expect(lineOfKey('b_list[1]', flat)).toBe(3);
    const terraform = keyLinesOf('{\n  "bucket": {\n    "sensitive": false,\n    "value": "b"\n  }\n}');
    expect(lineOfKey('bucket', terraform)).toBe(2);
    const cfn = keyLinesOf('[\n  {\n    "OutputKey": "BucketName",\n    "OutputValue": "b"\n  }\n]');
    expect(lineOfKey('BucketName', cfn)).toBe(3);
    expect(lineOfKey('Missing', cfn)).toBeUndefined();
    expect(keyLinesOf('not json').size).toBe(0);
  });

  it('points outside the base folder with a file: URI, and stays valid', async () => {
    const doc = sarif(toSarif(makeReport({ outputsFile: '/elsewhere/out.json', resources: [KEY], results: [result({ resource: KEY, status: 'fail' })] }), { baseDir: '/repo' }));
    expect(doc.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'file:///elsewhere/out.json' });
    expect(await sarifSchemaErrors(doc)).toEqual([]);
  });

  it('gives a stable fingerprint per (check, resource), and no result for passes', () => {
    const a = sarif(toSarif(mixedReport())).runs[0]!.results.map((r) => r.partialFingerprints);
    const b = sarif(toSarif(mixedReport())).runs[0]!.results.map((r) => r.partialFingerprints);
    expect(a).toEqual(b);
    expect(new Set(a.map((f) => Object.values(f)[0])).size).toBe(a.length);
    expect(sarif(toSarif(makeReport({ resources: [BUCKET], results: [result({ status: 'pass' })] }))).runs[0]!.results).toEqual([]);
  });

  it('the schema check is real: it rejects a log with a wrong version or a result without a message', async () => {
    const doc = sarif(toSarif(mixedReport()));
    expect(await sarifSchemaErrors({ ...doc, version: '2.0.0' })).not.toEqual([]);
    const broken = JSON.parse(JSON.stringify(doc)) as SarifLog;
    delete (broken.runs[0]!.results[0] as Partial<SarifLog['runs'][0]['results'][0]>).message;
    expect(await sarifSchemaErrors(broken)).not.toEqual([]);
  });
});
