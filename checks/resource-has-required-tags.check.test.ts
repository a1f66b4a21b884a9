import { absent, present, unknown } from '../src/facts/fact.js';
import { factNeeds } from '../src/engine/evaluate.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './resource-has-required-tags.check.js';

const required = { Environment: null, Owner: null, CostCenter: '^[0-9]{4}$' };
const tags = { Environment: 'prod', Owner: 'data-team', CostCenter: '1234', Name: 'x' };

runCheckCases(check, {
  pass: [
    { name: 'every required tag, of the required form', params: { requiredTags: required }, facts: { 'resource.tags': present(tags) }, expectEvidence: { tags: { Environment: 'prod', Owner: 'data-team', CostCenter: '1234' } } },
    { name: 'a resource of any type (an IAM role)', resource: { type: 'AWS::IAM::Role', id: 'app' }, params: { requiredTags: { Owner: null } }, facts: { 'resource.tags': present(tags) } },
    { name: 'an empty value where any value will do', params: { requiredTags: { Owner: null } }, facts: { 'resource.tags': present({ Owner: '' }) } },
  ],
  fail: [
    { name: 'Owner missing', params: { requiredTags: required }, facts: { 'resource.tags': present({ Environment: 'prod', CostCenter: '1234' }) }, expectEvidence: { missing: ['Owner'], mismatched: [], tagKeys: ['CostCenter', 'Environment'] } },
    { name: 'a value not of the required form', params: { requiredTags: required }, facts: { 'resource.tags': present({ ...tags, CostCenter: 'R&D' }) }, expectEvidence: { missing: [], mismatched: [{ key: 'CostCenter', value: 'R&D', pattern: '^[0-9]{4}$' }] } },
    { name: 'no tags at all: every required tag missing', params: { requiredTags: required }, facts: { 'resource.tags': absent('the resource has no tags') }, expectEvidence: { missing: ['Environment', 'Owner', 'CostCenter'], tags: 'none' } },
    { name: 'keys are case-sensitive', params: { requiredTags: { Owner: null } }, facts: { 'resource.tags': present({ owner: 'x' }) }, expectEvidence: { missing: ['Owner'] } },
  ],
  error: [{ name: 'the tags could not be read', params: { requiredTags: required }, facts: { 'resource.tags': unknown('AccessDeniedException: tag:GetResources') } }],
  skipped: [
    { name: 'no required tags configured: never a pass', facts: { 'resource.tags': present(tags) }, expectEvidence: { requiredTags: 'none' } },
    { name: 'an empty requiredTags', params: { requiredTags: {} }, facts: {}, expectEvidence: { requiredTags: 'none' } },
    { name: 'a type AWS gives no tags', resource: { type: 'AWS::EC2::Route', id: 'r-rtb-1' }, params: { requiredTags: required }, facts: { 'resource.tags': unknown('no ARN') }, expectEvidence: { type: 'AWS::EC2::Route' } },
  ],
});

describe('what resource-has-required-tags needs collected', () => {
  const loaded = [{ check: check as never, file: 'resource-has-required-tags.check.ts', builtIn: true }];

  it('nothing without requiredTags, so no AWS call is made', () => {
    expect([...factNeeds(loaded)]).toEqual([]);
    expect([...factNeeds(loaded, { 'resource-has-required-tags': { requiredTags: {} } })]).toEqual([]);
  });

  it('the tags of every resource once requiredTags names a key', () => {
    expect([...factNeeds(loaded, { 'resource-has-required-tags': { requiredTags: { Owner: null } } })]).toEqual([['*', new Set(['resource.tags'])]]);
  });
});
