import { absent, present, unknown } from '../src/facts/fact.js';
import type { CloudTrailTrailFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './cloudtrail-trail-logging.check.js';

const trail: CloudTrailTrailFacts = { name: 'main', arn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main', homeRegion: 'us-east-1', isMultiRegionTrail: true, logFileValidationEnabled: true };
const logging = present({ isLogging: true });

runCheckCases(check, {
  pass: [
    { name: 'logging, multi-Region, validated', facts: { 'cloudtrail.trail': present(trail), 'cloudtrail.status': logging }, expectEvidence: { verdicts: { logging: 'pass', multiRegion: 'pass', logFileValidation: 'pass' } } },
    {
      name: 'a dev stack\'s single-Region trail with requireMultiRegion false',
      facts: { 'cloudtrail.trail': present({ ...trail, isMultiRegionTrail: false }), 'cloudtrail.status': logging },
      params: { requireMultiRegion: false },
      expectEvidence: { verdicts: { multiRegion: 'not required' } },
    },
    {
      name: 'validation off, not required',
      facts: { 'cloudtrail.trail': present({ ...trail, logFileValidationEnabled: false }), 'cloudtrail.status': logging },
      params: { requireLogFileValidation: false },
      expectEvidence: { verdicts: { logFileValidation: 'not required' } },
    },
  ],
  fail: [
    { name: 'not logging', facts: { 'cloudtrail.trail': present(trail), 'cloudtrail.status': present({ isLogging: false, latestDeliveryError: 'AccessDenied' }) }, expectEvidence: { verdicts: { logging: 'fail', multiRegion: 'pass' }, latestDeliveryError: 'AccessDenied' } },
    { name: 'one region only', facts: { 'cloudtrail.trail': present({ ...trail, isMultiRegionTrail: false }), 'cloudtrail.status': logging }, expectEvidence: { verdicts: { multiRegion: 'fail' } } },
    { name: 'log file validation off', facts: { 'cloudtrail.trail': present({ ...trail, logFileValidationEnabled: false }), 'cloudtrail.status': logging }, expectEvidence: { verdicts: { logFileValidation: 'fail' } } },
    {
      name: 'everything off: each verdict in the evidence',
      facts: { 'cloudtrail.trail': present({ ...trail, isMultiRegionTrail: false, logFileValidationEnabled: false }), 'cloudtrail.status': present({ isLogging: false }) },
      expectEvidence: { verdicts: { logging: 'fail', multiRegion: 'fail', logFileValidation: 'fail' } },
    },
  ],
  error: [
    { name: 'the trail could not be described', facts: { 'cloudtrail.trail': unknown('AccessDenied'), 'cloudtrail.status': unknown('AccessDenied') } },
    { name: 'the status could not be read', facts: { 'cloudtrail.trail': present(trail), 'cloudtrail.status': unknown('AccessDeniedException: cloudtrail:GetTrailStatus') } },
    { name: 'no description', facts: { 'cloudtrail.trail': absent(), 'cloudtrail.status': logging } },
    { name: 'no status', facts: { 'cloudtrail.trail': present(trail), 'cloudtrail.status': absent() } },
  ],
});
