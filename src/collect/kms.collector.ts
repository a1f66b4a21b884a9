/**
 * KMS: describes each key once per run, however many resources use it (the context memoises
 * `kmsKey`), and reads rotation for the keys the outputs name.
 */
import { requireSdk } from './sdk.js';
import { present, unknown, type Fact } from '../facts/fact.js';
import type { FactKey, KmsKeyFacts } from '../facts/catalogue.js';
import { parsePolicyDocument, type PolicyDocument } from '../judge/policy.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext, Collector, FactRecord } from './context.js';

const { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient } = requireSdk('@aws-sdk/client-kms') as typeof import('@aws-sdk/client-kms');

function kms(ctx: CollectContext, region: string | undefined): InstanceType<typeof KMSClient> {
  return ctx.client('kms', region, () => new KMSClient(ctx.clientConfig(region)));
}

/** AWS reserves `alias/aws/` for AWS-managed keys. */
export function isAwsManagedAlias(ref: string): boolean {
  return /^(arn:[^:]+:kms:[^:]*:\d*:)?alias\/aws\//.test(ref);
}

export async function resolveKmsKey(ctx: CollectContext, ref: string, region: string | undefined): Promise<Fact<KmsKeyFacts>> {
  try {
    const out = await ctx.call('kms:DescribeKey', (o) => kms(ctx, region).send(new DescribeKeyCommand({ KeyId: ref }), o));
    const m = out.KeyMetadata;
    if (!m?.KeyId || !m.Arn) return unknown(`DescribeKey returned no metadata for ${ref}`);
    const facts: KmsKeyFacts = {
      keyId: m.KeyId,
      arn: m.Arn,
      // AWS reserves `alias/aws/` for AWS-managed keys, and AWS's DescribeKey reports them as
      // KeyManager=AWS. moto creates the key on first use and reports it as CUSTOMER; the reserved
      // alias decides.
      keyManager: isAwsManagedAlias(ref) ? 'AWS' : (m.KeyManager ?? 'UNKNOWN'),
      keyState: m.KeyState ?? 'UNKNOWN',
      enabled: m.Enabled === true,
    };
    if (m.Description) facts.description = m.Description;
    if (m.KeySpec) facts.keySpec = m.KeySpec;
    if (m.Origin) facts.origin = m.Origin;
    if (ref.includes('alias/')) facts.aliases = [ref.replace(/^arn:[^:]+:kms:[^:]*:\d*:/, '')];
    if (m.DeletionDate) facts.deletionDate = m.DeletionDate.toISOString();
    return present(facts);
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'NotFoundException' && isAwsManagedAlias(ref)) {
      // AWS creates an AWS-managed key the first time DescribeKey names its `alias/aws/...`, so on
      // AWS this call succeeds with KeyManager=AWS. moto has no AWS-managed keys until one is
      // created, and answers NotFound. The alias prefix is reserved by AWS, so the key is AWS-managed
      // either way.
      const alias = ref.replace(/^arn:[^:]+:kms:[^:]*:\d*:/, '');
      return present({ keyId: alias, arn: ref, keyManager: 'AWS', keyState: 'Enabled', enabled: true, aliases: [alias] });
    }
    if (name === 'NotFoundException') return unknown(`the KMS key ${ref} does not exist (${ctx.reason(err)})`);
    return unknown(`could not describe KMS key ${ref}: ${ctx.reason(err)}`);
  }
}

/** Rotation of the key `keyId` names (a key id or key ARN: GetKeyRotationStatus takes no alias). */
async function rotation(ctx: CollectContext, keyId: string, region: string | undefined): Promise<Fact<boolean>> {
  try {
    const out = await ctx.call('kms:GetKeyRotationStatus', (o) => kms(ctx, region).send(new GetKeyRotationStatusCommand({ KeyId: keyId }), o));
    return out.KeyRotationEnabled === undefined ? unknown('GetKeyRotationStatus returned no status') : present(out.KeyRotationEnabled);
  } catch (err) {
    return unknown(`could not read rotation of ${keyId}: ${ctx.reason(err)}`);
  }
}

/** The key policy (a key has exactly one, named `default`), parsed. GetKeyPolicy takes a key id or ARN, no alias. */
async function keyPolicy(ctx: CollectContext, keyId: string, region: string | undefined): Promise<Fact<PolicyDocument>> {
  try {
    const out = await ctx.call('kms:GetKeyPolicy', (o) => kms(ctx, region).send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }), o));
    if (!out.Policy) return unknown(`GetKeyPolicy returned no policy for ${keyId}`);
    try {
      return present(parsePolicyDocument(out.Policy));
    } catch (err) {
      return unknown(`the key policy of ${keyId} could not be read: ${(err as Error).message}`);
    }
  } catch (err) {
    return unknown(`could not read the key policy of ${keyId}: ${ctx.reason(err)}`);
  }
}

const collector: Collector = {
  service: 'kms',
  types: ['AWS::KMS::Key'],
  provides: ['kms.key', 'kms.rotationEnabled', 'kms.keyPolicy'],
  actions: ['kms:DescribeKey', 'kms:GetKeyRotationStatus', 'kms:GetKeyPolicy'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    await Promise.all(
      refs.map(async (ref) => {
        const region = ref.region ?? ctx.settings.region;
        const named = ref.arn ?? ref.id;
        const wantRotation = want.has('kms.rotationEnabled');
        // A key id or key ARN can be asked for its rotation at once, beside DescribeKey; an alias
        // must be resolved to the key first.
        const early = wantRotation && !named.includes('alias/') ? rotation(ctx, named, region) : undefined;
        early?.catch(() => undefined); // awaited below
        const wantPolicy = want.has('kms.keyPolicy');
        const earlyPolicy = wantPolicy && !named.includes('alias/') ? keyPolicy(ctx, named, region) : undefined;
        earlyPolicy?.catch(() => undefined); // awaited below
        const key = await ctx.kmsKey(named, region);
        const rec: FactRecord = {};
        if (want.has('kms.key')) rec['kms.key'] = key;
        if (wantRotation) {
          rec['kms.rotationEnabled'] =
            early !== undefined
              ? await early
              : key.state === 'present'
                ? await rotation(ctx, key.value.arn, region)
                : key.state === 'unknown'
                  ? key
                  : unknown('the key could not be described');
        }
        if (wantPolicy) {
          rec['kms.keyPolicy'] =
            earlyPolicy !== undefined
              ? await earlyPolicy
              : key.state === 'present'
                ? await keyPolicy(ctx, key.value.arn, region)
                : key.state === 'unknown'
                  ? key
                  : unknown('the key could not be described');
        }
        out.set(ref, rec);
      }),
    );
    return out;
  },
};
export default collector;

