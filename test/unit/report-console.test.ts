import fc from 'fast-check';
import { EVIDENCE_PREVIEW_CHARS, formatDuration, renderConsole, wrapLine } from '../../src/report/console.js';
import { stripAnsi, stripControl } from '../../src/report/sanitize.js';
import type { ResourceRef, Result } from '../../src/types.js';
import { BUCKET, DB, KEY, STREAM, VPC, makeReport, mixedReport, result } from '../helpers/report-fixtures.js';

const plain = (report = mixedReport(), verbose = false) => renderConsole(report, { color: false, verbose });
/** Every byte a terminal would treat as control, apart from newline. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
/** postflight's own colours: SGR sequences only. */
const SGR = /\u001b\[[0-9;]*m/g;

function linesOf(text: string): string[] {
  return text.split('\n');
}
function indexOfLine(text: string, pattern: RegExp | string): number {
  const i = linesOf(text).findIndex((l) => (typeof pattern === 'string' ? l.includes(pattern) : pattern.test(l)));
  if (i < 0) throw new Error(`no line matches ${String(pattern)}`);
  return i;
}

describe('renderConsole: order', () => {
  it('with --verbose, puts resources with failures first, then errors, then passes, then skipped, then those no check applies to', () => {
    const report = makeReport({
      resources: [STREAM, VPC, KEY, BUCKET, DB],
      results: [
        result({ resource: VPC, status: 'pass', checkId: 'ec2-vpc-flow-logs-enabled' }),
        result({ resource: KEY, status: 'skipped', checkId: 'kms-key-rotation-enabled' }),
        result({ resource: BUCKET, status: 'error', checkId: 's3-bucket-default-encryption-cmk' }),
        result({ resource: DB, status: 'pass', checkId: 'rds-instance-deletion-protected' }),
        result({ resource: DB, status: 'fail', checkId: 'rds-instance-multi-az-enabled' }),
      ],
    });
    const out = plain(report, true);
    const headers = linesOf(out).filter((l) => /^AWS::/.test(l));
    expect(headers).toEqual([
      'AWS::RDS::DBInstance tap-db-dev (us-east-1)',
      'AWS::S3::Bucket tap-logs-dev (us-east-1)',
      'AWS::EC2::VPC vpc-0a1b2c3d4e5f67890 (us-east-1)',
      `AWS::KMS::Key ${KEY.id} (us-east-1)`,
      'AWS::Kinesis::Stream tap-events-dev (us-east-1)',
    ]);
    expect(out).toContain('AWS::Kinesis::Stream tap-events-dev (us-east-1)\n  from outputs: StreamName\n  no selected check applies to this resource');
  });

  it('by default, gives each all-pass resource and each resource without a check one line at the top, then skipped, then failures and errors in full, then the summary', () => {
    const report = makeReport({
      resources: [STREAM, VPC, KEY, BUCKET, DB],
      results: [
        result({ resource: VPC, status: 'pass', checkId: 'ec2-vpc-flow-logs-enabled' }),
        result({ resource: VPC, status: 'pass', checkId: 'ec2-vpc-other' }),
        result({ resource: KEY, status: 'skipped', checkId: 'kms-key-rotation-enabled' }),
        result({ resource: BUCKET, status: 'error', checkId: 's3-bucket-default-encryption-cmk' }),
        result({ resource: DB, status: 'pass', checkId: 'rds-instance-deletion-protected' }),
        result({ resource: DB, status: 'fail', checkId: 'rds-instance-multi-az-enabled' }),
      ],
    });
    const lines = linesOf(plain(report));
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    expect(lines).toContain('PASS  AWS::EC2::VPC vpc-0a1b2c3d4e5f67890 (us-east-1) (2 checks)');
    expect(lines).toContain('NO CHECK  AWS::Kinesis::Stream tap-events-dev (us-east-1)');
    expect(lines.filter((l) => l.includes('vpc-0a1b2c3d4e5f67890'))).toHaveLength(1);
    expect(at(/^PASS {2}AWS::EC2::VPC/)).toBeLessThan(at(/^AWS::KMS::Key/));
    expect(at(/^AWS::KMS::Key/)).toBeLessThan(at(/^AWS::RDS::DBInstance/));
    expect(at(/^AWS::RDS::DBInstance/)).toBeLessThan(at(/^AWS::S3::Bucket/));
    expect(at(/^AWS::S3::Bucket/)).toBeLessThan(at(/^Summary$/));
    // The failing resource is shown in full: its passing result too.
    expect(lines).toContain('  PASS   rds-instance-deletion-protected: S3 bucket has versioning enabled');
  });

  it('lists a resource’s failures before its errors, skips and passes, the most severe first', () => {
    const results: Result[] = [
      result({ status: 'pass', checkId: 'a-pass' }),
      result({ status: 'skipped', checkId: 'b-skip' }),
      result({ status: 'error', checkId: 'c-error' }),
      result({ status: 'fail', checkId: 'd-fail-low', severity: 'low' }),
      result({ status: 'fail', checkId: 'e-fail-critical', severity: 'critical' }),
    ];
    const statusLines = linesOf(plain(makeReport({ resources: [BUCKET], results }))).filter((l) => /^ {2}(PASS|FAIL|ERROR|SKIP)/.test(l));
    expect(statusLines.map((l) => l.trim().split(/\s+/)[0])).toEqual(['FAIL', 'FAIL', 'ERROR', 'SKIP', 'PASS']);
    expect(statusLines[0]).toContain('e-fail-critical');
    expect(statusLines[1]).toContain('d-fail-low');
  });

  it('groups the results about one resource under it, with the output keys that named it', () => {
    const out = plain();
    const header = indexOfLine(out, /^AWS::S3::Bucket tap-logs-dev/);
    expect(linesOf(out)[header + 1]).toBe('  from outputs: LogsBucketName, LogsBucketArn');
    expect(out.match(/^AWS::S3::Bucket tap-logs-dev/gm)).toHaveLength(1);
  });
});

describe('renderConsole: header', () => {
  it('names the outputs file alone when it is the only source', () => {
    const text = renderConsole(mixedReport(), { color: false });
    expect(text.split('\n').filter((l) => /^  (outputs|state|stack): /.test(l))).toHaveLength(1);
    expect(text).toMatch(/^  outputs: cfn-outputs\/flat-outputs\.json \(flat\)$/m);
  });

  it('names every source read: outputs files, state files and CloudFormation stacks, each with its format', () => {
    const report = makeReport({
      sources: [
        { kind: 'outputs', format: 'flat', origin: 'cfn-outputs/flat-outputs.json', resources: 2, outputs: 3 },
        { kind: 'state', format: 'tfstate', origin: 'terraform.tfstate', resources: 9, outputs: 1 },
        { kind: 'stack', format: 'cloudformation-stack', origin: 'TapStack', resources: 4, outputs: 0 },
      ],
    });
    const header = renderConsole(report, { color: false }).split('\n').filter((l) => /^  (outputs|state|stack): /.test(l));
    expect(header).toEqual([
      expect.stringMatching(/^  outputs: cfn-outputs\/flat-outputs\.json \(flat\)$/),
      expect.stringMatching(/^  state: terraform\.tfstate \(tfstate\)$/),
      expect.stringMatching(/^  stack: TapStack \(cloudformation-stack\)$/),
    ]);
  });
});

describe('renderConsole: results', () => {
  it('shows a failure with check id, title, severity, message, evidence and remediation', () => {
    const out = plain();
    expect(out).toContain(
      [
        '  FAIL   [high] rds-instance-multi-az-enabled: RDS instance is Multi-AZ',
        '         the instance runs in one Availability Zone',
        '         evidence:',
        '           multiAz: false',
        '           availabilityZone: "us-east-1a"',
        '         remediation: Set multi_az = true on the DB instance.',
      ].join('\n'),
    );
  });

  it('shows an error with its reason and remediation, and a skip with its reason', () => {
    const out = plain();
    expect(out).toContain(
      '  ERROR  [high] s3-bucket-default-encryption-cmk: S3 bucket encrypts by default with a customer-managed KMS key\n' +
        '         AccessDenied: not authorized to perform s3:GetEncryptionConfiguration\n' +
        '         remediation: Set SSE-KMS with your CMK as the bucket default.',
    );
    expect(out).toContain('  SKIP   kms-key-rotation-enabled: KMS key rotates yearly\n         reason: waived until 2025-06-30: migration in progress');
  });

  it('shows a pass as one line, and its message and evidence only when verbose', () => {
    const report = makeReport({ resources: [VPC], results: [result({ resource: VPC, status: 'pass', checkId: 'ec2-vpc-flow-logs-enabled', title: 'VPC has flow logs enabled', message: 'flow logs on', evidence: { flowLogs: ['fl-1'] } })] });
    const out = plain(report);
    expect(out).toContain('\nPASS  AWS::EC2::VPC vpc-0a1b2c3d4e5f67890 (us-east-1) (1 check)\n\n');
    expect(out).not.toContain('flow logs on');
    const failing = plain(makeReport({ resources: [VPC], results: [...report.results, result({ resource: VPC, status: 'fail', checkId: 'ec2-vpc-x' })] }));
    const at = indexOfLine(failing, '  PASS   ec2-vpc-flow-logs-enabled: VPC has flow logs enabled');
    expect(linesOf(failing)[at + 1]).toBe('');
    expect(failing).not.toContain('flow logs on');
    const verbose = plain(report, true);
    expect(verbose).toContain('  PASS   ec2-vpc-flow-logs-enabled: VPC has flow logs enabled\n         flow logs on\n         evidence:\n           flowLogs: ["fl-1"]');
  });

  it('renders evidence values as compact JSON, whatever their type', () => {
    const evidence = { n: 3, s: 'x', b: true, nil: null, undef: undefined, list: [1, 'a'], obj: { k: { deep: [] } }, big: 10n, nan: Number.NaN };
    const out = plain(makeReport({ resources: [BUCKET], results: [result({ status: 'fail', evidence })] }));
    for (const line of ['n: 3', 's: "x"', 'b: true', 'nil: null', 'undef: null', 'list: [1,"a"]', 'obj: {"k":{"deep":[]}}', 'big: "10"', 'nan: "NaN"']) {
      expect(out).toContain(`           ${line}\n`);
    }
  });

  it('wraps long evidence values without losing any of them, and abbreviates only with a count', () => {
    const value = 'v'.repeat(EVIDENCE_PREVIEW_CHARS + 777);
    const report = makeReport({ resources: [BUCKET], results: [result({ status: 'fail', evidence: { blob: value } })] });
    const width = 80;
    const out = renderConsole(report, { color: false, width });
    const lines = linesOf(out);
    const start = lines.indexOf('           blob:');
    expect(start).toBeGreaterThan(0);
    const body = [];
    for (let i = start + 1; lines[i]!.startsWith('             "') || /^ {13}v/.test(lines[i]!); i++) body.push(lines[i]!.slice(13));
    for (const l of body) expect(l.length).toBeLessThanOrEqual(width - 13);
    // the shown part is the start of the JSON text, exactly, followed by the count of what is left out
    const json = JSON.stringify(value);
    expect(body.join('')).toBe(json.slice(0, EVIDENCE_PREVIEW_CHARS));
    expect(lines[start + 1 + body.length]).toBe(`             … (${json.length - EVIDENCE_PREVIEW_CHARS} more chars; the JSON and JUnit reports hold the full value)`);

    const verbose = linesOf(renderConsole(report, { color: false, width, verbose: true }));
    const vStart = verbose.indexOf('           blob:');
    const vBody = [];
    for (let i = vStart + 1; /^ {13}\S/.test(verbose[i]!); i++) vBody.push(verbose[i]!.slice(13));
    expect(vBody.join('')).toBe(json);
  });

  it('keeps multi-line messages inside their block', () => {
    const out = plain(makeReport({ resources: [BUCKET], results: [result({ status: 'fail', message: 'first\nPASS   fake-check: looks fine\r\nthird' })] }));
    expect(out).toContain('         first\n         PASS   fake-check: looks fine\n         third\n');
    expect(out).not.toMatch(/^ {2}PASS/m);
  });
});

describe('renderConsole: colour', () => {
  it('emits no escape character at all without colour, and still names every status in words', () => {
    const out = plain();
    expect(out).not.toContain('\u001b');
    expect(out).not.toMatch(CONTROL);
    for (const word of ['FAIL', 'ERROR', 'SKIP', 'PASS']) expect(out).toMatch(new RegExp(`^ {2}${word}`, 'm'));
  });

  it('colours with SGR sequences only, and the text without them is the uncoloured report', () => {
    const coloured = renderConsole(mixedReport(), { color: true });
    expect(coloured).toMatch(/\u001b\[31m/);
    expect(coloured.replace(SGR, '')).not.toContain('\u001b');
    expect(stripAnsi(coloured)).toBe(plain());
  });
});

describe('renderConsole: outside text', () => {
  const hostileReport = () => {
    const evil = 'x\u001b[2J\u001b]0;owned\u0007\u009b31m\u0000\u0007\r\u202eyz\ud800';
    return makeReport({
      outputsFile: `out${evil}.json`,
      resources: [{ ...BUCKET, id: `bucket${evil}`, keys: [`Key${evil}`] }],
      results: [
        result({ resource: { ...BUCKET, id: `bucket${evil}`, keys: [`Key${evil}`] }, status: 'fail', checkId: `check${evil}`, title: `title${evil}`, message: `AccessDenied${evil}\nmore`, evidence: { [`k${evil}`]: `v${evil}`, s: '\u009b1m' }, remediation: `fix${evil}` }),
        result({ resource: BUCKET, status: 'skipped', message: `waived${evil}` }),
      ],
      unrecognised: [`Unrecognised${evil}`],
    });
  };

  it('strips foreign escape sequences and control characters everywhere', () => {
    const out = plain(hostileReport());
    expect(out).not.toMatch(CONTROL);
    expect(out).not.toContain('\u202e');
    expect(out).toContain('AWS::S3::Bucket bucketx yz\ufffd');
    expect(out).toContain('  - Unrecognisedx yz\ufffd');
    expect(out).toContain('         AccessDeniedx\n         yz\ufffd\n         more');
    // JSON shows control characters in evidence as visible escapes
    expect(out).toContain('kx yz\ufffd: "vx\\u001b[2J\\u001b]0;owned\\u0007\\u0000\\u0007\\ryz\\ud800"');
    expect(out).toContain('           s: ""\n');
  });

  it('with colour, the only escape sequences are its own', () => {
    const coloured = renderConsole(hostileReport(), { color: true });
    expect(coloured.replace(SGR, '')).not.toMatch(CONTROL);
  });

  it('keeps non-Latin text', () => {
    const names = ['日本語のバケット', 'Привет', 'مرحبا', 'עברית', '😀👩‍👩‍👧'];
    const out = plain(makeReport({ resources: names.map((id) => ({ ...BUCKET, id })), results: [result({ status: 'fail', message: names.join(' '), resource: { ...BUCKET, id: names[0]! } })], unrecognised: names }));
    for (const n of names) {
      expect(out).toContain(`AWS::S3::Bucket ${n} (us-east-1)`);
      expect(out).toContain(`  - ${n}\n`);
    }
    expect(out).toContain(names.join(' '));
  });

  it('never lets outside text emit a control character (property)', () => {
    const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 30 });
    const text = fc.oneof(anyText, fc.array(fc.constantFrom('\u001b[31m', '\u001b]8;;x\u0007', '\u009b2J', '\u001bP\u001b\\', '\u0000', '\r', '\n', '日本'), { maxLength: 6 }).map((a) => a.join('')));
    fc.assert(
      fc.property(text, text, text, text, fc.boolean(), (id, message, key, value, color) => {
        const out = renderConsole(
          makeReport({ resources: [{ ...BUCKET, id }], results: [result({ resource: { ...BUCKET, id, keys: [key] }, status: 'fail', message, evidence: { [key]: value } })], unrecognised: [key] }),
          { color },
        );
        const rest = color ? out.replace(SGR, '') : out;
        expect(rest).not.toMatch(CONTROL);
        if (!color) expect(out).not.toContain('\u001b');
      }),
      { numRuns: 200 },
    );
  });
});

describe('renderConsole: unrecognised outputs, summary and verdict', () => {
  it('lists unrecognised output keys after the resources (by default, before the failures) and before the summary', () => {
    const verbose = plain(mixedReport(), true);
    const section = indexOfLine(verbose, /^Unrecognised outputs \(2\)/);
    expect(section).toBeGreaterThan(indexOfLine(verbose, /^AWS::Kinesis::Stream/));
    expect(section).toBeLessThan(indexOfLine(verbose, /^Summary$/));
    expect(verbose).toContain('  - Environment\n  - DashboardUrl\n');
    const out = plain();
    const s = indexOfLine(out, /^Unrecognised outputs \(2\)/);
    expect(s).toBeGreaterThan(indexOfLine(out, /^NO CHECK {2}AWS::Kinesis::Stream/));
    expect(s).toBeLessThan(indexOfLine(out, /^AWS::RDS::DBInstance tap-db-dev/));
    expect(out).toContain('  - Environment\n  - DashboardUrl\n');
  });

  it('says why an output names no resource, where discovery could say', () => {
    const report = makeReport({
      resources: [BUCKET],
      results: [result({ status: 'pass' })],
      unrecognised: ['ApiExecutionArn', 'Environment'],
      unrecognisedReasons: { ApiExecutionArn: 'an execute-api ARN does not say whether its API is a REST API or an HTTP API' },
    });
    expect(plain(report)).toContain('  - ApiExecutionArn: an execute-api ARN does not say whether its API is a REST API or an HTTP API\n  - Environment\n');
  });

  it('leaves the section out when every output was recognised', () => {
    expect(plain(makeReport({ resources: [BUCKET], results: [result({ status: 'pass' })] }))).not.toContain('Unrecognised outputs (');
  });

  it('counts checks, resources, outcomes, unrecognised outputs and duration', () => {
    const out = plain();
    expect(out).toContain(
      [
        'Summary',
        '  checks run            5',
        '  resources             6',
        '  results               3 passed, 1 failed, 1 error, 1 skipped',
        '  unrecognised outputs  2',
        '  duration              1.2 s',
      ].join('\n'),
    );
  });

  it.each<{ when: string; exitCode: number; results: Result[]; line: string }>([
    { when: 'all passed or skipped', exitCode: 0, results: [result({ status: 'pass' }), result({ status: 'skipped' })], line: 'PASS: every check passed: 1 passed, 1 skipped (exit code 0)' },
    { when: 'no check applied', exitCode: 0, results: [], line: 'PASS: no check applied to the resources found, so nothing failed (exit code 0)' },
    { when: 'failures and errors', exitCode: 1, results: [result({ status: 'fail' }), result({ status: 'fail' }), result({ status: 'error' })], line: 'FAIL: 2 check results failed; 1 result could not be verified (exit code 1)' },
    { when: 'one failure', exitCode: 1, results: [result({ status: 'fail' })], line: 'FAIL: 1 check result failed (exit code 1)' },
    { when: 'errors only', exitCode: 3, results: [result({ status: 'pass' }), result({ status: 'error' }), result({ status: 'error' })], line: 'INCOMPLETE: nothing failed, but 2 results could not be verified (exit code 3)' },
    { when: 'an input error', exitCode: 2, results: [], line: 'ERROR: a usage, input or config error stopped the run; nothing was verified (exit code 2)' },
  ])('ends with a verdict that explains the exit code: $when', ({ exitCode, results, line }) => {
    const out = plain(makeReport({ resources: [BUCKET], results, exitCode }));
    expect(linesOf(out.trimEnd()).at(-1)).toBe(line);
  });

  it('mentions unrecognised outputs in a passing verdict', () => {
    const out = plain(makeReport({ resources: [BUCKET], results: [result({ status: 'pass' })], unrecognised: ['A'] }));
    expect(out.trimEnd().split('\n').at(-1)).toBe('PASS: every check passed: 1 passed; 1 output was not recognised and not verified (exit code 0)');
  });

  it('is pure: the same report and options give the same text', () => {
    expect(renderConsole(mixedReport(), { color: true, verbose: true })).toBe(renderConsole(mixedReport(), { color: true, verbose: true }));
  });

  it('lists API calls when verbose', () => {
    const out = plain(mixedReport(), true);
    expect(out).toContain('API calls\n  rds:DescribeDBInstances        1\n  s3:GetBucketVersioning         1\n  s3:GetEncryptionConfiguration  1\n');
    expect(plain()).not.toContain('\nAPI calls\n');
    expect(plain()).toContain('  AWS API calls         3 (3 actions; by action with --verbose or in the JSON report)\n');
  });
});

describe('console formatting', () => {
  it('formats durations', () => {
    expect([0, 999, 1000, 1234, 59_949, 60_000, 125_400, -1, Number.NaN].map(formatDuration)).toEqual(['0 ms', '999 ms', '1.0 s', '1.2 s', '59.9 s', '1m 00s', '2m 05s', 'unknown', 'unknown']);
  });

  it('wraps lines losslessly, never splitting a surrogate pair (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (line, width) => {
        const pieces = wrapLine(line, width);
        expect(pieces.join('')).toBe(line);
        for (const p of pieces) {
          expect(Array.from(p).length).toBeLessThanOrEqual(width);
          expect(p).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
        }
      }),
    );
  });
});

describe('stripControl / stripAnsi', () => {
  it.each([
    ['SGR colour', 'a\u001b[1;31mb\u001b[0mc', 'abc'],
    ['cursor and erase', '\u001b[2J\u001b[H\u001b[?25lx', 'x'],
    ['OSC title with BEL', '\u001b]0;title\u0007x', 'x'],
    ['OSC 8 hyperlink with ST', '\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\', 'link'],
    ['DCS', '\u001bP1$r0m\u001b\\x', 'x'],
    ['8-bit CSI', 'a\u009b31mb', 'ab'],
    ['8-bit OSC', 'a\u009d0;t\u009cb', 'ab'],
    ['two-byte ESC', 'a\u001bcb\u001b7', 'ab'],
  ])('stripAnsi removes %s whole', (_name, input, expected) => {
    expect(stripAnsi(input)).toBe(expected);
  });

  it('removes C0/C1 controls and DEL, turns tabs and line breaks into spaces on one line', () => {
    expect(stripControl('a\u0000b\u0007c\u007fd\u0085e\tf\ng\r\nh\u2028i')).toBe('abcde f g h i');
  });

  it('keeps line breaks, normalised to \\n, in multi-line text', () => {
    expect(stripControl('a\r\nb\rc\nd\u2029e', { multiline: true })).toBe('a\nb\nc\nd\ne');
  });

  it('replaces lone surrogates and U+FFFE/U+FFFF, keeps pairs and every script', () => {
    expect(stripControl('\ud800x\udc00 😀 \ufffe\uffff 日本語 مرحبا')).toBe('\ufffdx\ufffd 😀 \ufffd\ufffd 日本語 مرحبا');
  });

  it('removes bidirectional overrides and isolates', () => {
    expect(stripControl('a\u202eb\u2066c\u2069d')).toBe('abcd');
  });

  it('leaves no ESC, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 60 }), fc.boolean(), (s, multiline) => {
        const out = stripControl(s, { multiline });
        expect(out).not.toMatch(multiline ? CONTROL : /[\u0000-\u001f\u007f-\u009f]/);
        expect(stripControl(out, { multiline })).toBe(out);
      }),
      { numRuns: 500 },
    );
  });
});

describe('renderConsole: a big stack', () => {
  /** 300 resources of six types, three checks each, three failures and one error among them. */
  function bigReport() {
    const types = ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::SNS::Topic', 'AWS::Logs::LogGroup', 'AWS::KMS::Key'] as const;
    const resources: ResourceRef[] = Array.from({ length: 300 }, (_, i) => ({ type: types[i % types.length]!, id: `res-${String(i).padStart(3, '0')}`, region: 'eu-west-1', keys: [`Out${i}`] }));
    const results: Result[] = resources.flatMap((r, i) =>
      ['a-check', 'b-check', 'c-check'].map((checkId, j) =>
        result({
          resource: r,
          checkId,
          status: i % 100 === 7 && j === 0 ? 'fail' : i === 150 && j === 1 ? 'error' : 'pass',
          message: i === 150 && j === 1 ? 'AccessDenied: not authorized' : 'versioning is Suspended',
          evidence: { status: 'Suspended' },
        }),
      ),
    );
    return makeReport({ resources, results, apiCalls: { 's3:GetBucketVersioning': 900 } });
  }

  it('puts the failures, the errors and the summary on one screen: 50 lines from the first failure to the end', () => {
    const out = plain(bigReport());
    const lines = linesOf(out.trimEnd());
    const first = lines.findIndex((l) => /^ {2}(FAIL|ERROR)/.test(l)) - 2; // the resource header above it
    expect(lines.filter((l) => /^ {2}FAIL/.test(l))).toHaveLength(3);
    expect(lines.filter((l) => /^ {2}ERROR/.test(l))).toHaveLength(1);
    expect(lines.length - first).toBeLessThanOrEqual(50);
    expect(lines.slice(first).join('\n')).toContain('AccessDenied: not authorized');
    expect(lines).toContain('  PASS   2 checks passed: b-check, c-check');
    // Every passing resource is still there, on one line.
    expect(lines.filter((l) => /^PASS {2}AWS::\S+ res-\d{3} \(eu-west-1\) \(3 checks\)$/.test(l))).toHaveLength(296);
    expect(lines.at(-1)).toBe('FAIL: 3 check results failed; 1 result could not be verified (exit code 1)');
  });

  it('with --quiet, leaves out the one-line resources; with --verbose, shows every result', () => {
    const quiet = linesOf(renderConsole(bigReport(), { color: false, quiet: true }));
    expect(quiet.filter((l) => /^PASS {2}/.test(l))).toEqual([]);
    expect(quiet.length).toBeLessThan(70);
    const verbose = linesOf(renderConsole(bigReport(), { color: false, verbose: true }));
    expect(verbose.filter((l) => /^ {2}PASS/.test(l))).toHaveLength(896);
  });

  it('adds the run statistics to the summary: time per phase after the duration, API calls; resources by source in the Resources section', () => {
    const report = {
      ...mixedReport(),
      phasesMs: { read: 12, discover: 1, collect: 1530, evaluate: 4, report: 9 },
      sources: [
        { kind: 'outputs' as const, format: 'flat', origin: 'out.json', resources: 4, outputs: 7 },
        { kind: 'state' as const, format: 'tfstate', origin: 'terraform.dev.tfstate', resources: 6, outputs: 0 },
      ],
    };
    const out = plain(report);
    expect(out).toContain(
      '  duration              1.2 s (read 12 ms, discover 1 ms, collect 1.5 s, evaluate 4 ms, report 9 ms)\n  AWS API calls         3 (3 actions; by action with --verbose or in the JSON report)\n',
    );
    expect(out).toContain('Resources\n  out.json (flat): 4 resource(s), 7 output(s)\n  terraform.dev.tfstate (tfstate): 6 resource(s), 0 output(s)\n');
    expect(plain(mixedReport())).toContain('  duration              1.2 s\n');
  });
});
