/**
 * Hostile text from outside (output keys, resource names, S3 lifecycle rule ids and tags that AWS
 * returns, AWS error messages) reaches every report intact in meaning and harmless in form, end to
 * end through the CLI: the JUnit report stays XSD-valid, the console never carries an escape
 * sequence but postflight's own colours (none with --no-color), non-Latin text is kept, and nothing
 * is shortened without saying so.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketLifecycleConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateStreamCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { emulatorEnv } from '../../src/demo/moto.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { junitSchemaErrors, parseXml } from '../helpers/report-fixtures.js';
import { junitCaseOf, junitCases, readJsonReport, reportPaths, startAnsweringProxy, tempDir, type AnsweringProxy, type JsonReport, type JunitCase, type ReportPaths } from './support.js';
import { attr, codeQualityErrors, elements, parseHtml, sarifSchemaErrors, textOf } from '../helpers/report-fixtures.js';

const moto = useMoto();

/** XML metacharacters, and text shaped like references and CDATA ends. */
const XML = `<script>alert("x")</script> & &amp; &#0; ]]> '"`;
const NON_LATIN = 'データレイク Ελληνικά العربية עברית 数据湖 🚀';
/** Colour, an OSC 8 hyperlink, a screen clear, BEL, NUL, an 8-bit CSI and a right-to-left override. */
const ANSI = '\u001b[31mRED\u001b[0m \u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007 \u001b[2Jclear bell\u0007 nul\u0000 csi\u009b31m \u202eevil';
/** ANSI as a terminal-safe report shows it. */
const ANSI_SHOWN = 'RED link clear bell nul csi evil';
/** Longer than any console line and than the console's evidence preview. */
const LONG = `LONG-${'データ湖'.repeat(1500)}-END`;

const STACK = 'TapStackhostile';
const BUCKET = 'pipeline-hostile-data';
const STREAM = 'pipeline-hostile-events';
const BUCKET_KEY = `${XML} ${NON_LATIN} ${ANSI} data_bucket_name`;
const NOTE_KEY = `${ANSI} ${XML} note`;
const LONG_KEY = `${LONG} note`;
/** A resource id no AWS name allows: the config maps the output to a bucket, so postflight must report it. */
const ODD_ID = `<b>&amp;"'\u001b[31mデータ\u0007`;
const ODD_ID_SHOWN = `<b>&amp;"'データ`;
const RULE_ID = `${XML} ${NON_LATIN}`;
const TAG_KEY = XML;
const TAG_VALUE = `${NON_LATIN} ${LONG}`;
const AWS_MESSAGE = `User ${XML} ${NON_LATIN} is not authorized ${ANSI} ${LONG}`;
const AWS_MESSAGE_SHOWN = `User ${XML} ${NON_LATIN} is not authorized ${ANSI_SHOWN} ${LONG}`;

/** Everything a terminal would act on, other than a line break. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const squeeze = (s: string) => s.replace(/\s+/g, '');

let dir: string;
let answering: AnsweringProxy;
let plain: CliRun;
let coloured: CliRun;
let report: JsonReport;
let xml: string;
let cases: JunitCase[];
let paths: ReportPaths;
let merged: CliRun;
let mergedPaths: ReportPaths;

beforeAll(async () => {
  const cfg = { region: 'us-east-1', endpoint: moto().endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(
    new PutBucketEncryptionCommand({ Bucket: BUCKET, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }),
  );
  // A rule limited to a prefix and a tag: it does not cover the bucket, so the check fails and shows both.
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: BUCKET,
      LifecycleConfiguration: {
        Rules: [{ ID: RULE_ID, Status: 'Enabled', Filter: { And: { Prefix: `raw/${XML}/`, Tags: [{ Key: TAG_KEY, Value: TAG_VALUE }] } }, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] }],
      },
    }),
  );
  const kinesis = new KinesisClient({ ...cfg, requestHandler: new NodeHttpHandler() });
  await kinesis.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1 }));
  s3.destroy();
  kinesis.destroy();

  dir = await tempDir('hostile');
  const outputs = join(dir, 'outputs.json');
  await writeFile(outputs, JSON.stringify({ [STACK]: { [BUCKET_KEY]: BUCKET, events_stream_name: STREAM, [NOTE_KEY]: 'plain words', [LONG_KEY]: 'more words', odd: ODD_ID } }));
  const config = join(dir, 'postflight.config.json');
  await writeFile(config, JSON.stringify({ resources: { [`${STACK}.odd`]: 'AWS::S3::Bucket' } }));
  // Kinesis answers with an AWS error message full of hostile text.
  answering = await startAnsweringProxy({
    target: moto().endpoint,
    answers: [{ service: 'kinesis', error: () => ({ status: 400, code: 'AccessDeniedException', message: AWS_MESSAGE }) }],
  });
  const only = ['--only', 's3-bucket-lifecycle-covers-bucket,s3-bucket-default-encryption-enabled,kinesis-stream-encryption-enabled'];
  const run = (name: string, args: string[], env: Record<string, string> = {}) => {
    const r = reportPaths(join(dir, name));
    return runCli(['verify', '--outputs', outputs, '--config', config, ...r.args, '--codequality', join(r.dir, 'gl-code-quality.json'), ...only, '--max-attempts', '1', ...args], {
      cwd: dir,
      env: cleanEnv({ ...emulatorEnv(answering.endpoint), ...env }),
    }).then((cli) => ({ cli, r }));
  };
  const a = await run('plain', ['--no-color']);
  const b = await run('coloured', [], { FORCE_COLOR: '1' });
  plain = a.cli;
  coloured = b.cli;
  report = await readJsonReport(a.r.json);
  xml = await readFile(a.r.junit, 'utf8');
  paths = a.r;
  cases = junitCases(xml);
  // The two runs' JSON reports merged, as a CI matrix's would be: every resource is in both, so
  // the list of resources verified twice names every hostile id too.
  mergedPaths = reportPaths(join(dir, 'merged'));
  merged = await runCli(['merge', a.r.json, b.r.json, ...mergedPaths.args, '--codequality', join(mergedPaths.dir, 'gl-code-quality.json'), '--no-color'], { cwd: dir, env: cleanEnv() });
}, 60_000);

afterAll(async () => {
  await answering?.stop();
});

const result = (check: string, id: string) => {
  const r = report.results.find((x) => x.checkId === check && x.resource.id === id);
  if (!r) throw new Error(`no result for ${check} @ ${id}`);
  return r;
};

it('the run itself is judged as usual: the uncovered bucket fails, the unreadable stream and the odd id are error (exit 1)', () => {
  expect(plain.stderr).toBe('');
  expect(plain.code).toBe(1);
  expect(result('s3-bucket-lifecycle-covers-bucket', BUCKET).status).toBe('fail');
  expect(result('kinesis-stream-encryption-enabled', STREAM).status).toBe('error');
  expect(result('s3-bucket-default-encryption-enabled', ODD_ID)).toMatchObject({ status: 'error', message: expect.stringContaining('does not exist') });
  expect(coloured.code).toBe(1);
});

describe('JSON report: outside text kept exactly', () => {
  it('output keys, resource ids, lifecycle rule ids and tags, and the AWS message, byte for byte', () => {
    expect(report.resources.find((r) => r.id === BUCKET)?.keys).toEqual([`${STACK}.${BUCKET_KEY}`]);
    expect(report.resources.map((r) => r.id)).toContain(ODD_ID);
    expect(report.unrecognised).toEqual(expect.arrayContaining([`${STACK}.${NOTE_KEY}`, `${STACK}.${LONG_KEY}`]));
    const evidence = JSON.stringify(result('s3-bucket-lifecycle-covers-bucket', BUCKET).evidence);
    for (const s of [RULE_ID, TAG_KEY, TAG_VALUE]) expect(evidence).toContain(JSON.stringify(s).slice(1, -1));
    expect(result('kinesis-stream-encryption-enabled', STREAM).message).toContain(AWS_MESSAGE);
  });
});

describe('JUnit report: XSD-valid, every outside string there in full, control characters removed', () => {
  it('is valid against the JUnit XSD', async () => {
    expect(await junitSchemaErrors([xml])).toEqual([]);
    expect(() => parseXml(xml)).not.toThrow();
    expect(xml).not.toMatch(CONTROL);
  });

  it('keeps the hostile output key, the odd resource id and the AWS message whole, minus their escape sequences', () => {
    const lifecycle = junitCaseOf(cases, result('s3-bucket-lifecycle-covers-bucket', BUCKET))!;
    expect(lifecycle.status).toBe('fail');
    const out = lifecycle.element.children.find((c) => c.name === 'system-out')!.text;
    expect(out).toContain(`outputs: ${STACK}.${XML} ${NON_LATIN} ${ANSI_SHOWN} data_bucket_name`);
    const failure = lifecycle.element.children.find((c) => c.name === 'failure')!.text;
    for (const s of [RULE_ID, TAG_KEY, TAG_VALUE]) expect(failure).toContain(JSON.stringify(s).slice(1, -1));

    const stream = junitCaseOf(cases, result('kinesis-stream-encryption-enabled', STREAM))!;
    expect(stream.status).toBe('error');
    expect(stream.message).toContain(AWS_MESSAGE_SHOWN);

    const odd = cases.find((c) => c.classname === 's3-bucket-default-encryption-enabled' && c.name.includes('AWS::S3::Bucket <b>'))!;
    expect(odd).toMatchObject({ status: 'error', name: `AWS::S3::Bucket ${ODD_ID_SHOWN}` });
    const unrecognised = cases.filter((c) => c.suite === 'postflight.outputs').map((c) => c.name);
    expect(unrecognised).toEqual(expect.arrayContaining([`${STACK}.${ANSI_SHOWN} ${XML} note`, `${STACK}.${LONG_KEY}`]));
  });
});

describe('console: no foreign escape sequence, nothing cut without saying so', () => {
  it('with --no-color, not one escape or control character (stdout and stderr)', () => {
    expect(plain.stdout).not.toMatch(CONTROL);
    expect(plain.stderr).toBe('');
  });

  it('with colour, the only escape sequences are postflight’s own SGR colours, around the same text', () => {
    expect(coloured.stdout).toContain('\u001b[');
    const stripped = coloured.stdout.replace(/\u001b\[\d+(?:;\d+)*m/g, '');
    expect(stripped).not.toMatch(CONTROL);
    const stable = (s: string) => s.replace(/\n {24}/g, '').replace(/^( {2}started: | {2}duration +).*$/gm, '$1…').replace(/\/coloured\//g, '/plain/');
    expect(stable(stripped)).toBe(stable(plain.stdout));
  });

  it('shows every hostile string whole (wrapped across lines), escape sequences removed', () => {
    const shown = squeeze(plain.stdout);
    for (const s of [`${STACK}.${XML} ${NON_LATIN} ${ANSI_SHOWN} data_bucket_name`, `${STACK}.${ANSI_SHOWN} ${XML} note`, `${STACK}.${LONG_KEY}`, ODD_ID_SHOWN, AWS_MESSAGE_SHOWN, RULE_ID]) {
      expect(shown).toContain(squeeze(s));
    }
  });

  it('cuts an evidence value over the preview length only with a count and a pointer to the full value', () => {
    expect(plain.stdout).toMatch(/… \(\d+ more chars; the JSON and JUnit reports hold the full value\)/);
    expect(squeeze(plain.stdout)).toContain(squeeze(JSON.stringify(TAG_VALUE).slice(1, 1500)));
  });
});

describe('HTML, SARIF and Markdown reports: outside text stays text', () => {
  it('HTML: no element or attribute from outside, every string shown as text, no escape sequence', async () => {
    const html = await readFile(paths.html, 'utf8');
    expect(html).not.toMatch(CONTROL);
    const doc = await parseHtml(html);
    const all = elements(doc);
    expect(all.filter((e) => e.tagName === 'script')).toHaveLength(1);
    expect(all.filter((e) => e.tagName === 'b')).toEqual([]);
    for (const e of all) for (const a of e.attrs ?? []) expect(a.name).not.toMatch(/^on|^href$|^src$/);
    const text = squeeze(textOf(doc));
    expect(text).toContain(squeeze(ODD_ID_SHOWN));
    expect(text).toContain(squeeze(`User ${XML} ${NON_LATIN} is not authorized`));
    expect(all.filter((e) => attr(e, 'data-status') === 'error').length).toBeGreaterThan(0);
  });

  it('SARIF: valid against the official schema, messages without escape sequences, the AWS message kept', async () => {
    const doc = JSON.parse(await readFile(paths.sarif, 'utf8'));
    expect(await sarifSchemaErrors(doc)).toEqual([]);
    const messages = doc.runs[0].results.map((r: { message: { text: string } }) => r.message.text).join('\n');
    expect(messages).not.toMatch(CONTROL);
    expect(squeeze(messages)).toContain(squeeze(`User ${XML} ${NON_LATIN} is not authorized`));
  });

  it('Markdown: no tag and no escape sequence from outside', async () => {
    const md = await readFile(paths.markdown, 'utf8');
    expect(md).not.toMatch(CONTROL);
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<b>');
    expect(md).toContain('&lt;b&gt;');
  });
});

/** Every string in a JSON value. */
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)]) : [];

describe('merged reports and the Code Quality report: outside text stays text', () => {
  it('merge: the console holds no escape or control character, and every hostile string whole', () => {
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(1);
    expect(merged.stdout).not.toMatch(CONTROL);
    const shown = squeeze(merged.stdout);
    for (const s of [ODD_ID_SHOWN, AWS_MESSAGE_SHOWN, `${STACK}.${ANSI_SHOWN} ${XML} note`]) expect(shown).toContain(squeeze(s));
    expect(merged.stdout).toMatch(/verified by more than one report \(\d+\), each counted once/);
  });

  it('merge: JUnit valid against the XSD, SARIF against its schema, JSON exact, HTML and Markdown without markup from outside', async () => {
    const junit = await readFile(mergedPaths.junit, 'utf8');
    expect(await junitSchemaErrors([junit])).toEqual([]);
    expect(junit).not.toMatch(CONTROL);
    const sarif = JSON.parse(await readFile(mergedPaths.sarif, 'utf8'));
    expect(await sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].results.map((r: { message: { text: string } }) => r.message.text).join('\n')).not.toMatch(CONTROL);
    const json = JSON.parse(await readFile(mergedPaths.json, 'utf8')) as JsonReport & { merge: { duplicates: Array<{ id: string }> } };
    expect(json.resources.map((r) => r.id)).toContain(ODD_ID);
    expect(json.results.find((r) => r.checkId === 'kinesis-stream-encryption-enabled')!.message).toContain(AWS_MESSAGE);
    expect(json.merge.duplicates.map((d) => d.id)).toContain(ODD_ID);
    const html = await readFile(mergedPaths.html, 'utf8');
    expect(html).not.toMatch(CONTROL);
    const all = elements(await parseHtml(html));
    expect(all.filter((e) => e.tagName === 'script')).toHaveLength(1);
    expect(all.filter((e) => e.tagName === 'b')).toEqual([]);
    for (const e of all) for (const a of e.attrs ?? []) expect(a.name).not.toMatch(/^on|^href$|^src$/);
    const md = await readFile(mergedPaths.markdown, 'utf8');
    expect(md).not.toMatch(CONTROL);
    expect(md).not.toContain('<b>');
    expect(md).not.toContain('<script>');
  });

  it('Code Quality (verify and merge): GitLab’s format, no escape or control character in any string, the AWS message kept', async () => {
    for (const file of [join(paths.dir, 'gl-code-quality.json'), join(mergedPaths.dir, 'gl-code-quality.json')]) {
      const text = await readFile(file, 'utf8');
      expect(await codeQualityErrors(text)).toEqual([]);
      const doc = JSON.parse(text) as Array<{ description: string }>;
      for (const s of strings(doc)) expect(s).not.toMatch(CONTROL);
      expect(squeeze(doc.map((i) => i.description).join(' '))).toContain(squeeze(`User ${XML} ${NON_LATIN} is not authorized ${ANSI_SHOWN}`));
    }
  });
});
