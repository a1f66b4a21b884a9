/** --drift in the plan stage: the drift check runs exactly when drift is asked for, and the config's drift settings resolve against it. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DRIFT_CHECK, planRun, type VerifyOptions } from '../../src/plan/plan.js';
import { UsageError } from '../../src/errors.js';

function opts(cwd: string, extra: Partial<VerifyOptions> = {}): VerifyOptions {
  return { cwd, env: {}, out: () => undefined, err: () => undefined, only: [], skip: [], color: false, allowEmpty: false, now: () => new Date('2026-01-01T00:00:00Z'), ...extra };
}
const ids = (p: Awaited<ReturnType<typeof planRun>>) => p.checks.selected.map((c) => c.check.id);

describe('drift in the plan', () => {
  it('without --drift the drift check is not selected at all, and there are no drift settings', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'postflight-plan-'));
    const p = await planRun(opts(cwd));
    expect(ids(p)).not.toContain(DRIFT_CHECK);
    expect(ids(p).length).toBeGreaterThan(10);
    expect(p.drift).toBeUndefined();
  });

  it('--drift adds it to the selection, --only included; --skip still leaves it out', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'postflight-plan-'));
    expect(ids(await planRun(opts(cwd, { drift: true })))).toContain(DRIFT_CHECK);
    expect(ids(await planRun(opts(cwd, { drift: true, only: ['kms-key-enabled'] })))).toEqual(['kms-key-enabled', DRIFT_CHECK]);
    expect(ids(await planRun(opts(cwd, { drift: true, skip: [DRIFT_CHECK] })))).not.toContain(DRIFT_CHECK);
    expect((await planRun(opts(cwd, { drift: true }))).drift).toMatchObject({ tool: 'terraform', folders: {}, waitMs: 300_000 });
  });

  it('naming it in --only without --drift is a usage error saying to add --drift', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'postflight-plan-'));
    await expect(planRun(opts(cwd, { only: [DRIFT_CHECK] }))).rejects.toThrow(UsageError);
    await expect(planRun(opts(cwd, { only: [DRIFT_CHECK] }))).rejects.toThrow(/runs only with --drift/);
  });

  it('the config turns it on, its paths relative to the config; --drift-plan and --drift-tool win', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'postflight-plan-'));
    await writeFile(
      join(cwd, 'postflight.config.json'),
      JSON.stringify({ state: ['terraform.App.tfstate'], drift: { tool: 'tofu', folders: { 'terraform.App.tfstate': 'cdktf.out/stacks/App' }, parallelism: 4, waitSeconds: 60 } }),
    );
    const p = await planRun(opts(cwd));
    expect(ids(p)).toContain(DRIFT_CHECK);
    expect(p.drift).toMatchObject({ tool: 'tofu', folders: { [join(cwd, 'terraform.App.tfstate')]: join(cwd, 'cdktf.out/stacks/App') }, parallelism: 4, waitMs: 60_000 });
    const q = await planRun(opts(cwd, { driftPlan: 'plan.json', driftTool: 'terraform' }));
    expect(q.drift).toMatchObject({ tool: 'terraform', planFile: join(cwd, 'plan.json') });
  });

  it('a wrong drift key in the config is an error naming it', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'postflight-plan-'));
    await writeFile(join(cwd, 'postflight.config.json'), JSON.stringify({ drift: { engine: 'terraform' } }));
    await expect(planRun(opts(cwd))).rejects.toThrow(/"drift/);
  });
});
