import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'cloudtrail-trail-logging',
  title: 'CloudTrail trail is logging, in every region, with log file validation on',
  severity: 'high',
  family: 'exposure',
  controls: { fsbp: ['CloudTrail.1', 'CloudTrail.4'], cis: ['3.1', '3.2'] },
  appliesTo: ['AWS::CloudTrail::Trail'],
  needs: ['cloudtrail.trail', 'cloudtrail.status'],
  description:
    'Three verdicts, each in the evidence: the trail is logging (GetTrailStatus IsLogging), it is a multi-Region trail, and log file validation is on. ' +
    'A dev stack with a single-Region trail sets requireMultiRegion to false. The trail\'s event selectors are not read.',
  params: {
    requireMultiRegion: { type: 'boolean', default: true, description: 'Whether the trail must log every region (a multi-Region trail).' },
    requireLogFileValidation: { type: 'boolean', default: true, description: 'Whether log file integrity validation must be on.' },
  },
  remediation: 'Set enableLogging: true, isMultiRegionTrail: true and enableLogFileValidation: true on the Cloudtrail resource, then deploy.',
  evaluate: ({ facts, params }) => {
    const trail = facts['cloudtrail.trail'];
    if (trail.state === 'unknown') return error(trail.reason);
    if (trail.state === 'absent') return error('CloudTrail returned no description of the trail');
    const status = facts['cloudtrail.status'];
    if (status.state === 'unknown') return error(status.reason);
    if (status.state === 'absent') return error('CloudTrail returned no status for the trail');
    const t = trail.value;
    const verdicts = {
      logging: status.value.isLogging ? 'pass' : 'fail',
      multiRegion: t.isMultiRegionTrail ? 'pass' : params.requireMultiRegion ? 'fail' : 'not required',
      logFileValidation: t.logFileValidationEnabled ? 'pass' : params.requireLogFileValidation ? 'fail' : 'not required',
    };
    const evidence = {
      verdicts,
      isLogging: status.value.isLogging,
      isMultiRegionTrail: t.isMultiRegionTrail,
      logFileValidationEnabled: t.logFileValidationEnabled,
      ...(t.homeRegion ? { homeRegion: t.homeRegion } : {}),
      ...(status.value.latestDeliveryError ? { latestDeliveryError: status.value.latestDeliveryError } : {}),
    };
    const failed = Object.entries(verdicts).filter(([, v]) => v === 'fail').map(([k]) => k);
    const what: Record<string, string> = { logging: 'the trail is not logging', multiRegion: 'it logs one region only', logFileValidation: 'log file validation is off' };
    return failed.length ? fail(failed.map((k) => what[k]).join('; '), evidence) : pass('the trail is logging, with the required coverage and validation', evidence);
  },
});
