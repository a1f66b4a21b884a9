/**
 * The README's guarantees stay backed: each promise is one sentence that links to at least one
 * test, and every link names a test file that exists and a test (or group of tests) in it by its
 * exact title.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readme = await readFile(`${ROOT}README.md`, 'utf8');

/** The bullets between the markers. */
function promises(): string[] {
  const m = /<!-- guarantees:start -->\n([\s\S]*?)<!-- guarantees:end -->/.exec(readme);
  if (!m) throw new Error('README.md has no <!-- guarantees:start --> … <!-- guarantees:end --> section');
  return m[1]!.split('\n').filter((l) => l.startsWith('- '));
}

interface Link {
  title: string;
  file: string;
}

/** `[test title](test/…/file.test.ts)` links; other links (to docs) are not proofs. */
function proofs(line: string): Link[] {
  return [...line.matchAll(/\[([^\]]+)\]\((test\/[^)\s]+\.test\.ts)\)/g)].map((m) => ({ title: m[1]!, file: m[2]! }));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `source` names a test `title`: as the title of a describe/it/test (each flavour), or as
 * the first string of a row of an `it.each` table (the row's name in the test title).
 */
function namesTest(source: string, title: string): boolean {
  const literal = `(['"\`])${escape(title)}\\1`;
  const asTitle = new RegExp(`\\b(?:describe|it|test)(?:\\.(?:each|concurrent))?(?:\\([\\s\\S]*?\\))?\\(\\s*${literal}\\s*,`);
  const asRow = new RegExp(`\\[\\s*${literal}\\s*,`);
  return asTitle.test(source) || (asRow.test(source) && /\b(?:it|test|describe)\.each\(/.test(source));
}

describe("the README's guarantees", () => {
  it('has promises, each one sentence with at least one link to a test', () => {
    const lines = promises();
    expect(lines.length).toBeGreaterThanOrEqual(10);
    for (const line of lines) {
      expect({ line, proofs: proofs(line).length > 0 }).toEqual({ line, proofs: true });
      // The promise is the text before its links: one sentence, ended once.
      const sentence = line.slice(2, line.indexOf(' (['));
      expect({ sentence, ends: /[.]$/.test(sentence), inner: /[.!?]\s+[A-Z]/.test(sentence) }).toEqual({ sentence, ends: true, inner: false });
    }
  });

  it('links only to test files that exist, naming tests they hold', async () => {
    const links = promises().flatMap(proofs);
    expect(links.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const { title, file } of links) {
      const path = `${ROOT}${file}`;
      if (!existsSync(path)) {
        missing.push(`${file} does not exist`);
        continue;
      }
      if (!namesTest(await readFile(path, 'utf8'), title)) missing.push(`${file} has no test "${title}"`);
    }
    expect(missing).toEqual([]);
  });

  it('the link check itself tells a test title from other text', () => {
    const source = "describe('group', () => {\n  it.each([\n    ['row one', 1],\n  ])('%s', () => {});\n  it('plain test', () => {});\n});\nconst note = 'not a test';";
    expect(['group', 'row one', 'plain test'].map((t) => namesTest(source, t))).toEqual([true, true, true]);
    expect(['not a test', 'plain', 'row'].map((t) => namesTest(source, t))).toEqual([false, false, false]);
  });
});

describe("the README's links work from the installed package", () => {
  /** Every file `npm pack` puts in the package (scripts skipped: the build is not run again). */
  async function packed(): Promise<string[]> {
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const [pack] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
    return pack!.files.map((f) => f.path);
  }

  /** Relative links, `[text](path)` and `[text](path#anchor)`: not a web address, not an anchor of the README itself. */
  const relativeLinks = (text: string): string[] =>
    [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!.split('#')[0]!).filter((l) => l !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(l));

  it('every file or folder the README links to is in the package, but for the proofs of its guarantees', async () => {
    const files = await packed();
    expect(files).toContain('README.md');
    const section = /<!-- guarantees:start -->\n([\s\S]*?)<!-- guarantees:end -->/.exec(readme)![1]!;
    const outside = readme.replace(section, '');
    const links = [...new Set(relativeLinks(outside))];
    expect(links.length).toBeGreaterThan(3);
    const resolves = (l: string) => {
      const path = l.replace(/^\.\//, '');
      return path.endsWith('/') ? files.some((f) => f.startsWith(path)) : files.includes(path) || files.some((f) => f.startsWith(`${path}/`));
    };
    expect(links.filter((l) => !resolves(l))).toEqual([]);
    // The guarantees link to the tests that prove them, which are the repository's, not the package's.
    expect(relativeLinks(section).filter((l) => !l.startsWith('test/') && !resolves(l))).toEqual([]);
  }, 60_000);

  it('the link check sees a link to a file the package leaves out', () => {
    expect(relativeLinks('see [the catalogue](src/facts/catalogue.ts#L3), [site](https://example.com), [here](#reports)')).toEqual(['src/facts/catalogue.ts']);
  });
});

