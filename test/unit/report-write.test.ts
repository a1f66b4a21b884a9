import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostflightError } from '../../src/errors.js';
import { ReportWriteError, writeReportAtomic, writeReports } from '../../src/report/write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postflight-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every file under `root`, relative, sorted. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(root.length + 1))
    .sort();
}

describe('writeReportAtomic', () => {
  it('creates missing parent directories', async () => {
    const target = join(dir, 'reports', 'nested', 'deeper', 'junit.xml');
    await writeReportAtomic(target, '<testsuites/>\n');
    expect(await readFile(target, 'utf8')).toBe('<testsuites/>\n');
  });

  it('writes the full content, byte for byte, including non-Latin text and large reports', async () => {
    const target = join(dir, 'report.json');
    const content = `${'{"k":"日本語 مرحبا 😀"}\n'.repeat(50_000)}end`;
    await writeReportAtomic(target, content);
    expect(await readFile(target, 'utf8')).toBe(content);
  });

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const target = join(dir, 'junit.xml');
    await writeFile(target, 'old content that is longer than the new one');
    await writeReportAtomic(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await filesUnder(dir)).toEqual(['junit.xml']);
  });

  it('lets a concurrent reader see only the old or the new content, never a partial file', async () => {
    const target = join(dir, 'report.json');
    const versions = ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => c.repeat(2_000_000));
    await writeReportAtomic(target, versions[0]!);
    let writing = true;
    const seen = new Set<number>();
    const reader = (async () => {
      while (writing) {
        const text = await readFile(target, 'utf8');
        const index = versions.indexOf(text);
        if (index < 0) throw new Error(`read ${text.length} chars that match no complete version`);
        seen.add(index);
      }
    })();
    for (const v of versions.slice(1)) await writeReportAtomic(target, v);
    writing = false;
    await reader;
    expect(seen.size).toBeGreaterThan(0);
    expect(await readFile(target, 'utf8')).toBe(versions.at(-1));
    expect(await filesUnder(dir)).toEqual(['report.json']);
  });

  it('rejects when the directory cannot be created, leaving nothing behind', async () => {
    await writeFile(join(dir, 'blocker'), 'a file where a directory should be');
    await expect(writeReportAtomic(join(dir, 'blocker', 'junit.xml'), 'x')).rejects.toThrow();
    expect(await filesUnder(dir)).toEqual(['blocker']);
  });

  it('removes its temporary file when the final rename fails, leaving what was there untouched', async () => {
    // a directory (with a file in it) sits where the report should go: the rename over it fails
    const taken = join(dir, 'junit.xml');
    await writeReportAtomic(join(taken, 'inner.txt'), 'kept');
    await expect(writeReportAtomic(taken, 'new')).rejects.toThrow();
    expect(await readFile(join(taken, 'inner.txt'), 'utf8')).toBe('kept');
    expect(await filesUnder(dir)).toEqual([join('junit.xml', 'inner.txt')]);
  });
});

describe('writeReports', () => {
  it('writes every report', async () => {
    const files = [
      { path: join(dir, 'reports', 'junit.xml'), content: '<testsuites/>\n' },
      { path: join(dir, 'reports', 'postflight.json'), content: '{}\n' },
    ];
    await writeReports(files);
    for (const f of files) expect(await readFile(f.path, 'utf8')).toBe(f.content);
    expect(await filesUnder(dir)).toEqual([join('reports', 'junit.xml'), join('reports', 'postflight.json')]);
  });

  it('names every file it could not write, and still completes the others', async () => {
    await writeFile(join(dir, 'blocker'), '');
    const good = join(dir, 'ok', 'postflight.json');
    const bad = join(dir, 'blocker', 'junit.xml');
    const error: unknown = await writeReports([
      { path: bad, content: '<testsuites/>' },
      { path: good, content: '{"complete":true}' },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportWriteError);
    expect(error).toBeInstanceOf(PostflightError);
    expect((error as ReportWriteError).failures.map((f) => f.path)).toEqual([bad]);
    expect((error as Error).message).toContain(bad);
    expect(await readFile(good, 'utf8')).toBe('{"complete":true}');
    expect(await filesUnder(dir)).toEqual(['blocker', join('ok', 'postflight.json')]);
  });

  it('refuses two reports for the same path before writing anything', async () => {
    const path = join(dir, 'same.xml');
    await expect(
      writeReports([
        { path: join(dir, 'other.json'), content: '{}' },
        { path, content: 'a' },
        { path: join(dir, '.', 'same.xml'), content: 'b' },
      ]),
    ).rejects.toThrow(/same path/);
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('does nothing for an empty list', async () => {
    await writeReports([]);
    expect(await filesUnder(dir)).toEqual([]);
  });
});
