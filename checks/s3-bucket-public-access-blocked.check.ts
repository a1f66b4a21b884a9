import { defineCheck, error, fail, pass } from '../src/engine/define.js';

const FLAGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;

export default defineCheck({
  id: 's3-bucket-public-access-blocked',
  title: 'S3 bucket blocks public access with all four public access block settings on',
  severity: 'critical',
  family: 'exposure',
  controls: { fsbp: ['S3.8'], cis: ['2.1.4'] },
  appliesTo: ['AWS::S3::Bucket'],
  needs: ['s3.publicAccessBlock'],
  description:
    "Judges the bucket's own public access block (GetPublicAccessBlock): BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets must all be true. " +
    'The account-level block is not read: a bucket stays protected only as long as its own settings are on.',
  remediation:
    'Add an S3BucketPublicAccessBlock for the bucket with blockPublicAcls, ignorePublicAcls, blockPublicPolicy and restrictPublicBuckets all true, then deploy.',
  evaluate: ({ facts }) => {
    const f = facts['s3.publicAccessBlock'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return fail('the bucket has no public access block configuration', { publicAccessBlock: 'none' });
    const off = FLAGS.filter((k) => !f.value[k]);
    const evidence = { ...f.value };
    return off.length === 0 ? pass('all four public access block settings are on', evidence) : fail(`public access block settings off: ${off.join(', ')}`, { ...evidence, off });
  },
});
