/**
 * The CLI compiles its bundle's chunks with V8's code cache (bin/postflight.cjs): the first run
 * writes an entry per chunk it loaded, later runs use them, and a bad, foreign or unsafe cache
 * only costs the compile, never a wrong or failed run.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, cleanEnv, ROOT, runCli } from '../helpers/cli.js';

let base: string;
let build: string;
let expected: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'postflight-cache-'));
  build = (await readFile(join(ROOT, 'dist', 'cli', 'build-id'), 'utf8')).trim();
  expected = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version as string;
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const folderOf = (root: string) => join(root, 'postflight', `${process.version}-${process.arch}-${build}`);
const version = (env: Record<string, string>) => runCli(['--version'], { env: cleanEnv(env) });
const entries = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith('.cjs.bin')).sort();

it('the first run writes an entry per chunk it loaded, only for this user; the next run uses them and writes nothing', async () => {
  const root = join(base, 'fresh');
  const first = await version({ NODE_COMPILE_CACHE: root });
  expect({ code: first.code, out: first.stdout.trim(), err: first.stderr }).toEqual({ code: 0, out: expected, err: '' });
  const dir = folderOf(root);
  const written = await entries(dir);
  expect(written).toContain('cli.cjs.bin');
  // Only what the run loaded: --version loads no collector.
  expect(written.some((f) => f.includes('.collector-'))).toBe(false);
  expect((await stat(dir)).mode & 0o777).toBe(0o700);
  expect((await stat(join(root, 'postflight'))).mode & 0o777).toBe(0o700);
  for (const f of written) expect((await stat(join(dir, f))).mode & 0o777).toBe(0o600);
  expect((await readdir(dir)).filter((f) => !f.endsWith('.bin'))).toEqual([]);

  const before = await Promise.all(written.map(async (f) => (await stat(join(dir, f))).mtimeMs));
  const second = await version({ NODE_COMPILE_CACHE: root });
  expect({ code: second.code, out: second.stdout.trim() }).toEqual({ code: 0, out: expected });
  // Accepted, so not written again.
  expect(await Promise.all(written.map(async (f) => (await stat(join(dir, f))).mtimeMs))).toEqual(before);
  expect(await entries(dir)).toEqual(written);
});

it('an entry V8 rejects (not its code) is compiled from source and replaced', async () => {
  const root = join(base, 'garbage');
  await version({ NODE_COMPILE_CACHE: root });
  const entry = join(folderOf(root), 'cli.cjs.bin');
  const garbage = Buffer.from('not a code cache entry, of any build');
  await writeFile(entry, garbage);
  const run = await version({ NODE_COMPILE_CACHE: root });
  expect({ code: run.code, out: run.stdout.trim(), err: run.stderr }).toEqual({ code: 0, out: expected, err: '' });
  const now = await readFile(entry);
  expect(now.equals(garbage)).toBe(false);
  // The new entry is one V8 accepts: the next run leaves it as it is.
  const written = (await stat(entry)).mtimeMs;
  await version({ NODE_COMPILE_CACHE: root });
  expect((await stat(entry)).mtimeMs).toBe(written);
  expect((await readFile(entry)).equals(now)).toBe(true);
});

it('NODE_DISABLE_COMPILE_CACHE=1 turns it off: nothing is written', async () => {
  const root = join(base, 'off');
  const run = await version({ NODE_COMPILE_CACHE: root, NODE_DISABLE_COMPILE_CACHE: '1' });
  expect({ code: run.code, out: run.stdout.trim() }).toEqual({ code: 0, out: expected });
  await expect(stat(root)).rejects.toMatchObject({ code: 'ENOENT' });
});

it('a cache folder others can write to is neither read nor written', async () => {
  const root = join(base, 'shared');
  const dir = folderOf(root);
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o777);
  // Were it read, this entry would be rejected and replaced; were it trusted blindly, worse.
  const planted = Buffer.from('planted');
  await writeFile(join(dir, 'cli.cjs.bin'), planted);
  const run = await version({ NODE_COMPILE_CACHE: root });
  expect({ code: run.code, out: run.stdout.trim(), err: run.stderr }).toEqual({ code: 0, out: expected, err: '' });
  expect(await readdir(dir)).toEqual(['cli.cjs.bin']);
  expect((await readFile(join(dir, 'cli.cjs.bin'))).equals(planted)).toBe(true);
});

it('a cache that cannot be written (a file where its folder would be) leaves the run as it was', async () => {
  const root = join(base, 'blocked');
  await mkdir(root, { recursive: true });
  await writeFile(join(root, 'postflight'), 'a file, not a folder');
  const run = await version({ NODE_COMPILE_CACHE: root });
  expect({ code: run.code, out: run.stdout.trim(), err: run.stderr }).toEqual({ code: 0, out: expected, err: '' });
});

it('verify gives the same report with and without the cache', async () => {
  const dir = join(base, 'project');
  await mkdir(dir);
  await writeFile(join(dir, 'outputs.json'), JSON.stringify({ Stack: { data_bucket_name: 'pipeline-sensor-data-dev', vpc_id: 'vpc-0abc1234def567890' } }));
  const root = join(base, 'verify');
  // Nothing listens on port 9: every fact is an error, the same ones each time.
  const env = (extra: Record<string, string>) =>
    cleanEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', ...extra });
  const args = ['verify', '--outputs', 'outputs.json', '--no-color', '--max-attempts', '1', '--call-timeout', '2', '--junit', 'j.xml', '--json', 'r.json'];
  const runs = [];
  const settings: Array<Record<string, string>> = [{ NODE_DISABLE_COMPILE_CACHE: '1' }, { NODE_COMPILE_CACHE: root }, { NODE_COMPILE_CACHE: root }];
  for (const extra of settings) {
    const run = await runCli(args, { cwd: dir, env: env(extra) });
    const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as { results: Array<{ checkId: string; status: string }> };
    runs.push({ code: run.code, summary: run.stdout.split('\n').find((l) => /^\s*results\s/.test(l)), results: report.results.map((r) => `${r.checkId} ${r.status}`).sort() });
  }
  expect(runs[0]!.code).toBe(3);
  expect(runs[0]!.results.length).toBeGreaterThan(5);
  expect(runs[1]).toEqual(runs[0]);
  expect(runs[2]).toEqual(runs[0]);
  expect((await entries(folderOf(root))).some((f) => f.startsWith('s3.collector-'))).toBe(true);
  expect(BIN.endsWith('postflight.cjs')).toBe(true);
});

it('a run given other Node options (which V8 checks an entry against) keeps its own folder, leaving the others as they are', async () => {
  const root = join(base, 'options');
  await version({ NODE_COMPILE_CACHE: root });
  const plain = folderOf(root);
  const before = await Promise.all((await entries(plain)).map(async (f) => (await stat(join(plain, f))).mtimeMs));
  const run = await version({ NODE_COMPILE_CACHE: root, NODE_OPTIONS: '--max-old-space-size=300' });
  expect({ code: run.code, out: run.stdout.trim(), err: run.stderr }).toEqual({ code: 0, out: expected, err: '' });
  const folders = await readdir(join(root, 'postflight'));
  expect(folders).toHaveLength(2);
  const other = folders.find((f) => join(root, 'postflight', f) !== plain)!;
  expect(other.startsWith(`${process.version}-${process.arch}-${build}-`)).toBe(true);
  expect(await entries(join(root, 'postflight', other))).toContain('cli.cjs.bin');
  expect(await Promise.all((await entries(plain)).map(async (f) => (await stat(join(plain, f))).mtimeMs))).toEqual(before);
});
