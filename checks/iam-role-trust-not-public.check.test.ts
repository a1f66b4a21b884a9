import { absent, present, unknown } from '../src/facts/fact.js';
import type { IamRoleFacts } from '../src/facts/catalogue.js';
import type { PolicyDocument } from '../src/judge/policy.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './iam-role-trust-not-public.check.js';

const role = (...Statement: PolicyDocument['Statement']): IamRoleFacts => ({ name: 'app', arn: 'arn:aws:iam::111122223333:role/app', trustPolicy: { Version: '2012-10-17', Statement } });
const assume = { Effect: 'Allow', Action: 'sts:AssumeRole' };

runCheckCases(check, {
  pass: [
    { name: 'a service principal', facts: { 'iam.role': present(role({ ...assume, Principal: { Service: 'lambda.amazonaws.com' } })) }, expectEvidence: { statements: 1 } },
    { name: 'an account principal', facts: { 'iam.role': present(role({ ...assume, Principal: { AWS: 'arn:aws:iam::444455556666:root' } })) } },
    {
      name: '"*" limited to the organization',
      facts: { 'iam.role': present(role({ ...assume, Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })) },
      expectEvidence: { limited: [{ statement: '#1', limits: [{ condition: 'StringEquals:aws:PrincipalOrgID', values: ['o-a1b2c3d4e5'] }] }] },
    },
    { name: 'a Deny to "*" grants nothing', facts: { 'iam.role': present(role({ ...assume, Effect: 'Deny', Principal: '*' }, { ...assume, Principal: { Service: 'ec2.amazonaws.com' } })) } },
  ],
  fail: [
    { name: 'Principal "*"', facts: { 'iam.role': present(role({ ...assume, Sid: 'Anyone', Principal: '*' })) }, expectEvidence: { publicStatements: [{ statement: 'Anyone', principal: '*' }] } },
    { name: '{"AWS": "*"} with an IfExists condition', facts: { 'iam.role': present(role({ ...assume, Principal: { AWS: '*' }, Condition: { StringEqualsIfExists: { 'aws:PrincipalAccount': '111122223333' } } })) } },
    { name: '{"AWS": "*"} limited only by source IP', facts: { 'iam.role': present(role({ ...assume, Principal: { AWS: ['*'] }, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })) } },
  ],
  error: [
    { name: 'the role could not be read', facts: { 'iam.role': unknown('AccessDenied: iam:GetRole') } },
    { name: 'nothing came back', facts: { 'iam.role': absent() } },
  ],
});
