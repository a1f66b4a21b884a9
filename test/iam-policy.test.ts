/**
 * docs/iam-policy.json is exactly what the code calls: a collector that starts calling a new
 * action without declaring it, or a policy that grants an action no collector calls, fails here.
 */
import { readdir, readFile } from 'node:fs/promises';
import { collectorActions, iamPolicy } from '../src/iam.js';
import { RUNNER_ACTIONS } from '../src/collect/role.js';
import { DRIFT_ACTIONS } from '../src/collect/drift.collector.js';

const COLLECT_DIR = new URL('../src/collect/', import.meta.url);
const ACTION = /'([a-z0-9-]+:[A-Z][A-Za-z]+)'/g;

it('docs/iam-policy.json is the generated policy (regenerate with `postflight iam-policy > docs/iam-policy.json`)', async () => {
  const doc = JSON.parse(await readFile(new URL('../docs/iam-policy.json', import.meta.url), 'utf8')) as unknown;
  expect(doc).toEqual(await iamPolicy());
});

it('every action named in the collectors is declared (the read-only ones, and what the runner needs to assume roles), and every declared one is named', async () => {
  const named = new Set<string>();
  for (const f of (await readdir(COLLECT_DIR)).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
    const src = await readFile(new URL(f, COLLECT_DIR), 'utf8');
    for (const m of src.matchAll(ACTION)) named.add(m[1]!);
  }
  // Drift detection's actions are named in the drift collector and listed only under --drift.
  expect([...named].sort()).toEqual([...new Set([...(await collectorActions()), ...DRIFT_ACTIONS, ...RUNNER_ACTIONS])].sort());
});

it('lists drift detection only under --drift, in a statement of its own', async () => {
  const plain = JSON.stringify(await iamPolicy());
  for (const a of DRIFT_ACTIONS) expect(plain).not.toContain(a);
  const drift = (await iamPolicy({ drift: true })) as { Statement: Array<{ Sid: string; Action: string[] }> };
  expect(drift.Statement.find((s) => s.Sid === 'PostflightDriftDetection')?.Action).toEqual([...DRIFT_ACTIONS].sort());
  expect(drift.Statement.find((s) => s.Sid === 'PostflightReadOnly')?.Action).not.toContain('cloudformation:DetectStackDrift');
});

it('grants read-only actions only', async () => {
  for (const a of await collectorActions()) expect(a).toMatch(/^[a-z0-9-]+:(Describe|Get|List)[A-Za-z]+$/);
});
