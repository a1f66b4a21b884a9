/**
 * The IAM, CloudTrail and Lambda collectors and the key and bucket policy reads, on the paths moto
 * cannot produce: every denied call leaves its fact unknown (so the result is error, never pass),
 * AWS's URL-encoded policy documents (moto answers GetPolicyVersion in plain JSON), paging, and a
 * trail asked in its home region.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetFunctionConfigurationCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import iamCollector from '../../src/collect/iam.collector.js';
import cloudtrailCollector from '../../src/collect/cloudtrail.collector.js';
import lambdaCollector, { LIST_FROM } from '../../src/collect/lambda.collector.js';
import kmsCollector, { resolveKmsKey } from '../../src/collect/kms.collector.js';
import s3Collector from '../../src/collect/s3.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const iam = mockClient(IAMClient);
const trails = mockClient(CloudTrailClient);
const lambda = mockClient(LambdaClient);
const kms = mockClient(KMSClient);
const s3 = mockClient(S3Client);

afterEach(() => {
  for (const m of [iam, trails, lambda, kms, s3]) m.reset();
});

const denied = (action: string) => Object.assign(new Error(`User is not authorized to perform: ${action}`), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
const context = (): CollectContext => createContext({ region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 }, { kmsResolver: (c, r, region) => resolveKmsKey(c, r, region) });
const ref = (type: ResourceRef['type'], id: string, extra: Partial<ResourceRef> = {}): ResourceRef => ({ type, id, keys: [id], ...extra });
const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }] };
const encoded = (doc: object) => encodeURIComponent(JSON.stringify(doc));
const ROLE_WANT: ReadonlySet<FactKey> = new Set(['iam.role', 'iam.rolePolicies']);

describe('iam collector', () => {
  it('reads AWS\'s URL-encoded documents: the trust policy, an inline policy, and a managed policy\'s version (moto answers this one in plain JSON)', async () => {
    iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'app', Arn: 'arn:aws:iam::111122223333:role/app', Path: '/', RoleId: 'x', CreateDate: new Date(0), AssumeRolePolicyDocument: encoded({ Statement: { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' } }) } });
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::111122223333:policy/p', PolicyName: 'p' }] });
    iam.on(GetPolicyCommand).resolves({ Policy: { DefaultVersionId: 'v3' } });
    iam.on(GetPolicyVersionCommand, { PolicyArn: 'arn:aws:iam::111122223333:policy/p', VersionId: 'v3' }).resolves({ PolicyVersion: { Document: encoded(DOC) } });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['inline'] });
    iam.on(GetRolePolicyCommand).resolves({ RoleName: 'app', PolicyName: 'inline', PolicyDocument: encoded(DOC) });
    const r = ref('AWS::IAM::Role', 'app');
    const out = (await iamCollector.collect([r], ROLE_WANT, context())).get(r)!;
    expect(out['iam.role']).toMatchObject({ state: 'present', value: { trustPolicy: { Statement: [{ Principal: { Service: 'lambda.amazonaws.com' } }] } } });
    expect(out['iam.rolePolicies']).toEqual({
      state: 'present',
      value: {
        attached: [{ arn: 'arn:aws:iam::111122223333:policy/p', name: 'p', owner: 'customer', document: { state: 'present', value: DOC } }],
        inline: [{ name: 'inline', document: { state: 'present', value: DOC } }],
      },
    });
  });

  it('follows every page of the attached and inline policy lists', async () => {
    iam.on(ListAttachedRolePoliciesCommand).resolvesOnce({ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/A' }], IsTruncated: true, Marker: 'm1' }).resolves({ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/B' }], IsTruncated: false });
    iam.on(GetPolicyCommand).resolves({ Policy: { DefaultVersionId: 'v1' } });
    iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: JSON.stringify(DOC) } });
    iam.on(ListRolePoliciesCommand).resolvesOnce({ PolicyNames: ['a'], IsTruncated: true, Marker: 'n1' }).resolves({ PolicyNames: ['b'] });
    iam.on(GetRolePolicyCommand).resolves({ PolicyDocument: JSON.stringify(DOC), RoleName: 'r', PolicyName: 'x' });
    const r = ref('AWS::IAM::Role', 'app');
    const out = (await iamCollector.collect([r], new Set<FactKey>(['iam.rolePolicies']), context())).get(r)!['iam.rolePolicies'] as { value: { attached: Array<{ arn: string; owner: string }>; inline: Array<{ name: string }> } };
    expect(out.value.attached.map((a) => [a.arn, a.owner])).toEqual([['arn:aws:iam::aws:policy/A', 'aws'], ['arn:aws:iam::aws:policy/B', 'aws']]);
    expect(out.value.inline.map((i) => i.name)).toEqual(['a', 'b']);
    expect(iam.commandCalls(ListAttachedRolePoliciesCommand)[1]!.args[0].input).toMatchObject({ Marker: 'm1' });
  });

  it.each([
    ['GetRole', GetRoleCommand, 'iam.role'],
    ['ListAttachedRolePolicies', ListAttachedRolePoliciesCommand, 'iam.rolePolicies'],
    ['ListRolePolicies', ListRolePoliciesCommand, 'iam.rolePolicies'],
  ] as Array<[string, unknown, 'iam.role' | 'iam.rolePolicies']>)('a denied %s leaves the fact unknown', async (action, command, fact) => {
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    iam.on(command as never).rejects(denied(`iam:${action}`));
    const r = ref('AWS::IAM::Role', 'app');
    const out = (await iamCollector.collect([r], ROLE_WANT, context())).get(r)!;
    expect(out[fact]).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/AccessDenied/) });
  });

  it.each([
    ['GetPolicy', GetPolicyCommand],
    ['GetPolicyVersion', GetPolicyVersionCommand],
  ] as Array<[string, unknown]>)('a denied %s leaves that policy\'s document unknown, the list still read', async (action, command) => {
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::111122223333:policy/p' }] });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    iam.on(GetPolicyCommand).resolves({ Policy: { DefaultVersionId: 'v1' } });
    iam.on(command as never).rejects(denied(`iam:${action}`));
    const r = ref('AWS::IAM::Role', 'app');
    const out = (await iamCollector.collect([r], new Set<FactKey>(['iam.rolePolicies']), context())).get(r)!;
    expect(out['iam.rolePolicies']).toMatchObject({ state: 'present', value: { attached: [{ document: { state: 'unknown', reason: expect.stringMatching(/AccessDenied/) } }] } });
  });

  it('a denied GetRolePolicy leaves that inline document unknown', async () => {
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['inline'] });
    iam.on(GetRolePolicyCommand).rejects(denied('iam:GetRolePolicy'));
    const r = ref('AWS::IAM::Role', 'app');
    const out = (await iamCollector.collect([r], new Set<FactKey>(['iam.rolePolicies']), context())).get(r)!;
    expect(out['iam.rolePolicies']).toMatchObject({ state: 'present', value: { inline: [{ name: 'inline', document: { state: 'unknown' } }] } });
  });

  it('a trust policy that cannot be parsed is unknown, never an empty policy', async () => {
    iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'app', Arn: 'a', Path: '/', RoleId: 'x', CreateDate: new Date(0), AssumeRolePolicyDocument: '%7Bnot' } });
    const r = ref('AWS::IAM::Role', 'app');
    expect((await iamCollector.collect([r], new Set<FactKey>(['iam.role']), context())).get(r)!['iam.role']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/trust policy of app/) });
  });
});

describe('cloudtrail collector', () => {
  const TRAIL_ARN = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org';
  const want: ReadonlySet<FactKey> = new Set(['cloudtrail.trail', 'cloudtrail.status']);

  it('asks the status of a multi-Region trail in its home region, by ARN', async () => {
    trails.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'org', TrailARN: TRAIL_ARN, HomeRegion: 'eu-west-1', IsMultiRegionTrail: true, LogFileValidationEnabled: true }] });
    trails.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    const r = ref('AWS::CloudTrail::Trail', 'org', { region: 'us-east-1' });
    const out = (await cloudtrailCollector.collect([r], want, context())).get(r)!;
    expect(out['cloudtrail.status']).toEqual({ state: 'present', value: { isLogging: true } });
    const call = trails.commandCalls(GetTrailStatusCommand)[0]!;
    expect(call.args[0].input).toEqual({ Name: TRAIL_ARN });
    expect(await call.thisValue.config.region()).toBe('eu-west-1');
  });

  it('a denied DescribeTrails leaves both facts unknown', async () => {
    trails.on(DescribeTrailsCommand).rejects(denied('cloudtrail:DescribeTrails'));
    const r = ref('AWS::CloudTrail::Trail', 'org');
    const out = (await cloudtrailCollector.collect([r], want, context())).get(r)!;
    expect(out['cloudtrail.trail']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/AccessDenied/) });
    expect(out['cloudtrail.status']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/AccessDenied/) });
  });

  it('a denied GetTrailStatus, or one that does not say, leaves the status unknown', async () => {
    trails.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'a', HomeRegion: 'us-east-1' }, { Name: 'b', HomeRegion: 'us-east-1' }] });
    trails.on(GetTrailStatusCommand, { Name: 'a' }).rejects(denied('cloudtrail:GetTrailStatus'));
    trails.on(GetTrailStatusCommand, { Name: 'b' }).resolves({});
    const [a, b] = [ref('AWS::CloudTrail::Trail', 'a'), ref('AWS::CloudTrail::Trail', 'b')];
    const out = await cloudtrailCollector.collect([a, b], want, context());
    expect(out.get(a)!['cloudtrail.trail']).toMatchObject({ state: 'present' });
    expect(out.get(a)!['cloudtrail.status']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/AccessDenied/) });
    expect(out.get(b)!['cloudtrail.status']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/did not say/) });
  });
});

describe('lambda collector', () => {
  it('asks a function by its name in the region of its ARN (moto enforcing IAM denies a path holding the ARN)', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves({ FunctionName: 'fn', Runtime: 'python3.13', PackageType: 'Zip' });
    const r = ref('AWS::Lambda::Function', 'fn', { arn: 'arn:aws:lambda:eu-west-1:111122223333:function:fn', region: 'eu-west-1' });
    await lambdaCollector.collect([r], new Set<FactKey>(['lambda.function']), context());
    const call = lambda.commandCalls(GetFunctionConfigurationCommand)[0]!;
    expect(call.args[0].input).toEqual({ FunctionName: 'fn' });
    expect(await call.thisValue.config.region()).toBe('eu-west-1');
  });

  it('a denied GetFunctionConfiguration leaves the function unknown', async () => {
    lambda.on(GetFunctionConfigurationCommand).rejects(denied('lambda:GetFunctionConfiguration'));
    const r = ref('AWS::Lambda::Function', 'fn');
    expect((await lambdaCollector.collect([r], new Set<FactKey>(['lambda.function']), context())).get(r)!['lambda.function']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/AccessDenied/) });
  });

  it('a denied ListFunctions falls back to asking each function, keeping each one\'s own answer', async () => {
    lambda.on(ListFunctionsCommand).rejects(denied('lambda:ListFunctions'));
    lambda.on(GetFunctionConfigurationCommand).resolves({ FunctionName: 'fn', Runtime: 'python3.13', PackageType: 'Zip' });
    const refs = Array.from({ length: LIST_FROM }, (_, i) => ref('AWS::Lambda::Function', `fn-${i}`));
    const out = await lambdaCollector.collect(refs, new Set<FactKey>(['lambda.function']), context());
    expect(refs.map((r) => out.get(r)!['lambda.function']!.state)).toEqual(Array(LIST_FROM).fill('present'));
    expect(lambda.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(LIST_FROM);
  });

  it('follows every page of ListFunctions', async () => {
    lambda.on(ListFunctionsCommand).resolvesOnce({ Functions: [{ FunctionName: 'fn-0', Runtime: 'nodejs22.x' }], NextMarker: 'p2' }).resolves({ Functions: Array.from({ length: LIST_FROM }, (_, i) => ({ FunctionName: `fn-${i + 1}`, PackageType: 'Image' })) });
    const refs = Array.from({ length: LIST_FROM }, (_, i) => ref('AWS::Lambda::Function', `fn-${i}`));
    const out = await lambdaCollector.collect(refs, new Set<FactKey>(['lambda.function']), context());
    expect(out.get(refs[0]!)!['lambda.function']).toEqual({ state: 'present', value: { name: 'fn-0', runtime: 'nodejs22.x', packageType: 'Zip' } });
    expect(out.get(refs[1]!)!['lambda.function']).toEqual({ state: 'present', value: { name: 'fn-1', packageType: 'Image' } });
    expect(lambda.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(0);
  });
});

describe('key and bucket policies', () => {
  it('a denied GetKeyPolicy leaves the key policy unknown', async () => {
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', Arn: 'arn:aws:kms:us-east-1:111122223333:key/k', KeyManager: 'CUSTOMER' } });
    kms.on(GetKeyPolicyCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const r = ref('AWS::KMS::Key', '1234abcd-12ab-34cd-56ef-1234567890ab');
    expect((await kmsCollector.collect([r], new Set<FactKey>(['kms.keyPolicy']), context())).get(r)!['kms.keyPolicy']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/AccessDeniedException/) });
  });

  it('a key named by alias is resolved first: GetKeyPolicy takes no alias', async () => {
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', Arn: 'arn:aws:kms:us-east-1:111122223333:key/k', KeyManager: 'CUSTOMER' } });
    kms.on(GetKeyPolicyCommand).resolves({ Policy: JSON.stringify(DOC) });
    const r = ref('AWS::KMS::Key', 'alias/app');
    expect((await kmsCollector.collect([r], new Set<FactKey>(['kms.keyPolicy']), context())).get(r)!['kms.keyPolicy']).toEqual({ state: 'present', value: DOC });
    expect(kms.commandCalls(GetKeyPolicyCommand)[0]!.args[0].input).toEqual({ KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k', PolicyName: 'default' });
  });

  it.each([
    ['denied', denied('s3:GetBucketPolicy'), /could not read the bucket policy.*AccessDenied/],
    ['a bucket that does not exist', Object.assign(new Error('gone'), { name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } }), /does not exist/],
  ])('GetBucketPolicy %s: unknown, never "no policy"', async (_name, err, reason) => {
    s3.on(GetBucketPolicyCommand).rejects(err);
    const r = ref('AWS::S3::Bucket', 'data');
    expect((await s3Collector.collect([r], new Set<FactKey>(['s3.bucketPolicy']), context())).get(r)!['s3.bucketPolicy']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(reason) });
  });

  it('NoSuchBucketPolicy (HTTP 404) is a bucket without a policy, not a missing bucket', async () => {
    s3.on(GetBucketPolicyCommand).rejects(Object.assign(new Error('none'), { name: 'NoSuchBucketPolicy', $metadata: { httpStatusCode: 404 } }));
    const r = ref('AWS::S3::Bucket', 'data');
    expect((await s3Collector.collect([r], new Set<FactKey>(['s3.bucketPolicy']), context())).get(r)!['s3.bucketPolicy']).toEqual({ state: 'absent', reason: 'the bucket has no bucket policy' });
  });
});

describe('answers AWS never gives', () => {
  it.each([
    ['ListAttachedRolePolicies without its list', ListAttachedRolePoliciesCommand, ListRolePoliciesCommand],
    ['ListRolePolicies without its list', ListRolePoliciesCommand, ListAttachedRolePoliciesCommand],
  ] as Array<[string, unknown, unknown]>)('%s: the policies are unknown, never "none"', async (_name, empty, other) => {
    iam.on(empty as never).resolves({});
    iam.on(other as never).resolves({ AttachedPolicies: [], PolicyNames: [] });
    const r = ref('AWS::IAM::Role', 'app');
    expect((await iamCollector.collect([r], new Set<FactKey>(['iam.rolePolicies']), context())).get(r)!['iam.rolePolicies']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/returned no policy list/) });
  });
});
