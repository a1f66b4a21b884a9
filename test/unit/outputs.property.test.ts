import fc from 'fast-check';
import { InputError } from '../../src/errors.js';
import { OUTPUTS_FORMATS, parseOutputs } from '../../src/outputs/parse.js';

const FILE = 'outputs.json';

/** Runs the parser; anything thrown must be an InputError that names the file. */
function parseOrInputError(text: string, format?: (typeof OUTPUTS_FORMATS)[number]): void {
  try {
    parseOutputs(text, FILE, format);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(FILE);
  }
}

const formats = fc.option(fc.constantFrom(...OUTPUTS_FORMATS), { nil: undefined });

describe('parseOutputs properties', () => {
  it('throws nothing but InputError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), formats, (text, format) => parseOrInputError(text, format)),
      { numRuns: 2000 },
    );
  });

  it('throws nothing but InputError on arbitrary JSON, in any format', () => {
    fc.assert(fc.property(fc.json({ maxDepth: 5 }), formats, (text, format) => parseOrInputError(text, format)), { numRuns: 1000 });
  });

  it('throws nothing but InputError on JSON-ish text built from JSON tokens', () => {
    const token = fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '"b"', '1', '-', 'true', 'null', ' ', '\n', '"[\\"x\\"]"', '"x,y-1"');
    fc.assert(fc.property(fc.array(token, { maxLength: 40 }), formats, (tokens, format) => parseOrInputError(tokens.join(''), format)), {
      numRuns: 2000,
    });
  });

  it('reports line and column for every truncated document', () => {
    const doc = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { minKeys: 1 });
    fc.assert(
      fc.property(doc, fc.nat(), (value, cut) => {
        const text = JSON.stringify(value, null, 2);
        const end = cut % (text.length - 1);
        const truncated = text.slice(0, end);
        if (truncated.trim() === '') return;
        try {
          parseOutputs(truncated, FILE);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
          expect((err as Error).message).toMatch(/line \d+, column \d+/);
          return;
        }
        throw new Error(`a truncated document parsed: ${JSON.stringify(truncated)}`);
      }),
      { numRuns: 500 },
    );
  });

  it('gives one entry per plain string output of a flat file, keyed by its name, value intact', () => {
    const name = fc.stringMatching(/^[A-Z][A-Za-z]{0,11}$/).filter((n) => !/pass|secret|token|auth|cred|key|pwd/i.test(n));
    const value = fc.stringMatching(/^[a-z][a-z ]{0,20}$/);
    fc.assert(
      fc.property(fc.dictionary(name, value, { minKeys: 1, maxKeys: 10 }), (outputs) => {
        // A flat file needs one non-object value to read as flat: every value here is a string.
        const { entries, format } = parseOutputs(JSON.stringify(outputs), FILE);
        expect(format).toBe('flat');
        expect(entries.map((e) => [e.key, e.name, e.value])).toEqual(Object.entries(outputs).map(([k, v]) => [k, k, v]));
      }),
    );
  });

  it('never keeps the value of a terraform output marked sensitive', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.stringMatching(/^[a-z_]{1,10}$/), (value, name) => {
        const text = JSON.stringify({ [name]: { value, type: 'string', sensitive: true } });
        const { entries } = parseOutputs(text, FILE);
        expect(entries).toEqual([{ key: name, name, value: '', sensitive: true }]);
      }),
    );
  });
});
