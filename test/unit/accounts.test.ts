/** Runs over several accounts: the plan's scopes, the config's `accounts`, role credentials, and the runner's IAM documents. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/config.js';
import { ConfigError, UsageError } from '../../src/errors.js';
import { REFRESH_BEFORE_MS, sharedCredentials } from '../../src/collect/role.js';
import type { Credentials } from '../../src/collect/settings.js';
import { runnerPolicy, trustPolicy } from '../../src/iam.js';
import { runScopes, sourcePlan, type CommonOptions } from '../../src/plan/plan.js';
import type { LoadedConfig } from '../../src/config/config.js';

const ROLE_A = 'arn:aws:iam::111111111111:role/postflight-audit';
const ROLE_B = 'arn:aws:iam::222222222222:role/postflight-audit';

function opts(extra: Partial<CommonOptions> = {}): CommonOptions {
  return { cwd: '/work', env: {}, out: () => undefined, err: () => undefined, ...extra };
}

function scopes(config: object, extra: Partial<CommonOptions> = {}) {
  const loaded: LoadedConfig = { config: parseConfig(config, 'postflight.config.json'), file: 'postflight.config.json', baseDir: '/repo' };
  const o = opts(extra);
  return runScopes(o, loaded, sourcePlan(o, loaded));
}

describe('the scopes of a run', () => {
  it('without accounts: the top-level sources alone, with the run\'s own credentials', () => {
    expect(scopes({})).toEqual([{ sources: expect.objectContaining({ outputsGiven: false, states: [], stacks: [] }) }]);
  });

  it('--role-arn makes the top-level sources an account reached through the role', () => {
    expect(scopes({}, { outputs: 'out.json', roleArn: ROLE_A, externalId: 'x1' })).toEqual([
      { account: { id: '111111111111', roleArn: ROLE_A, externalId: 'x1', sessionName: 'postflight' }, sources: expect.objectContaining({ outputs: 'out.json', outputsGiven: true }) },
    ]);
  });

  it('one scope per account, its paths relative to the config, its first region the default', () => {
    const s = scopes({ accounts: [{ id: 'prod', roleArn: ROLE_A, outputs: 'prod/outputs.json', regions: ['eu-west-1', 'us-east-1'], stacks: ['App'], sessionName: 'audit-1' }] });
    expect(s).toEqual([
      {
        account: { id: 'prod', roleArn: ROLE_A, sessionName: 'audit-1' },
        sources: expect.objectContaining({ outputs: '/repo/prod/outputs.json', outputsGiven: true, stacks: ['App'], region: 'eu-west-1' }),
        regions: ['eu-west-1', 'us-east-1'],
      },
    ]);
  });

  it('keeps the top-level sources beside the accounts when something names them', () => {
    const s = scopes({ outputs: 'own.json', accounts: [{ id: 'b', roleArn: ROLE_B, state: ['b.tfstate'] }] });
    expect(s.map((x) => x.account?.id ?? 'own')).toEqual(['own', 'b']);
    expect(s[1]!.sources).toMatchObject({ outputsGiven: false, states: [{ path: '/repo/b.tfstate', shown: 'b.tfstate' }], stacks: [] });
  });

  it('refuses an account without sources, and --external-id without --role-arn', () => {
    expect(() => scopes({ accounts: [{ id: 'b', roleArn: ROLE_B }] })).toThrow(ConfigError);
    expect(() => scopes({ accounts: [{ id: 'b', roleArn: ROLE_B }] })).toThrow(/the account "b" without sources/);
    expect(() => scopes({}, { externalId: 'x' })).toThrow(UsageError);
  });
});

describe('the config\'s accounts', () => {
  it.each([
    [{ accounts: [{ id: 'a', roleArn: 'arn:aws:iam::1234:role/x', outputs: 'a.json' }] }, /accounts\.0\.roleArn.*IAM role ARN/],
    [{ accounts: [{ id: 'a', roleArn: ROLE_A, outputs: 'a.json' }, { id: 'a', roleArn: ROLE_B, outputs: 'b.json' }] }, /account id twice/],
    [{ accounts: [{ id: 'a', roleArn: ROLE_A, outputs: 'a.json', role: 'x' }] }, /unknown key "accounts\.0\.role"/],
    [{ accounts: [{ id: 'a', roleArn: ROLE_A, outputs: 'a.json', sessionName: 'has space' }] }, /sessionName/],
    [{ accounts: [] }, /accounts/],
  ])('%j is refused', (config, message) => {
    expect(() => parseConfig(config, 'postflight.config.json')).toThrow(message);
  });

  it('accepts a role in another partition', () => {
    expect(parseConfig({ accounts: [{ id: 'cn', roleArn: 'arn:aws-cn:iam::123456789012:role/audit', stacks: ['App'] }] }, 'c.json').accounts).toHaveLength(1);
  });
});

describe('role credentials', () => {
  const creds = (n: number, expiresInMs: number, now: number): Credentials => ({ accessKeyId: `AKIA${n}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(now + expiresInMs) });

  it('assumes the role once for every client and call, and again only when the credentials near expiry', async () => {
    let now = 0;
    let n = 0;
    const p = sharedCredentials(async () => creds(++n, 60 * 60_000, now), () => now);
    const first = await Promise.all([p(), p(), p()]);
    expect(first.map((c) => c.accessKeyId)).toEqual(['AKIA1', 'AKIA1', 'AKIA1']);
    now = 60 * 60_000 - REFRESH_BEFORE_MS - 1;
    expect((await p()).accessKeyId).toBe('AKIA1');
    now += 2;
    expect((await p()).accessKeyId).toBe('AKIA2');
    expect(p.fetches()).toBe(2);
  });

  it('tries again after a refused AssumeRole, never caching the failure', async () => {
    let calls = 0;
    const p = sharedCredentials(async () => {
      calls++;
      if (calls === 1) throw Object.assign(new Error('denied'), { name: 'AccessDenied' });
      return creds(calls, 3_600_000, 0);
    }, () => 0);
    await expect(p()).rejects.toThrow('denied');
    expect((await p()).accessKeyId).toBe('AKIA2');
  });
});

describe('the IAM documents of a run over accounts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'postflight-iam-'));
    await writeFile(join(dir, 'postflight.config.json'), JSON.stringify({ accounts: [{ id: 'a', roleArn: ROLE_A, externalId: 'secret-ish', outputs: 'a.json' }, { id: 'b', roleArn: ROLE_B, stacks: ['App'] }] }));
  });

  it('the runner may assume each account\'s role, and needs no read-only statement when it verifies nothing itself', async () => {
    expect(await runnerPolicy({ cwd: dir })).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'PostflightAssumeAccountRoles', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [ROLE_A, ROLE_B] }],
    });
  });

  it('with --role-arn and no accounts, the runner assumes that role only', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'postflight-iam-'));
    const policy = (await runnerPolicy({ cwd: empty, roleArn: ROLE_B })) as { Statement: Array<{ Resource: unknown }> };
    expect(policy.Statement).toEqual([expect.objectContaining({ Action: ['sts:AssumeRole'], Resource: [ROLE_B] })]);
  });

  it('the trust policy names the external id condition, never the id itself', async () => {
    const trust = await trustPolicy({ cwd: dir });
    expect(JSON.stringify(trust)).not.toContain('secret-ish');
    expect(trust).toMatchObject({ Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'sts:ExternalId': expect.any(String) } } }] });
  });
});
