/**
 * The many-accounts scenario of the benchmark: the same bench stack deployed into N accounts (one
 * moto_server each, or one shared), then one `postflight verify` over all N (config `accounts`, each reached through
 * its own role with STS AssumeRole) against one over a single account, through the same proxy.
 *
 * moto keys its state by the account of the caller's credentials, and credentials an AssumeRole
 * returns belong to the role's account; before IAM is enforced it assumes any role, existing or
 * not. So each stack is deployed with credentials from AssumeRole into its account, and
 * postflight reaches each account the way it reaches AWS. moto's S3 bucket names are global
 * across accounts, as AWS's are: each account's stack carries its own name prefix.
 *
 * One moto_server answers one request at a time, so N accounts in one emulator queue behind each
 * other, which AWS (serving each account apart) does not do. So the measured setup shards moto by
 * account: one moto_server per account (`startAccountShards`), the proxy sending each request to
 * its account's emulator (see `shards` in test/helpers/aws-proxy.ts); each stack is deployed into
 * its own shard with keys that shard issued. The shared setup (every account in one moto) is kept
 * for comparison.
 */
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startMoto, type MotoServer } from '../src/demo/moto.js';
import { deployBenchStack, type BenchStack } from './stack.js';

/** Account ids of the scenario: 210000000001, 210000000002, … */
export const accountId = (i: number) => String(210_000_000_000 + i + 1);
export const auditRole = (id: string) => `arn:aws:iam::${id}:role/postflight-audit`;

/** Credentials in `account`, as moto gives them to any AssumeRole while IAM is not enforced. */
async function into(endpoint: string, account: string) {
  const sts = new STSClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'setup', secretAccessKey: 'setup' } });
  try {
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/setup`, RoleSessionName: 'bench-setup' }));
    return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
  } finally {
    sts.destroy();
  }
}

export interface AccountStacks {
  stacks: Array<{ id: string; stack: BenchStack }>;
  /** Seconds spent deploying all of them. */
  seconds: number;
  calls: number;
}

/** One moto_server per account of the scenario, started side by side. */
export interface AccountShards {
  /** Account id → its emulator's endpoint, for the proxy's `shards`. */
  endpoints: Record<string, string>;
  /** The emulators' process ids, to read the CPU time they use. */
  pids: number[];
  stop(): Promise<void>;
}

export async function startAccountShards(count: number): Promise<AccountShards> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startMoto()));
  const servers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stop = async () => void (await Promise.all(servers.map((m: MotoServer) => m.stop())));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { endpoints: Object.fromEntries(servers.map((m, i) => [accountId(i), m.endpoint])), pids: servers.map((m) => m.pid), stop };
}

/**
 * Deploys the `size`-resource bench stack into `count` accounts, one after another; `endpoint`
 * names the emulator of each account (one for all, or its shard).
 */
export async function deployAccountStacks(o: { endpoint: string | ((account: string) => string); count: number; size: number; dir: string }): Promise<AccountStacks> {
  const started = performance.now();
  const stacks: AccountStacks['stacks'] = [];
  for (let i = 0; i < o.count; i++) {
    const id = accountId(i);
    const endpoint = typeof o.endpoint === 'string' ? o.endpoint : o.endpoint(id);
    const credentials = await into(endpoint, id);
    const stack = await deployBenchStack({
      endpoint,
      size: o.size,
      prefix: `a${String(i + 1).padStart(2, '0')}`,
      outputsDir: o.dir,
      outputsName: `outputs-${id}.json`,
      account: { id, credentials },
    });
    stacks.push({ id, stack });
  }
  return { stacks, seconds: (performance.now() - started) / 1000, calls: stacks.reduce((n, s) => n + s.stack.createCalls, 0) };
}

/** A config listing the first `count` accounts, each with its outputs file; returns its path. */
export async function writeAccountsConfig(deployed: AccountStacks, count: number, dir: string): Promise<string> {
  const path = join(dir, `postflight.accounts-${count}.json`);
  const config = {
    region: 'us-east-1',
    accounts: deployed.stacks.slice(0, count).map(({ id, stack }) => ({ id, roleArn: auditRole(id), outputs: relative(dir, stack.outputsPath) })),
  };
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}
