import { absent, present, unknown } from '../src/facts/fact.js';
import type { LambdaFunctionFacts } from '../src/facts/catalogue.js';
import { daysBetween, LAMBDA_RUNTIME_DEPRECATION } from '../src/judge/lambda-runtimes.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './lambda-function-runtime-supported.check.js';

const fn = (runtime?: string, packageType = 'Zip'): LambdaFunctionFacts => ({ name: 'ingest', arn: 'arn:aws:lambda:us-east-1:111122223333:function:ingest', packageType, ...(runtime ? { runtime } : {}) });

runCheckCases(check, {
  pass: [
    { name: 'a supported runtime', today: '2026-12-06', facts: { 'lambda.function': present(fn('python3.13')) }, expectEvidence: { runtime: 'python3.13', deprecationDate: '2029-06-30', daysLeft: 937 } },
    { name: 'the day before deprecation', today: '2027-04-29', facts: { 'lambda.function': present(fn('nodejs22.x')) }, expectEvidence: { daysLeft: 1 } },
    { name: 'a runtime newer than the table, allowed by params', today: '2026-12-06', facts: { 'lambda.function': present(fn('nodejs26.x')) }, params: { allowRuntimes: ['nodejs26.x'] }, expectEvidence: { allowedBy: 'allowRuntimes' } },
  ],
  fail: [
    { name: 'a deprecated runtime', today: '2026-12-06', facts: { 'lambda.function': present(fn('nodejs18.x')) }, expectEvidence: { runtime: 'nodejs18.x', deprecationDate: '2025-09-01' } },
    { name: 'deprecated this very day', today: '2027-04-30', facts: { 'lambda.function': present(fn('nodejs22.x')) }, expectEvidence: { daysLeft: 0 } },
    { name: 'within failDaysBefore of deprecation', today: '2027-04-01', facts: { 'lambda.function': present(fn('nodejs22.x')) }, params: { failDaysBefore: 30 }, expectEvidence: { daysLeft: 29, failDaysBefore: 30 } },
  ],
  error: [
    { name: 'the function could not be read', today: '2026-12-06', facts: { 'lambda.function': unknown('AccessDeniedException') } },
    { name: 'no configuration', today: '2026-12-06', facts: { 'lambda.function': absent() } },
    { name: 'a runtime the table does not list', today: '2026-12-06', facts: { 'lambda.function': present(fn('nodejs26.x')) }, expectEvidence: { runtime: 'nodejs26.x' } },
    { name: 'no date from the engine', facts: { 'lambda.function': present(fn('python3.13')) } },
  ],
  skipped: [{ name: 'a container-image function', today: '2026-12-06', facts: { 'lambda.function': present(fn(undefined, 'Image')) }, expectEvidence: { packageType: 'Image' } }],
});

describe('the runtime table', () => {
  it('dates every runtime YYYY-MM-DD', () => {
    for (const [runtime, date] of Object.entries(LAMBDA_RUNTIME_DEPRECATION)) expect([runtime, date]).toEqual([runtime, expect.stringMatching(/^20\d{2}-[01]\d-[0-3]\d$/)]);
  });

  it('counts days in UTC across months and leap years', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2027-01-01', '2026-12-31')).toBe(-1);
    expect(() => daysBetween('06/12/2026', '2027-01-01')).toThrow(/not a date/);
  });
});
