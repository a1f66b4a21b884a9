import { absent, present, unknown } from '../src/facts/fact.js';
import type { AttachedPolicyFacts } from '../src/facts/catalogue.js';
import type { PolicyDocument } from '../src/judge/policy.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './iam-role-no-admin-policy.check.js';

const doc = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement });
const scoped = doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::data/*' });
const admin = doc({ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' });
const basic: AttachedPolicyFacts = { arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', owner: 'aws', document: present(doc({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' })) };
const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

runCheckCases(check, {
  pass: [
    { name: 'scoped inline and attached policies', facts: { 'iam.rolePolicies': present({ attached: [basic], inline: [{ name: 'data', document: present(scoped) }] }) }, expectEvidence: { attached: 1, inline: 1 } },
    { name: 'no policies at all', facts: { 'iam.rolePolicies': present({ attached: [], inline: [] }) }, expectEvidence: { attached: 0, inline: 0 } },
    {
      name: 'a NotAction statement is broad, not admin',
      facts: { 'iam.rolePolicies': present({ attached: [], inline: [{ name: 'power', document: present(doc({ Sid: 'P', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })) }] }) },
      expectEvidence: { broad: [{ policy: 'inline:power', statements: ['P'] }] },
    },
  ],
  fail: [
    {
      name: 'an inline policy with Action * on Resource *',
      facts: { 'iam.rolePolicies': present({ attached: [], inline: [{ name: 'god', document: present(admin) }] }) },
      expectEvidence: { admin: [{ policy: 'inline:god', statements: ['All'] }] },
    },
    {
      name: 'a customer-managed policy with "*:*"',
      facts: { 'iam.rolePolicies': present({ attached: [{ arn: 'arn:aws:iam::111122223333:policy/ops', owner: 'customer', document: present(doc({ Effect: 'Allow', Action: ['*:*'], Resource: ['*'] })) }], inline: [] }) },
      expectEvidence: { admin: [{ policy: 'arn:aws:iam::111122223333:policy/ops', statements: ['#1'] }] },
    },
    {
      name: 'AdministratorAccess attached, even with its document unread',
      facts: { 'iam.rolePolicies': present({ attached: [{ arn: ADMIN_ARN, owner: 'aws', document: unknown('AccessDenied') }], inline: [] }) },
      expectEvidence: { admin: [{ policy: ADMIN_ARN, statements: ['AdministratorAccess'] }] },
    },
    {
      name: 'AdministratorAccess in the China partition',
      facts: { 'iam.rolePolicies': present({ attached: [{ arn: 'arn:aws-cn:iam::aws:policy/AdministratorAccess', owner: 'aws', document: present(admin) }], inline: [] }) },
    },
    {
      name: 'admin found while another policy could not be read: still a failure',
      facts: { 'iam.rolePolicies': present({ attached: [{ ...basic, document: unknown('AccessDenied') }], inline: [{ name: 'god', document: present(admin) }] }) },
    },
  ],
  error: [
    { name: 'the policies could not be listed', facts: { 'iam.rolePolicies': unknown('AccessDenied: iam:ListAttachedRolePolicies') } },
    { name: 'an attached policy could not be read', facts: { 'iam.rolePolicies': present({ attached: [{ ...basic, document: unknown('AccessDenied: iam:GetPolicyVersion') }], inline: [] }) } },
    { name: 'an inline policy had no document', facts: { 'iam.rolePolicies': present({ attached: [], inline: [{ name: 'x', document: absent() }] }) } },
    { name: 'nothing came back', facts: { 'iam.rolePolicies': absent() } },
  ],
});
