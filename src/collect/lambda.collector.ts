/**
 * Lambda functions: `GetFunctionConfiguration` per function when a region names a few; past
 * `LIST_FROM`, one paged `ListFunctions` for the region (50 functions a page), with the functions
 * it did not list asked one by one, so a region's calls grow with its pages, not its functions.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { requireSdk } from './sdk.js';
import { present, unknown, type Fact } from '../facts/fact.js';
import type { FactKey, LambdaFunctionFacts } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import { allPages, byRegion } from './batch.js';
import type { CollectContext, Collector, FactRecord } from './context.js';

const { GetFunctionConfigurationCommand, LambdaClient, ListFunctionsCommand } = requireSdk('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda');

/** From this many functions in one region, listing the region costs fewer calls than asking each. */
export const LIST_FROM = 6;

function lambda(ctx: CollectContext, region: string | undefined): InstanceType<typeof LambdaClient> {
  return ctx.client('lambda', region, () => new LambdaClient(ctx.clientConfig(region)));
}

export function functionFacts(f: FunctionConfiguration): LambdaFunctionFacts {
  const facts: LambdaFunctionFacts = { name: f.FunctionName ?? '', packageType: f.PackageType ?? 'Zip' };
  if (f.FunctionArn) facts.arn = f.FunctionArn;
  if (f.Runtime) facts.runtime = f.Runtime;
  if (f.LastModified) facts.lastModified = f.LastModified;
  return facts;
}

async function one(ctx: CollectContext, ref: ResourceRef, region: string | undefined): Promise<Fact<LambdaFunctionFacts>> {
  try {
    // By name, in the region its ARN names: AWS takes the ARN as well, but moto enforcing IAM
    // cannot match a path holding an ARN to GetFunctionConfiguration and denies it.
    const out = await ctx.call('lambda:GetFunctionConfiguration', (o) => lambda(ctx, region).send(new GetFunctionConfigurationCommand({ FunctionName: ref.id }), o));
    return out.FunctionName ? present(functionFacts(out)) : unknown(`GetFunctionConfiguration returned no function for ${ref.id}`);
  } catch (err) {
    if ((err as Error).name === 'ResourceNotFoundException') return unknown(`the function ${ref.id} does not exist in ${region ?? 'the default region'} (${ctx.reason(err)})`);
    return unknown(`could not read the function ${ref.id}: ${ctx.reason(err)}`);
  }
}

const collector: Collector = {
  service: 'lambda',
  types: ['AWS::Lambda::Function'],
  provides: ['lambda.function'],
  actions: ['lambda:GetFunctionConfiguration', 'lambda:ListFunctions'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    if (!want.has('lambda.function')) {
      for (const ref of refs) out.set(ref, {});
      return out;
    }
    await Promise.all(
      [...byRegion(refs, ctx.settings.region)].map(async ([region, group]) => {
        let listed: FunctionConfiguration[] = [];
        if (group.length >= LIST_FROM) {
          try {
            listed = await allPages(ctx, 'lambda:ListFunctions', async (marker, o) => {
              const res = await lambda(ctx, region).send(new ListFunctionsCommand({ ...(marker ? { Marker: marker } : {}) }), o);
              return { items: res.Functions, next: res.NextMarker };
            });
          } catch {
            // Listing is only a shortcut: each function is then asked for itself, and its own error kept.
            listed = [];
          }
        }
        await Promise.all(
          group.map(async (ref) => {
            const found = listed.find((f) => f.FunctionName === ref.id || (ref.arn !== undefined && f.FunctionArn === ref.arn));
            out.set(ref, { 'lambda.function': found ? present(functionFacts(found)) : await one(ctx, ref, region) });
          }),
        );
      }),
    );
    return out;
  },
};
export default collector;
