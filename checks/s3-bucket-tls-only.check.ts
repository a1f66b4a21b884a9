import { defineCheck, error, fail, pass } from '../src/engine/define.js';
import { partitionOf, tlsOnlyStatements } from '../src/judge/policy.js';

export default defineCheck({
  id: 's3-bucket-tls-only',
  title: 'S3 bucket policy denies every request made without TLS',
  severity: 'medium',
  family: 'encryption',
  controls: { fsbp: ['S3.5'], cis: ['2.1.1'] },
  appliesTo: ['AWS::S3::Bucket'],
  needs: ['s3.bucketPolicy'],
  description:
    'Passes when the bucket policy has a statement with Effect Deny, Principal "*", Action s3:* (or *), Resource covering the bucket and its objects, ' +
    'and the one condition Bool (or BoolIfExists) aws:SecureTransport = false. A bucket without a policy fails.',
  remediation:
    'Add a statement to the bucket policy: Effect Deny, Principal "*", Action "s3:*", Resource [bucket ARN, bucket ARN + "/*"], Condition { Bool: { "aws:SecureTransport": "false" } }, then deploy.',
  evaluate: ({ facts, resource }) => {
    const f = facts['s3.bucketPolicy'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return fail('the bucket has no bucket policy, so requests without TLS are not denied', { bucketPolicy: 'none' });
    const partition = resource.arn?.split(':')[1] ?? partitionOf(resource.region);
    const bucketArn = `arn:${partition}:s3:::${resource.id}`;
    const statements = tlsOnlyStatements(f.value, bucketArn);
    return statements.length
      ? pass('the bucket policy denies requests made without TLS', { tlsOnlyStatements: statements })
      : fail('no statement of the bucket policy denies every request made without TLS', { statements: f.value.Statement.length, bucketArn });
  },
});
