/**
 * `postflight merge REPORT.json|FOLDER…`: reads the JSON reports of several runs (a CI matrix's
 * artifacts), merges them (`merge.ts`), and renders and writes every report as `verify` does, with
 * the same flags, the same atomic writes and the same exit codes. Every input is read and checked
 * before anything is written: one bad report stops the merge with one sentence naming it, and no
 * report is written.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { reportTargets, type ReportTargets } from '../plan/plan.js';
import { version } from '../version.js';
import { mergeReports, type MergeInput } from './merge.js';
import { parseJsonReport } from './schema.js';
import { loadReporters, renderReports, writeRendered } from './stage.js';
import { byCodeUnit } from '../compare.js';

export interface MergeOptions {
  /** Reports and folders, as given. */
  reports: string[];
  junit?: string;
  json?: string;
  sarif?: string;
  markdown?: string;
  html?: string;
  codequality?: string;
  color: boolean;
  verbose?: boolean;
  quiet?: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  now?: () => Date;
}

/** Largest report read (a JSON report of thousands of resources is a few MB). */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;

interface Found {
  /** As shown in messages and in the merged report: the path given, or the folder given joined with the file's place in it. */
  shown: string;
  path: string;
}

/** Every `.json` file under a folder, at any depth, sorted; links to folders are not followed. */
async function jsonFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    for (const e of entries.sort((a, b) => byCodeUnit(a.name, b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.toLowerCase().endsWith('.json') && (e.isFile() || (e.isSymbolicLink() && (await stat(p).catch(() => undefined))?.isFile()))) out.push(p);
    }
  };
  await walk(dir);
  return out;
}

function cannotRead(shown: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(`The report ${shown} does not exist: check the path (in CI, where the verify jobs' artifacts were downloaded).`);
  return new InputError(`The report ${shown} could not be read (${(e as Error).message}): check its permissions.`);
}

/** The report files the arguments name: files as given, folders as every `.json` file under them; each file once. */
async function expand(given: readonly string[], cwd: string): Promise<Found[]> {
  const found: Found[] = [];
  for (const g of given) {
    const path = resolve(cwd, g);
    const s = await stat(path).catch((e: unknown) => {
      throw cannotRead(g, e);
    });
    if (!s.isDirectory()) {
      found.push({ shown: g, path });
      continue;
    }
    const files = await jsonFilesUnder(path);
    if (files.length === 0) {
      throw new InputError(`The folder ${g} holds no .json file: pass the JSON reports \`postflight verify --json FILE\` wrote, or the folder they were downloaded to.`);
    }
    for (const f of files) found.push({ shown: join(g, relative(path, f)), path: f });
  }
  const seen = new Set<string>();
  const unique: Found[] = [];
  for (const f of found) {
    const real = await realpath(f.path).catch(() => f.path);
    if (seen.has(real)) continue;
    seen.add(real);
    unique.push({ ...f, path: real });
  }
  return unique;
}

async function readReport(f: Found): Promise<MergeInput> {
  let bytes: Buffer;
  try {
    const s = await stat(f.path);
    if (s.size > MAX_REPORT_BYTES) throw new InputError(`The report ${f.shown} is ${Math.round(s.size / 1024 / 1024)} MiB, over the ${MAX_REPORT_BYTES / 1024 / 1024} MiB a report can be: pass the JSON report of one run.`);
    bytes = await readFile(f.path);
  } catch (e) {
    throw e instanceof InputError ? e : cannotRead(f.shown, e);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`The report ${f.shown} is not UTF-8 text: pass the JSON report \`postflight verify --json FILE\` wrote.`);
  }
  return { file: f.shown, report: parseJsonReport(text, f.shown) };
}

const FLAGS: Record<keyof Omit<ReportTargets, 'stepSummary'>, string> = {
  junit: '--junit',
  json: '--json',
  sarif: '--sarif',
  markdown: '--markdown',
  html: '--html',
  codequality: '--codequality',
};

/** A merged report written over one of the reports it merges would destroy an input: refused. */
async function refuseOverwrite(targets: ReportTargets, inputs: readonly Found[], given: MergeOptions): Promise<void> {
  const inputPaths = new Set(inputs.map((i) => i.path));
  for (const [name, flag] of Object.entries(FLAGS) as Array<[keyof typeof FLAGS, string]>) {
    const target = targets[name];
    if (!target) continue;
    const real = await realpath(target).catch(() => target);
    if (!inputPaths.has(real)) continue;
    const named = given[name] ? `${flag} ${given[name]}` : `the default path of the merged ${name.toUpperCase()} report, ${relative(given.cwd, target)},`;
    throw new UsageError(`${named} is also one of the reports to merge: write the merged report elsewhere with ${flag} FILE.`);
  }
}

/** `postflight merge`: returns the exit code (0, 1 or 3); throws a typed error for bad input. */
export async function mergeCommand(opts: MergeOptions): Promise<number> {
  if (opts.reports.length === 0) {
    throw new UsageError('postflight merge needs the JSON reports to merge: pass their files or folders, e.g. `postflight merge reports/*/postflight.json`.');
  }
  const now = opts.now ?? (() => new Date());
  const found = await expand(opts.reports, opts.cwd);
  const targets = reportTargets(opts, {});
  await refuseOverwrite(targets, found, opts);
  const inputs: MergeInput[] = [];
  for (const f of found) inputs.push(await readReport(f));
  const merged = mergeReports(inputs, version());
  const r = await loadReporters();
  const plan = { reports: targets, console: { color: opts.color, verbose: opts.verbose === true, quiet: opts.quiet === true }, sources: { cwd: opts.cwd } };
  const rendered = await renderReports(plan, merged, r, now);
  await writeRendered(rendered, r);
  opts.out(rendered.console);
  return merged.exitCode;
}
