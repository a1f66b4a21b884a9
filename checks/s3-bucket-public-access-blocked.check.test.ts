import { absent, present, unknown } from '../src/facts/fact.js';
import type { S3PublicAccessBlockFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './s3-bucket-public-access-blocked.check.js';

const all: S3PublicAccessBlockFacts = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

runCheckCases(check, {
  pass: [{ name: 'all four settings on', facts: { 's3.publicAccessBlock': present(all) }, expectEvidence: { ...all } }],
  fail: [
    { name: 'no public access block', facts: { 's3.publicAccessBlock': absent('the bucket has no public access block configuration') }, expectEvidence: { publicAccessBlock: 'none' } },
    { name: 'public policies allowed', facts: { 's3.publicAccessBlock': present({ ...all, blockPublicPolicy: false, restrictPublicBuckets: false }) }, expectEvidence: { off: ['blockPublicPolicy', 'restrictPublicBuckets'] } },
    { name: 'every setting off', facts: { 's3.publicAccessBlock': present({ blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false }) }, expectEvidence: { off: ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] } },
  ],
  error: [
    { name: 'the block could not be read', facts: { 's3.publicAccessBlock': unknown('AccessDenied') } },
    { name: 'the fact was not collected', facts: {} },
  ],
});
