/** The README stays true: its check table matches the checks, and CI runs its test command. */
import { readdir, readFile } from 'node:fs/promises';
import { loadChecks } from '../src/engine/registry.js';
import { checksMarkdown, frameworksMarkdown } from '../src/run.js';

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');

it("the README's check table is the one `postflight list-checks --markdown` prints", async () => {
  const m = /<!-- checks:start[^>]*-->\n([\s\S]*?)\n?<!-- checks:end -->/.exec(readme);
  expect(m).not.toBeNull();
  expect(m![1]!.trim()).toBe(checksMarkdown(await loadChecks()));
});

it("the README's framework tables are the ones `postflight list-checks --framework fsbp,cis --markdown` prints", async () => {
  const m = /<!-- frameworks:start[^>]*-->\n([\s\S]*?)\n?<!-- frameworks:end -->/.exec(readme);
  expect(m).not.toBeNull();
  expect(m![1]!.trim()).toBe(frameworksMarkdown(await loadChecks(), ['fsbp', 'cis']));
  expect(m![1]).toContain('| `S3.8` | S3 general purpose buckets should block public access | `s3-bucket-public-access-blocked` |');
});

it('.ci/run installs from scratch and runs the README test command', async () => {
  const ci = await readFile(new URL('../.ci/run', import.meta.url), 'utf8');
  expect(readme).toContain('npm test');
  expect(ci).toMatch(/^npm ci$/m);
  expect(ci).toMatch(/^npm test$/m);
});

it("the README's dev-stack config is a valid config whose checks and parameters exist", async () => {
  const { parseConfig } = await import('../src/config/config.js');
  const { validateParams } = await import('../src/engine/params.js');
  const section = readme.slice(readme.indexOf('### Dev stacks'));
  const m = /```json\n([\s\S]*?)\n```/.exec(section);
  expect(m).not.toBeNull();
  const config = parseConfig(JSON.parse(m![1]!), 'README.md');
  const checks = (await loadChecks()).map((c) => c.check);
  expect(() => validateParams(checks, config.params ?? {}, 'README.md')).not.toThrow();
  const ids = new Set(checks.map((c) => c.id));
  const named = [...Object.keys(config.params ?? {}), ...(config.checks?.skip ?? []), ...(config.waivers ?? []).map((w) => w.check)];
  expect(named.filter((id) => !ids.has(id))).toEqual([]);
});

it("the README's line counts of the serverless example are the files' own", async () => {
  const m = /<!-- suite-lines:start[^>]*-->\n([\s\S]*?)<!-- suite-lines:end -->/.exec(readme);
  expect(m).not.toBeNull();
  const rows = [...m![1]!.matchAll(/(?<=\| )`([^`]+)` \| (\d+)(?= \|)/g)].map((r) => [r[1]!, Number(r[2])] as const);
  expect(rows.length).toBe(5);
  const lines = async (file: string) => (await readFile(new URL(`../examples/serverless-pipeline/${file}`, import.meta.url), 'utf8')).trimEnd().split('\n').length;
  const before = rows.filter(([f]) => f.startsWith('before/'));
  const after = rows.filter(([f]) => !f.startsWith('before/'));
  for (const [file, count] of rows) expect([file, await lines(file)]).toEqual([file, count]);
  const total = (rs: ReadonlyArray<readonly [string, number]>) => rs.reduce((n, [, c]) => n + c, 0);
  expect(m![1]).toContain(`| **total** | **${total(before)}** | **total** | **${total(after)}** |`);
  // Every custom check the example's config names is counted.
  const config = JSON.parse(await readFile(new URL('../examples/serverless-pipeline/postflight.config.json', import.meta.url), 'utf8')) as { customChecks: string[] };
  expect(config.customChecks.map((p) => p.replace(/^\.\//, '')).sort()).toEqual(after.map(([f]) => f).filter((f) => f.startsWith('checks/')).sort());
});

it("the README's line counts of the CDKTF example are the files' own, and its config is valid", async () => {
  const m = /<!-- cdktf-suite-lines:start[^>]*-->\n([\s\S]*?)<!-- cdktf-suite-lines:end -->/.exec(readme);
  expect(m).not.toBeNull();
  const rows = [...m![1]!.matchAll(/(?<=\| )`([^`]+)` \| (\d+)(?= \|)/g)].map((r) => [r[1]!, Number(r[2])] as const);
  const example = new URL('../examples/cdktf-pipeline/', import.meta.url);
  const lines = async (file: string) => (await readFile(new URL(file, example), 'utf8')).trimEnd().split('\n').length;
  // Every file of the hand-written suite and every file that replaces it is counted.
  const suite = (await readdir(new URL('before/', example))).map((f) => `before/${f}`);
  expect(rows.map(([f]) => f).sort()).toEqual([...suite, 'postflight.config.json'].sort());
  for (const [file, count] of rows) expect([file, await lines(file)]).toEqual([file, count]);
  const total = (rs: ReadonlyArray<readonly [string, number]>) => rs.reduce((n, [, c]) => n + c, 0);
  const before = rows.filter(([f]) => f.startsWith('before/'));
  const after = rows.filter(([f]) => !f.startsWith('before/'));
  expect(m![1]).toContain(`| **total** | **${total(before)}** | **total** | **${total(after)}** |`);
  // The config the README calls the whole suite parses, and its parameters are the checks' own.
  const { parseConfig } = await import('../src/config/config.js');
  const { validateParams } = await import('../src/engine/params.js');
  const config = parseConfig(JSON.parse(await readFile(new URL('postflight.config.json', example), 'utf8')), 'examples/cdktf-pipeline/postflight.config.json');
  expect(config.drift).toBeTruthy();
  const checks = (await loadChecks()).map((c) => c.check);
  expect(() => validateParams(checks, config.params ?? {}, 'postflight.config.json')).not.toThrow();
  // Every check the section names is a check postflight has.
  const section = readme.slice(readme.indexOf('### A CDKTF stack'), readme.indexOf('<!-- cdktf-suite-lines:start'));
  const ids = new Set(checks.map((c) => c.id));
  const named = [...section.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+){2,})`/g)].map((x) => x[1]!);
  expect(named.length).toBeGreaterThan(10);
  expect(named.filter((id) => !ids.has(id))).toEqual([]);
});
