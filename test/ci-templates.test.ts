/**
 * The CI ends stay true: `action.yml`, the GitHub fleet workflow (in examples/ci/ and in the
 * README, the same text), the README's other workflow snippets and the GitLab CI template parse as
 * YAML, use only inputs the action declares, and call postflight only with flags it has.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { loadAction, type ActionDefinition } from './helpers/action.js';
import { runCli } from './helpers/cli.js';

const read = (path: string) => readFile(new URL(`../${path}`, import.meta.url), 'utf8');
const readme = await read('README.md');
const action: ActionDefinition = loadAction();

const helpCache = new Map<string, Promise<string>>();
/** The flags `postflight <command> --help` lists. */
async function flagsOf(command: string): Promise<Set<string>> {
  if (!helpCache.has(command)) helpCache.set(command, runCli([command, '--help']).then((r) => r.stdout));
  const help = await helpCache.get(command)!;
  expect(help).toContain(`Usage: postflight ${command}`);
  return new Set(help.match(/--[a-z][a-z-]*/g) ?? []);
}

/** Every `postflight <command> …` a shell line calls, with the flags it gives. */
function invocations(script: string): Array<{ command: string; flags: string[] }> {
  return [...script.matchAll(/\bpostflight (verify|merge|discover)\b([^\n]*)/g)].map((m) => ({ command: m[1]!, flags: [...m[2]!.matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((f) => f[1]!) }));
}

async function expectRealFlags(script: string): Promise<number> {
  const calls = invocations(script);
  for (const call of calls) {
    const known = await flagsOf(call.command);
    expect({ call: call.command, unknown: call.flags.filter((f) => !known.has(f)) }).toEqual({ call: call.command, unknown: [] });
  }
  return calls.length;
}

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

/** The steps of every job of a workflow. */
const stepsOf = (workflow: { jobs?: Record<string, { steps?: Step[] }> }): Step[] => Object.values(workflow.jobs ?? {}).flatMap((j) => j.steps ?? []);

/** Steps that use this action (`<owner>/postflight@<ref>` or `./`), and the inputs they give that it does not declare. */
function undeclaredInputs(steps: readonly Step[]): { uses: number; undeclared: string[] } {
  const ours = steps.filter((s) => s.uses === './' || /(^|\/)postflight@/.test(s.uses ?? ''));
  return { uses: ours.length, undeclared: ours.flatMap((s) => Object.keys(s.with ?? {}).filter((k) => !(k in action.inputs))) };
}

/** The README's fenced YAML blocks. */
const readmeYaml = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('action.yml', () => {
  it('is a composite action whose every input and output is described, and whose expressions name only declared inputs and steps', async () => {
    const text = await read('action.yml');
    expect(action.runs.using).toBe('composite');
    for (const [name, input] of Object.entries(action.inputs)) expect({ name, described: typeof input.description === 'string' && input.description.length > 10 }).toEqual({ name, described: true });
    const ids = new Set(action.runs.steps.map((s) => s.id).filter(Boolean));
    for (const [, expr] of text.matchAll(/\$\{\{\s*([^}]*?)\s*\}\}/g)) {
      const input = /^inputs\.([\w-]+)$/.exec(expr!);
      const step = /^steps\.([\w-]+)\.outputs\.[\w-]+$/.exec(expr!);
      expect({ expr, known: input ? input[1]! in action.inputs : step ? ids.has(step[1]!) : false }).toEqual({ expr, known: true });
    }
    for (const o of Object.values(action.outputs)) expect(o.value).toMatch(/^\$\{\{ steps\.verify\.outputs\.[\w-]+ \}\}$/);
  });

  it('pastes no expression into a script: inputs reach the shell as environment variables only', () => {
    for (const step of action.runs.steps) if (step.run) expect(step.run).not.toContain('${{');
  });

  it('passes verify only flags it has', async () => {
    const verify = action.runs.steps.find((s) => s.id === 'verify')!.run!;
    const mapped = [...verify.matchAll(/^\s*(?:flag|lines) (--[a-z-]+) "\$(?:IN_[A-Z_]+|sarif)"$/gm)].map((m) => m[1]!);
    expect(mapped.length).toBeGreaterThanOrEqual(14);
    const known = await flagsOf('verify');
    expect(mapped.filter((f) => !known.has(f))).toEqual([]);
    // Every input but the action's own (where to run, the upload, extra flags) is mapped to a flag.
    const env = action.runs.steps.find((s) => s.id === 'verify')!.env!;
    const own = ['working-directory', 'upload-sarif', 'sarif-category', 'args'];
    const used = Object.values(env).map((v) => /inputs\.([\w-]+)/.exec(v)?.[1]).filter(Boolean);
    expect(Object.keys(action.inputs).filter((i) => !own.includes(i) && !used.includes(i))).toEqual([]);
  });
});

describe('the GitHub fleet workflow', () => {
  it('is in the README exactly as in examples/ci/github-fleet.yml', async () => {
    const file = await read('examples/ci/github-fleet.yml');
    expect(readmeYaml).toContain(file);
  });

  it('parses, is a matrix of verify jobs and a merge job, and uses only inputs the action declares and flags postflight has', async () => {
    const workflow = parse(await read('examples/ci/github-fleet.yml')) as {
      jobs: Record<string, { needs?: string; strategy?: { matrix?: unknown }; steps: Step[] }>;
    };
    expect(workflow.jobs.verify!.strategy!.matrix).toBeDefined();
    expect(workflow.jobs.merge!.needs).toBe('verify');
    expect(undeclaredInputs(stepsOf(workflow))).toEqual({ uses: 1, undeclared: [] });
    const scripts = stepsOf(workflow).map((s) => s.run ?? '').join('\n');
    expect(await expectRealFlags(scripts)).toBe(1);
    expect(invocations(scripts)[0]!.command).toBe('merge');
    // The merge reads the folder the artifacts are downloaded to, and uploads the SARIF it wrote.
    const download = stepsOf(workflow).find((s) => s.uses?.startsWith('actions/download-artifact'))!;
    expect(scripts).toContain(`postflight merge ${download.with!.path as string} `);
    const upload = stepsOf(workflow).find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(scripts).toContain(`--sarif ${upload.with!.sarif_file as string}`);
  });

  it("the README's other workflow snippets parse and use only declared inputs and real flags", async () => {
    let uses = 0;
    for (const block of readmeYaml) {
      const doc = parse(block) as unknown;
      const steps: Step[] = Array.isArray(doc) ? (doc as Step[]) : stepsOf(doc as never).concat(((doc as { steps?: Step[] }).steps ?? []));
      const r = undeclaredInputs(steps);
      expect(r.undeclared).toEqual([]);
      uses += r.uses;
      await expectRealFlags(block);
    }
    expect(uses).toBeGreaterThanOrEqual(2);
  });
});

describe('the GitLab CI template', () => {
  interface Job {
    extends?: string;
    parallel?: { matrix?: unknown[] };
    needs?: Array<{ job: string; artifacts?: boolean }>;
    script?: string[];
    allow_failure?: { exit_codes?: number[] };
    artifacts?: { paths?: string[]; reports?: { junit?: string; codequality?: string } };
  }

  it('parses, has a parallel:matrix verify job and a merge job that needs it, and calls postflight only with flags it has', async () => {
    const text = await read('examples/ci/postflight.gitlab-ci.yml');
    const doc = parse(text) as Record<string, Job> & { variables: Record<string, string> };
    const verify = doc['postflight:verify']!;
    const merge = doc['postflight:merge']!;
    expect(verify.parallel!.matrix!.length).toBeGreaterThan(0);
    expect(verify.allow_failure!.exit_codes).toEqual([1, 3]);
    expect(merge.needs).toEqual([{ job: 'postflight:verify', artifacts: true }]);
    expect(await expectRealFlags([...verify.script!, ...merge.script!].join('\n'))).toBe(2);
    expect(invocations(verify.script!.join('\n'))[0]!.command).toBe('verify');
    expect(invocations(merge.script!.join('\n'))[0]!.command).toBe('merge');
  });

  it('publishes the merged JUnit and Code Quality reports it writes, and merges the folder the verify jobs keep', async () => {
    const doc = parse(await read('examples/ci/postflight.gitlab-ci.yml')) as Record<string, Job> & { variables: Record<string, string> };
    const expand = (s: string) => s.replace(/\$\{?(\w+)\}?/g, (m, v: string) => doc.variables[v] ?? m);
    const verify = doc['postflight:verify']!;
    const merge = doc['postflight:merge']!;
    const mergeLine = expand(merge.script!.join('\n')).replace(/"/g, '');
    const value = (flag: string) => new RegExp(`${flag} (\\S+)`).exec(mergeLine)?.[1];
    expect(merge.artifacts!.reports).toEqual({ junit: value('--junit'), codequality: value('--codequality') });
    expect(merge.artifacts!.paths!.every((p) => value('--json')!.startsWith(p))).toBe(true);
    // The merge reads the runs' folder, which the verify jobs keep as artifacts and write their JSON report under.
    const runs = /postflight merge (\S+)/.exec(mergeLine)![1]!;
    expect(verify.artifacts!.paths).toEqual([`${runs}/`]);
    expect(expand(verify.script!.join('\n')).replace(/"/g, '')).toContain(`RUN_DIR=${runs}/`);
    expect(verify.script!.join('\n')).toMatch(/--json "\$RUN_DIR\/postflight\.json"/);
  });
});
