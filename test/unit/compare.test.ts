/** The order postflight sorts ids and keys in: by code unit, the same whatever the machine's locale. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { byCodeUnit } from '../../src/compare.js';

const cases: Array<[string, string[], string[]]> = [
  ['ids sort as their characters do', ['subnet-0b2', 'subnet-0a9', 'subnet-10'], ['subnet-0a9', 'subnet-0b2', 'subnet-10']],
  ['a hyphen comes before digits and letters', ['fl-a', 'fl-0', 'fl-'], ['fl-', 'fl-0', 'fl-a']],
  ['upper case before lower case, as code units, not as a collation would', ['b', 'B', 'a', 'A'], ['A', 'B', 'a', 'b']],
  ['a prefix comes first', ['ec2:DescribeVpcs', 'ec2:Describe', 'ec2:DescribeVpc'], ['ec2:Describe', 'ec2:DescribeVpc', 'ec2:DescribeVpcs']],
  ['the empty string (an unknown subnet) comes first', ['subnet-1', '', 'subnet-0'], ['', 'subnet-0', 'subnet-1']],
  ['digits sort as text, not as numbers', ['key-10', 'key-9', 'key-1'], ['key-1', 'key-10', 'key-9']],
];

it.each(cases)('%s', (_name, input, sorted) => {
  expect([...input].sort(byCodeUnit)).toEqual(sorted);
});

it('gives 0 for equal strings only', () => {
  expect(byCodeUnit('a', 'a')).toBe(0);
  expect(byCodeUnit('a', 'b')).toBeLessThan(0);
  expect(byCodeUnit('b', 'a')).toBeGreaterThan(0);
});

// localeCompare's first call builds ICU's collator (about 13 ms of the one thread, in the middle of
// a run's calls), and its order follows the locale: the CLI's code sorts with byCodeUnit instead.
// The demo's Terraform helper is the one exception (file names in numeric order, off the run).
it('no module of the CLI but the demo sorts with localeCompare', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
  const users = [...files('src'), ...files('checks')].filter((f) => !f.startsWith(join('src', 'demo')) && readFileSync(f, 'utf8').includes('.localeCompare('));
  expect(users).toEqual([]);
});
