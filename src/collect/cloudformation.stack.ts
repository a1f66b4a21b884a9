/**
 * A live CloudFormation stack's resources and outputs: `DescribeStacks` for the stack and its
 * outputs, `ListStackResources` (paginated) for each resource's type and physical id, following
 * nested `AWS::CloudFormation::Stack` resources. Read-only; the actions are in the IAM policy.
 *
 * A stack that does not exist stops the run (exit 2) naming it; so does one the caller may not
 * read, saying that access was denied: nothing of it is verified, so nothing of it can pass.
 */
import type { CloudFormationClient as Client, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { InputError, PostflightError } from '../errors.js';
import { createContext, describeAwsError, isAccessDenied, type CollectContext } from './context.js';
import { requireSdk } from './sdk.js';
import type { AwsSettings } from './settings.js';

/** Every action reading a stack takes. */
export const STACK_ACTIONS: readonly string[] = ['cloudformation:DescribeStacks', 'cloudformation:ListStackResources'];

/** Reading a stack was refused or failed: the run stops, since none of the stack's resources could be verified. */
export class StackReadError extends PostflightError {
  override name = 'StackReadError';
}

export interface StackRow {
  /** Logical ids from the root stack down: `Storage.DataBucket` for a resource of the nested stack `Storage`. */
  path: string;
  type: string;
  physicalId?: string;
  status?: string;
}

export interface StackListing {
  name: string;
  region?: string;
  rows: StackRow[];
  outputs: Array<{ key: string; value: string }>;
}

type Sdk = typeof import('@aws-sdk/client-cloudformation');
let sdk: Sdk | undefined;
const load = (): Sdk => (sdk ??= requireSdk('@aws-sdk/client-cloudformation') as Sdk);

const DENIED = /AccessDenied|UnauthorizedOperation|not authorized/i;
/** Nested stacks deeper than this are a loop, not a stack. */
const MAX_NESTING = 16;

function client(ctx: CollectContext, region: string | undefined): Client {
  const { CloudFormationClient } = load();
  return ctx.client('cloudformation', region, () => new CloudFormationClient(ctx.clientConfig(region)));
}

function failure(name: string, region: string | undefined, action: string, err: unknown, ctx: CollectContext): PostflightError {
  const e = err as { name?: string; message?: string };
  const where = region ?? 'the default region';
  if (e?.name === 'ValidationError' && /does not exist/i.test(e.message ?? '')) {
    return new InputError(`The CloudFormation stack ${name} does not exist in ${where}; check the name given to --stack (or "stacks" in the config) and --region.`);
  }
  const reason = ctx.reason(err);
  if (isAccessDenied(err) || DENIED.test(`${e?.name ?? ''} ${e?.message ?? ''}`)) {
    // The sentence names the action itself: AWS's own words, without the reason's `access to … was denied`.
    return new StackReadError(
      `Access to the CloudFormation stack ${name} was denied (${action}: ${describeAwsError(err)}); none of its resources was verified. Grant the actions in docs/iam-policy.json (\`postflight iam-policy\`) and rerun.`,
    );
  }
  return new StackReadError(`The CloudFormation stack ${name} could not be read (${action}: ${reason}); none of its resources was verified. Rerun when ${where} answers.`);
}

async function listResources(ctx: CollectContext, cfn: Client, stack: string, shown: string, region: string | undefined, prefix: string, depth: number): Promise<StackRow[]> {
  const { ListStackResourcesCommand } = load();
  const summaries: StackResourceSummary[] = [];
  let token: string | undefined;
  do {
    const input = { StackName: stack, ...(token ? { NextToken: token } : {}) };
    let page;
    try {
      page = await ctx.call('cloudformation:ListStackResources', (o) => cfn.send(new ListStackResourcesCommand(input), o));
    } catch (err) {
      throw failure(shown, region, 'cloudformation:ListStackResources', err, ctx);
    }
    summaries.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token);

  const rows: StackRow[] = [];
  const nested: Array<Promise<StackRow[]>> = [];
  for (const s of summaries) {
    const path = `${prefix}${s.LogicalResourceId ?? '?'}`;
    const type = s.ResourceType ?? '';
    if (type === 'AWS::CloudFormation::Stack' && s.PhysicalResourceId && s.ResourceStatus !== 'DELETE_COMPLETE') {
      if (depth >= MAX_NESTING) throw new StackReadError(`The CloudFormation stack ${shown} nests stacks more than ${MAX_NESTING} levels deep at ${path}; pass the nested stack with --stack instead.`);
      nested.push(listResources(ctx, cfn, s.PhysicalResourceId, shown, region, `${path}.`, depth + 1));
      continue;
    }
    const row: StackRow = { path, type };
    if (s.PhysicalResourceId) row.physicalId = s.PhysicalResourceId;
    if (s.ResourceStatus) row.status = s.ResourceStatus;
    rows.push(row);
  }
  for (const more of await Promise.all(nested)) rows.push(...more);
  return rows;
}

/** Reads one stack, its nested stacks and its outputs. */
export async function readStack(ctx: CollectContext, name: string): Promise<StackListing> {
  const region = ctx.settings.region;
  const cfn = client(ctx, region);
  const { DescribeStacksCommand } = load();
  let described;
  try {
    described = await ctx.call('cloudformation:DescribeStacks', (o) => cfn.send(new DescribeStacksCommand({ StackName: name }), o));
  } catch (err) {
    throw failure(name, region, 'cloudformation:DescribeStacks', err, ctx);
  }
  const stack = described.Stacks?.[0];
  if (!stack) throw new InputError(`The CloudFormation stack ${name} does not exist in ${region ?? 'the default region'}; check the name given to --stack and --region.`);
  if (stack.StackStatus === 'DELETE_COMPLETE') throw new InputError(`The CloudFormation stack ${name} was deleted; pass a stack that is deployed.`);
  const rows = await listResources(ctx, cfn, stack.StackId ?? name, name, region, '', 0);
  const outputs = (stack.Outputs ?? []).filter((o) => o.OutputKey).map((o) => ({ key: o.OutputKey!, value: o.OutputValue ?? '' }));
  return { name, ...(region ? { region } : {}), rows, outputs };
}

/** Reads every stack named, in one context (clients, limit, call counts). */
export async function readStacks(names: readonly string[], settings: AwsSettings): Promise<{ stacks: StackListing[]; calls: ReadonlyMap<string, number> }> {
  const ctx = createContext(settings);
  const stacks = await Promise.all(names.map((n) => readStack(ctx, n)));
  return { stacks, calls: ctx.calls };
}
