import { CODE_QUALITY_SEVERITY, toCodeQuality, type CodeQualityIssue } from '../../src/report/codequality.js';
import { fingerprint } from '../../src/report/sarif.js';
import { SEVERITIES, type ResourceRef } from '../../src/types.js';
import { BUCKET, DB, KEY, codeQualityErrors, makeReport, mixedReport, result } from '../helpers/report-fixtures.js';

const issues = (text: string) => JSON.parse(text) as CodeQualityIssue[];

describe('toCodeQuality (GitLab Code Quality)', () => {
  it('the format check refuses what GitLab would (so the checks below can fail)', async () => {
    expect(await codeQualityErrors('\ufeff[]')).not.toEqual([]);
    expect(await codeQualityErrors('{}')).not.toEqual([]);
    const good = { description: 'd', check_name: 'c', fingerprint: 'f', severity: 'minor', location: { path: 'a.json', lines: { begin: 1 } } };
    expect(await codeQualityErrors(JSON.stringify([good]))).toEqual([]);
    for (const bad of [
      { ...good, severity: 'high' },
      { ...good, location: { path: '/abs/a.json', lines: { begin: 1 } } },
      { ...good, location: { path: 'a.json' } },
      { ...good, location: { path: 'a.json', lines: { begin: 0 } } },
      (({ fingerprint: _f, ...rest }) => rest)(good),
    ]) {
      expect(await codeQualityErrors(JSON.stringify([bad]))).not.toEqual([]);
    }
  });

  it('is valid in the documented format: one issue per failed or errored (check, resource)', async () => {
    const text = toCodeQuality(mixedReport(), { baseDir: '/repo' });
    expect(await codeQualityErrors(text)).toEqual([]);
    const list = issues(text);
    expect(list.map((i) => [i.check_name, i.severity])).toEqual([
      ['rds-instance-multi-az-enabled', 'critical'],
      ['s3-bucket-default-encryption-cmk', 'critical'],
    ]);
    expect(list[0]!.description).toBe(
      'RDS instance is Multi-AZ: failed on AWS::RDS::DBInstance tap-db-dev (us-east-1): the instance runs in one Availability Zone. Fix: Set multi_az = true on the DB instance.',
    );
    expect(list[1]!.description).toMatch(/^Could not be verified: S3 bucket encrypts by default .* on AWS::S3::Bucket tap-logs-dev \(us-east-1\): AccessDenied/);
    expect(list.every((i) => i.type === 'issue' && i.categories.includes('Security'))).toBe(true);
    expect(text.endsWith(']\n')).toBe(true);
    expect(issues(toCodeQuality(makeReport()))).toEqual([]);
  });

  it('maps each severity a step apart and in order, and never puts an unverified result below critical', () => {
    const order = ['info', 'minor', 'major', 'critical', 'blocker'];
    const mapped = SEVERITIES.map((s) => order.indexOf(CODE_QUALITY_SEVERITY[s]));
    expect(mapped).toEqual([...mapped].sort((a, b) => b - a));
    expect(new Set(mapped).size).toBe(SEVERITIES.length);
    const report = makeReport({
      resources: [BUCKET],
      results: SEVERITIES.flatMap((severity) => [
        result({ status: 'fail', severity, checkId: `fail-${severity}` }),
        result({ status: 'error', severity, checkId: `error-${severity}` }),
      ]),
    });
    const by = Object.fromEntries(issues(toCodeQuality(report)).map((i) => [i.check_name, i.severity]));
    expect(by).toEqual({
      'fail-critical': 'blocker', 'error-critical': 'blocker',
      'fail-high': 'critical', 'error-high': 'critical',
      'fail-medium': 'major', 'error-medium': 'critical',
      'fail-low': 'minor', 'error-low': 'critical',
    });
  });

  it('locates an issue in the file and line that named the resource, relative to the repository', () => {
    const ref: ResourceRef = {
      ...DB,
      sources: [
        { kind: 'stack', format: 'cloudformation-stack', origin: 'TapStack', name: 'Db' },
        { kind: 'state', format: 'tfstate', origin: '/repo/cdktf.out/stacks/dev/terraform.dev.tfstate', name: 'aws_db_instance.db', providerType: 'aws_db_instance', line: 42 },
      ],
    };
    const [located] = issues(toCodeQuality(makeReport({ resources: [ref], results: [result({ resource: ref, status: 'fail' })] }), { baseDir: '/repo' }));
    expect(located!.location).toEqual({ path: 'cdktf.out/stacks/dev/terraform.dev.tfstate', lines: { begin: 42 } });
    // Named only by an output key whose line the outputs file gives.
    const [byKey] = issues(toCodeQuality(makeReport({ resources: [KEY], results: [result({ resource: KEY, status: 'fail' })] }), { baseDir: '/repo', keyLines: new Map([['KmsKeyArn', 7]]) }));
    expect(byKey!.location).toEqual({ path: 'cfn-outputs/flat-outputs.json', lines: { begin: 7 } });
    // A line that is not known: the file's first.
    const [noLine] = issues(toCodeQuality(makeReport({ resources: [KEY], results: [result({ resource: KEY, status: 'fail' })] })));
    expect(noLine!.location.lines.begin).toBe(1);
  });

  it('gives each issue a fingerprint that is stable, unique per (check, resource) and account, and the one SARIF uses', () => {
    const report = mixedReport();
    const a = issues(toCodeQuality(report));
    expect(issues(toCodeQuality(mixedReport()))).toEqual(a);
    expect(new Set(a.map((i) => i.fingerprint)).size).toBe(a.length);
    const failing = report.results.filter((r) => r.status === 'fail' || r.status === 'error');
    expect(a.map((i) => i.fingerprint)).toEqual(failing.map(fingerprint));
    const other = { ...DB, account: '222222222222' };
    const [elsewhere] = issues(toCodeQuality(makeReport({ resources: [other], results: [result({ ...failing[0]!, resource: other })] })));
    expect(elsewhere!.fingerprint).not.toBe(a[0]!.fingerprint);
    expect(elsewhere!.description).toContain('(us-east-1, account 222222222222)');
  });

  it('strips control characters and escape sequences from outside text, and keeps the rest', async () => {
    const hostile = 'x\u001b[31m<b>&amp;\u0007 データ\u202e';
    const ref = { ...BUCKET, id: hostile };
    const text = toCodeQuality(makeReport({ resources: [ref], results: [result({ resource: ref, status: 'fail', message: hostile, checkId: `c\u001b[2J` })] }));
    expect(await codeQualityErrors(text)).toEqual([]);
    const [issue] = issues(text);
    expect(issue!.description).toContain('x<b>&amp; データ');
    expect(JSON.stringify(issue)).not.toMatch(/\\u001b|\\u0007|\u202e/);
    expect(issue!.check_name).toBe('c');
  });
});
