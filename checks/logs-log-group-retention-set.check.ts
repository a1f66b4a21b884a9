import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'logs-log-group-retention-set',
  title: 'CloudWatch Logs log group keeps events for a set number of days within the configured bounds',
  severity: 'medium',
  family: 'lifecycle',
  // Security Hub's CloudWatch.16 (log group retention) belongs to NIST 800-53, not to FSBP.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::Logs::LogGroup'],
  needs: ['logs.logGroup'],
  description:
    'Passes when the log group has a retention set of at least minDays (and at most maxDays, when set). A group that never expires ' +
    'fails unless allowNeverExpire is true: logs kept forever cost without bound and outlive the data-retention policy.',
  params: {
    minDays: { type: 'integer', default: 1, min: 1, description: 'Events must be kept at least this many days (e.g. 365 for audit logs).' },
    maxDays: { type: 'integer', min: 1, description: 'When set, events must be kept at most this many days.' },
    allowNeverExpire: { type: 'boolean', default: false, description: 'Whether a log group that never expires passes.' },
  },
  remediation:
    'Set retentionInDays on the CloudwatchLogGroup to one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653) within the configured bounds.',
  evaluate: ({ facts, params }) => {
    const f = facts['logs.logGroup'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('CloudWatch Logs returned no description of the log group');
    const days = f.value.retentionInDays;
    const bounds = { minDays: params.minDays, ...(params.maxDays !== undefined ? { maxDays: params.maxDays } : {}), allowNeverExpire: params.allowNeverExpire };
    if (days === undefined) {
      return params.allowNeverExpire
        ? pass('events never expire, which the configuration allows', { retentionInDays: 'never expire', ...bounds })
        : fail('events never expire: no retention is set', { retentionInDays: 'never expire', ...bounds });
    }
    const evidence = { retentionInDays: days, ...bounds };
    if (days < params.minDays) return fail(`events are kept ${days} days, fewer than ${params.minDays}`, evidence);
    if (params.maxDays !== undefined && days > params.maxDays) return fail(`events are kept ${days} days, more than ${params.maxDays}`, evidence);
    return pass(`events are kept ${days} days`, evidence);
  },
});
