import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';

/** Types AWS gives no tags of their own: they are parts of a tagged resource. */
export const UNTAGGABLE_TYPES = [
  'AWS::EC2::Route',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::IAM::Policy',
  'AWS::IAM::RolePolicy',
  'AWS::KMS::Alias',
  'AWS::Lambda::Permission',
  'AWS::Route53::RecordSet',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::QueuePolicy',
];

export default defineCheck({
  id: 'resource-has-required-tags',
  title: 'Resource carries every required tag, with a value of the required form',
  severity: 'low',
  family: 'tagging',
  controls: { fsbp: [], cis: [] },
  appliesTo: ['*'],
  needs: ['resource.tags'],
  description:
    'The required tags come from the config\'s requiredTags: { "<key>": null } requires the key, { "<key>": "<regular expression>" } also requires its value to match. ' +
    'Without requiredTags the check is skipped for every resource and reads nothing.',
  params: {
    requiredTags: { type: 'patterns', description: 'Tag keys every resource must carry: null for any value, or a regular expression the value must match (set it with the config key requiredTags).' },
    ignoreTypes: { type: 'string[]', default: UNTAGGABLE_TYPES, description: 'Resource types not judged (types AWS gives no tags of their own).' },
  },
  needsWhen: (params) => Object.keys(params.requiredTags ?? {}).length > 0,
  remediation: 'Add the missing tags (or fix their values) on the resource, or once for the whole stack with the provider\'s default_tags, then deploy.',
  evaluate: ({ facts, params, resource }) => {
    const required = params.requiredTags ?? {};
    const keys = Object.keys(required);
    if (keys.length === 0) return skipped('no tags are required: set requiredTags in the config', { requiredTags: 'none' });
    if (params.ignoreTypes.includes(resource.type)) return skipped(`${resource.type} is in ignoreTypes`, { type: resource.type });
    const f = facts['resource.tags'];
    if (f.state === 'unknown') return error(f.reason);
    const tags = f.state === 'present' ? f.value : {};
    const missing = keys.filter((k) => !Object.prototype.hasOwnProperty.call(tags, k));
    const mismatched = keys
      .filter((k) => !missing.includes(k) && required[k] !== null && required[k] !== undefined && !new RegExp(required[k]!).test(tags[k]!))
      .map((k) => ({ key: k, value: tags[k], pattern: required[k] }));
    if (missing.length || mismatched.length) {
      const parts = [...(missing.length ? [`missing ${missing.join(', ')}`] : []), ...(mismatched.length ? [`${mismatched.map((m) => m.key).join(', ')} not of the required form`] : [])];
      return fail(`required tags: ${parts.join('; ')}`, { missing, mismatched, ...(f.state === 'absent' ? { tags: 'none' } : { tagKeys: Object.keys(tags).sort() }) });
    }
    return pass('every required tag is there, of the required form', { tags: Object.fromEntries(keys.map((k) => [k, tags[k]])) });
  },
});
