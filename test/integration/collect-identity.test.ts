/**
 * The IAM, CloudTrail and Lambda collectors, key policies and bucket policies, and secret rotation,
 * against moto_server. Where moto differs from AWS: IAM answers policy documents as plain JSON (AWS
 * URL-encodes them; collect-identity's unit test covers that), and DescribeTrails ignores its
 * trailNameList (it lists every trail; the collector picks each by name or ARN).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import iamCollector from '../../src/collect/iam.collector.js';
import cloudtrailCollector from '../../src/collect/cloudtrail.collector.js';
import lambdaCollector, { LIST_FROM } from '../../src/collect/lambda.collector.js';
import kmsCollector, { resolveKmsKey } from '../../src/collect/kms.collector.js';
import s3Collector from '../../src/collect/s3.collector.js';
import secretsCollector from '../../src/collect/secretsmanager.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { emulatorEnv, startMoto, type MotoServer } from '../../src/demo/moto.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const EMPTY_ZIP = Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64');
const LAMBDA_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const ADMIN = { Version: '2012-10-17', Statement: [{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }] };
const SCOPED = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::data/*' }] };

let moto: MotoServer;
const savedEnv = { ...process.env };
let roleArn: string;
let adminPolicyArn: string;
let keyId: string;
let publicKeyId: string;
let secretArn: string;

function context(): CollectContext {
  return createContext(
    { region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 8 },
    { kmsResolver: (c, ref, region) => resolveKmsKey(c, ref, region) },
  );
}

const ref = (type: ResourceRef['type'], id: string, arn?: string): ResourceRef => ({ type, id, ...(arn ? { arn } : {}), region: REGION, keys: [id] });

beforeAll(async () => {
  // moto knows AWS-managed policies only when asked to load them.
  moto = await startMoto({ env: { MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' } });
  Object.assign(process.env, emulatorEnv(moto.endpoint, REGION));
  const config = { region: REGION, endpoint: moto.endpoint };
  const iam = new IAMClient(config);
  roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: JSON.stringify(LAMBDA_TRUST) }))).Role!.Arn!;
  await iam.send(new CreateRoleCommand({ RoleName: 'ops', Path: '/team/', AssumeRolePolicyDocument: JSON.stringify({ Statement: { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' } }) }));
  adminPolicyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'everything', PolicyDocument: JSON.stringify(ADMIN) }))).Policy!.Arn!;
  for (const role of ['app', 'ops']) await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'ops', PolicyArn: adminPolicyArn }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'data', PolicyDocument: JSON.stringify(SCOPED) }));

  const trails = new CloudTrailClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'trail-logs' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'no-policy' }));
  const tlsOnly = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::trail-logs', 'arn:aws:s3:::trail-logs/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
  };
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'trail-logs', Policy: JSON.stringify(tlsOnly) }));
  await trails.send(new CreateTrailCommand({ Name: 'main', S3BucketName: 'trail-logs', IsMultiRegionTrail: true, EnableLogFileValidation: true }));
  await trails.send(new StartLoggingCommand({ Name: 'main' }));
  await trails.send(new CreateTrailCommand({ Name: 'quiet', S3BucketName: 'trail-logs' }));

  const fns = new LambdaClient(config);
  for (let i = 0; i < LIST_FROM; i++) {
    await fns.send(new CreateFunctionCommand({ FunctionName: `fn-${i}`, Runtime: i === 0 ? 'nodejs18.x' : 'python3.13', Role: roleArn, Handler: 'index.handler', Code: { ZipFile: EMPTY_ZIP } }));
  }

  const kms = new KMSClient(config);
  keyId = (await kms.send(new CreateKeyCommand({ Description: 'default policy' }))).KeyMetadata!.KeyId!;
  publicKeyId = (await kms.send(new CreateKeyCommand({ Description: 'public' }))).KeyMetadata!.KeyId!;
  await kms.send(new PutKeyPolicyCommand({ KeyId: publicKeyId, PolicyName: 'default', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] }) }));

  const sm = new SecretsManagerClient(config);
  secretArn = (await sm.send(new CreateSecretCommand({ Name: 'rotating', SecretString: 'x' }))).ARN!;
  // AWS needs a rotation function (or managed rotation); moto rotates without one and invokes none.
  await sm.send(new RotateSecretCommand({ SecretId: secretArn, RotationRules: { AutomaticallyAfterDays: 30 } }));
}, 90_000);

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

describe('iam collector against moto', () => {
  const want: ReadonlySet<FactKey> = new Set(['iam.role', 'iam.rolePolicies']);

  it('reads the trust policy, the attached policies with their documents, and the inline ones', async () => {
    const ctx = context();
    const refs = [ref('AWS::IAM::Role', 'app', roleArn), ref('AWS::IAM::Role', 'ops')];
    const out = await iamCollector.collect(refs, want, ctx);
    const app = out.get(refs[0]!)!;
    expect(app['iam.role']).toEqual({ state: 'present', value: { name: 'app', arn: roleArn, path: '/', trustPolicy: { Version: '2012-10-17', Statement: LAMBDA_TRUST.Statement } } });
    expect(app['iam.rolePolicies']).toMatchObject({
      state: 'present',
      value: {
        attached: [{ arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', owner: 'aws', document: { state: 'present' } }],
        inline: [{ name: 'data', document: { state: 'present', value: { Statement: SCOPED.Statement } } }],
      },
    });
    const ops = out.get(refs[1]!)!;
    // A single statement object reads as a list.
    expect(ops['iam.role']).toMatchObject({ state: 'present', value: { name: 'ops', path: '/team/', trustPolicy: { Statement: [{ Principal: '*' }] } } });
    expect(ops['iam.rolePolicies']).toMatchObject({ state: 'present', value: { attached: expect.arrayContaining([{ arn: adminPolicyArn, name: 'everything', owner: 'customer', document: { state: 'present', value: { Version: '2012-10-17', Statement: ADMIN.Statement } } }]) } });
    // The managed policy both roles attach was read once.
    expect(ctx.calls.get('iam:GetPolicy')).toBe(2);
    expect(ctx.calls.get('iam:GetPolicyVersion')).toBe(2);
  });

  it('makes a role that does not exist unknown, saying so, never an empty policy list', async () => {
    const r = ref('AWS::IAM::Role', 'gone');
    const out = await iamCollector.collect([r], want, context());
    expect(out.get(r)!['iam.role']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/role gone does not exist/) });
    expect(out.get(r)!['iam.rolePolicies']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/role gone does not exist/) });
  });

  it('calls only what the selected checks need', async () => {
    const ctx = context();
    await iamCollector.collect([ref('AWS::IAM::Role', 'app')], new Set<FactKey>(['iam.role']), ctx);
    expect([...ctx.calls.keys()]).toEqual(['iam:GetRole']);
  });
});

describe('cloudtrail collector against moto', () => {
  const want: ReadonlySet<FactKey> = new Set(['cloudtrail.trail', 'cloudtrail.status']);

  it('describes the region\'s trails in one call and reads each one\'s status', async () => {
    const ctx = context();
    const main = ref('AWS::CloudTrail::Trail', 'main', `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/main`);
    const quiet = ref('AWS::CloudTrail::Trail', 'quiet');
    const out = await cloudtrailCollector.collect([main, quiet], want, ctx);
    expect(out.get(main)!['cloudtrail.trail']).toMatchObject({ state: 'present', value: { name: 'main', homeRegion: REGION, isMultiRegionTrail: true, logFileValidationEnabled: true, s3BucketName: 'trail-logs' } });
    expect(out.get(main)!['cloudtrail.status']).toMatchObject({ state: 'present', value: { isLogging: true } });
    expect(out.get(quiet)!['cloudtrail.trail']).toMatchObject({ state: 'present', value: { name: 'quiet', isMultiRegionTrail: false, logFileValidationEnabled: false } });
    expect(out.get(quiet)!['cloudtrail.status']).toMatchObject({ state: 'present', value: { isLogging: false } });
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'cloudtrail:DescribeTrails': 1, 'cloudtrail:GetTrailStatus': 2 });
  });

  it('makes a trail that does not exist unknown', async () => {
    const r = ref('AWS::CloudTrail::Trail', 'gone');
    const out = await cloudtrailCollector.collect([r], want, context());
    expect(out.get(r)!['cloudtrail.trail']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/trail gone does not exist/) });
    expect(out.get(r)!['cloudtrail.status']).toMatchObject({ state: 'unknown' });
  });
});

describe('lambda collector against moto', () => {
  const want: ReadonlySet<FactKey> = new Set(['lambda.function']);

  it('asks a few functions one by one', async () => {
    const ctx = context();
    const r = ref('AWS::Lambda::Function', 'fn-0', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fn-0`);
    const out = await lambdaCollector.collect([r], want, ctx);
    expect(out.get(r)!['lambda.function']).toMatchObject({ state: 'present', value: { name: 'fn-0', runtime: 'nodejs18.x', packageType: 'Zip' } });
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'lambda:GetFunctionConfiguration': 1 });
  });

  it('lists the region once for many functions, and asks for the one the list lacks', async () => {
    const ctx = context();
    const refs = [...Array.from({ length: LIST_FROM }, (_, i) => ref('AWS::Lambda::Function', `fn-${i}`)), ref('AWS::Lambda::Function', 'gone')];
    const out = await lambdaCollector.collect(refs, want, ctx);
    expect(refs.slice(0, LIST_FROM).map((r) => (out.get(r)!['lambda.function'] as { value: { runtime: string } }).value.runtime)).toEqual(['nodejs18.x', ...Array(LIST_FROM - 1).fill('python3.13')]);
    expect(out.get(refs.at(-1)!)!['lambda.function']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/function gone does not exist/) });
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'lambda:ListFunctions': 1, 'lambda:GetFunctionConfiguration': 1 });
  });
});

describe('key policies, bucket policies and rotation against moto', () => {
  it('reads the key policy, by key id or through an alias', async () => {
    const ctx = context();
    const plain = ref('AWS::KMS::Key', keyId);
    const open = ref('AWS::KMS::Key', publicKeyId);
    const out = await kmsCollector.collect([plain, open], new Set<FactKey>(['kms.keyPolicy']), ctx);
    expect(out.get(plain)!['kms.keyPolicy']).toMatchObject({ state: 'present', value: { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }] } });
    expect(out.get(open)!['kms.keyPolicy']).toEqual({ state: 'present', value: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] } });
  });

  it('reads a bucket policy, and a bucket without one as absent', async () => {
    const withPolicy = ref('AWS::S3::Bucket', 'trail-logs');
    const without = ref('AWS::S3::Bucket', 'no-policy');
    const out = await s3Collector.collect([withPolicy, without], new Set<FactKey>(['s3.bucketPolicy']), context());
    expect(out.get(withPolicy)!['s3.bucketPolicy']).toMatchObject({ state: 'present', value: { Statement: [{ Sid: 'TlsOnly', Effect: 'Deny' }] } });
    expect(out.get(without)!['s3.bucketPolicy']).toEqual({ state: 'absent', reason: 'the bucket has no bucket policy' });
  });

  it('reads a secret\'s rotation schedule', async () => {
    const r = ref('AWS::SecretsManager::Secret', 'rotating', secretArn);
    const out = await secretsCollector.collect([r], new Set<FactKey>(['secretsmanager.secret']), context());
    expect(out.get(r)!['secretsmanager.secret']).toMatchObject({ state: 'present', value: { rotationEnabled: true, rotationRules: { automaticallyAfterDays: 30 } } });
  });
});
