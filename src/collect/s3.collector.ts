/**
 * S3: AWS has no batch form for bucket settings, so each bucket's calls run concurrently under
 * the run's limit. Only the calls the selected checks need are made.
 */
import type { LifecycleRule } from '@aws-sdk/client-s3';
import { requireSdk } from './sdk.js';
import { absent, present, unknown, type Fact } from '../facts/fact.js';
import { parsePolicyDocument, type PolicyDocument } from '../judge/policy.js';
import type { FactKey, S3EncryptionRule, S3LifecycleRule, S3PublicAccessBlockFacts, S3VersioningFacts } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext, Collector, FactRecord } from './context.js';
import { withKmsKey } from './kms-ref.js';

const { GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, GetBucketLocationCommand, GetBucketPolicyCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client } = requireSdk('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');

function s3(ctx: CollectContext, region: string | undefined): InstanceType<typeof S3Client> {
  return ctx.client('s3', region, () => {
    const config = ctx.clientConfig(region);
    // Emulators serve buckets by path; AWS redirects a bucket asked in the wrong region.
    return new S3Client({ ...config, forcePathStyle: config.endpoint !== undefined, followRegionRedirects: true });
  });
}

function missingBucket(err: unknown): boolean {
  const name = (err as Error).name;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return name === 'NoSuchBucket' || (status === 404 && !NOT_CONFIGURED.has(name));
}

/** The 404 answers that say a setting is not configured, not that the bucket is missing. */
const NOT_CONFIGURED = new Set(['NoSuchLifecycleConfiguration', 'NoSuchPublicAccessBlockConfiguration', 'NoSuchBucketPolicy', 'NoSuchTagSet', 'ServerSideEncryptionConfigurationNotFoundError']);

async function bucketPolicy(ctx: CollectContext, bucket: string, region: string | undefined): Promise<Fact<PolicyDocument>> {
  try {
    const out = await ctx.call('s3:GetBucketPolicy', (o) => s3(ctx, region).send(new GetBucketPolicyCommand({ Bucket: bucket }), o));
    if (!out.Policy) return unknown(`GetBucketPolicy returned no policy for ${bucket}`);
    try {
      return present(parsePolicyDocument(out.Policy));
    } catch (err) {
      return unknown(`the bucket policy of ${bucket} could not be read: ${(err as Error).message}`);
    }
  } catch (err) {
    if ((err as Error).name === 'NoSuchBucketPolicy') return absent('the bucket has no bucket policy');
    if (missingBucket(err)) return unknown(`the bucket ${bucket} does not exist (${ctx.reason(err)})`);
    return unknown(`could not read the bucket policy of ${bucket}: ${ctx.reason(err)}`);
  }
}

async function encryption(ctx: CollectContext, bucket: string, region: string | undefined): Promise<Fact<S3EncryptionRule[]>> {
  try {
    const out = await ctx.call('s3:GetEncryptionConfiguration', (o) => s3(ctx, region).send(new GetBucketEncryptionCommand({ Bucket: bucket }), o));
    const rules = out.ServerSideEncryptionConfiguration?.Rules ?? [];
    return present(
      rules.map((r) => {
        const d = r.ApplyServerSideEncryptionByDefault;
        const rule: S3EncryptionRule = { sseAlgorithm: d?.SSEAlgorithm ?? 'NONE' };
        if (d?.KMSMasterKeyID) rule.kmsMasterKeyId = d.KMSMasterKeyID;
        if (r.BucketKeyEnabled !== undefined) rule.bucketKeyEnabled = r.BucketKeyEnabled;
        return rule;
      }),
    );
  } catch (err) {
    if ((err as Error).name === 'ServerSideEncryptionConfigurationNotFoundError') return absent('no default encryption configuration');
    if (missingBucket(err)) return unknown(`the bucket ${bucket} does not exist (${ctx.reason(err)})`);
    return unknown(`could not read default encryption of ${bucket}: ${ctx.reason(err)}`);
  }
}

export function toLifecycleRule(r: LifecycleRule): S3LifecycleRule {
  const f = r.Filter;
  const filter: S3LifecycleRule['filter'] = {};
  const prefix = f?.Prefix ?? f?.And?.Prefix ?? r.Prefix;
  if (prefix !== undefined) filter.prefix = prefix;
  const tags = [...(f?.Tag ? [f.Tag] : []), ...(f?.And?.Tags ?? [])].map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
  if (tags.length) filter.tags = tags;
  const gt = f?.ObjectSizeGreaterThan ?? f?.And?.ObjectSizeGreaterThan;
  const lt = f?.ObjectSizeLessThan ?? f?.And?.ObjectSizeLessThan;
  if (gt !== undefined) filter.objectSizeGreaterThan = Number(gt);
  if (lt !== undefined) filter.objectSizeLessThan = Number(lt);
  const rule: S3LifecycleRule = {
    status: r.Status ?? 'Disabled',
    filter,
    transitions: (r.Transitions ?? []).map((t) => {
      const out: { days?: number; date?: string; storageClass: string } = { storageClass: t.StorageClass ?? 'UNKNOWN' };
      if (t.Days !== undefined) out.days = t.Days;
      if (t.Date) out.date = t.Date.toISOString();
      return out;
    }),
  };
  if (r.ID) rule.id = r.ID;
  if (r.Expiration) {
    const e: NonNullable<S3LifecycleRule['expiration']> = {};
    if (r.Expiration.Days !== undefined) e.days = r.Expiration.Days;
    if (r.Expiration.Date) e.date = r.Expiration.Date.toISOString();
    if (r.Expiration.ExpiredObjectDeleteMarker !== undefined) e.expiredObjectDeleteMarker = r.Expiration.ExpiredObjectDeleteMarker;
    rule.expiration = e;
  }
  if (r.NoncurrentVersionExpiration?.NoncurrentDays !== undefined) rule.noncurrentVersionExpirationDays = r.NoncurrentVersionExpiration.NoncurrentDays;
  return rule;
}

async function lifecycle(ctx: CollectContext, bucket: string, region: string | undefined): Promise<Fact<S3LifecycleRule[]>> {
  try {
    const out = await ctx.call('s3:GetLifecycleConfiguration', (o) =>
      s3(ctx, region).send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }), o),
    );
    return present((out.Rules ?? []).map(toLifecycleRule));
  } catch (err) {
    if ((err as Error).name === 'NoSuchLifecycleConfiguration') return absent('no lifecycle configuration');
    if (missingBucket(err)) return unknown(`the bucket ${bucket} does not exist (${ctx.reason(err)})`);
    return unknown(`could not read lifecycle configuration of ${bucket}: ${ctx.reason(err)}`);
  }
}

async function location(ctx: CollectContext, bucket: string, region: string | undefined): Promise<Fact<string>> {
  try {
    const out = await ctx.call('s3:GetBucketLocation', (o) => s3(ctx, region).send(new GetBucketLocationCommand({ Bucket: bucket }), o));
    // AWS reports us-east-1 as an empty constraint and the oldest EU buckets as `EU`.
    const c = out.LocationConstraint as string | undefined;
    return present(!c ? 'us-east-1' : c === 'EU' ? 'eu-west-1' : c);
  } catch (err) {
    if (missingBucket(err)) return unknown(`the bucket ${bucket} does not exist (${ctx.reason(err)})`);
    return unknown(`could not read the location of ${bucket}: ${ctx.reason(err)}`);
  }
}

async function versioning(ctx: CollectContext, bucket: string, region: string | undefined): Promise<Fact<S3VersioningFacts>> {
  try {
    const out = await ctx.call('s3:GetBucketVersioning', (o) => s3(ctx, region).send(new GetBucketVersioningCommand({ Bucket: bucket }), o));
    // A bucket that never had versioning turned on answers with no Status at all.
    const facts: S3VersioningFacts = { status: out.Status ?? 'Disabled' };
    if (out.MFADelete) facts.mfaDelete = out.MFADelete;
    return present(facts);
  } catch (err) {
    if (missingBucket(err)) return unknown(`the bucket ${bucket} does not exist (${ctx.reason(err)})`);
    return unknown(`could not read versioning of ${bucket}: ${ctx.reason(err)}`);
  }
}

async function publicAccessBlock(ctx: CollectContext, bucket: string, region: string | undefined): Promise<Fact<S3PublicAccessBlockFacts>> {
  try {
    const out = await ctx.call('s3:GetBucketPublicAccessBlock', (o) => s3(ctx, region).send(new GetPublicAccessBlockCommand({ Bucket: bucket }), o));
    const c = out.PublicAccessBlockConfiguration;
    if (!c) return unknown(`GetPublicAccessBlock returned no configuration for ${bucket}`);
    return present({
      blockPublicAcls: c.BlockPublicAcls === true,
      ignorePublicAcls: c.IgnorePublicAcls === true,
      blockPublicPolicy: c.BlockPublicPolicy === true,
      restrictPublicBuckets: c.RestrictPublicBuckets === true,
    });
  } catch (err) {
    if ((err as Error).name === 'NoSuchPublicAccessBlockConfiguration') return absent('the bucket has no public access block configuration');
    if (missingBucket(err)) return unknown(`the bucket ${bucket} does not exist (${ctx.reason(err)})`);
    return unknown(`could not read the public access block of ${bucket}: ${ctx.reason(err)}`);
  }
}

/** The key a bucket's default encryption names. `aws:kms` without a key id means the AWS-managed `aws/s3`. */
export function bucketKeyRef(enc: Fact<S3EncryptionRule[]>): Fact<string> {
  if (enc.state !== 'present') return enc;
  const kmsRule = enc.value.find((r) => r.sseAlgorithm.startsWith('aws:kms'));
  if (!kmsRule) return absent(`default encryption is ${enc.value.map((r) => r.sseAlgorithm).join(', ') || 'empty'}, not SSE-KMS`);
  return present(kmsRule.kmsMasterKeyId ?? 'alias/aws/s3');
}

const collector: Collector = {
  service: 's3',
  types: ['AWS::S3::Bucket'],
  provides: ['s3.defaultEncryption', 's3.lifecycleRules', 's3.region', 's3.versioning', 's3.publicAccessBlock', 's3.bucketPolicy', 'encryption.kmsKeyRef', 'encryption.kmsKey'],
  actions: ['s3:GetEncryptionConfiguration', 's3:GetLifecycleConfiguration', 's3:GetBucketLocation', 's3:GetBucketVersioning', 's3:GetBucketPublicAccessBlock', 's3:GetBucketPolicy'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    await Promise.all(
      refs.map(async (ref) => {
        const region = ref.region ?? ctx.settings.region;
        const rec: FactRecord = {};
        const needEnc = want.has('s3.defaultEncryption') || want.has('encryption.kmsKeyRef') || want.has('encryption.kmsKey');
        const [enc, rules, loc, ver, pab, policy] = await Promise.all([
          needEnc ? encryption(ctx, ref.id, region) : undefined,
          want.has('s3.lifecycleRules') ? lifecycle(ctx, ref.id, region) : undefined,
          want.has('s3.region') ? location(ctx, ref.id, region) : undefined,
          want.has('s3.versioning') ? versioning(ctx, ref.id, region) : undefined,
          want.has('s3.publicAccessBlock') ? publicAccessBlock(ctx, ref.id, region) : undefined,
          want.has('s3.bucketPolicy') ? bucketPolicy(ctx, ref.id, region) : undefined,
        ]);
        if (policy) rec['s3.bucketPolicy'] = policy;
        if (ver) rec['s3.versioning'] = ver;
        if (pab) rec['s3.publicAccessBlock'] = pab;
        if (enc && want.has('s3.defaultEncryption')) rec['s3.defaultEncryption'] = enc;
        if (rules) rec['s3.lifecycleRules'] = rules;
        if (loc) rec['s3.region'] = loc;
        if (enc) Object.assign(rec, await withKmsKey(ctx, want, bucketKeyRef(enc), region));
        out.set(ref, rec);
      }),
    );
    return out;
  },
};
export default collector;
