/**
 * The frameworks auditors name controls in, and the controls each check carries: AWS Foundational
 * Security Best Practices (Security Hub CSPM control ids such as `S3.8`) and the CIS AWS
 * Foundations Benchmark v3.0.0 (recommendation numbers such as `2.1.4`).
 *
 * `frameworks.json` holds the published lists, ids and titles, each with where and when it was
 * read: a test holds every id a built-in check names to them, and the reports show the titles.
 * It is read on first use with `require`, not imported: a run that names no control never parses it.
 */
import { createRequire } from 'node:module';
import { UsageError } from '../errors.js';
import type { Controls } from './define.js';

/** The frameworks postflight maps, in the order the reports list them. */
export const FRAMEWORKS = ['fsbp', 'cis'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export interface FrameworkData {
  /** The framework's name and version, as its publisher writes it. */
  name: string;
  /** A short name for tables: `FSBP`, `CIS v3.0.0`. */
  short: string;
  /** The prefix of a control's tag in SARIF (`fsbp:S3.8`, `cis-3.0:2.1.4`). */
  tag: string;
  /** Where the list was read, and when. */
  source: { url: string; read: string; what: string };
  /** Control id → its title, as published. */
  controls: Readonly<Record<string, string>>;
}

/** One control a check names, with its title when the published list has the id. */
export interface ControlRef {
  framework: Framework;
  id: string;
  /** `fsbp:S3.8`, `cis-3.0:2.1.4`. */
  tag: string;
  title?: string;
}

/** The form of a control id in each framework: what a check (custom ones too) and a JSON report may name. */
export const CONTROL_ID: Readonly<Record<Framework, { pattern: RegExp; what: string }>> = {
  fsbp: { pattern: /^[A-Za-z0-9]+\.\d+$/, what: 'a Security Hub control id, such as S3.8' },
  cis: { pattern: /^\d+(?:\.\d+)+$/, what: 'a CIS recommendation number, such as 2.1.4' },
};

const load = createRequire(import.meta.url);
let data: Readonly<Record<Framework, FrameworkData>> | undefined;

export function frameworkData(): Readonly<Record<Framework, FrameworkData>> {
  return (data ??= load('./frameworks.json') as Record<Framework, FrameworkData>);
}

export function isFramework(value: string): value is Framework {
  return (FRAMEWORKS as readonly string[]).includes(value);
}

/** The control's published title; undefined for an id the list does not hold (a custom check may name any). */
export function controlTitle(framework: Framework, id: string): string | undefined {
  const controls = frameworkData()[framework].controls;
  return Object.hasOwn(controls, id) ? controls[id] : undefined;
}

export function controlTag(framework: Framework, id: string): string {
  return `${frameworkData()[framework].tag}:${id}`;
}

/** The controls a check (or a result) names, framework by framework, each with its title where known. */
export function controlRefs(controls: Controls | undefined): ControlRef[] {
  if (!controls) return [];
  return FRAMEWORKS.flatMap((framework) =>
    (controls[framework] ?? []).map((id) => {
      const title = controlTitle(framework, id);
      return { framework, id, tag: controlTag(framework, id), ...(title !== undefined ? { title } : {}) };
    }),
  );
}

/** A check's or result's controls as plain data, the frameworks in their order (the JSON report's `controls`). */
export function controlsJson(controls: Controls): Partial<Record<Framework, string[]>> {
  const out: Partial<Record<Framework, string[]>> = {};
  for (const f of FRAMEWORKS) if (controls[f] !== undefined) out[f] = [...controls[f]!];
  return out;
}

/** Whether a check names at least one control of any of these frameworks. */
export function inFrameworks(controls: Controls | undefined, frameworks: readonly Framework[]): boolean {
  return frameworks.some((f) => (controls?.[f]?.length ?? 0) > 0);
}

/** Orders control ids as their publishers list them: by service (or section), then number by number (`S3.5` before `S3.13`, `1.2` before `1.16`). */
export function compareControlIds(a: string, b: string): number {
  const parts = (id: string) => id.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p.toLowerCase()));
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * Framework names as a flag or the config gives them (`--framework fsbp --framework cis`,
 * `--framework fsbp,cis`), each once. An unknown name is a UsageError naming `source` and the choices.
 */
export function parseFrameworks(values: readonly string[], source: string): Framework[] {
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
  const unknown = names.find((n) => !isFramework(n));
  if (unknown !== undefined) {
    throw new UsageError(`${source} names the framework "${unknown}", which postflight does not map: use ${FRAMEWORKS.join(' or ')}.`);
  }
  return FRAMEWORKS.filter((f) => names.includes(f));
}

/** How a check's controls read on one line: `fsbp S3.8 · cis 2.1.4`, `none in fsbp or cis`, or `not mapped`. */
export function controlsText(controls: Controls | undefined): string {
  if (!controls || FRAMEWORKS.every((f) => controls[f] === undefined)) return 'not mapped';
  const named = FRAMEWORKS.filter((f) => (controls[f]?.length ?? 0) > 0).map((f) => `${f} ${controls[f]!.join(', ')}`);
  const none = FRAMEWORKS.filter((f) => controls[f] !== undefined && controls[f]!.length === 0);
  const unmapped = FRAMEWORKS.filter((f) => controls[f] === undefined);
  return [
    ...named,
    ...(none.length ? [`none in ${none.join(' or ')}`] : []),
    ...(unmapped.length ? [`${unmapped.join(' and ')} not mapped`] : []),
  ].join(' · ');
}
