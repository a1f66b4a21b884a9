import fc from 'fast-check';
import { toJUnitXml, OUTPUTS_SUITE, UNRECOGNISED_MESSAGE, junitSeconds } from '../../src/report/junit.js';
import { compactJson } from '../../src/report/json.js';
import { stripControl } from '../../src/report/sanitize.js';
import { RESOURCE_TYPES, SEVERITIES, type Result, type Status } from '../../src/types.js';
import { BUCKET, DB, KEY, STARTED_AT, junitSchemaErrors, makeReport, mixedReport, parseXml, result, type XmlElement } from '../helpers/report-fixtures.js';

/** Every document rendered in a test is validated against the vendored XSD after it. */
let rendered: string[] = [];
function render(report: Parameters<typeof toJUnitXml>[0]): string {
  const xml = toJUnitXml(report);
  rendered.push(xml);
  return xml;
}

afterEach(async () => {
  const docs = rendered;
  rendered = [];
  expect(await junitSchemaErrors(docs)).toEqual([]);
});

type El = XmlElement;
const parse = parseXml;
const all = (el: El, tag: string): El[] => el.children.flatMap((c) => [...(c.name === tag ? [c] : []), ...all(c, tag)]);
const kids = (el: El, tag?: string): El[] => el.children.filter((c) => !tag || c.name === tag);
const attr = (el: El, name: string): string | undefined => el.attributes[name];
const attrs = (el: El, ...names: string[]) => Object.fromEntries(names.map((n) => [n, attr(el, n)]));
function suite(root: El, name: string): El {
  const found = kids(root, 'testsuite').filter((s) => attr(s, 'name') === name);
  expect(found).toHaveLength(1);
  return found[0]!;
}
function properties(s: El): Record<string, string> {
  const props = kids(s, 'properties').flatMap((p) => kids(p, 'property'));
  return Object.fromEntries(props.map((p) => [attr(p, 'name') ?? '', attr(p, 'value') ?? '']));
}

describe('toJUnitXml', () => {
  it('the XSD check rejects a document the schema does not allow (so the afterEach check can fail)', async () => {
    const bad = '<?xml version="1.0"?><testsuites><testsuite name="x"><testcase name="y"><properties/></testcase></testsuite></testsuites>';
    const errors = await junitSchemaErrors([bad]);
    expect(errors.join('\n')).toMatch(/tests|failures|properties/);
  });

  it('gives totals on <testsuites> and one <testsuite> per check in result order', () => {
    const root = parse(render(mixedReport()));
    expect(root.name).toBe('testsuites');
    // 6 results + 2 unrecognised outputs
    expect(attrs(root, 'name', 'tests', 'failures', 'errors', 'time')).toEqual({ name: 'postflight', tests: '8', failures: '1', errors: '1', time: '1.234' });
    expect(kids(root, 'testsuite').map((s) => attr(s, 'name'))).toEqual([
      'ec2-vpc-flow-logs-enabled',
      's3-bucket-versioning-enabled',
      'rds-instance-multi-az-enabled',
      's3-bucket-default-encryption-cmk',
      'kms-key-rotation-enabled',
      OUTPUTS_SUITE,
    ]);
  });

  it('counts each check suite and stamps it with the run start', () => {
    const root = parse(render(mixedReport()));
    expect(attrs(suite(root, 'rds-instance-multi-az-enabled'), 'tests', 'failures', 'errors', 'skipped', 'time', 'timestamp')).toEqual({
      tests: '2',
      failures: '1',
      errors: '0',
      skipped: '0',
      time: '0',
      timestamp: STARTED_AT,
    });
    expect(attrs(suite(root, 's3-bucket-default-encryption-cmk'), 'tests', 'failures', 'errors', 'skipped')).toEqual({ tests: '1', failures: '0', errors: '1', skipped: '0' });
    expect(attrs(suite(root, 'kms-key-rotation-enabled'), 'tests', 'failures', 'errors', 'skipped')).toEqual({ tests: '1', failures: '0', errors: '0', skipped: '1' });
    expect(suite(root, 'rds-instance-multi-az-enabled').attributes).not.toHaveProperty('hostname');
  });

  it('maps fail to <failure> typed by severity, with message, evidence and remediation in the body', () => {
    const root = parse(render(mixedReport()));
    const [failing, passing] = kids(suite(root, 'rds-instance-multi-az-enabled'), 'testcase');
    expect(attrs(failing!, 'classname', 'name', 'time')).toEqual({ classname: 'rds-instance-multi-az-enabled', name: 'AWS::RDS::DBInstance tap-db-dev', time: '0' });
    const failures = kids(failing!, 'failure');
    expect(failures).toHaveLength(1);
    expect(attrs(failures[0]!, 'message', 'type')).toEqual({ message: 'the instance runs in one Availability Zone', type: 'high' });
    const body = failures[0]!.text ?? '';
    expect(body).toContain('the instance runs in one Availability Zone');
    expect(body).toContain('multiAz: false');
    expect(body).toContain('availabilityZone: "us-east-1a"');
    expect(body).toContain('remediation: Set multi_az = true on the DB instance.');
    expect(kids(failing!).map((c) => c.name)).toEqual(['failure', 'system-out']);
    // a pass has no outcome element
    expect(kids(passing!).map((c) => c.name)).toEqual(['system-out']);
    expect(attr(passing!, 'name')).toBe('AWS::RDS::DBInstance tap-db-replica');
  });

  it('maps error to <error type="error"> with the reason, and skipped to <skipped> with its reason', () => {
    const root = parse(render(mixedReport()));
    const [erroring] = kids(suite(root, 's3-bucket-default-encryption-cmk'), 'testcase');
    const errors = kids(erroring!, 'error');
    expect(errors).toHaveLength(1);
    expect(attrs(errors[0]!, 'message', 'type')).toEqual({ message: 'AccessDenied: not authorized to perform s3:GetEncryptionConfiguration', type: 'error' });
    expect(errors[0]!.text).toContain('AccessDenied: not authorized');
    expect(kids(erroring!, 'failure')).toHaveLength(0);

    const [skipped] = kids(suite(root, 'kms-key-rotation-enabled'), 'testcase');
    const skips = kids(skipped!, 'skipped');
    expect(skips).toHaveLength(1);
    expect(attr(skips[0]!, 'message')).toBe('waived until 2025-06-30: migration in progress');
    expect(kids(skipped!, 'failure').length + kids(skipped!, 'error').length).toBe(0);
  });

  it('puts the resource ARN, region, type, id, output keys and severity in the suite properties and the testcase output', () => {
    const root = parse(render(mixedReport()));
    const s = suite(root, 'rds-instance-multi-az-enabled');
    expect(properties(s)).toEqual({
      'check.title': 'RDS instance is Multi-AZ',
      'resource.1.testcase': 'AWS::RDS::DBInstance tap-db-dev',
      'resource.1.type': 'AWS::RDS::DBInstance',
      'resource.1.id': 'tap-db-dev',
      'resource.1.arn': DB.arn,
      'resource.1.region': 'us-east-1',
      'resource.1.outputKeys': '["DbEndpoint"]',
      'resource.1.severity': 'high',
      'resource.1.status': 'fail',
      'resource.2.testcase': 'AWS::RDS::DBInstance tap-db-replica',
      'resource.2.type': 'AWS::RDS::DBInstance',
      'resource.2.id': 'tap-db-replica',
      'resource.2.arn': 'arn:aws:rds:us-east-1:123456789012:db:tap-db-replica',
      'resource.2.region': 'us-east-1',
      'resource.2.outputKeys': '["ReplicaEndpoint"]',
      'resource.2.severity': 'high',
      'resource.2.status': 'pass',
    });
    const out = kids(kids(s, 'testcase')[0]!, 'system-out')[0]!.text;
    expect(out).toBe(`resource: AWS::RDS::DBInstance tap-db-dev\narn: ${DB.arn}\nregion: us-east-1\noutputs: DbEndpoint`);
  });

  it('lists every unrecognised output key as a skipped testcase in the postflight.outputs suite', () => {
    const root = parse(render(mixedReport()));
    const s = suite(root, OUTPUTS_SUITE);
    expect(attrs(s, 'tests', 'failures', 'errors', 'skipped')).toEqual({ tests: '2', failures: '0', errors: '0', skipped: '2' });
    const cases = kids(s, 'testcase');
    expect(cases.map((c) => [attr(c, 'classname'), attr(c, 'name')])).toEqual([
      [OUTPUTS_SUITE, 'Environment'],
      [OUTPUTS_SUITE, 'DashboardUrl'],
    ]);
    for (const c of cases) expect(kids(c, 'skipped')[0]?.attributes.message).toBe(UNRECOGNISED_MESSAGE);
  });

  it('renders an empty run as an empty, valid <testsuites>', () => {
    const root = parse(render(makeReport({ durationMs: 0 })));
    expect(attrs(root, 'tests', 'failures', 'errors', 'time')).toEqual({ tests: '0', failures: '0', errors: '0', time: '0' });
    expect(kids(root)).toHaveLength(0);
  });

  it('renders a run with only unrecognised outputs', () => {
    const root = parse(render(makeReport({ unrecognised: ['A'] })));
    expect(kids(root, 'testsuite').map((s) => attr(s, 'name'))).toEqual([OUTPUTS_SUITE]);
    expect(attr(root, 'tests')).toBe('1');
  });

  it('keeps testcase names unique when one check sees the same type and id in two regions', () => {
    const west = { ...KEY, id: 'alias/app', arn: undefined, region: 'us-west-2' };
    const east = { ...KEY, id: 'alias/app', arn: undefined, region: 'us-east-1' };
    const root = parse(render(makeReport({ results: [result({ status: 'pass', resource: west }), result({ status: 'pass', resource: east }), result({ status: 'pass', resource: BUCKET })] })));
    expect(all(root, 'testcase').map((c) => attr(c, 'name'))).toEqual([
      'AWS::KMS::Key alias/app (us-west-2)',
      'AWS::KMS::Key alias/app (us-east-1)',
      'AWS::S3::Bucket tap-logs-dev',
    ]);
  });

  it('escapes XML metacharacters and removes ANSI sequences and forbidden characters', () => {
    const xml = render(
      makeReport({
        results: [
          result({
            status: 'fail',
            resource: { ...BUCKET, id: 'a<b>&"c\'\u001b[31mred\u001b[0m' },
            message: 'bad ]]> <script>\u0000\u0007\u000b\u000c\ufffe\ud800',
            evidence: { 'k<&>': 'v\u001b]8;;http://evil\u0007link\u001b]8;;\u0007' },
          }),
        ],
        unrecognised: ['Key\u001b[2J\u009b31m'],
      }),
    );
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/);
    const root = parse(xml);
    const tc = all(root, 'testcase')[0]!;
    expect(attr(tc, 'name')).toBe('AWS::S3::Bucket a<b>&"c\'red');
    const failure = kids(tc, 'failure')[0]!;
    expect(attr(failure, 'message')).toBe('bad ]]> <script>\ufffd\ufffd');
    expect(failure.text).toContain('k<&>: "v\\u001b]8;;http://evil\\u0007link\\u001b]8;;\\u0007"');
    expect(attr(all(root, 'testcase')[1]!, 'name')).toBe('Key');
  });

  it('keeps text shaped like entity or character references exactly as it was', () => {
    const tricky = 'a &amp; b &lt; &#65; &#x41; &#0; &foo; & end';
    const root = parse(
      render(makeReport({ results: [result({ status: 'fail', message: tricky, resource: { ...BUCKET, id: tricky }, evidence: { [tricky]: tricky } })], unrecognised: [tricky] })),
    );
    const [tc, output] = all(root, 'testcase');
    expect(attr(tc!, 'name')).toBe(`AWS::S3::Bucket ${tricky}`);
    const failure = kids(tc!, 'failure')[0]!;
    expect(attr(failure, 'message')).toBe(tricky);
    expect(failure.text).toBe(`${tricky}\n\nevidence:\n  ${tricky}: "${tricky}"\n\nremediation: Enable versioning on the bucket in the stack.`);
    expect(attr(output!, 'name')).toBe(tricky);
  });

  it('never shortens long text', () => {
    const long = 'x'.repeat(100_000);
    const root = parse(render(makeReport({ results: [result({ status: 'fail', message: long, evidence: { blob: long } })] })));
    const failure = all(root, 'failure')[0]!;
    expect(attr(failure, 'message')).toBe(long);
    expect(failure.text).toContain(`blob: "${long}"`);
  });

  it('writes time in the seconds form the schema accepts', () => {
    expect(junitSeconds(0)).toBe('0');
    expect(junitSeconds(-5)).toBe('0');
    expect(junitSeconds(Number.NaN)).toBe('0');
    expect(junitSeconds(1)).toBe('0.001');
    expect(junitSeconds(123_456_789)).toBe('123456.789');
    render(makeReport({ durationMs: 123_456_789 }));
  });

  it('is pure: the same report gives the same document', () => {
    expect(render(mixedReport())).toBe(render(mixedReport()));
  });
});

/** Strings an attacker or a broken stack could put in outputs, messages and AWS errors. */
const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 40 });
const pieces = fc.constantFrom(
  '<', '>', '&', '"', "'", ']]>', '&amp;', '&lt;', '&#65;', '&#0;', '&foo;', '<!--', '<![CDATA[', '<?xml', '</testcase>',
  '\u0000', '\u0007', '\b', '\u000b', '\u000c', '\r', '\n', '\r\n', '\t', '\u007f', '\u0085', '\u009b', '\u009c',
  '\u001b', '\u001b[31m', '\u001b[0m', '\u001b[2J', '\u001b]0;title\u0007', '\u001b]8;;http://x\u001b\\', '\u009b1;31m', '\u001bP1$r\u001b\\',
  '\ud800', '\udfff', '\udbff\udfff', '\ufffe', '\uffff', '\u202e', '\u2066', '\u2028', '\u2029',
  'é', 'ß', '日本語', 'Привет', 'مرحبا', 'עברית', '😀', '👩‍👩‍👧', 'a', ' ', '-',
);
const hostile = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof(pieces, anyUtf16), { maxLength: 12 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.tuple(pieces, fc.integer({ min: 2_000, max: 8_000 })).map(([p, n]) => p.repeat(Math.ceil(n / p.length))) },
);
const evidenceValue = fc.oneof(hostile, fc.integer(), fc.boolean(), fc.constant(null), fc.array(hostile, { maxLength: 3 }), fc.dictionary(hostile, hostile, { maxKeys: 2 }));

const resultArb = fc.record({
  checkId: fc.oneof(fc.constantFrom('s3-bucket-versioning-enabled', 'rds-instance-multi-az-enabled'), hostile),
  title: hostile,
  severity: fc.constantFrom(...SEVERITIES),
  status: fc.constantFrom<Status>('pass', 'fail', 'error', 'skipped'),
  resource: fc.record({
    type: fc.constantFrom(...RESOURCE_TYPES),
    id: hostile,
    arn: fc.option(hostile, { nil: undefined }),
    region: fc.option(hostile, { nil: undefined }),
    keys: fc.array(hostile, { maxLength: 3 }),
  }),
  message: hostile,
  evidence: fc.dictionary(hostile, evidenceValue, { maxKeys: 3 }),
  remediation: hostile,
}) as fc.Arbitrary<Result>;

const one = (s: string) => stripControl(s);
const lines = (s: string) => stripControl(s, { multiline: true });

describe('toJUnitXml with hostile text (property)', () => {
  it('always gives a well-formed, XSD-valid document that still holds the full sanitised text', async () => {
    // Content is checked per run (and shrunk on failure); the XSD check runs once over every
    // document after the runs, since each libxml2 call costs a worker start.
    const documents: Array<{ xml: string; input: unknown }> = [];
    fc.assert(
      fc.property(fc.array(resultArb, { maxLength: 4 }), fc.array(hostile, { maxLength: 3 }), hostile, (results, unrecognised, startedAt) => {
        const xml = toJUnitXml(makeReport({ results, unrecognised, startedAt, resources: results.map((r) => r.resource) }));
        documents.push({ xml, input: { results, unrecognised, startedAt } });
        expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);

        const root = parse(xml);
        expect(attr(root, 'tests')).toBe(String(results.length + unrecognised.length));
        const suites = kids(root, 'testsuite');
        const checkSuites = unrecognised.length > 0 ? suites.slice(0, -1) : suites;
        // testcases come grouped by check, in first-seen order; pair them back with their results
        const ids = [...new Set(results.map((r) => r.checkId))];
        expect(checkSuites.map((s) => attr(s, 'name'))).toEqual(ids.map(one));
        const order = ids.flatMap((id) => results.filter((r) => r.checkId === id));
        const cases = checkSuites.flatMap((s) => kids(s, 'testcase'));
        expect(cases).toHaveLength(order.length);
        order.forEach((r, i) => {
          const tc = cases[i]!;
          expect(attr(tc, 'classname')).toBe(one(r.checkId));
          expect(attr(tc, 'name')!.startsWith(`${r.resource.type} ${one(r.resource.id)}`)).toBe(true);
          const outcome: Record<Status, string | undefined> = { fail: 'failure', error: 'error', skipped: 'skipped', pass: undefined };
          const tag = outcome[r.status];
          const outcomes = kids(tc).filter((c) => c.name !== 'system-out');
          expect(outcomes.map((c) => c.name)).toEqual(tag ? [tag] : []);
          if (tag) expect(attr(outcomes[0]!, 'message')).toBe(one(r.message));
          if (r.status === 'fail' || r.status === 'error') {
            const body = outcomes[0]!.text ?? '';
            expect(body).toContain(lines(r.message));
            expect(body).toContain(lines(r.remediation));
            for (const [k, v] of Object.entries(r.evidence)) expect(body).toContain(`${one(k)}: ${one(compactJson(v))}`);
          }
          if (r.status === 'fail') expect(attr(outcomes[0]!, 'type')).toBe(r.severity);
        });
        checkSuites.forEach((s, i) => {
          const first = results.find((r) => r.checkId === ids[i])!;
          expect(properties(s)['check.title']).toBe(one(first.title));
          expect(attr(s, 'timestamp')).toBe(one(startedAt));
        });
        if (unrecognised.length > 0) {
          const outputs = suites[suites.length - 1]!;
          expect(attr(outputs, 'name')).toBe(OUTPUTS_SUITE);
          expect(kids(outputs, 'testcase').map((c) => attr(c, 'name'))).toEqual(unrecognised.map(one));
        }
      }),
      { numRuns: 100 },
    );
    expect(documents.length).toBeGreaterThanOrEqual(100);
    const errors = await junitSchemaErrors(documents.map((d) => d.xml));
    if (errors.length > 0) {
      const index = Number(/report-(\d+)\.xml/.exec(errors[0]!)?.[1]);
      throw new Error(`${errors.join('\n')}\n\nfrom input: ${JSON.stringify(documents[index]?.input)}`);
    }
  });
});
