/**
 * The report pipeline as the CLI runs it (outputs text → parse → discover → console, JUnit, JSON),
 * over generated outputs files whose keys and values hold any text at all, and AWS error messages
 * likewise. (test/unit has the properties of each stage alone; this is the whole pipe.)
 */
import fc from 'fast-check';
import { discover } from '../../src/discover/discover.js';
import { InputError } from '../../src/errors.js';
import { parseOutputs } from '../../src/outputs/parse.js';
import { renderConsole } from '../../src/report/console.js';
import { toJson } from '../../src/report/json.js';
import { toJUnitXml } from '../../src/report/junit.js';
import { stripControl } from '../../src/report/sanitize.js';
import type { Result } from '../../src/types.js';
import { junitSchemaErrors, makeReport } from '../helpers/report-fixtures.js';
import { junitCases } from './support.js';

/** Any UTF-16 code unit (lone surrogates included), and the sequences terminals act on. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const nasty = fc.constantFrom('\u001b[31m', '\u001b]8;;http://x\u0007', '\u001b]0;title\u001b\\', '\u009b2J', '\u0000', '\u0007', '\r\n', '\u2028', '\u202e', '<', '&amp;', ']]>', '"', 'データ', '👩‍👩‍👧');
const text = fc.oneof(
  fc.string({ unit: anyUnit, maxLength: 40 }),
  fc.array(fc.oneof(nasty, fc.string({ maxLength: 6 })), { maxLength: 8 }).map((a) => a.join('')),
  fc.string({ unit: 'grapheme', minLength: 300, maxLength: 600 }),
);
/** An outputs document: a real-looking resource beside outputs of arbitrary text. */
const document = fc
  .tuple(fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 6 }), text)
  .map(([outputs, odd]) => ({ TapStackprop: { data_bucket_name: 'pipeline-prop-data', ...outputs, [`${odd} events_stream_name`]: 'pipeline-prop-events' } }));

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const SGR = /\u001b\[\d+(?:;\d+)*m/g;
const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('the whole report pipeline over any outputs file (property)', () => {
  it('console has no foreign escape, JUnit is valid and holds every key whole, JSON keeps every key exactly', async () => {
    const documents: string[] = [];
    fc.assert(
      fc.property(document, text, (doc, awsMessage) => {
        let parsed;
        try {
          parsed = parseOutputs(JSON.stringify(doc), 'outputs.json');
        } catch (e) {
          // Some generated keys repeat once made into paths, or nest: a refusal is fine, a crash is not.
          expect(e).toBeInstanceOf(InputError);
          return;
        }
        const found = discover(parsed.entries);
        const results: Result[] = found.resources.map((resource) => ({
          checkId: 'kinesis-stream-encryption-enabled',
          title: 'Kinesis data stream encrypts records with KMS',
          severity: 'high',
          resource,
          status: 'error',
          message: `could not describe ${resource.id}: AccessDeniedException: ${awsMessage}`,
          evidence: { reason: awsMessage },
          remediation: 'Grant kinesis:DescribeStreamSummary.',
        }));
        const report = makeReport({
          resources: found.resources,
          results,
          unrecognised: found.unrecognised.map((e) => e.key),
          redacted: found.unrecognised.filter((e) => e.sensitive).map((e) => e.key),
        });

        const plain = renderConsole(report, { color: false });
        const coloured = renderConsole(report, { color: true });
        expect(plain).not.toMatch(CONTROL);
        expect(coloured.replace(SGR, '')).not.toMatch(CONTROL);

        const junit = toJUnitXml(report);
        documents.push(junit);
        const names = junitCases(junit).filter((c) => c.suite === 'postflight.outputs').map((c) => c.name);
        expect(names).toEqual(report.unrecognised.map((k) => stripControl(k)));
        for (const r of results) expect(junit).toContain(`resource: ${r.resource.type}`);

        const json = JSON.parse(toJson(report)) as { unrecognised: string[]; resources: Array<{ keys: string[] }>; results: Array<{ message: string }> };
        expect(json.unrecognised).toEqual(report.unrecognised);
        expect(json.resources.map((r) => r.keys)).toEqual(found.resources.map((r) => r.keys));
        for (const r of json.results) expect(r.message.endsWith(awsMessage)).toBe(true);

        // Nothing shortened: every unrecognised key, and the AWS message, is in the console whole.
        const shown = squeeze(plain);
        for (const k of report.unrecognised) expect(shown).toContain(squeeze(stripControl(k)));
        if (results.length > 0) expect(shown).toContain(squeeze(stripControl(awsMessage)));
      }),
      { numRuns: 150 },
    );
    expect(documents.length).toBeGreaterThan(50);
    expect(await junitSchemaErrors(documents)).toEqual([]);
  });
});
