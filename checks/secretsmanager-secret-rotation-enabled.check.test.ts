import { absent, present, unknown } from '../src/facts/fact.js';
import type { SecretFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check, { intervalDays } from './secretsmanager-secret-rotation-enabled.check.js';

const secret: SecretFacts = { name: 'db', arn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf', rotationEnabled: true, rotationRules: { automaticallyAfterDays: 30 } };

runCheckCases(check, {
  pass: [
    { name: 'rotation on', facts: { 'secretsmanager.secret': present(secret) }, expectEvidence: { rotationEnabled: true, rotationRules: { automaticallyAfterDays: 30 } } },
    { name: 'rotating within the configured interval', facts: { 'secretsmanager.secret': present(secret) }, params: { maxRotationIntervalDays: 30 }, expectEvidence: { intervalDays: 30 } },
    { name: 'a rate() schedule in hours', facts: { 'secretsmanager.secret': present({ ...secret, rotationRules: { scheduleExpression: 'rate(12 hours)' } }) }, params: { maxRotationIntervalDays: 1 }, expectEvidence: { intervalDays: 0.5 } },
  ],
  fail: [
    { name: 'rotation off', facts: { 'secretsmanager.secret': present({ ...secret, rotationEnabled: false }) }, expectEvidence: { rotationEnabled: false } },
    { name: 'never configured (AWS leaves RotationEnabled out)', facts: { 'secretsmanager.secret': present({ name: 'db' }) }, expectEvidence: { rotationEnabled: false } },
    { name: 'rotating less often than required', facts: { 'secretsmanager.secret': present({ ...secret, rotationRules: { scheduleExpression: 'rate(90 days)' } }) }, params: { maxRotationIntervalDays: 30 }, expectEvidence: { intervalDays: 90, maxRotationIntervalDays: 30 } },
  ],
  error: [
    { name: 'the secret could not be described', facts: { 'secretsmanager.secret': unknown('AccessDeniedException') } },
    { name: 'no description', facts: { 'secretsmanager.secret': absent() } },
    { name: 'a cron schedule against a maximum interval', facts: { 'secretsmanager.secret': present({ ...secret, rotationRules: { scheduleExpression: 'cron(0 8 1 * ? *)' } }) }, params: { maxRotationIntervalDays: 30 } },
  ],
  skipped: [{ name: 'a dev stack that does not require rotation', facts: { 'secretsmanager.secret': present({ ...secret, rotationEnabled: false }) }, params: { required: false }, expectEvidence: { required: false } }],
});

describe('intervalDays', () => {
  it.each([
    [{ automaticallyAfterDays: 7 }, 7],
    [{ scheduleExpression: 'rate(10 days)' }, 10],
    [{ scheduleExpression: 'rate(1 day)' }, 1],
    [{ scheduleExpression: 'rate(48 hours)' }, 2],
    [{ scheduleExpression: 'cron(0 16 1,15 * ? *)' }, undefined],
    [{}, undefined],
  ])('%j rotates every %s days', (rules, days) => {
    expect(intervalDays(rules)).toBe(days);
  });
});
