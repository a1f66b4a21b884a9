import { defineCheck, error, fail, pass } from '../src/engine/define.js';
import type { S3LifecycleRule } from '../src/facts/catalogue.js';

/** Why a rule does not expire noncurrent versions of every object (empty: it does). */
function noncurrentReasons(rule: S3LifecycleRule, maxDays: number | undefined): string[] {
  const reasons: string[] = [];
  if (rule.status !== 'Enabled') reasons.push(rule.status === 'Disabled' ? 'disabled' : `status ${rule.status}`);
  const f = rule.filter;
  if (f.prefix) reasons.push(`limited to prefix ${f.prefix}`);
  if (f.tags?.length) reasons.push('limited to tags');
  if (f.objectSizeGreaterThan !== undefined || f.objectSizeLessThan !== undefined) reasons.push('limited by object size');
  const days = rule.noncurrentVersionExpirationDays;
  if (days === undefined) reasons.push('no noncurrent version expiration');
  else if (maxDays !== undefined && days > maxDays) reasons.push(`noncurrent versions expire after ${days} days > ${maxDays}`);
  return reasons;
}

export default defineCheck({
  id: 's3-bucket-versioning-enabled',
  title: 'S3 bucket has versioning enabled, and a lifecycle rule expires noncurrent versions',
  severity: 'medium',
  family: 'lifecycle',
  // Security Hub's S3.14 (versioning) and S3.10 (versioned buckets have lifecycle rules) belong to NIST 800-53, not to FSBP.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::S3::Bucket'],
  needs: ['s3.versioning', 's3.lifecycleRules'],
  description:
    'Passes when versioning is Enabled (not Suspended, not never enabled) and, unless requireNoncurrentExpiration is false, an Enabled lifecycle rule ' +
    'covering every object (no prefix, tags or size bounds) expires noncurrent versions (within maxNoncurrentDays, when set), so old versions do not pile up.',
  params: {
    requireNoncurrentExpiration: { type: 'boolean', default: true, description: 'Whether a versioned bucket must also expire noncurrent versions with a lifecycle rule.' },
    maxNoncurrentDays: { type: 'integer', min: 1, description: 'When set, noncurrent versions must expire within this many days.' },
  },
  remediation:
    "Add an S3BucketVersioningA with versioningConfiguration: { status: 'Enabled' } for the bucket, and a lifecycle rule with status 'Enabled', an empty filter and noncurrentVersionExpiration: { noncurrentDays: N }.",
  evaluate: ({ facts, params }) => {
    const v = facts['s3.versioning'];
    if (v.state === 'unknown') return error(v.reason);
    if (v.state === 'absent') return error('S3 returned no versioning state for the bucket');
    const status = v.value.status;
    if (status !== 'Enabled') {
      return fail(status === 'Suspended' ? 'versioning is Suspended' : 'versioning was never enabled', { versioning: status });
    }
    if (!params.requireNoncurrentExpiration) return pass('versioning is Enabled', { versioning: status, requireNoncurrentExpiration: false });
    const lc = facts['s3.lifecycleRules'];
    if (lc.state === 'unknown') return error(lc.reason, { versioning: status });
    const required = params.maxNoncurrentDays === undefined ? 'any' : `within ${params.maxNoncurrentDays} days`;
    if (lc.state === 'absent') {
      return fail('versioning is Enabled but no lifecycle configuration expires noncurrent versions', { versioning: status, lifecycleConfiguration: 'none', noncurrentExpiration: required });
    }
    const judged = lc.value.map((rule, i) => ({ name: rule.id ?? `rule #${i + 1}`, rule, reasons: noncurrentReasons(rule, params.maxNoncurrentDays) }));
    const ok = judged.find((j) => j.reasons.length === 0);
    if (ok) {
      return pass(`versioning is Enabled; lifecycle rule ${ok.name} expires noncurrent versions after ${ok.rule.noncurrentVersionExpirationDays} days`, {
        versioning: status,
        noncurrentExpirationRule: ok.name,
        noncurrentDays: ok.rule.noncurrentVersionExpirationDays,
      });
    }
    return fail('versioning is Enabled but no enabled whole-bucket lifecycle rule expires noncurrent versions', {
      versioning: status,
      noncurrentExpiration: required,
      rules: judged.map((j) => ({ rule: j.name, reasons: j.reasons })),
    });
  },
});
