/**
 * Runs the repository's composite GitHub Action (`action.yml`) as the runner would, for the tests:
 * its steps in order, each `run:` with `bash --noprofile --norc -eo pipefail` (the runner's
 * command for `shell: bash`), in its `working-directory`, with its `env:`, with `${{ … }}`
 * replaced from the inputs (the action's defaults under those given), `github.action_path` and the
 * outputs earlier steps wrote to `GITHUB_OUTPUT`; each `if:` evaluated (a step without one runs
 * only while every step before it succeeded). A `uses:` step is not run: it is recorded with its
 * evaluated `with:`, and whether it would have run. An expression this harness does not know is an
 * error, so the action keeps to what is tested here.
 *
 * `replace` runs a function instead of a step's script, by step id: the tests replace the install
 * step (`npm ci` in the action's folder) by pointing at the package already built in this
 * repository; every other step is the action's own text.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './cli.js';

export const ACTION_PATH = join(ROOT, 'action.yml');

export interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}

export interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}

export interface ActionDefinition {
  name: string;
  description: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export function loadAction(path = ACTION_PATH): ActionDefinition {
  return parse(readFileSync(path, 'utf8')) as ActionDefinition;
}

export interface StepRun {
  id?: string;
  name?: string;
  ran: boolean;
  replaced?: boolean;
  uses?: string;
  with?: Record<string, string>;
  code?: number;
  stdout?: string;
  stderr?: string;
}

export interface ActionRun {
  steps: StepRun[];
  /** The action's outputs, evaluated after its last step. */
  outputs: Record<string, string>;
  /** The first failing step's exit code, or 0: what the action's step in a workflow ends with. */
  code: number;
}

export interface RunActionOptions {
  inputs: Record<string, string>;
  /** The workspace: the working folder of every step (`working-directory` is relative to it). */
  workspace: string;
  /** The environment of every step (GITHUB_STEP_SUMMARY, AWS settings, PATH, …). */
  env: NodeJS.ProcessEnv;
  replace?: Record<string, (ctx: { output: (name: string, value: string) => void }) => void>;
  action?: ActionDefinition;
}

interface Context {
  inputs: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string> }>;
  actionPath: string;
}

/** The value of one expression operand: a context property or a quoted literal. */
function operand(expr: string, ctx: Context): string {
  const e = expr.trim();
  let m = /^'((?:[^']|'')*)'$/.exec(e);
  if (m) return m[1]!.replace(/''/g, "'");
  m = /^inputs\.([A-Za-z0-9_-]+)$/.exec(e);
  if (m) {
    if (!(m[1]! in ctx.inputs)) throw new Error(`action.yml uses inputs.${m[1]}, which it does not declare`);
    return ctx.inputs[m[1]!]!;
  }
  m = /^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$/.exec(e);
  if (m) return ctx.steps[m[1]!]?.outputs[m[2]!] ?? '';
  if (e === 'github.action_path') return ctx.actionPath;
  throw new Error(`the test harness does not know the expression "${e}"`);
}

/** `${{ … }}` in a string, replaced. */
export function substitute(text: string, ctx: Context): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, expr: string) => operand(expr, ctx));
}

/** An `if:` of terms joined by `&&`: `always()`, `success()`, `failure()`, `a == b`, `a != b`. */
export function condition(expr: string | undefined, ctx: Context, failed: boolean): boolean {
  if (expr === undefined) return !failed;
  const body = expr.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const terms = body.split('&&').map((t) => t.trim());
  const results = terms.map((t) => {
    if (t === 'always()') return true;
    if (t === 'success()') return !failed;
    if (t === 'failure()') return failed;
    const m = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(t);
    if (!m) throw new Error(`the test harness does not know the condition "${t}"`);
    const [a, b] = [operand(m[1]!, ctx), operand(m[3]!, ctx)];
    return m[2] === '==' ? a === b : a !== b;
  });
  // Without a status function (always(), success(), failure()), GitHub adds success().
  const named = terms.some((t) => ['always()', 'success()', 'failure()'].includes(t));
  return (named || !failed) && results.every(Boolean);
}

/** `name=value` lines and `name<<DELIMITER` blocks, as GITHUB_OUTPUT holds them. */
export function readOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]!);
      out[heredoc[1]!] = body.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export function runAction(opts: RunActionOptions): ActionRun {
  const action = opts.action ?? loadAction();
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = spec.default ?? '';
  for (const [name, value] of Object.entries(opts.inputs)) {
    if (!(name in action.inputs)) throw new Error(`the test gives the input "${name}", which action.yml does not declare`);
    inputs[name] = value;
  }
  const ctx: Context = { inputs, steps: {}, actionPath: ROOT };
  const runs: StepRun[] = [];
  let failed = false;
  let code = 0;
  const scratch = mkdtempSync(join(tmpdir(), 'postflight-action-'));
  try {
    action.runs.steps.forEach((step, n) => {
      const run: StepRun = { ...(step.id ? { id: step.id } : {}), ...(step.name ? { name: step.name } : {}), ran: false };
      runs.push(run);
      if (!condition(step.if, ctx, failed)) return;
      run.ran = true;
      const outputs: Record<string, string> = {};
      if (step.id) ctx.steps[step.id] = { outputs };
      if (step.uses) {
        run.uses = step.uses;
        run.with = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)]));
        return;
      }
      const replacement = step.id ? opts.replace?.[step.id] : undefined;
      if (replacement) {
        run.replaced = true;
        replacement({ output: (name, value) => (outputs[name] = value) });
        return;
      }
      if (step.shell !== 'bash' || typeof step.run !== 'string') throw new Error(`step ${step.id ?? n} is neither a bash step nor a uses step`);
      const outputFile = join(scratch, `output-${n}`);
      writeFileSync(outputFile, '');
      const script = join(scratch, `step-${n}.sh`);
      writeFileSync(script, substitute(step.run, ctx));
      const env: NodeJS.ProcessEnv = {
        ...opts.env,
        GITHUB_ACTION_PATH: ctx.actionPath,
        GITHUB_WORKSPACE: opts.workspace,
        GITHUB_OUTPUT: outputFile,
        ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)])),
      };
      const cwd = resolve(opts.workspace, substitute(step['working-directory'] ?? '.', ctx));
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8', timeout: 180_000 });
      run.code = r.status ?? 1;
      run.stdout = r.stdout;
      run.stderr = r.stderr;
      Object.assign(outputs, readOutputFile(readFileSync(outputFile, 'utf8')));
      if (run.code !== 0 && !failed) {
        failed = true;
        code = run.code;
      }
    });
    const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, substitute(o.value, ctx)]));
    return { steps: runs, outputs, code };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Replaces the install step: the package this repository built, as `npm ci` in the action's folder would leave it. */
export const BUILT_PACKAGE = { install: ({ output }: { output: (n: string, v: string) => void }) => output('bin', join(ROOT, 'bin', 'postflight.cjs')) };
