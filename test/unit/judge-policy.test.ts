/** The shared reading of policy documents: parsing as AWS returns them, wildcard principals, account and organization conditions, admin statements, TLS-only denies. */
import { accountLimits, adminStatements, isAdministratorAccessArn, isWildcardPrincipal, parsePolicyDocument, partitionOf, patternMatches, publicGrants, tlsOnlyStatements, type PolicyDocument } from '../../src/judge/policy.js';

const doc = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement });

describe('parsePolicyDocument', () => {
  const plain = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}';

  it('reads plain JSON and turns a single statement object into a list', () => {
    expect(parsePolicyDocument(plain)).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  });

  it('reads the URL-encoded JSON IAM returns on AWS (GetRole, GetRolePolicy, GetPolicyVersion)', () => {
    expect(parsePolicyDocument(encodeURIComponent(plain))).toEqual(parsePolicyDocument(plain));
  });

  it('keeps a literal % in plain JSON', () => {
    expect(parsePolicyDocument('{"Statement":[{"Sid":"100%","Effect":"Deny"}]}').Statement[0]!.Sid).toBe('100%');
  });

  it('reads a document without statements as none', () => {
    expect(parsePolicyDocument('{"Version":"2012-10-17"}').Statement).toEqual([]);
  });

  it.each([
    ['neither JSON nor URL-encoded', '%E0%A4%A', /neither JSON/],
    ['URL-encoded but not JSON once decoded', encodeURIComponent('not json'), /not JSON once URL-decoded/],
    ['a JSON array', '[]', /not a JSON object/],
    ['a statement that is not an object', '{"Statement":["Allow"]}', /statement .* not a JSON object/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parsePolicyDocument(text)).toThrow(message);
  });
});

describe('principals', () => {
  it.each([
    ['"*"', '*', true],
    ['{"AWS": "*"}', { AWS: '*' }, true],
    ['{"AWS": ["arn:aws:iam::111122223333:root", "*"]}', { AWS: ['arn:aws:iam::111122223333:root', '*'] }, true],
    ['an account', { AWS: 'arn:aws:iam::111122223333:root' }, false],
    ['a service', { Service: 'lambda.amazonaws.com' }, false],
    ['nothing', undefined, false],
  ])('%s is a wildcard: %s', (_name, principal, expected) => {
    expect(isWildcardPrincipal(principal)).toBe(expected);
  });
});

describe('accountLimits', () => {
  it.each([
    ['kms:CallerAccount, as in the AWS-managed keys\' policies', { StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } }],
    ['aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
    ['aws:PrincipalAccount as a list', { StringEquals: { 'aws:PrincipalAccount': ['111122223333', '444455556666'] } }],
    ['aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': '111122223333' } }],
    ['aws:SourceArn with an account, as in CloudTrail\'s key policy', { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' } }],
    ['aws:SourceArn with an account and a wildcard name', { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } }],
    ['aws:PrincipalOrgPaths under one organization', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' } }],
    ['a key name in another case', { stringequals: { 'AWS:PRINCIPALACCOUNT': '111122223333' } }],
  ])('%s limits', (_name, condition) => {
    expect(accountLimits(condition as never).length).toBeGreaterThan(0);
  });

  it.each([
    ['no condition', undefined],
    ['an IfExists operator: a caller without the key passes', { StringEqualsIfExists: { 'aws:PrincipalAccount': '111122223333' } }],
    ['ForAllValues: true for a caller without the key', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
    ['a wildcard account', { StringLike: { 'aws:PrincipalAccount': '*' } }],
    ['a policy variable', { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } }],
    ['an ARN with no account (S3)', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::my-bucket' } }],
    ['an ARN with a wildcard account', { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:*:topic' } }],
    ['a network condition', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }],
    ['a negated operator', { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } }],
    ['an empty value list', { StringEquals: { 'aws:PrincipalAccount': [] } }],
  ])('%s does not limit', (_name, condition) => {
    expect(accountLimits(condition as never)).toEqual([]);
  });
});

describe('publicGrants', () => {
  it('lists an Allow to "*" with no condition, and one limited by an account condition apart', () => {
    const result = publicGrants(
      doc(
        { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt'], Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } },
        { Effect: 'Deny', Principal: '*', Action: '*' },
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ),
    );
    expect(result.open).toEqual([{ statement: 'Open', principal: '*', actions: ['sts:AssumeRole'] }]);
    expect(result.limited).toEqual([expect.objectContaining({ statement: '#2', limits: [{ condition: 'StringEquals:kms:CallerAccount', values: ['111122223333'] }] })]);
  });

  it('counts an Allow with NotPrincipal as granting to everyone', () => {
    expect(publicGrants(doc({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, NotAction: 'iam:*' })).open).toEqual([
      { statement: '#1', principal: { NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } }, actions: ['not iam:*'] },
    ]);
  });
});

describe('adminStatements', () => {
  it.each([
    ['Action "*" on Resource "*"', { Effect: 'Allow', Action: '*', Resource: '*' }],
    ['Action "*:*"', { Effect: 'Allow', Action: '*:*', Resource: '*' }],
    ['Action as a list holding "*"', { Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: ['arn:aws:s3:::x', '*'] }],
    ['Effect in lower case, under a condition', { Effect: 'allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
  ])('%s is admin', (_name, statement) => {
    expect(adminStatements(doc(statement as never)).admin).toEqual(['#1']);
  });

  it.each([
    ['a Deny', { Effect: 'Deny', Action: '*', Resource: '*' }],
    ['a service wildcard', { Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    ['every action on one resource', { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::x/*' }],
    ['NotResource', { Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::x' }],
  ])('%s is not admin', (_name, statement) => {
    expect(adminStatements(doc(statement as never))).toEqual({ admin: [], broad: [] });
  });

  it('reports a NotAction statement on every resource as broad, not admin', () => {
    expect(adminStatements(doc({ Sid: 'PowerUser', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }))).toEqual({ admin: [], broad: ['PowerUser'] });
  });

  it('knows AdministratorAccess by ARN in every partition, and nothing else by that name', () => {
    expect(isAdministratorAccessArn('arn:aws:iam::aws:policy/AdministratorAccess')).toBe(true);
    expect(isAdministratorAccessArn('arn:aws-cn:iam::aws:policy/AdministratorAccess')).toBe(true);
    expect(isAdministratorAccessArn('arn:aws-us-gov:iam::aws:policy/AdministratorAccess')).toBe(true);
    expect(isAdministratorAccessArn('arn:aws:iam::111122223333:policy/AdministratorAccess')).toBe(false);
    expect(isAdministratorAccessArn('arn:aws:iam::aws:policy/AdministratorAccess-Amplify')).toBe(false);
  });
});

describe('tlsOnlyStatements', () => {
  const bucket = 'arn:aws:s3:::data';
  const deny = { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucket, `${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };

  it.each([
    ['the documented statement', deny],
    ['{"AWS": "*"}, BoolIfExists and a boolean false', { ...deny, Principal: { AWS: '*' }, Condition: { BoolIfExists: { 'aws:SecureTransport': false } } }],
    ['Action "*" and one resource pattern for both', { ...deny, Action: ['*'], Resource: `${bucket}*` }],
  ])('%s denies every request without TLS', (_name, statement) => {
    expect(tlsOnlyStatements(doc(statement as never), bucket)).toEqual([statement.Sid]);
  });

  it.each([
    ['an Allow', { ...deny, Effect: 'Allow' }],
    ['one principal only', { ...deny, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }],
    ['some actions only', { ...deny, Action: 's3:GetObject' }],
    ['the objects only', { ...deny, Resource: `${bucket}/*` }],
    ['the bucket only', { ...deny, Resource: bucket }],
    ['another bucket', { ...deny, Resource: ['arn:aws:s3:::other', 'arn:aws:s3:::other/*'] }],
    ['SecureTransport true', { ...deny, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
    ['a second condition narrowing it', { ...deny, Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 's3:prefix': 'logs/' } } }],
    ['no condition', { ...deny, Condition: undefined }],
  ])('%s does not', (_name, statement) => {
    expect(tlsOnlyStatements(doc(statement as never), bucket)).toEqual([]);
  });
});

describe('helpers', () => {
  it('matches IAM wildcards and nothing more', () => {
    expect(patternMatches('arn:aws:s3:::data/*', 'arn:aws:s3:::data/a/b')).toBe(true);
    expect(patternMatches('arn:aws:s3:::dat?', 'arn:aws:s3:::data')).toBe(true);
    expect(patternMatches('arn:aws:s3:::data.x', 'arn:aws:s3:::dataxx')).toBe(false);
  });

  it('names the partition of a region', () => {
    expect([partitionOf('us-east-1'), partitionOf('cn-north-1'), partitionOf('us-gov-west-1'), partitionOf(undefined)]).toEqual(['aws', 'aws-cn', 'aws-us-gov', 'aws']);
  });
});
