import { defineCheck, error, fail, pass } from '../src/engine/define.js';
import type { S3LifecycleRule } from '../src/facts/catalogue.js';

/** Transition storage classes from warmest to coldest: a transition counts for its class and every warmer one. */
const COLDNESS = ['STANDARD_IA', 'INTELLIGENT_TIERING', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;

interface Required {
  storageClass: string;
  transitionDays: number;
  expirationDays?: number;
}

type Transition = S3LifecycleRule['transitions'][number];

interface RuleJudgement {
  /** Why the rule does not cover every object (empty: it does). */
  scope: string[];
  /** Why the rule does not transition in time (empty: it does). */
  transition: string[];
  /** The transition that meets the requirement. */
  match?: Transition;
  /** Why the rule does not expire objects in time (empty: it does, or no expiry is required). */
  expiration: string[];
}

const label = (rule: S3LifecycleRule, index: number): string => rule.id ?? `rule #${index + 1}`;

function scopeReasons(rule: S3LifecycleRule): string[] {
  const reasons: string[] = [];
  if (rule.status !== 'Enabled') reasons.push(rule.status === 'Disabled' ? 'disabled' : `status ${rule.status}`);
  const f = rule.filter;
  // An absent or empty prefix (in Filter, Filter.And or the legacy rule-level Prefix) selects every object.
  if (f.prefix) reasons.push(`limited to prefix ${f.prefix}`);
  if (f.tags?.length) reasons.push('limited to tags');
  if (f.objectSizeGreaterThan !== undefined) reasons.push(`limited to objects larger than ${f.objectSizeGreaterThan} bytes`);
  if (f.objectSizeLessThan !== undefined) reasons.push(`limited to objects smaller than ${f.objectSizeLessThan} bytes`);
  return reasons;
}

/** The first transition that meets the requirement, else why none does. */
function judgeTransitions(rule: S3LifecycleRule, want: Required, wantRank: number): { match?: Transition; reasons: string[] } {
  if (rule.transitions.length === 0) return { reasons: [`no transition (${want.storageClass} within ${want.transitionDays} days required)`] };
  const reasons: string[] = [];
  for (const t of rule.transitions) {
    const rank = (COLDNESS as readonly string[]).indexOf(t.storageClass);
    if (rank < wantRank) {
      reasons.push(`transitions to ${t.storageClass}, not ${want.storageClass}`);
    } else if (t.days === undefined) {
      // Whether a date has passed depends on today, which a check does not read: only Days counts.
      reasons.push(`transition to ${t.storageClass} on a date (${t.date ?? 'unset'}), not after a number of days`);
    } else if (t.days > want.transitionDays) {
      reasons.push(`transition after ${t.days} days > ${want.transitionDays}`);
    } else {
      return { match: t, reasons: [] };
    }
  }
  return { reasons };
}

function expirationReasons(rule: S3LifecycleRule, want: Required): string[] {
  if (want.expirationDays === undefined) return [];
  const e = rule.expiration;
  const required = `expirationDays ${want.expirationDays} required`;
  if (!e || (e.days === undefined && e.date === undefined && !e.expiredObjectDeleteMarker)) return [`no expiration (${required})`];
  if (e.days !== undefined) return e.days > want.expirationDays ? [`expiration after ${e.days} days > ${want.expirationDays}`] : [];
  if (e.date !== undefined) return [`expiration on a date (${e.date}), not after a number of days (${required})`];
  return [`expiration removes only expired object delete markers (${required})`];
}

export default defineCheck({
  id: 's3-bucket-lifecycle-covers-bucket',
  title: 'S3 bucket lifecycle moves every object to the required storage class in time (and expires it, when required)',
  severity: 'medium',
  family: 'lifecycle',
  controls: { fsbp: ['S3.13'], cis: [] },
  appliesTo: ['AWS::S3::Bucket'],
  needs: ['s3.lifecycleRules'],
  description:
    'Passes when an Enabled lifecycle rule whose filter selects every object (no prefix or an empty one, no tags, no object-size bounds) ' +
    'transitions current objects to the configured storage class or a colder one within the configured days, and, when expirationDays is set, ' +
    'an Enabled whole-bucket rule expires them within that many days (the same rule or another). Coldness runs ' +
    'STANDARD_IA < INTELLIGENT_TIERING < ONEZONE_IA < GLACIER_IR < GLACIER < DEEP_ARCHIVE. Only day counts satisfy the day limits: ' +
    'a rule that transitions or expires on a date does not, because whether the date has passed depends on the day the check runs. ' +
    'Noncurrent-version actions are not judged.',
  params: {
    storageClass: {
      type: 'string',
      default: 'GLACIER',
      enum: COLDNESS,
      description: 'The storage class objects must reach; a colder class also counts.',
    },
    transitionDays: { type: 'integer', default: 90, min: 0, description: 'Objects must transition within this many days of creation.' },
    expirationDays: {
      type: 'integer',
      min: 1,
      description: 'When set, objects must also expire within this many days of creation (e.g. 2555 for seven-year retention).',
    },
  },
  remediation:
    "Give the bucket an S3BucketLifecycleConfiguration with a rule of status: 'Enabled' and an empty filter (no prefix, tags or object-size bounds), " +
    'whose transition has days within the configured transitionDays (default 90) and storageClass the configured class (default GLACIER) or a colder one, ' +
    'and, when expirationDays is configured, an expiration with days within it.',
  evaluate: ({ facts, params }) => {
    const lc = facts['s3.lifecycleRules'];
    if (lc.state === 'unknown') return error(lc.reason);
    const required: Required = { storageClass: params.storageClass, transitionDays: params.transitionDays };
    if (params.expirationDays !== undefined) required.expirationDays = params.expirationDays;
    const wantRank = (COLDNESS as readonly string[]).indexOf(required.storageClass);
    if (wantRank < 0) return error(`the storageClass parameter ${required.storageClass} is not one of ${COLDNESS.join(', ')}`, { required });
    if (lc.state === 'absent') return fail('the bucket has no lifecycle configuration', { lifecycleConfiguration: 'none', required });

    const judged = lc.value.map((rule, i) => {
      const t = judgeTransitions(rule, required, wantRank);
      const j: RuleJudgement = { scope: scopeReasons(rule), transition: t.reasons, expiration: expirationReasons(rule, required) };
      if (t.match) j.match = t.match;
      return { rule, name: label(rule, i), j };
    });
    const transitioning = judged.find(({ j }) => j.scope.length === 0 && j.transition.length === 0);
    const expiring = judged.find(({ j }) => j.scope.length === 0 && j.expiration.length === 0);
    if (transitioning && expiring) {
      const evidence: Record<string, unknown> = {
        required,
        transitionRule: transitioning.name,
        transition: transitioning.j.match,
      };
      if (required.expirationDays !== undefined) {
        evidence.expirationRule = expiring.name;
        evidence.expirationDays = expiring.rule.expiration?.days;
      }
      return pass(`lifecycle rule ${transitioning.name} covers the bucket and transitions objects in time`, evidence);
    }

    const rules = judged.map(({ rule, name, j }) => {
      const entry: Record<string, unknown> = { rule: name, reasons: [...j.scope, ...j.transition, ...j.expiration] };
      if (rule.filter.tags?.length) entry.tags = rule.filter.tags;
      return entry;
    });
    if (rules.length === 0) return fail('the bucket has a lifecycle configuration with no rules', { rules, required });
    const missing = transitioning ? 'expires objects in time' : 'transitions objects in time';
    return fail(`no enabled lifecycle rule covering the whole bucket ${missing}`, { rules, required });
  },
});
