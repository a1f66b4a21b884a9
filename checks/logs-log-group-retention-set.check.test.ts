import { absent, present, unknown } from '../src/facts/fact.js';
import type { LogGroupFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './logs-log-group-retention-set.check.js';

const forever: LogGroupFacts = { name: '/aws/lambda/ingest' };
const kept = (days: number): LogGroupFacts => ({ ...forever, retentionInDays: days });

runCheckCases(check, {
  pass: [
    { name: 'retention set (production default: any set retention)', facts: { 'logs.logGroup': present(kept(30)) }, expectEvidence: { retentionInDays: 30, minDays: 1, allowNeverExpire: false } },
    { name: 'exactly the minimum', facts: { 'logs.logGroup': present(kept(365)) }, params: { minDays: 365 }, expectEvidence: { retentionInDays: 365, minDays: 365 } },
    { name: 'never expire, allowed by the config', facts: { 'logs.logGroup': present(forever) }, params: { allowNeverExpire: true }, expectEvidence: { retentionInDays: 'never expire' } },
    { name: 'within both bounds', facts: { 'logs.logGroup': present(kept(90)) }, params: { minDays: 30, maxDays: 90 }, expectEvidence: { maxDays: 90 } },
  ],
  fail: [
    { name: 'never expire (no retention set)', facts: { 'logs.logGroup': present(forever) }, expectEvidence: { retentionInDays: 'never expire' } },
    { name: 'fewer days than the minimum', facts: { 'logs.logGroup': present(kept(7)) }, params: { minDays: 30 }, expectEvidence: { retentionInDays: 7, minDays: 30 } },
    { name: 'more days than the maximum', facts: { 'logs.logGroup': present(kept(3653)) }, params: { maxDays: 400 }, expectEvidence: { retentionInDays: 3653, maxDays: 400 } },
  ],
  error: [
    { name: 'the log group does not exist', facts: { 'logs.logGroup': unknown('the log group /aws/lambda/ingest does not exist in us-east-1') } },
    { name: 'no description came back', facts: { 'logs.logGroup': absent() } },
    { name: 'the fact was not collected', facts: {} },
  ],
});
