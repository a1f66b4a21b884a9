/**
 * The SARIF 2.1.0 report, for code-scanning views (GitHub code scanning, Azure DevOps, IDEs).
 * Pure: the same report and options give the same text.
 *
 * One rule per check that ran (its title, its remediation as help, its severity as the default
 * level, the framework controls it implements as tags such as `fsbp:S3.8` and `cis-3.0:2.1.4`); one result per failed or errored (check, resource), located in the file that named the
 * resource, at the line of the output key or state entry when it is known. A result that could
 * not be verified is reported at level `error` whatever the check's severity: it is never a pass.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Result, Severity } from '../types.js';
import { resourceKey } from '../types.js';
import { toPlain } from './json.js';
import { primarySource } from './locate.js';
import { stripControl } from './sanitize.js';
import { mdText } from './markdown.js';
import type { RunReport } from './model.js';
import { controlRefs, frameworkData } from '../engine/frameworks.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  /** Folder file locations are made relative to (the repository root in CI; the working folder). */
  baseDir?: string;
  /** Lines of output keys in the outputs file, for resources whose sources carry no line. */
  keyLines?: ReadonlyMap<string, number>;
}

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** GitHub code scanning ranks security results by this property (0.0-10.0). */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

/** An artifact location: relative to `baseDir` (with `%SRCROOT%`) when inside it, else a file: URI. */
function artifactLocation(path: string, baseDir: string | undefined): { uri: string; uriBaseId?: string } {
  const toUri = (p: string) => p.split(sep).map(encodeURIComponent).join('/');
  if (!isAbsolute(path)) return { uri: toUri(path), uriBaseId: '%SRCROOT%' };
  if (baseDir) {
    const rel = relative(baseDir, path);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return { uri: toUri(rel), uriBaseId: '%SRCROOT%' };
  }
  return { uri: pathToFileURL(path).href };
}

/** Text a viewer shows: no escape sequence or control character from outside. */
const shown = (s: string): string => stripControl(s, { multiline: true });

/** A result's identity across runs: its check and its resource (account, type, region, id). */
export function fingerprint(r: Result): string {
  return createHash('sha256').update(`${r.checkId}\n${resourceKey(r.resource)}`).digest('hex').slice(0, 32);
}

/** The SARIF log for one run, pretty-printed. Ends with a newline. */
export function toSarif(report: RunReport, options: SarifOptions = {}): string {
  const checkIds: string[] = [];
  const firstOf = new Map<string, Result>();
  for (const r of report.results) {
    if (!firstOf.has(r.checkId)) {
      firstOf.set(r.checkId, r);
      checkIds.push(r.checkId);
    }
  }
  checkIds.sort();
  const ruleIndex = new Map(checkIds.map((id, i) => [id, i]));
  const rules = checkIds.map((id) => {
    const r = firstOf.get(id)!;
    // The framework controls the check implements: as tags (code scanning filters by them), and with their titles in the help.
    const controls = controlRefs(r.controls);
    const named = (c: (typeof controls)[number]) => `${frameworkData()[c.framework].short} ${c.id}${c.title ? `: ${c.title}` : ''}`;
    return {
      id,
      name: id.replace(/(^|[-_])([a-z0-9])/g, (_m, _s: string, c: string) => c.toUpperCase()),
      shortDescription: { text: shown(r.title) },
      fullDescription: { text: `${shown(r.title)} (${r.severity}).` },
      help: {
        text: `${shown(r.remediation)}${controls.length ? `\nControls: ${shown(controls.map(named).join('; '))}.` : ''}`,
        markdown: `**Fix:** ${mdText(r.remediation)}${controls.length ? `\n\n**Controls:** ${controls.map((c) => mdText(named(c))).join('; ')}.` : ''}`,
      },
      defaultConfiguration: { level: LEVEL[r.severity] ?? 'warning' },
      properties: {
        tags: [...new Set(['security', 'aws', r.family ?? 'custom', ...controls.map((c) => shown(c.tag))])],
        'security-severity': SECURITY_SEVERITY[r.severity] ?? '5.5',
        severity: r.severity,
      },
    };
  });

  const results = report.results
    .filter((r) => r.status === 'fail' || r.status === 'error')
    .map((r) => {
      const src = primarySource(r.resource, report, options.keyLines);
      const where = src && src.kind !== 'stack' ? src.origin : report.outputsFile;
      const physicalLocation = {
        artifactLocation: artifactLocation(where, options.baseDir),
        ...(src?.line !== undefined && src.kind !== 'stack' ? { region: { startLine: src.line } } : {}),
      };
      const place = [r.resource.region, r.resource.account ? `account ${r.resource.account}` : undefined].filter(Boolean).join(', ');
      const what = `${r.resource.type} ${r.resource.id}${place ? ` (${place})` : ''}`;
      const text =
        r.status === 'error'
          ? `Could not be verified: ${r.title} on ${what}: ${r.message}. Fix: ${r.remediation}`
          : `${r.title}: failed on ${what}: ${r.message}. Fix: ${r.remediation}`;
      return {
        ruleId: r.checkId,
        ruleIndex: ruleIndex.get(r.checkId)!,
        kind: 'fail',
        level: r.status === 'error' ? ('error' as const) : (LEVEL[r.severity] ?? 'warning'),
        message: { text: shown(text) },
        locations: [
          {
            physicalLocation,
            logicalLocations: [{ name: r.resource.id, fullyQualifiedName: `${r.resource.account ? `${r.resource.account}/` : ''}${r.resource.type}/${r.resource.region ?? ''}/${r.resource.id}`, kind: 'resource' }],
            ...(src ? { message: { text: shown(`named by ${src.kind === 'stack' ? `stack ${src.origin}` : src.origin}: ${src.name}`) } } : {}),
          },
        ],
        partialFingerprints: { 'postflightResult/v1': fingerprint(r) },
        properties: {
          status: r.status,
          severity: r.severity,
          family: r.family ?? 'custom',
          resourceType: r.resource.type,
          resourceId: r.resource.id,
          ...(r.resource.arn ? { resourceArn: r.resource.arn } : {}),
          ...(r.resource.account ? { account: r.resource.account } : {}),
          evidence: toPlain(r.evidence ?? {}, { sortKeys: true }),
        },
      };
    });

  const end = new Date(Date.parse(report.startedAt) + Math.max(0, report.durationMs));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, semanticVersion: report.tool.version, rules } },
        invocations: [
          {
            executionSuccessful: true,
            exitCode: report.exitCode,
            ...(Number.isNaN(end.getTime()) ? {} : { startTimeUtc: report.startedAt, endTimeUtc: end.toISOString() }),
          },
        ],
        ...(options.baseDir ? { originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(options.baseDir.endsWith(sep) ? options.baseDir : `${options.baseDir}${sep}`).href } } } : {}),
        results,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
