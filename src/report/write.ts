/**
 * Writes report files. The only part of the report stage that touches the file system.
 *
 * Each file is written atomically: the content goes to a temporary file in the same directory,
 * is flushed to disk (fsync), and is renamed over the target. A reader (a CI step, a dashboard)
 * therefore sees either the previous file or the complete new one, never a partial write.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { PostflightError } from '../errors.js';

export interface ReportFile {
  path: string;
  content: string;
}

/** Writes one file atomically (temporary file, fsync, rename), creating its directory when missing. */
export async function writeReportAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(resolve(path)), { recursive: true });
  await writeFileAtomic(path, content, { encoding: 'utf8', fsync: true });
}

/**
 * Thrown when one or more report files could not be written; names every file that failed and why.
 * A `PostflightError`, so the CLI reports it as one sentence instead of a stack trace.
 */
export class ReportWriteError extends PostflightError {
  override name = 'ReportWriteError';
  constructor(readonly failures: ReadonlyArray<{ path: string; error: unknown }>) {
    super(
      `Could not write ${failures.length === 1 ? 'the report' : `${failures.length} reports`}: ` +
        failures.map((f) => `${f.path} (${f.error instanceof Error ? f.error.message : String(f.error)})`).join('; ') +
        '. Check that the directory is writable, or choose another path.',
    );
  }
}

/**
 * Writes already-rendered reports. Call it only once every report has rendered, so that a
 * rendering fault writes nothing at all.
 *
 * The guarantee is per file, not across files: every file is either left as it was or replaced
 * by its complete new content, never partly written. If one write fails, the others still
 * complete (each atomically) and a `ReportWriteError` names every failed path. Two entries for
 * the same path are refused before anything is written.
 */
export async function writeReports(files: ReadonlyArray<ReportFile>): Promise<void> {
  const seen = new Set<string>();
  for (const f of files) {
    const abs = resolve(f.path);
    if (seen.has(abs)) throw new ReportWriteError([{ path: f.path, error: new Error('the same path is given for two reports') }]);
    seen.add(abs);
  }
  const settled = await Promise.allSettled(files.map((f) => writeReportAtomic(f.path, f.content)));
  const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ path: files[i]?.path ?? '', error: s.reason as unknown }] : []));
  if (failures.length > 0) throw new ReportWriteError(failures);
}

/**
 * Appends the Markdown summary to the file GitHub Actions shows on the run's page
 * (`GITHUB_STEP_SUMMARY`). The runner owns that file and other steps append to it too, so it is
 * appended to, in one write, never replaced.
 */
export async function appendStepSummary(path: string, markdown: string): Promise<void> {
  try {
    await appendFile(path, `${markdown}\n`, 'utf8');
  } catch (error) {
    throw new ReportWriteError([{ path, error }]);
  }
}
