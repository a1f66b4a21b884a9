import { MARKDOWN_OPEN_ROWS, mdText, toMarkdown } from '../../src/report/markdown.js';
import type { ResourceRef, Result } from '../../src/types.js';
import { BUCKET, makeReport, mixedReport, result } from '../helpers/report-fixtures.js';

describe('toMarkdown', () => {
  it('starts with the verdict and the counts, then the failures and errors, then the resources without a check', () => {
    const md = toMarkdown(mixedReport());
    const lines = md.split('\n');
    expect(lines[0]).toBe('## ❌ postflight: FAIL');
    expect(lines[2]).toBe('1 check result failed; 1 result could not be verified (exit code 1)');
    expect(md).toContain('| 5 | 6 | 3 | 1 | 1 | 1 | 2 | 1.2 s |');
    const failures = md.indexOf('### Failures and errors (2)');
    const bare = md.indexOf('### Resources without a check (1)');
    expect(failures).toBeGreaterThan(md.indexOf('| 5 | 6 |'));
    expect(bare).toBeGreaterThan(failures);
    expect(md).toContain(
      '| FAIL | high | AWS::RDS::DBInstance tap-db-dev | rds-instance-multi-az-enabled: the instance runs in one Availability Zone | – | multiAz: false<br>availabilityZone: "us-east-1a" | Set multi\\_az = true on the DB instance. |',
    );
    expect(md).toMatch(/\| ERROR \| high \| AWS::S3::Bucket tap-logs-dev \| s3-bucket-default-encryption-cmk: AccessDenied/);
    expect(md).toContain('| AWS::Kinesis::Stream | tap-events-dev | StreamName |');
    expect(md).toContain('account 123456789012');
  });

  it('says PASS when every check passed, with no failure table', () => {
    const md = toMarkdown(makeReport({ resources: [BUCKET], results: [result({ status: 'pass' })] }));
    expect(md.split('\n')[0]).toBe('## ✅ postflight: PASS');
    expect(md).not.toContain('### Failures');
  });

  it('folds a long list into <details>, keeping the first rows open', () => {
    const refs: ResourceRef[] = Array.from({ length: 45 }, (_, i) => ({ ...BUCKET, id: `bucket-${i}`, keys: [`B${i}`] }));
    const md = toMarkdown(makeReport({ resources: refs, results: refs.map((r) => result({ resource: r, status: 'fail' })) }));
    const details = md.indexOf('<details><summary>25 more</summary>');
    expect(details).toBeGreaterThan(0);
    expect(md.indexOf('bucket-19 ')).toBeLessThan(details);
    expect(md.indexOf('bucket-20 ')).toBeGreaterThan(details);
    expect(md.match(/^\| FAIL /gm)).toHaveLength(45);
    expect(MARKDOWN_OPEN_ROWS).toBe(20);
  });

  it('escapes outside strings: no tag, link, image, code span or table cell comes from them', () => {
    const evil = '<script>alert(1)</script> [x](javascript:alert(1)) ![i](http://e/x.png) `code` | cell *em* _u_ # h ~~s~~';
    const ref: ResourceRef = { type: 'AWS::S3::Bucket', id: evil, keys: [evil] };
    const results: Result[] = [result({ resource: ref, status: 'fail', message: evil, remediation: evil, evidence: { [evil]: evil } })];
    const md = toMarkdown(makeReport({ resources: [ref, { type: 'AWS::SQS::Queue', id: evil, keys: [evil] }], results, unrecognised: [evil] }));
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/(^|[^\\])\[x\]\(/);
    expect(md).not.toMatch(/(^|[^\\])!\[i\]/);
    expect(md).not.toMatch(/(^|[^\\])`code/);
    // Every table row keeps its column count: no `|` from outside is unescaped.
    for (const row of md.split('\n').filter((l) => l.startsWith('| FAIL'))) expect(row.split(/(?<!\\)\|/).length).toBe(9);
    expect(mdText('- item')).toBe('\\- item');
    expect(mdText('1. item')).toBe('1\\. item');
    expect(mdText('a\u001b[31mred')).toBe('ared');
  });

  it('is pure: the same report gives the same text', () => {
    expect(toMarkdown(mixedReport())).toBe(toMarkdown(mixedReport()));
  });
});
