/**
 * The many-accounts scenario of the benchmark: the same bench stack deployed into N accounts of
 * one emulator, then one `postflight verify` over all N (config `accounts`, each reached through
 * its own role with STS AssumeRole) against one over a single account, through the same proxy.
 *
 * moto keys its state by the account of the caller's credentials, and credentials an AssumeRole
 * returns belong to the role's account; before IAM is enforced it assumes any role, existing or
 * not. So each stack is deployed with credentials from AssumeRole into its account, and
 * postflight reaches each account the way it reaches AWS. moto's S3 bucket names are global
 * across accounts, as AWS's are: each account's stack carries its own name prefix.
 */
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
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

/** Deploys the `size`-resource bench stack into `count` accounts, one after another. */
export async function deployAccountStacks(o: { endpoint: string; count: number; size: number; dir: string }): Promise<AccountStacks> {
  const started = performance.now();
  const stacks: AccountStacks['stacks'] = [];
  for (let i = 0; i < o.count; i++) {
    const id = accountId(i);
    const credentials = await into(o.endpoint, id);
    const stack = await deployBenchStack({
      endpoint: o.endpoint,
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
