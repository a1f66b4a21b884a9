/**
 * IAM roles: `GetRole` for the trust policy; `ListAttachedRolePolicies` with each managed policy's
 * default version (`GetPolicy`, `GetPolicyVersion`: once per policy ARN however many roles attach
 * it); `ListRolePolicies` with each inline policy (`GetRolePolicy`). IAM has no batch form, so the
 * calls grow with the roles, all concurrent under the run's limit; only the calls the selected
 * checks need are made. IAM answers policy documents URL-encoded (RFC 3986): `parsePolicyDocument`
 * decodes them.
 */
import { requireSdk } from './sdk.js';
import { present, unknown, type Fact } from '../facts/fact.js';
import type { AttachedPolicyFacts, FactKey, IamRoleFacts, IamRolePoliciesFacts } from '../facts/catalogue.js';
import { parsePolicyDocument, type PolicyDocument } from '../judge/policy.js';
import type { ResourceRef } from '../types.js';
import { allPages } from './batch.js';
import type { CollectContext, Collector, FactRecord } from './context.js';

const { GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } =
  requireSdk('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');

/** IAM is global: one client, in the run's region (the SDK sends every region's calls to IAM's endpoint). */
function iam(ctx: CollectContext, region: string | undefined): InstanceType<typeof IAMClient> {
  return ctx.client('iam', region, () => new IAMClient(ctx.clientConfig(region)));
}

/** A document as IAM returned it, parsed; a document that cannot be read is unknown, never an empty policy. */
export function policyDocument(text: string | undefined, what: string): Fact<PolicyDocument> {
  if (text === undefined || text === '') return unknown(`IAM returned no document for ${what}`);
  try {
    return present(parsePolicyDocument(text));
  } catch (err) {
    return unknown(`${(err as Error).message} (${what})`);
  }
}

function notFound(err: unknown): boolean {
  return (err as Error).name === 'NoSuchEntityException' || (err as Error).name === 'NoSuchEntity';
}

async function role(ctx: CollectContext, name: string, region: string | undefined): Promise<Fact<IamRoleFacts>> {
  try {
    const out = await ctx.call('iam:GetRole', (o) => iam(ctx, region).send(new GetRoleCommand({ RoleName: name }), o));
    const r = out.Role;
    if (!r?.RoleName) return unknown(`GetRole returned no role for ${name}`);
    const trust = policyDocument(r.AssumeRolePolicyDocument, `the trust policy of ${name}`);
    if (trust.state !== 'present') return trust.state === 'unknown' ? trust : unknown(`the trust policy of ${name} could not be read`);
    const facts: IamRoleFacts = { name: r.RoleName, trustPolicy: trust.value };
    if (r.Arn) facts.arn = r.Arn;
    if (r.Path) facts.path = r.Path;
    return present(facts);
  } catch (err) {
    if (notFound(err)) return unknown(`the role ${name} does not exist (${ctx.reason(err)})`);
    return unknown(`could not read the role ${name}: ${ctx.reason(err)}`);
  }
}

/** The default version's document of a managed policy: GetPolicy names the version, GetPolicyVersion holds it. */
async function managedDocument(ctx: CollectContext, arn: string, region: string | undefined): Promise<Fact<PolicyDocument>> {
  try {
    const policy = await ctx.call('iam:GetPolicy', (o) => iam(ctx, region).send(new GetPolicyCommand({ PolicyArn: arn }), o));
    const version = policy.Policy?.DefaultVersionId;
    if (!version) return unknown(`GetPolicy named no default version for ${arn}`);
    const out = await ctx.call('iam:GetPolicyVersion', (o) => iam(ctx, region).send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }), o));
    return policyDocument(out.PolicyVersion?.Document, `${arn} version ${version}`);
  } catch (err) {
    return unknown(`could not read the policy ${arn}: ${ctx.reason(err)}`);
  }
}

async function rolePolicies(
  ctx: CollectContext,
  name: string,
  region: string | undefined,
  managed: (arn: string) => Promise<Fact<PolicyDocument>>,
): Promise<Fact<IamRolePoliciesFacts>> {
  try {
    const client = iam(ctx, region);
    const [attached, inlineNames] = await Promise.all([
      allPages(ctx, 'iam:ListAttachedRolePolicies', async (marker, o) => {
        const out = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) }), o);
        // AWS always answers with the list, empty or not: an answer without it is no answer.
        if (!out.AttachedPolicies) throw new Error('ListAttachedRolePolicies returned no policy list');
        return { items: out.AttachedPolicies, next: out.IsTruncated ? out.Marker : undefined };
      }),
      allPages(ctx, 'iam:ListRolePolicies', async (marker, o) => {
        const out = await client.send(new ListRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) }), o);
        if (!out.PolicyNames) throw new Error('ListRolePolicies returned no policy list');
        return { items: out.PolicyNames, next: out.IsTruncated ? out.Marker : undefined };
      }),
    ]);
    const [attachedFacts, inline] = await Promise.all([
      Promise.all(
        attached.map(async (p): Promise<AttachedPolicyFacts> => {
          const arn = p.PolicyArn ?? '';
          const facts: AttachedPolicyFacts = {
            arn,
            owner: /^arn:[^:]+:iam::aws:policy\//.test(arn) ? 'aws' : 'customer',
            document: arn ? await managed(arn) : unknown('ListAttachedRolePolicies named a policy without an ARN'),
          };
          if (p.PolicyName) facts.name = p.PolicyName;
          return facts;
        }),
      ),
      Promise.all(
        inlineNames.map(async (policyName) => {
          try {
            const out = await ctx.call('iam:GetRolePolicy', (o) => client.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }), o));
            return { name: policyName, document: policyDocument(out.PolicyDocument, `the inline policy ${policyName} of ${name}`) };
          } catch (err) {
            return { name: policyName, document: unknown(`could not read the inline policy ${policyName} of ${name}: ${ctx.reason(err)}`) as Fact<PolicyDocument> };
          }
        }),
      ),
    ]);
    return present({ attached: attachedFacts, inline });
  } catch (err) {
    if (notFound(err)) return unknown(`the role ${name} does not exist (${ctx.reason(err)})`);
    return unknown(`could not list the policies of the role ${name}: ${ctx.reason(err)}`);
  }
}

const collector: Collector = {
  service: 'iam',
  types: ['AWS::IAM::Role'],
  provides: ['iam.role', 'iam.rolePolicies'],
  actions: ['iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListRolePolicies', 'iam:GetRolePolicy'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    // A managed policy attached to many roles (AWSLambdaBasicExecutionRole) is read once.
    const documents = new Map<string, Promise<Fact<PolicyDocument>>>();
    await Promise.all(
      refs.map(async (ref) => {
        const region = ref.region ?? ctx.settings.region;
        const managed = (arn: string) => {
          let p = documents.get(arn);
          if (!p) documents.set(arn, (p = managedDocument(ctx, arn, region)));
          return p;
        };
        const [r, policies] = await Promise.all([
          want.has('iam.role') ? role(ctx, ref.id, region) : undefined,
          want.has('iam.rolePolicies') ? rolePolicies(ctx, ref.id, region, managed) : undefined,
        ]);
        const rec: FactRecord = {};
        if (r) rec['iam.role'] = r;
        if (policies) rec['iam.rolePolicies'] = policies;
        out.set(ref, rec);
      }),
    );
    return out;
  },
};
export default collector;
