/**
 * --framework and the config's `frameworks` in the plan stage: a framework narrows the checks to
 * those that implement one of its controls, then --only/--skip (or the config's checks) choose
 * among them; the drift check still runs exactly when drift is asked for.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadChecks } from '../../src/engine/registry.js';
import { ConfigError, UsageError } from '../../src/errors.js';
import { DRIFT_CHECK, planRun, type VerifyOptions } from '../../src/plan/plan.js';

function opts(cwd: string, extra: Partial<VerifyOptions> = {}): VerifyOptions {
  return { cwd, env: {}, out: () => undefined, err: () => undefined, only: [], skip: [], color: false, allowEmpty: false, now: () => new Date('2026-01-01T00:00:00Z'), ...extra };
}
const ids = (p: Awaited<ReturnType<typeof planRun>>) => p.checks.selected.map((c) => c.check.id);
const folder = () => mkdtemp(join(tmpdir(), 'postflight-plan-'));

const all = await loadChecks();
/** The built-in checks that name a control of the framework, counted from their metadata. */
const of = (f: 'fsbp' | 'cis') => all.filter((c) => (c.check.controls?.[f]?.length ?? 0) > 0).map((c) => c.check.id);

describe('frameworks in the plan', () => {
  it('--framework fsbp selects exactly the checks that implement an FSBP control', async () => {
    const p = await planRun(opts(await folder(), { framework: ['fsbp'] }));
    expect(ids(p)).toEqual(of('fsbp'));
    expect(p.frameworks).toEqual(['fsbp']);
    expect(ids(p)).toContain('s3-bucket-public-access-blocked');
    expect(ids(p)).not.toContain('kms-key-rotation-enabled'); // CIS 3.6 only
    expect(ids(p)).not.toContain('sns-topic-encrypted-with-cmk'); // none
  });

  it('--framework cis selects the CIS checks; two frameworks (repeated or a comma list) select either', async () => {
    const cwd = await folder();
    expect(ids(await planRun(opts(cwd, { framework: ['cis'] })))).toEqual(of('cis'));
    const both = all.filter((c) => of('fsbp').includes(c.check.id) || of('cis').includes(c.check.id)).map((c) => c.check.id);
    expect(ids(await planRun(opts(cwd, { framework: ['fsbp,cis'] })))).toEqual(both);
    expect(ids(await planRun(opts(cwd, { framework: ['cis', 'fsbp'] })))).toEqual(both);
    expect(both.length).toBeGreaterThan(of('fsbp').length);
    expect(both.length).toBeLessThan(all.length - 1);
  });

  it('no framework: every check but drift, as before', async () => {
    const p = await planRun(opts(await folder()));
    expect(ids(p)).toEqual(all.map((c) => c.check.id).filter((id) => id !== DRIFT_CHECK));
    expect(p.frameworks).toEqual([]);
  });

  it('the framework narrows first, then --skip and --only choose among its checks', async () => {
    const cwd = await folder();
    expect(ids(await planRun(opts(cwd, { framework: ['cis'], skip: ['s3-bucket-tls-only'] })))).toEqual(of('cis').filter((id) => id !== 's3-bucket-tls-only'));
    expect(ids(await planRun(opts(cwd, { framework: ['fsbp'], only: ['rds-instance-not-publicly-accessible', 'sqs-queue-encrypted'] })))).toEqual([
      'rds-instance-not-publicly-accessible',
      'sqs-queue-encrypted',
    ]);
    // A check outside the framework may be skipped: it was not going to run.
    expect(ids(await planRun(opts(cwd, { framework: ['fsbp'], skip: ['kms-key-rotation-enabled'] })))).toEqual(of('fsbp'));
  });

  it('--only naming a check the framework leaves out is a usage error, in one sentence naming it', async () => {
    const cwd = await folder();
    const run = planRun(opts(cwd, { framework: ['fsbp'], only: ['s3-bucket-public-access-blocked', 'kms-key-rotation-enabled'] }));
    await expect(run).rejects.toThrow(UsageError);
    await expect(planRun(opts(cwd, { framework: ['fsbp'], only: ['kms-key-rotation-enabled'] }))).rejects.toThrow(
      '--only names the check "kms-key-rotation-enabled", which implements no fsbp control while the run selects the checks of fsbp: drop it, or run `postflight list-checks --framework fsbp` for those checks.',
    );
  });

  it('an unknown framework is a usage error naming the choices', async () => {
    await expect(planRun(opts(await folder(), { framework: ['fsbp,pci'] }))).rejects.toThrow(
      '--framework names the framework "pci", which postflight does not map: use fsbp or cis.',
    );
  });

  it('--drift still adds the drift check to a framework run (it implements no control)', async () => {
    const cwd = await folder();
    expect(ids(await planRun(opts(cwd, { framework: ['fsbp'], drift: true })))).toEqual([...of('fsbp'), DRIFT_CHECK].sort((a, b) => all.findIndex((c) => c.check.id === a) - all.findIndex((c) => c.check.id === b)));
    expect(ids(await planRun(opts(cwd, { framework: ['fsbp'] })))).not.toContain(DRIFT_CHECK);
  });

  it('the config\'s frameworks select the same way, its checks.only choosing among them; the flag wins', async () => {
    const cwd = await folder();
    await writeFile(join(cwd, 'postflight.config.json'), JSON.stringify({ frameworks: ['cis'], checks: { skip: ['efs-file-system-encrypted'] } }));
    const p = await planRun(opts(cwd));
    expect(p.frameworks).toEqual(['cis']);
    expect(ids(p)).toEqual(of('cis').filter((id) => id !== 'efs-file-system-encrypted'));
    const q = await planRun(opts(cwd, { framework: ['fsbp'] }));
    expect(q.frameworks).toEqual(['fsbp']);
    expect(ids(q)).toEqual(of('fsbp').filter((id) => id !== 'efs-file-system-encrypted'));
  });

  it('an unknown framework in the config is an error naming the key and the choices', async () => {
    const cwd = await folder();
    await writeFile(join(cwd, 'postflight.config.json'), JSON.stringify({ frameworks: ['nist'] }));
    await expect(planRun(opts(cwd))).rejects.toThrow(ConfigError);
    await expect(planRun(opts(cwd))).rejects.toThrow(/"frameworks\.0": must be fsbp or cis/);
  });
});
