import { absent, present, unknown } from '../src/facts/fact.js';
import type { PolicyDocument } from '../src/judge/policy.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './kms-key-policy-no-public-principal.check.js';

const policy = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement });
const root = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
// The statement of AWS-managed keys' policies (aws/ebs): every principal of the account, through EC2.
const viaService = {
  Sid: 'Allow access through EBS for all principals in the account that are authorized to use EBS',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
  Resource: '*',
  Condition: { StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } },
};

runCheckCases(check, {
  pass: [
    { name: 'the default key policy (the account root)', facts: { 'kms.keyPolicy': present(policy(root)) }, expectEvidence: { statements: 1 } },
    { name: '"*" limited by kms:CallerAccount, as AWS writes it', facts: { 'kms.keyPolicy': present(policy(root, viaService)) }, expectEvidence: { limited: [{ statement: viaService.Sid }] } },
    { name: '"*" limited by aws:SourceArn with the account', facts: { 'kms.keyPolicy': present(policy({ Effect: 'Allow', Principal: '*', Action: 'kms:GenerateDataKey*', Resource: '*', Condition: { StringLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } } })) } },
  ],
  fail: [
    { name: 'Principal "*" with no condition', facts: { 'kms.keyPolicy': present(policy(root, { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' })) }, expectEvidence: { publicStatements: [{ statement: 'Open' }] } },
    { name: '"*" with only kms:ViaService', facts: { 'kms.keyPolicy': present(policy({ ...viaService, Condition: { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } } })) } },
    { name: '"*" with a wildcard account', facts: { 'kms.keyPolicy': present(policy({ ...viaService, Condition: { StringLike: { 'kms:CallerAccount': '*' } } })) } },
  ],
  error: [
    { name: 'the key policy could not be read', facts: { 'kms.keyPolicy': unknown('AccessDeniedException: kms:GetKeyPolicy') } },
    { name: 'nothing came back', facts: { 'kms.keyPolicy': absent() } },
  ],
});
