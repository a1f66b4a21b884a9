import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';

/** The interval a rotation schedule gives, in days, when it is a fixed one. */
export function intervalDays(rules: { automaticallyAfterDays?: number; scheduleExpression?: string }): number | undefined {
  if (rules.automaticallyAfterDays !== undefined) return rules.automaticallyAfterDays;
  const m = /^rate\(\s*(\d+)\s+(days?|hours?)\s*\)$/i.exec(rules.scheduleExpression?.trim() ?? '');
  if (!m) return undefined;
  return m[2]!.toLowerCase().startsWith('day') ? Number(m[1]) : Number(m[1]) / 24;
}

export default defineCheck({
  id: 'secretsmanager-secret-rotation-enabled',
  title: 'Secrets Manager secret rotates automatically (within the configured interval)',
  severity: 'medium',
  family: 'lifecycle',
  controls: { fsbp: ['SecretsManager.1'], cis: [] },
  appliesTo: ['AWS::SecretsManager::Secret'],
  needs: ['secretsmanager.secret'],
  description:
    'Automatic rotation must be on (DescribeSecret RotationEnabled). With maxRotationIntervalDays set, the schedule (AutomaticallyAfterDays, or a rate() expression) must rotate at least that often. ' +
    'Dev stacks that do not rotate set required to false.',
  params: {
    required: { type: 'boolean', default: true, description: 'Whether rotation must be on; false skips the check.' },
    maxRotationIntervalDays: { type: 'integer', min: 1, max: 1000, description: 'The longest rotation interval accepted, in days (none: any interval).' },
  },
  remediation: 'Add a SecretsmanagerSecretRotation for the secret (a rotation function, or managed rotation) with rotationRules { automaticallyAfterDays }, then deploy.',
  evaluate: ({ facts, params }) => {
    const f = facts['secretsmanager.secret'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('Secrets Manager returned no description of the secret');
    if (!params.required) return skipped('rotation is not required (required: false)', { required: false });
    const s = f.value;
    // AWS leaves RotationEnabled out for a secret never configured to rotate.
    if (s.rotationEnabled !== true) return fail('automatic rotation is off', { rotationEnabled: false });
    const evidence = {
      rotationEnabled: true,
      ...(s.rotationRules ? { rotationRules: s.rotationRules } : {}),
      ...(s.lastRotatedDate ? { lastRotatedDate: s.lastRotatedDate } : {}),
    };
    const max = params.maxRotationIntervalDays;
    if (max === undefined) return pass('automatic rotation is on', evidence);
    const days = s.rotationRules ? intervalDays(s.rotationRules) : undefined;
    if (days === undefined) {
      return error(`the rotation schedule ${s.rotationRules?.scheduleExpression ?? '(none reported)'} gives no fixed interval to compare with maxRotationIntervalDays ${max}`, evidence);
    }
    return days <= max
      ? pass(`automatic rotation is on, every ${days} days`, { ...evidence, intervalDays: days, maxRotationIntervalDays: max })
      : fail(`the secret rotates every ${days} days, more than ${max}`, { ...evidence, intervalDays: days, maxRotationIntervalDays: max });
  },
});
