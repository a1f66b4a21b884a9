import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';
import { daysBetween, LAMBDA_RUNTIME_DEPRECATION, RUNTIME_TABLE_DATE } from '../src/judge/lambda-runtimes.js';

export default defineCheck({
  id: 'lambda-function-runtime-supported',
  title: 'Lambda function runs on a runtime AWS has not deprecated',
  severity: 'medium',
  family: 'lifecycle',
  controls: { fsbp: ['Lambda.2'], cis: [] },
  appliesTo: ['AWS::Lambda::Function'],
  needs: ['lambda.function'],
  description:
    `Compares the function's runtime with the deprecation dates of AWS's "Lambda runtimes" page (postflight's table, read ${RUNTIME_TABLE_DATE}) on the run's date. ` +
    'A container-image function has no runtime of Lambda\'s and is skipped. A runtime the table does not list is an error, never a pass: list it in allowRuntimes once you know it is supported.',
  params: {
    failDaysBefore: { type: 'integer', default: 0, min: 0, max: 3650, description: 'Fail this many days before a runtime\'s deprecation date too.' },
    allowRuntimes: { type: 'string[]', default: [], description: 'Runtime identifiers accepted whatever the table says (one newer than the table).' },
  },
  remediation: 'Set runtime to a supported identifier (for example nodejs22.x or python3.13) on the LambdaFunction, update the code for that version, then deploy.',
  evaluate: ({ facts, params, today }) => {
    const f = facts['lambda.function'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('Lambda returned no configuration for the function');
    const fn = f.value;
    if (fn.packageType === 'Image' || fn.runtime === undefined) {
      return skipped('a container-image function: its runtime is in the image, not one of Lambda\'s', { packageType: fn.packageType });
    }
    const runtime = fn.runtime;
    if (params.allowRuntimes.includes(runtime)) return pass(`runtime ${runtime} is accepted by allowRuntimes`, { runtime, allowedBy: 'allowRuntimes' });
    if (today === undefined) return error('the run\'s date is unknown, so the runtime cannot be compared with its deprecation date', { runtime });
    const deprecates = LAMBDA_RUNTIME_DEPRECATION[runtime];
    if (deprecates === undefined) {
      return error(`runtime ${runtime} is not in postflight's table of Lambda runtimes (read ${RUNTIME_TABLE_DATE}); if AWS supports it, add it to allowRuntimes`, { runtime });
    }
    const daysLeft = daysBetween(today, deprecates);
    const evidence = { runtime, deprecationDate: deprecates, today, daysLeft };
    if (daysLeft <= 0) return fail(`runtime ${runtime} was deprecated on ${deprecates}`, evidence);
    if (daysLeft <= params.failDaysBefore) return fail(`runtime ${runtime} is deprecated on ${deprecates}, within ${params.failDaysBefore} days`, { ...evidence, failDaysBefore: params.failDaysBefore });
    return pass(`runtime ${runtime} is supported until ${deprecates}`, evidence);
  },
});
