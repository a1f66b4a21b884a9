import { present, unknown } from '../src/facts/fact.js';
import type { PolicyDocument } from '../src/judge/policy.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './s3-bucket-tls-only.check.js';

const tlsOnly = (arn: string) => ({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
const policy = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement });
const ARN = 'arn:aws:s3:::resource-under-test';
const cloudTrailWrite = { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `${ARN}/AWSLogs/*` };

runCheckCases(check, {
  pass: [
    { name: 'the documented TLS-only statement', facts: { 's3.bucketPolicy': present(policy(tlsOnly(ARN))) }, expectEvidence: { tlsOnlyStatements: ['DenyInsecureTransport'] } },
    { name: 'beside other statements, with a boolean false', facts: { 's3.bucketPolicy': present(policy(cloudTrailWrite, { ...tlsOnly(ARN), Condition: { Bool: { 'aws:SecureTransport': false } } })) } },
    { name: 'a bucket in the China partition', resource: { region: 'cn-north-1' }, facts: { 's3.bucketPolicy': present(policy(tlsOnly('arn:aws-cn:s3:::resource-under-test'))) } },
  ],
  fail: [
    { name: 'no bucket policy (NoSuchBucketPolicy)', facts: { 's3.bucketPolicy': { state: 'absent', reason: 'the bucket has no bucket policy' } }, expectEvidence: { bucketPolicy: 'none' } },
    { name: 'a policy without the TLS deny', facts: { 's3.bucketPolicy': present(policy(cloudTrailWrite)) }, expectEvidence: { statements: 1, bucketArn: ARN } },
    { name: 'a deny on the objects only', facts: { 's3.bucketPolicy': present(policy({ ...tlsOnly(ARN), Resource: `${ARN}/*` })) } },
    { name: 'a deny for another bucket', facts: { 's3.bucketPolicy': present(policy(tlsOnly('arn:aws:s3:::other-bucket'))) } },
  ],
  error: [{ name: 'the policy could not be read', facts: { 's3.bucketPolicy': unknown('AccessDenied: s3:GetBucketPolicy') } }],
});
