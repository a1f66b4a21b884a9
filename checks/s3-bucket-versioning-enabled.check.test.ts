import { absent, present, unknown } from '../src/facts/fact.js';
import type { S3LifecycleRule } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './s3-bucket-versioning-enabled.check.js';

const enabled = present({ status: 'Enabled' });
const expiring: S3LifecycleRule = { id: 'old-versions', status: 'Enabled', filter: {}, transitions: [], noncurrentVersionExpirationDays: 30 };

runCheckCases(check, {
  pass: [
    {
      name: 'versioned, a whole-bucket rule expires noncurrent versions',
      facts: { 's3.versioning': enabled, 's3.lifecycleRules': present([expiring]) },
      expectEvidence: { versioning: 'Enabled', noncurrentExpirationRule: 'old-versions', noncurrentDays: 30 },
    },
    {
      name: 'versioned, noncurrent expiry not required by the config',
      facts: { 's3.versioning': enabled, 's3.lifecycleRules': absent() },
      params: { requireNoncurrentExpiration: false },
      expectEvidence: { versioning: 'Enabled', requireNoncurrentExpiration: false },
    },
    {
      name: 'within the configured number of days',
      facts: { 's3.versioning': enabled, 's3.lifecycleRules': present([expiring]) },
      params: { maxNoncurrentDays: 30 },
    },
  ],
  fail: [
    { name: 'versioning never enabled', facts: { 's3.versioning': present({ status: 'Disabled' }), 's3.lifecycleRules': absent() }, expectEvidence: { versioning: 'Disabled' } },
    { name: 'versioning suspended', facts: { 's3.versioning': present({ status: 'Suspended' }), 's3.lifecycleRules': present([expiring]) }, expectEvidence: { versioning: 'Suspended' } },
    {
      name: 'versioned without a lifecycle configuration',
      facts: { 's3.versioning': enabled, 's3.lifecycleRules': absent() },
      expectEvidence: { lifecycleConfiguration: 'none' },
    },
    {
      name: 'the only noncurrent rule is limited to a prefix',
      facts: { 's3.versioning': enabled, 's3.lifecycleRules': present([{ ...expiring, filter: { prefix: 'logs/' } }]) },
      expectEvidence: { rules: [{ rule: 'old-versions', reasons: ['limited to prefix logs/'] }] },
    },
    {
      name: 'noncurrent versions kept longer than configured',
      facts: { 's3.versioning': enabled, 's3.lifecycleRules': present([expiring]) },
      params: { maxNoncurrentDays: 7 },
      expectEvidence: { rules: [{ rule: 'old-versions', reasons: ['noncurrent versions expire after 30 days > 7'] }] },
    },
    {
      name: 'a disabled rule and one without noncurrent expiry',
      facts: { 's3.versioning': enabled, 's3.lifecycleRules': present([{ ...expiring, status: 'Disabled' }, { status: 'Enabled', filter: {}, transitions: [] }]) },
      expectEvidence: { rules: [{ rule: 'old-versions', reasons: ['disabled'] }, { rule: 'rule #2', reasons: ['no noncurrent version expiration'] }] },
    },
  ],
  error: [
    { name: 'versioning could not be read', facts: { 's3.versioning': unknown('AccessDenied'), 's3.lifecycleRules': absent() } },
    { name: 'versioned, the lifecycle could not be read', facts: { 's3.versioning': enabled, 's3.lifecycleRules': unknown('AccessDenied') } },
  ],
});
