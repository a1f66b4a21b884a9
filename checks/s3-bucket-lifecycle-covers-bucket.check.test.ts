import { absent, present, unknown } from '../src/facts/fact.js';
import type { S3LifecycleRule } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './s3-bucket-lifecycle-covers-bucket.check.js';

/** An Enabled whole-bucket rule moving objects to GLACIER after 90 days, the defaults' passing shape. */
const rule = (over: Partial<S3LifecycleRule> = {}): S3LifecycleRule => ({
  id: 'archive',
  status: 'Enabled',
  filter: {},
  transitions: [{ days: 90, storageClass: 'GLACIER' }],
  ...over,
});
const rules = (...r: S3LifecycleRule[]) => ({ 's3.lifecycleRules': present(r) });
const DEFAULTS = { storageClass: 'GLACIER', transitionDays: 90 };

runCheckCases(check, {
  pass: [
    {
      name: 'a whole-bucket rule moving objects to GLACIER after 90 days',
      facts: rules(rule()),
      expectEvidence: { required: DEFAULTS, transitionRule: 'archive', transition: { days: 90, storageClass: 'GLACIER' } },
    },
    {
      name: 'a colder class (DEEP_ARCHIVE) than the configured GLACIER',
      facts: rules(rule({ transitions: [{ days: 60, storageClass: 'DEEP_ARCHIVE' }] })),
      expectEvidence: { transition: { days: 60, storageClass: 'DEEP_ARCHIVE' } },
    },
    {
      name: 'a rule that reaches GLACIER through STANDARD_IA first',
      facts: rules(rule({ transitions: [{ days: 30, storageClass: 'STANDARD_IA' }, { days: 90, storageClass: 'GLACIER' }] })),
      expectEvidence: { transition: { days: 90, storageClass: 'GLACIER' } },
    },
    {
      name: 'the legacy rule-level prefix "" selects the whole bucket',
      facts: rules(rule({ filter: { prefix: '' } })),
      expectEvidence: { transitionRule: 'archive' },
    },
    {
      name: 'expirationDays 2555 met by a rule expiring after 2555 days',
      facts: rules(rule({ expiration: { days: 2555 } })),
      params: { expirationDays: 2555 },
      expectEvidence: { required: { ...DEFAULTS, expirationDays: 2555 }, transitionRule: 'archive', expirationRule: 'archive', expirationDays: 2555 },
    },
    {
      name: 'expirationDays met by a second whole-bucket rule',
      facts: rules(rule(), rule({ id: 'retention', transitions: [], expiration: { days: 2000 } })),
      params: { expirationDays: 2555 },
      expectEvidence: { transitionRule: 'archive', expirationRule: 'retention', expirationDays: 2000 },
    },
    {
      name: 'params overridden: STANDARD_IA within 30 days',
      facts: rules(rule({ transitions: [{ days: 30, storageClass: 'STANDARD_IA' }] })),
      params: { storageClass: 'STANDARD_IA', transitionDays: 30 },
      expectEvidence: { required: { storageClass: 'STANDARD_IA', transitionDays: 30 }, transition: { days: 30, storageClass: 'STANDARD_IA' } },
    },
    {
      name: 'a prefix rule beside a whole-bucket rule that qualifies',
      facts: rules(rule({ id: 'logs', filter: { prefix: 'logs/' }, transitions: [{ days: 1, storageClass: 'GLACIER' }] }), rule({ id: 'all' })),
      expectEvidence: { transitionRule: 'all' },
    },
    {
      name: 'an unnamed whole-bucket rule transitioning on day 0 with transitionDays 0',
      facts: rules(rule({ id: undefined, transitions: [{ days: 0, storageClass: 'GLACIER_IR' }] })),
      params: { storageClass: 'GLACIER_IR', transitionDays: 0 },
      expectEvidence: { transitionRule: 'rule #1' },
    },
  ],
  fail: [
    {
      name: 'no lifecycle configuration',
      facts: { 's3.lifecycleRules': absent('no lifecycle configuration') },
      expectEvidence: { lifecycleConfiguration: 'none', required: DEFAULTS },
    },
    {
      name: 'a lifecycle configuration with no rules',
      facts: rules(),
      expectEvidence: { rules: [] },
    },
    {
      name: 'a rule limited to a prefix',
      facts: rules(rule({ id: 'logs', filter: { prefix: 'logs/' } })),
      expectEvidence: { rules: [{ rule: 'logs', reasons: ['limited to prefix logs/'] }] },
    },
    {
      name: 'a rule limited to tags',
      facts: rules(rule({ filter: { tags: [{ key: 'class', value: 'archive' }] } })),
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['limited to tags'], tags: [{ key: 'class', value: 'archive' }] }] },
    },
    {
      name: 'a rule limited to an empty prefix and tags (Filter.And)',
      facts: rules(rule({ filter: { prefix: '', tags: [{ key: 'keep', value: 'no' }] } })),
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['limited to tags'] }] },
    },
    {
      name: 'a rule limited by object size',
      facts: rules(rule({ filter: { objectSizeGreaterThan: 131072 } })),
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['limited to objects larger than 131072 bytes'] }] },
    },
    {
      name: 'a disabled whole-bucket rule',
      facts: rules(rule({ status: 'Disabled' })),
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['disabled'] }] },
    },
    {
      name: 'a disabled rule that is also limited to a prefix lists both reasons',
      facts: rules(rule({ status: 'Disabled', filter: { prefix: 'tmp/' } })),
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['disabled', 'limited to prefix tmp/'] }] },
    },
    {
      name: 'a transition to a warmer class (STANDARD_IA) than GLACIER',
      facts: rules(rule({ transitions: [{ days: 30, storageClass: 'STANDARD_IA' }] })),
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['transitions to STANDARD_IA, not GLACIER'] }] },
    },
    {
      name: 'a transition too late (180 days > 90)',
      facts: rules(rule({ transitions: [{ days: 180, storageClass: 'GLACIER' }] })),
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['transition after 180 days > 90'] }] },
    },
    {
      name: 'a rule that only expires objects',
      facts: rules(rule({ transitions: [], expiration: { days: 30 } })),
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['no transition (GLACIER within 90 days required)'] }] },
    },
    {
      name: 'a date-based transition does not satisfy a days requirement',
      facts: rules(rule({ transitions: [{ date: '2024-01-01T00:00:00.000Z', storageClass: 'GLACIER' }] })),
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['transition to GLACIER on a date (2024-01-01T00:00:00.000Z), not after a number of days'] }] },
    },
    {
      name: 'expirationDays 2555 set and the rule has no expiration',
      facts: rules(rule()),
      params: { expirationDays: 2555 },
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['no expiration (expirationDays 2555 required)'] }], required: { ...DEFAULTS, expirationDays: 2555 } },
    },
    {
      name: 'expirationDays 2555 set and the rule expires too late',
      facts: rules(rule({ expiration: { days: 3650 } })),
      params: { expirationDays: 2555 },
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['expiration after 3650 days > 2555'] }] },
    },
    {
      name: 'expirationDays set and the rule expires on a date',
      facts: rules(rule({ expiration: { date: '2031-01-01T00:00:00.000Z' } })),
      params: { expirationDays: 2555 },
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['expiration on a date (2031-01-01T00:00:00.000Z), not after a number of days (expirationDays 2555 required)'] }] },
    },
    {
      name: 'expirationDays set and the rule only removes expired delete markers',
      facts: rules(rule({ expiration: { expiredObjectDeleteMarker: true } })),
      params: { expirationDays: 2555 },
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['expiration removes only expired object delete markers (expirationDays 2555 required)'] }] },
    },
    {
      name: 'expirationDays met only by a rule limited to a prefix',
      facts: rules(rule(), rule({ id: 'logs', filter: { prefix: 'logs/' }, transitions: [], expiration: { days: 30 } })),
      params: { expirationDays: 2555 },
      expectEvidence: {
        rules: [
          { rule: 'archive', reasons: ['no expiration (expirationDays 2555 required)'] },
          { rule: 'logs', reasons: ['limited to prefix logs/', 'no transition (GLACIER within 90 days required)'] },
        ],
      },
    },
    {
      name: 'params overridden: 90 days is too late for transitionDays 30',
      facts: rules(rule()),
      params: { transitionDays: 30 },
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['transition after 90 days > 30'] }], required: { storageClass: 'GLACIER', transitionDays: 30 } },
    },
    {
      name: 'params overridden: GLACIER is warmer than the required DEEP_ARCHIVE',
      facts: rules(rule()),
      params: { storageClass: 'DEEP_ARCHIVE' },
      expectEvidence: { rules: [{ rule: 'archive', reasons: ['transitions to GLACIER, not DEEP_ARCHIVE'] }] },
    },
    {
      name: 'only a prefix rule and a disabled rule: each listed with its reason',
      facts: rules(rule({ id: 'logs', filter: { prefix: 'logs/' } }), rule({ id: 'old', status: 'Disabled' })),
      expectEvidence: {
        rules: [
          { rule: 'logs', reasons: ['limited to prefix logs/'] },
          { rule: 'old', reasons: ['disabled'] },
        ],
      },
    },
  ],
  error: [
    {
      name: 'the lifecycle configuration could not be read (AccessDenied)',
      facts: { 's3.lifecycleRules': unknown('AccessDenied: Access Denied (HTTP 403)') },
    },
    {
      name: 'the lifecycle configuration was not collected',
      facts: {},
    },
    {
      name: 'a storageClass parameter outside the known classes',
      facts: rules(rule()),
      params: { storageClass: 'STANDARD' },
      expectEvidence: { required: { storageClass: 'STANDARD' } },
    },
  ],
});
