/**
 * The GitLab Code Quality report (`artifacts:reports:codequality`): the subset of the Code Climate
 * issue format GitLab reads, a JSON array with one issue per failed or errored (check, resource).
 * Pure: the same report and options give the same text.
 *
 * Each issue has the fields GitLab requires: `description` (what failed, on which resource, and
 * the fix), `check_name` (the check's id), `fingerprint` (a stable hash of the check and the
 * resource: account, type, region, id; the one SARIF uses), `severity`, and `location` (`path`,
 * relative to the repository, and `lines.begin`): the outputs or state file that named the
 * resource, at the line of its output key or state entry when it is known (line 1 otherwise), as
 * the SARIF report locates it. It also carries Code Climate's `type` and `categories`.
 *
 * Severities: GitLab's scale has five steps (info, minor, major, critical, blocker) and
 * postflight's four, each kept a step apart and in order: critical → blocker, high → critical,
 * medium → major, low → minor. A result that could not be verified is never below critical
 * (SARIF reports it at level error whatever the check's severity, too).
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { Result, Severity } from '../types.js';
import { primarySource } from './locate.js';
import type { RunReport } from './model.js';
import { stripControl } from './sanitize.js';
import { fingerprint } from './sarif.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';
const SCALE: readonly CodeQualitySeverity[] = ['info', 'minor', 'major', 'critical', 'blocker'];

export const CODE_QUALITY_SEVERITY: Readonly<Record<Severity, CodeQualitySeverity>> = { critical: 'blocker', high: 'critical', medium: 'major', low: 'minor' };

export interface CodeQualityOptions {
  /** The repository root (the working folder in CI): paths are made relative to it. */
  baseDir?: string;
  /** Lines of output keys in the outputs file, for resources whose sources carry no line. */
  keyLines?: ReadonlyMap<string, number>;
}

export interface CodeQualityIssue {
  type: 'issue';
  check_name: string;
  description: string;
  categories: string[];
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

function severityOf(r: Result): CodeQualitySeverity {
  const own = CODE_QUALITY_SEVERITY[r.severity] ?? 'major';
  if (r.status !== 'error') return own;
  return SCALE.indexOf(own) >= SCALE.indexOf('critical') ? own : 'critical';
}

/** A path as GitLab wants it: relative to the repository, with forward slashes, when it is inside it. */
function repoPath(path: string, baseDir: string | undefined): string {
  let p = path;
  if (isAbsolute(p) && baseDir) {
    const rel = relative(baseDir, p);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) p = rel;
  }
  return stripControl(p.split(sep).join('/')).replace(/^\.\//, '');
}

/** The Code Quality report for one run (or a merged one), pretty-printed. Ends with a newline. */
export function toCodeQuality(report: RunReport, options: CodeQualityOptions = {}): string {
  const issues: CodeQualityIssue[] = report.results
    .filter((r) => r.status === 'fail' || r.status === 'error')
    .map((r) => {
      const src = primarySource(r.resource, report, options.keyLines);
      const file = src && src.kind !== 'stack' ? src.origin : report.outputsFile || src?.origin || '';
      const line = src && src.kind !== 'stack' && src.line !== undefined ? src.line : 1;
      const place = [r.resource.region, r.resource.account ? `account ${r.resource.account}` : undefined].filter(Boolean).join(', ');
      const what = `${r.resource.type} ${r.resource.id}${place ? ` (${place})` : ''}`;
      const description =
        r.status === 'error'
          ? `Could not be verified: ${r.title} on ${what}: ${r.message}. Fix: ${r.remediation}`
          : `${r.title}: failed on ${what}: ${r.message}. Fix: ${r.remediation}`;
      return {
        type: 'issue' as const,
        check_name: stripControl(r.checkId),
        description: stripControl(description),
        categories: ['Security'],
        fingerprint: fingerprint(r),
        severity: severityOf(r),
        location: { path: repoPath(file, options.baseDir), lines: { begin: line } },
      };
    });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
