/**
 * The HTML audit report, read back with parse5 (the WHATWG parsing algorithm browsers use): its
 * structure, and that no string from outside ever becomes markup.
 */
import fc from 'fast-check';
import { toHtml } from '../../src/report/html.js';
import { toMarkdown } from '../../src/report/markdown.js';
import { stripControl } from '../../src/report/sanitize.js';
import type { ResourceRef, Result } from '../../src/types.js';
import { attr, BUCKET, DB, elements, makeReport, mixedReport, parseHtml, result, textOf, type HtmlNode } from '../helpers/report-fixtures.js';

const byId = (root: HtmlNode, id: string) => elements(root).find((e) => attr(e, 'id') === id);
const tags = (root: HtmlNode, name: string) => elements(root).filter((e) => e.tagName === name);

describe('toHtml: structure', () => {
  it('is one document with an inline style and script, and nothing loaded from elsewhere', async () => {
    const html = toHtml(mixedReport());
    const doc = await parseHtml(html);
    const all = elements(doc);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(tags(doc, 'style')).toHaveLength(1);
    expect(tags(doc, 'script')).toHaveLength(1);
    expect(all.filter((e) => e.tagName === 'link' || e.tagName === 'img' || e.tagName === 'iframe')).toEqual([]);
    for (const e of all) {
      expect(attr(e, 'src')).toBeUndefined();
      expect(attr(e, 'href')).toBeUndefined();
    }
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('shows the run facts: when, account (from the ARNs), region, sources', async () => {
    const doc = await parseHtml(toHtml(mixedReport()));
    const run = textOf(byId(doc, 'run')!);
    expect(run).toContain('2025-03-14T09:26:53.589Z');
    expect(run).toContain('123456789012');
    expect(run).toContain('us-east-1');
    expect(run).toContain('cfn-outputs/flat-outputs.json');
    expect(textOf(byId(doc, 'verdict')!)).toBe('FAIL: 1 check result failed; 1 result could not be verified (exit code 1)');
  });

  it('has a resources × checks matrix coloured by status, failures first', async () => {
    const doc = await parseHtml(toHtml(mixedReport()));
    const table = elements(byId(doc, 'matrix')!).find((e) => e.tagName === 'table')!;
    const heads = elements(table).filter((e) => e.tagName === 'th' && attr(e, 'scope') === 'col').map(textOf);
    expect(heads).toEqual(['ec2-vpc-flow-logs-enabled', 'kms-key-rotation-enabled', 'rds-instance-multi-az-enabled', 's3-bucket-default-encryption-cmk', 's3-bucket-versioning-enabled']);
    const rows = elements(table).filter((e) => e.tagName === 'tr' && attr(e, 'data-status'));
    expect(rows).toHaveLength(6);
    expect(textOf(elements(rows[0]!).find((e) => e.tagName === 'th')!)).toContain('tap-db-dev');
    const dbCells = elements(rows[0]!).filter((e) => e.tagName === 'td');
    expect(dbCells.map((c) => attr(c, 'class'))).toEqual(['s-none', 's-none', 's-fail', 's-none', 's-none']);
    expect(dbCells.map(textOf)).toEqual(['', '', 'FAIL', '', '']);
    const stream = rows.find((r) => textOf(r).includes('tap-events-dev'))!;
    expect(attr(stream, 'data-status')).toBe('none');
  });

  it('gives each failure and error with its evidence and remediation', async () => {
    const doc = await parseHtml(toHtml(mixedReport()));
    const findings = elements(byId(doc, 'findings')!).filter((e) => e.tagName === 'article');
    expect(findings.map((f) => attr(f, 'data-status'))).toEqual(['fail', 'error']);
    const first = textOf(findings[0]!);
    expect(first).toContain('rds-instance-multi-az-enabled');
    expect(first).toContain('the instance runs in one Availability Zone');
    expect(first).toContain('multiAz');
    expect(first).toContain('"us-east-1a"');
    expect(first).toContain('Set multi_az = true on the DB instance.');
    expect(first).toContain('DbEndpoint');
  });

  it('has status and family filters that the script reveals (hidden without it), and data attributes to filter on', async () => {
    const report = makeReport({ resources: [BUCKET, DB], results: [result({ status: 'fail', family: 'lifecycle' }), result({ resource: DB, status: 'pass', family: 'availability', checkId: 'rds-x' })] });
    const doc = await parseHtml(toHtml(report));
    const form = byId(doc, 'filters')!;
    expect(attr(form, 'hidden')).toBe('');
    const inputs = elements(form).filter((e) => e.tagName === 'input');
    expect(inputs.map((i) => `${attr(i, 'name')}=${attr(i, 'value')}`)).toEqual(['status=fail', 'status=pass', 'family=availability', 'family=lifecycle']);
    const rows = elements(doc).filter((e) => e.tagName === 'tr' && attr(e, 'data-status'));
    expect(rows.map((r) => [attr(r, 'data-status'), attr(r, 'data-family')])).toEqual([
      ['fail', 'lifecycle'],
      ['pass', 'availability'],
    ]);
  });

  it('lists resources without a check, and the run statistics', async () => {
    const doc = await parseHtml(toHtml({ ...mixedReport(), phasesMs: { read: 4, collect: 1500 } }));
    expect(textOf(byId(doc, 'without-check')!)).toContain('tap-events-dev');
    const stats = textOf(byId(doc, 'stats')!);
    expect(stats).toContain('AWS API calls (3)');
    expect(stats).toContain('rds:DescribeDBInstances');
    expect(stats).toContain('collect1.5 s');
  });
});

describe('toHtml: hostile values stay text', () => {
  const HOSTILE = [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    'javascript:alert(1)',
    '</textarea></style></script><b>bold</b>',
    '<a href="javascript:alert(1)">click</a>',
    '&lt;script&gt;',
    '<!-- comment --><![CDATA[x]]>',
  ];

  it('puts every hostile string in as text: no element, attribute or URL comes from it', async () => {
    const evil = HOSTILE.join(' ');
    const ref: ResourceRef = { type: 'AWS::S3::Bucket', id: evil, arn: `arn:aws:s3:::${evil}`, region: evil, keys: [evil] };
    const results: Result[] = [
      result({ resource: ref, status: 'fail', checkId: evil, title: evil, message: evil, remediation: evil, evidence: { [evil]: evil, nested: { x: evil } }, severity: 'high' }),
      result({ resource: ref, status: 'error', message: evil }),
    ];
    const report = makeReport({
      outputsFile: evil,
      format: evil,
      region: evil,
      startedAt: evil,
      resources: [ref, { type: 'AWS::Kinesis::Stream', id: evil, keys: [evil] }],
      results,
      unrecognised: [evil],
      apiCalls: { [evil]: 1 },
      unplaced: [{ origin: evil, name: evil, providerType: evil, reason: evil }],
      sources: [{ kind: 'outputs', format: evil, origin: evil, resources: 1, outputs: 1 }],
    });
    const html = toHtml(report);
    const doc = await parseHtml(html);
    const all = elements(doc);
    const names = new Set(all.map((e) => e.tagName));
    for (const bad of ['img', 'svg', 'a', 'b', 'textarea', 'iframe']) expect(names.has(bad)).toBe(false);
    expect(tags(doc, 'script')).toHaveLength(1);
    expect(tags(doc, 'style')).toHaveLength(1);
    for (const e of all) {
      for (const a of e.attrs ?? []) {
        expect(a.name).not.toMatch(/^on/);
        expect(['href', 'src', 'style', 'srcdoc', 'action', 'formaction']).not.toContain(a.name);
      }
    }
    // The strings are all there, as text.
    const text = textOf(doc);
    expect(text).toContain(HOSTILE[0]);
    expect(text).toContain(HOSTILE[3]);
    expect(text).toContain('&lt;script&gt;');
    // The only script is the filter script; nothing outside got into it.
    expect(textOf(tags(doc, 'script')[0]!)).not.toContain('alert');
    // No comment node came from outside.
    const comments: HtmlNode[] = [];
    const walk = (n: HtmlNode) => {
      if (n.nodeName === '#comment') comments.push(n);
      for (const c of n.childNodes ?? []) walk(c);
    };
    walk(doc);
    expect(comments).toEqual([]);
  });

  it('keeps class and data attribute values to letters, digits and hyphens, whatever the family says', async () => {
    const html = toHtml(makeReport({ resources: [BUCKET], results: [result({ status: 'fail', family: '"><script>x</script>' as never })] }));
    const doc = await parseHtml(html);
    const rows = elements(doc).filter((e) => attr(e, 'data-family') !== undefined);
    for (const r of rows) expect(attr(r, 'data-family')).toMatch(/^[a-z0-9 -]+$/);
    expect(tags(doc, 'script')).toHaveLength(1);
  });
});

describe('hostile values: the document has the same shape whatever the strings (property)', () => {
  const piece = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom('<', '>', '&', '"', "'", '</td>', '<script>', '</script>', '<!--', '-->', '<![CDATA[', ']]>', 'javascript:', '&amp;', '&#60;', '\u0000', '\u001b[31m', '`', '|', '[a](b)', '\n', '<img src=x onerror=y>'),
  );
  const hostile = fc.array(piece, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));

  function reportWith(s: string) {
    const ref: ResourceRef = { type: 'AWS::S3::Bucket', id: `b-${s}`, arn: `arn:aws:s3:::${s}`, region: 'us-east-1', keys: [`k-${s}`] };
    return makeReport({
      outputsFile: `o-${s}.json`,
      resources: [ref, { type: 'AWS::SQS::Queue', id: `q-${s}`, keys: [s] }],
      results: [result({ resource: ref, status: 'fail', message: s, remediation: s, evidence: { [`e-${s}`]: s } }), result({ resource: ref, status: 'error', checkId: `c-${s}`, message: s })],
      unrecognised: [`u-${s}`],
      apiCalls: { [`a-${s}`]: 1 },
    });
  }
  const shape = async (html: string) => elements(await parseHtml(html)).map((e) => `${e.tagName}[${(e.attrs ?? []).map((a) => a.name).join(',')}]`);

  it('HTML: the same elements with the same attribute names as with plain strings; every string is in the text', async () => {
    const baseline = await shape(toHtml(reportWith('x')));
    const samples = fc.sample(hostile, { numRuns: 150, seed: 11 });
    for (const s of samples) {
      const html = toHtml(reportWith(s));
      expect(await shape(html)).toEqual(baseline);
      const findings = elements(await parseHtml(html)).find((e) => attr(e, 'id') === 'findings')!;
      expect(textOf(findings)).toContain(stripControl(s, { multiline: true }));
    }
  });

  it('Markdown: no raw <, no unescaped [ or `, and the failure row keeps its columns', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const md = toMarkdown(reportWith(s));
        const body = md.split('\n').filter((l) => !/^<\/?details>|^<details><summary>/.test(l));
        for (const l of body) {
          expect(l).not.toMatch(/<(?!br>)/);
          expect(l).not.toMatch(/(^|[^\\])[[`]/);
        }
        for (const row of md.split('\n').filter((l) => l.startsWith('| FAIL') || l.startsWith('| ERROR'))) expect(row.split(/(?<!\\)\|/).length).toBe(9);
      }),
      { numRuns: 200, seed: 12 },
    );
  });
});
