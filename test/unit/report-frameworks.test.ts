/**
 * The framework controls a result's check implements, in every report: JUnit properties on the
 * check's testsuite (XSD-valid), SARIF rule tags (schema-valid), the JSON result's `controls` (read
 * back and merged unchanged), a column and a titled table in the Markdown summary, and tooltips,
 * a list per finding and a check table in the HTML report.
 */
import { InputError } from '../../src/errors.js';
import { frameworkData } from '../../src/engine/frameworks.js';
import { toHtml } from '../../src/report/html.js';
import { toJson } from '../../src/report/json.js';
import { toJUnitXml } from '../../src/report/junit.js';
import { toMarkdown } from '../../src/report/markdown.js';
import { mergeReports } from '../../src/report/merge.js';
import { parseJsonReport } from '../../src/report/schema.js';
import { toSarif } from '../../src/report/sarif.js';
import type { ResourceRef, Result } from '../../src/types.js';
import { attr, BUCKET, DB, elements, junitSchemaErrors, makeReport, parseHtml, parseXml, result, sarifSchemaErrors, textOf, type XmlElement } from '../helpers/report-fixtures.js';

const S3_8 = frameworkData().fsbp.controls['S3.8']!;
const CIS_214 = frameworkData().cis.controls['2.1.4']!;
const RDS_5 = frameworkData().fsbp.controls['RDS.5']!;

const OTHER: ResourceRef = { ...BUCKET, id: 'tap-raw-dev', arn: 'arn:aws:s3:::tap-raw-dev', keys: ['RawBucketName'] };

function report() {
  const pab = { checkId: 's3-bucket-public-access-blocked', title: 'S3 bucket blocks public access', severity: 'critical' as const, family: 'exposure' as const, controls: { fsbp: ['S3.8'], cis: ['2.1.4'] } };
  const results: Result[] = [
    result({ ...pab, resource: BUCKET, status: 'fail', message: 'BlockPublicPolicy is off', evidence: { blockPublicPolicy: false } }),
    result({ ...pab, resource: OTHER, status: 'pass', message: 'all four on' }),
    result({ checkId: 'rds-instance-multi-az-enabled', title: 'RDS instance is Multi-AZ', severity: 'high', family: 'availability', controls: { fsbp: ['RDS.5'], cis: [] }, resource: DB, status: 'error', message: 'AccessDenied' }),
    result({ checkId: 'sns-topic-encrypted-with-cmk', title: 'SNS topic uses the CMK', severity: 'high', family: 'cmk', controls: { fsbp: [], cis: [] }, resource: BUCKET, status: 'fail', message: 'no key' }),
    // A custom check: a control newer than the published list, and one that maps nothing.
    result({ checkId: 'acme-bucket-tagged', title: 'Bucket is tagged', severity: 'low', family: 'custom', controls: { fsbp: ['S3.99'] }, resource: BUCKET, status: 'fail', message: 'untagged' }),
    result({ checkId: 'acme-bucket-named', title: 'Bucket is named', severity: 'low', family: 'custom', resource: BUCKET, status: 'fail', message: 'unnamed' }),
  ];
  return makeReport({ resources: [BUCKET, OTHER, DB], results });
}

function suite(xml: string, name: string): XmlElement {
  const root = parseXml(xml);
  const s = (root.children ?? []).find((c) => c.name === 'testsuite' && c.attributes.name === name);
  if (!s) throw new Error(`no testsuite ${name}`);
  return s;
}
const props = (s: XmlElement) => Object.fromEntries((s.children ?? []).find((c) => c.name === 'properties')!.children!.map((p) => [p.attributes.name, p.attributes.value]));

describe('JUnit', () => {
  const xml = toJUnitXml(report());

  it("puts the check's controls on its testsuite: all in one property, each with its title", () => {
    const p = props(suite(xml, 's3-bucket-public-access-blocked'));
    expect(p['check.controls']).toBe('fsbp:S3.8 cis-3.0:2.1.4');
    expect(p['check.control.fsbp:S3.8']).toBe(S3_8);
    expect(p['check.control.cis-3.0:2.1.4']).toBe(CIS_214);
    expect(props(suite(xml, 'rds-instance-multi-az-enabled'))['check.control.fsbp:RDS.5']).toBe(RDS_5);
  });

  it('says "none" for a check that maps no control, gives an unlisted id no title, and says nothing for a check not mapped', () => {
    expect(props(suite(xml, 'sns-topic-encrypted-with-cmk'))['check.controls']).toBe('none');
    expect(props(suite(xml, 'acme-bucket-tagged'))).toMatchObject({ 'check.controls': 'fsbp:S3.99', 'check.control.fsbp:S3.99': '' });
    expect(Object.keys(props(suite(xml, 'acme-bucket-named'))).filter((k) => k.startsWith('check.control'))).toEqual([]);
  });

  it('stays valid against the JUnit XSD', async () => {
    expect(await junitSchemaErrors([xml])).toEqual([]);
  });
});

describe('SARIF', () => {
  const log = JSON.parse(toSarif(report())) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; help: { text: string; markdown: string }; properties: { tags: string[]; 'security-severity': string } }> } } }> };
  const rule = (id: string) => log.runs[0]!.tool.driver.rules.find((r) => r.id === id)!;

  it("tags each rule with its controls beside security, and names them with their titles in the help", () => {
    const pab = rule('s3-bucket-public-access-blocked');
    expect(pab.properties.tags).toEqual(['security', 'aws', 'exposure', 'fsbp:S3.8', 'cis-3.0:2.1.4']);
    expect(pab.properties['security-severity']).toBe('9.5');
    expect(pab.help.text).toContain(`Controls: FSBP S3.8: ${S3_8}; CIS v3.0.0 2.1.4: ${CIS_214}.`);
    expect(pab.help.markdown).toContain(`**Controls:** FSBP S3.8: ${S3_8}; CIS v3.0.0 2.1.4: ${CIS_214}.`);
    expect(rule('acme-bucket-tagged').properties.tags).toContain('fsbp:S3.99');
    expect(rule('sns-topic-encrypted-with-cmk').properties.tags).toEqual(['security', 'aws', 'cmk']);
    expect(rule('sns-topic-encrypted-with-cmk').help.text).not.toContain('Controls:');
  });

  it('stays valid against the SARIF 2.1.0 schema', async () => {
    expect(await sarifSchemaErrors(log)).toEqual([]);
  });
});

describe('JSON', () => {
  it('writes each result\'s controls, and reads them back exactly', () => {
    const text = toJson(report());
    const doc = JSON.parse(text) as { results: Array<{ checkId: string; controls?: unknown }> };
    expect(doc.results.map((r) => r.controls)).toEqual([
      { fsbp: ['S3.8'], cis: ['2.1.4'] },
      { fsbp: ['S3.8'], cis: ['2.1.4'] },
      { fsbp: ['RDS.5'], cis: [] },
      { fsbp: [], cis: [] },
      { fsbp: ['S3.99'] },
      undefined,
    ]);
    const back = parseJsonReport(text, 'r.json');
    expect(back.results.map((r) => r.controls)).toEqual(report().results.map((r) => r.controls));
    expect(toJson(back)).toBe(text);
  });

  it('keeps them through `postflight merge`, the worse of two results keeping its check\'s controls', () => {
    const a = parseJsonReport(toJson(report()), 'a.json');
    const b = parseJsonReport(toJson(makeReport({ resources: [DB], results: [result({ checkId: 'rds-instance-multi-az-enabled', title: 'RDS instance is Multi-AZ', severity: 'high', controls: { fsbp: ['RDS.5'], cis: [] }, resource: DB, status: 'fail', message: 'one zone' })] })), 'b.json');
    const merged = parseJsonReport(toJson(mergeReports([{ file: 'a.json', report: a }, { file: 'b.json', report: b }], '9.9.9')), 'merged.json');
    const rds = merged.results.filter((r) => r.checkId === 'rds-instance-multi-az-enabled');
    expect(rds.map((r) => [r.status, r.controls])).toEqual([['fail', { fsbp: ['RDS.5'], cis: [] }]]);
    expect(merged.results.find((r) => r.checkId === 's3-bucket-public-access-blocked')!.controls).toEqual({ fsbp: ['S3.8'], cis: ['2.1.4'] });
    expect(merged.results.find((r) => r.checkId === 'acme-bucket-named')!).not.toHaveProperty('controls');
  });

  it.each([
    ['a control id of the wrong form', { fsbp: ['<img src=x onerror=alert(1)>'] }, /results\.0\.controls\.fsbp\.0: must be a Security Hub control id/],
    ['a CIS number of the wrong form', { cis: ['2.1.x'] }, /results\.0\.controls\.cis\.0: must be a CIS recommendation number/],
    ['controls that are not lists', { fsbp: 'S3.8' }, /results\.0\.controls\.fsbp/],
  ])('refuses a report with %s, in one sentence naming the file', (_name, controls, said) => {
    const doc = JSON.parse(toJson(report())) as { results: Array<Record<string, unknown>> };
    doc.results[0]!.controls = controls;
    expect(() => parseJsonReport(JSON.stringify(doc), 'edited.json')).toThrow(InputError);
    expect(() => parseJsonReport(JSON.stringify(doc), 'edited.json')).toThrow(said);
    expect(() => parseJsonReport(JSON.stringify(doc), 'edited.json')).toThrow(/^The report edited\.json is not a valid postflight JSON report/);
  });
});

describe('Markdown', () => {
  const md = toMarkdown(report());

  it('gives each failure and error its controls, and lists those controls with their titles and the checks that failed them', () => {
    expect(md).toContain('| FAIL | critical | AWS::S3::Bucket tap-logs-dev | s3-bucket-public-access-blocked: BlockPublicPolicy is off | fsbp:S3.8<br>cis-3.0:2.1.4 |');
    expect(md).toContain('| ERROR | high | AWS::RDS::DBInstance tap-db-dev | rds-instance-multi-az-enabled: AccessDenied | fsbp:RDS.5 |');
    expect(md).toMatch(/\| sns-topic-encrypted-with-cmk: no key \| – \|/);
    const table = md.slice(md.indexOf('#### Controls these fall under (4)'));
    expect(table).toContain('| control | title | checks |');
    expect(table).toContain(`| FSBP RDS.5 | ${RDS_5} | rds-instance-multi-az-enabled |`);
    expect(table).toContain(`| FSBP S3.8 | ${S3_8} | s3-bucket-public-access-blocked |`);
    expect(table).toContain('| FSBP S3.99 | – | acme-bucket-tagged |');
    expect(table).toContain("| CIS v3.0.0 2.1.4 | Ensure that S3 Buckets are configured with 'Block public access (bucket settings)' | s3-bucket-public-access-blocked |");
    // FSBP first, each framework's ids in order.
    expect(table.indexOf('FSBP RDS.5')).toBeLessThan(table.indexOf('FSBP S3.8'));
    expect(table.indexOf('FSBP S3.99')).toBeLessThan(table.indexOf('CIS v3.0.0 2.1.4'));
  });

  it('has no controls table when no failure maps a control', () => {
    const plain = toMarkdown(makeReport({ resources: [BUCKET], results: [result({ status: 'fail', controls: { fsbp: [], cis: [] } })] }));
    expect(plain).not.toContain('Controls these fall under');
  });
});

describe('HTML', () => {
  it('shows each finding\'s controls with their titles, the titles on the matrix headers, and every check with its controls', async () => {
    const doc = await parseHtml(toHtml(report()));
    const all = elements(doc);
    const header = all.find((e) => e.tagName === 'th' && textOf(e) === 's3-bucket-public-access-blocked')!;
    expect(attr(header, 'title')).toBe(`S3 bucket blocks public access\ncontrols: fsbp:S3.8 ${S3_8}; cis-3.0:2.1.4 ${CIS_214}`);

    const finding = all.find((e) => e.tagName === 'article' && textOf(e).includes('BlockPublicPolicy is off'))!;
    const items = elements(finding).filter((e) => e.tagName === 'li').map(textOf);
    expect(items).toEqual([`FSBP S3.8: ${S3_8}`, `CIS v3.0.0 2.1.4: ${CIS_214}`]);

    const checks = all.find((e) => e.tagName === 'section' && attr(e, 'id') === 'checks')!;
    const rows = elements(checks).filter((e) => e.tagName === 'tr').slice(1);
    expect(rows).toHaveLength(5);
    const row = (id: string) => rows.find((r) => textOf(r).startsWith(id))!;
    const tags = elements(row('s3-bucket-public-access-blocked')).filter((e) => e.tagName === 'span' && attr(e, 'class') === 'control');
    expect(tags.map((t) => [textOf(t), attr(t, 'title')])).toEqual([
      ['fsbp:S3.8', S3_8],
      ['cis-3.0:2.1.4', CIS_214],
    ]);
    expect(textOf(row('s3-bucket-public-access-blocked'))).toContain('1 FAIL 1 PASS');
    expect(textOf(row('sns-topic-encrypted-with-cmk'))).toContain('none');
    expect(textOf(row('acme-bucket-named'))).toContain('not mapped');
  });
});
