import { absent, present, unknown } from '../src/facts/fact.js';
import type { InstanceMetadataFacts, LaunchTemplateMetadataFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './ec2-instance-imdsv2-required.check.js';

const INSTANCE = { type: 'AWS::EC2::Instance' as const, id: 'i-0a1b2c3d4e5f60718' };
const TEMPLATE = { type: 'AWS::EC2::LaunchTemplate' as const, id: 'lt-0a1b2c3d4e5f60718' };
const GROUP = { type: 'AWS::AutoScaling::AutoScalingGroup' as const, id: 'web-workers' };

const instance = (over: Partial<InstanceMetadataFacts> = {}) => ({
  'ec2.instanceMetadata': present<InstanceMetadataFacts>({ instanceId: 'i-0a1b2c3d4e5f60718', httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1, state: 'applied', ...over }),
});
const template = (over: Partial<LaunchTemplateMetadataFacts> = {}) => ({
  'ec2.launchTemplateMetadata': present<LaunchTemplateMetadataFacts>({ launchTemplateId: 'lt-0a1b2c3d4e5f60718', launchTemplateName: 'web', version: '3', httpTokens: 'required', ...over }),
});

runCheckCases(check, {
  pass: [
    { name: 'an instance that requires session tokens', resource: INSTANCE, facts: instance(), expectEvidence: { instanceId: 'i-0a1b2c3d4e5f60718', httpTokens: 'required', httpPutResponseHopLimit: 1 } },
    { name: 'an instance with the metadata endpoint off', resource: INSTANCE, facts: instance({ httpTokens: 'optional', httpEndpoint: 'disabled' }), expectEvidence: { httpEndpoint: 'disabled' } },
    { name: 'a launch template whose default version requires tokens', resource: TEMPLATE, facts: template(), expectEvidence: { launchTemplateId: 'lt-0a1b2c3d4e5f60718', version: '3' } },
    { name: 'an Auto Scaling group whose template version requires tokens', resource: GROUP, facts: template({ launchTemplateName: undefined }) },
    { name: 'a template that turns the endpoint off', resource: TEMPLATE, facts: template({ httpTokens: undefined, httpEndpoint: 'disabled' }) },
  ],
  fail: [
    { name: 'an instance that still answers IMDSv1', resource: INSTANCE, facts: instance({ httpTokens: 'optional' }), expectEvidence: { httpTokens: 'optional', httpEndpoint: 'enabled' } },
    { name: 'a launch template that allows IMDSv1', resource: TEMPLATE, facts: template({ httpTokens: 'optional' }), expectEvidence: { httpTokens: 'optional' } },
    { name: 'a launch template that sets no metadata options (AMI or account default)', resource: TEMPLATE, facts: template({ httpTokens: undefined }), expectEvidence: { httpTokens: '(not set)', httpEndpoint: '(not set)' } },
    { name: 'an Auto Scaling group launching a template version without IMDSv2', resource: GROUP, facts: template({ httpTokens: 'optional', version: '7' }), expectEvidence: { version: '7' } },
  ],
  error: [
    { name: 'the instance could not be described', resource: INSTANCE, facts: { 'ec2.instanceMetadata': unknown('could not describe instances in us-east-1: UnauthorizedOperation') } },
    { name: 'the instance is terminated', resource: INSTANCE, facts: { 'ec2.instanceMetadata': unknown('the instance i-0a1b2c3d4e5f60718 is terminated') } },
    { name: 'the template version could not be described', resource: TEMPLATE, facts: { 'ec2.launchTemplateMetadata': unknown('could not describe the launch template lt-0a1b2c3d4e5f60718: UnauthorizedOperation') } },
    { name: 'a group launching from a launch configuration', resource: GROUP, facts: { 'ec2.launchTemplateMetadata': unknown('the group launches from the launch configuration web-lc; postflight reads the instance metadata options of launch templates only') } },
    { name: 'the fact was not collected', resource: INSTANCE, facts: { 'ec2.instanceMetadata': absent() } },
  ],
});
