/**
 * Where a resource was named, for the reports that point at a file (SARIF) or list the run's
 * sources (Markdown, HTML): the sources the run recorded, else the outputs file and its keys.
 * Pure, except `keyLinesOf`'s caller reads the file.
 */
import { parseTree, type Node } from 'jsonc-parser';
import { resourceKey, type ResourceRef, type Result, type SourceRef } from '../types.js';
import type { RunReport } from './model.js';
import { byCodeUnit } from '../compare.js';

/** Most property paths recorded for one outputs file (a bound on memory, far above any stack). */
const MAX_PATHS = 200_000;

/**
 * The 1-based line of every property of a JSON outputs file, by dotted path (`Stack.name`,
 * `name.value`) and by CloudFormation `OutputKey` value. Empty for text that is not JSON.
 */
export function keyLinesOf(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const tree = parseTree(text, [], { allowTrailingComma: false, disallowComments: true });
  if (!tree) return lines;
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const visit = (node: Node, path: string, depth: number): void => {
    if (lines.size >= MAX_PATHS || depth > 64) return;
    if (node.type === 'object') {
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || typeof k.value !== 'string') continue;
        const p = path === '' ? k.value : `${path}.${k.value}`;
        if (!lines.has(p)) lines.set(p, lineAt(k.offset));
        // CloudFormation's describe-stacks shape: { "OutputKey": "X", "OutputValue": ... }
        if (k.value === 'OutputKey' && v && typeof v.value === 'string' && !lines.has(v.value)) lines.set(v.value, lineAt(k.offset));
        if (v) visit(v, p, depth + 1);
      }
    } else if (node.type === 'array') {
      for (const item of node.children ?? []) visit(item, path, depth + 1);
    }
  };
  visit(tree, '', 0);
  return lines;
}

/** The line of an output key in a file whose property lines are `lines`, when it can be found. */
export function lineOfKey(key: string, lines: ReadonlyMap<string, number>): number | undefined {
  const bare = key.replace(/(\[\d+\])+$/, '').replace(/\[\d+\]/g, '');
  for (const candidate of [key, bare, `${bare}.value`, bare.split('.').pop() ?? bare]) {
    const line = lines.get(candidate);
    if (line !== undefined) return line;
  }
  // A nested key whose first part is a stack the flattening dropped (`Stack.name` read from `{ "Stack": { "name" } }` is found above).
  for (const [path, line] of lines) if (path.endsWith(`.${bare}`)) return line;
  return undefined;
}

/**
 * Every place that named the resource: the recorded sources, else one outputs entry per key of
 * the outputs file (with its line when `keyLines` has it).
 */
export function sourcesOf(ref: ResourceRef, report: Pick<RunReport, 'outputsFile' | 'format'>, keyLines?: ReadonlyMap<string, number>): SourceRef[] {
  if (ref.sources && ref.sources.length > 0) return ref.sources;
  return ref.keys.map((key) => {
    const line = keyLines ? lineOfKey(key, keyLines) : undefined;
    return { kind: 'outputs' as const, format: report.format, origin: report.outputsFile, name: key, ...(line !== undefined ? { line } : {}) };
  });
}

/** The file place to point at for a resource: the first source read from a file, preferring one with a line. */
export function primarySource(ref: ResourceRef, report: Pick<RunReport, 'outputsFile' | 'format'>, keyLines?: ReadonlyMap<string, number>): SourceRef | undefined {
  const all = sourcesOf(ref, report, keyLines);
  const files = all.filter((s) => s.kind !== 'stack');
  return files.find((s) => s.line !== undefined) ?? files[0] ?? all[0];
}

/** The AWS accounts the resources' ARNs name, most named first (no AWS call). */
export function accountsOf(report: Pick<RunReport, 'resources'>): string[] {
  const counts = new Map<string, number>();
  for (const r of report.resources) {
    const m = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(r.arn ?? r.id);
    if (m) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || byCodeUnit(a[0], b[0])).map(([a]) => a);
}

/** The regions of the run: the report's, then those of the resources. */
export function regionsOf(report: Pick<RunReport, 'resources' | 'region'>): string[] {
  const out = new Set<string>();
  if (report.region) out.add(report.region);
  for (const r of report.resources) if (r.region) out.add(r.region);
  return [...out];
}

/** Resources by the source that named them: the run's source summaries when recorded, else the outputs file. */
export function resourcesBySource(report: Pick<RunReport, 'sources' | 'resources' | 'outputsFile' | 'format'>): Array<{ kind: string; format: string; origin: string; resources: number }> {
  if (report.sources && report.sources.length > 0) return report.sources.map((s) => ({ kind: s.kind, format: s.format, origin: s.origin, resources: s.resources }));
  const named = report.resources.filter((r) => r.keys.length > 0).length;
  const derived = report.resources.length - named;
  const out = [{ kind: 'outputs', format: report.format, origin: report.outputsFile, resources: named }];
  if (derived > 0) out.push({ kind: 'in use', format: '-', origin: 'found in use by the resources above', resources: derived });
  return out;
}

/** The resources no result is about: the stack's resources without a check. */
/**
 * Whether a result says something of its resource: any result but the skip of a check for every
 * resource (an unconfigured required-tags check, drift where the source has no engine).
 */
export function telling(r: Pick<Result, 'status' | 'checkId'>, report: Pick<RunReport, 'everyTypeChecks'>): boolean {
  return r.status !== 'skipped' || !(report.everyTypeChecks ?? []).includes(r.checkId);
}

export function withoutCheck(report: Pick<RunReport, 'resources' | 'results' | 'everyTypeChecks'>): ResourceRef[] {
  const judged = new Set(report.results.filter((r) => telling(r, report)).map((r) => resourceKey(r.resource)));
  return report.resources.filter((r) => !judged.has(resourceKey(r)));
}

/** Whether a resource without a result has a check that the run did not select (rather than no check at all). */
export function checkNotSelected(ref: Pick<ResourceRef, 'type'>, report: Pick<RunReport, 'unselectedTypes'>): boolean {
  return (report.unselectedTypes ?? []).includes(ref.type);
}

/** The resources no result is about, split: those no check exists for, and those whose checks were not selected. */
export function unjudged(report: Pick<RunReport, 'resources' | 'results' | 'unselectedTypes' | 'everyTypeChecks'>): { noCheck: ResourceRef[]; notSelected: ResourceRef[] } {
  const all = withoutCheck(report);
  return { noCheck: all.filter((r) => !checkNotSelected(r, report)), notSelected: all.filter((r) => checkNotSelected(r, report)) };
}

/** Why a resource has no result, in a few words. */
export function unjudgedReason(ref: Pick<ResourceRef, 'type'>, report: Pick<RunReport, 'unselectedTypes'>): string {
  return checkNotSelected(ref, report) ? 'its checks were not selected for this run' : 'no check applies to this resource';
}
