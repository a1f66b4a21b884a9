/**
 * The reports beyond JUnit and JSON, rendered only when asked for: SARIF, the Markdown summary,
 * the HTML audit report and the GitLab Code Quality report. Rendering is pure; `outputKeyLines` reads the outputs file once to
 * find the line of each output key, for resources whose sources carry no line.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { toHtml } from './html.js';
import { keyLinesOf } from './locate.js';
import { toMarkdown } from './markdown.js';
import type { RunReport } from './model.js';
import { toSarif } from './sarif.js';
import { toCodeQuality } from './codequality.js';
import type { ReportFile } from './write.js';

export interface ExtraReports {
  /** Folder SARIF locations are relative to. */
  cwd: string;
  sarif?: string;
  /** Present (even undefined) when the Markdown summary is wanted: a path writes it to a file. */
  markdown?: string | undefined;
  html?: string;
  codequality?: string;
  keyLines?: ReadonlyMap<string, number>;
}

/** The line of every output key of the outputs file, when some resource has no recorded source line; undefined when it cannot be read. */
export async function outputKeyLines(report: RunReport, cwd: string): Promise<Map<string, number> | undefined> {
  if (report.resources.every((r) => r.sources?.some((s) => s.line !== undefined))) return undefined;
  try {
    return keyLinesOf(await readFile(resolve(cwd, report.outputsFile), 'utf8'));
  } catch {
    return undefined;
  }
}

export function renderExtraReports(report: RunReport, want: ExtraReports): { files: ReportFile[]; markdown?: string } {
  const files: ReportFile[] = [];
  if (want.sarif) files.push({ path: want.sarif, content: toSarif(report, { baseDir: want.cwd, ...(want.keyLines ? { keyLines: want.keyLines } : {}) }) });
  let markdown: string | undefined;
  if ('markdown' in want) {
    markdown = toMarkdown(report);
    if (want.markdown) files.push({ path: want.markdown, content: markdown });
  }
  if (want.html) files.push({ path: want.html, content: toHtml(report, want.keyLines ? { keyLines: want.keyLines } : {}) });
  if (want.codequality) files.push({ path: want.codequality, content: toCodeQuality(report, { baseDir: want.cwd, ...(want.keyLines ? { keyLines: want.keyLines } : {}) }) });
  return markdown === undefined ? { files } : { files, markdown };
}
