/**
 * docs/iam-policy.json is enough, and every call postflight makes is in it. moto runs with IAM
 * enforced (INITIAL_NO_AUTH_ACTION_COUNT: only the calls that create the users go through
 * unsigned); the stack is deployed with an admin's keys, and the whole catalogue runs with the keys
 * of a user whose only policy is the documented one. A user whose policy lacks one action gets
 * `error`, never `pass`, on what needs that action.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { join } from 'node:path';
import { deployPipelineStack, type DeployedStack } from '../../fixtures/stacks/pipeline.js';
import { deployWebService } from '../../fixtures/stacks/web-service.js';
import { REQUIRED_TAGS } from '../../fixtures/stacks/pipeline-identity.js';
import { MOTO_BLIND_CHECKS } from '../../src/demo/demo.js';
import { type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { expectedSkip } from '../helpers/pipeline-e2e.js';
import { createIamUser, expectUsageError, IAM_CALLS_PER_USER, keysEnv, pair, readJsonReport, reportPaths, tempDir, type AccessKey, type JsonReport } from './support.js';

interface Policy {
  Version: string;
  Statement: Array<{ Sid?: string; Effect: string; Action: string[]; Resource: string }>;
}

const documented = JSON.parse(await readFile(new URL('../../docs/iam-policy.json', import.meta.url), 'utf8')) as Policy;
const documentedActions = documented.Statement.flatMap((s) => s.Action);

/**
 * moto authorises S3 `GET /<bucket>?encryption` (GetBucketEncryption) as `s3:ListBucket`: its S3
 * action map has no entry for `?encryption` and falls back to the bucket's default GET action.
 * AWS authorises that call as `s3:GetEncryptionConfiguration`, which the documented policy grants.
 * The reader here gets moto's action too, in its own statement, so that the policy under test is
 * otherwise exactly the documented one.
 */
const MOTO_ONLY: Policy['Statement'][number] = { Sid: 'MotoAuthorisesGetBucketEncryptionAsListBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: '*' };
/**
 * moto names the Resource Groups Tagging API's actions after the service's signing name,
 * `tagging:GetResources`; AWS's IAM prefix is `tag:` (`tag:GetResources`, which the documented
 * policy grants). No other action differs.
 */
const MOTO_TAGGING: Policy['Statement'][number] = { Sid: 'MotoAuthorisesGetResourcesAsTagging', Effect: 'Allow', Action: ['tagging:GetResources'], Resource: '*' };

function readerPolicy(without?: string): Policy {
  return {
    Version: documented.Version,
    Statement: [...documented.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => a !== without) })), MOTO_ONLY, MOTO_TAGGING],
  };
}

/** The users made below: admin, reader, and four readers that each lack one action. */
const USERS = 6;

/** A CloudFormation stack, for reading stacks under the documented policy. */
const CFN_STACK = 'PostflightIamStack';
const CFN_TEMPLATE = {
  Resources: {
    Logs: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } } },
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.7.0.0/16' } },
  },
  Outputs: { VpcId: { Value: { Ref: 'Vpc' } } },
};

let moto: MotoServer;
let stack: DeployedStack;
let dir: string;
let outputsFile: string;
const keys: Record<string, AccessKey> = {};

beforeAll(async () => {
  moto = await takeMoto({ initialNoAuthActionCount: USERS * IAM_CALLS_PER_USER });
  keys.admin = await createIamUser(moto.endpoint, 'stack-admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  keys.reader = await createIamUser(moto.endpoint, 'postflight-reader', readerPolicy());
  keys.noRotation = await createIamUser(moto.endpoint, 'postflight-reader-no-rotation', readerPolicy('kms:GetKeyRotationStatus'));
  keys.noEfs = await createIamUser(moto.endpoint, 'postflight-reader-no-efs', readerPolicy('elasticfilesystem:DescribeFileSystems'));
  keys.noStack = await createIamUser(moto.endpoint, 'postflight-reader-no-stack', readerPolicy('cloudformation:ListStackResources'));
  keys.noRules = await createIamUser(moto.endpoint, 'postflight-reader-no-sg-rules', readerPolicy('ec2:DescribeSecurityGroupRules'));
  stack = await deployPipelineStack({ endpoint: moto.endpoint, suffix: 'iam', credentials: keys.admin });
  const cfn = new CloudFormationClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: keys.admin });
  await cfn.send(new CreateStackCommand({ StackName: CFN_STACK, TemplateBody: JSON.stringify(CFN_TEMPLATE) }));
  cfn.destroy();
  dir = await tempDir('iam');
  outputsFile = join(dir, 'flat-outputs.json');
  await writeFile(outputsFile, JSON.stringify(stack.outputs, null, 2));
}, 90_000);

afterAll(async () => {
  await moto?.stop();
});

async function verifyAs(name: string, key: AccessKey, extra: string[] = []): Promise<{ run: CliRun; report: JsonReport }> {
  const r = reportPaths(join(dir, name));
  const run = await runCli(['verify', '--outputs', outputsFile, ...r.args, '--no-color', '--max-attempts', '2', '--call-timeout', '10', ...extra], {
    env: cleanEnv(keysEnv(moto.endpoint, key)),
  });
  expect({ stderr: run.stderr, exit: [0, 1, 3].includes(run.code ?? -1) }).toEqual({ stderr: '', exit: true });
  return { run, report: await readJsonReport(r.json) };
}

const denied = /AccessDenied|not authorized|UnauthorizedOperation|Forbidden/i;
/**
 * moto answers an IAM denial with an XML body whatever the service's protocol; the SDK cannot
 * read that as a KMS or EFS (JSON) error, so there the reason says HTTP 403 rather than AWS's
 * AccessDeniedException. Either way the result is `error`, and it names the denied action.
 */
const deniedOnMoto = new RegExp(`${denied.source}|\\(HTTP 403\\)`, 'i');

describe('with IAM enforced in moto', () => {
  let full: { run: CliRun; report: JsonReport };
  beforeAll(async () => {
    full = await verifyAs('reader', keys.reader!);
  }, 60_000);

  it('IAM really is enforced: the emulator’s placeholder keys are refused (exit 2, one sentence, before any check)', async () => {
    const r = reportPaths(join(dir, 'placeholder'));
    const run = await runCli(['verify', '--outputs', outputsFile, ...r.args, '--no-color', '--max-attempts', '1'], {
      env: cleanEnv(keysEnv(moto.endpoint, { accessKeyId: 'testing', secretAccessKey: 'testing' })),
    });
    expectUsageError(run, /AWS rejected the credentials \((InvalidClientTokenId|InvalidAccessKeyId|UnrecognizedClientException|AuthFailure)/);
  });

  it('the documented policy runs the whole catalogue: no access denied, no error but the checks moto cannot feed', () => {
    const { report } = full;
    expect(report.results.length).toBeGreaterThan(25);
    expect(report.results.filter((r) => deniedOnMoto.test(`${r.message} ${JSON.stringify(r.evidence)}`)).map(pair)).toEqual([]);
    expect(report.results.filter((r) => r.status !== 'pass' && !expectedSkip(r) && !MOTO_BLIND_CHECKS.includes(r.checkId)).map((r) => `${pair(r)}: ${r.status}: ${r.message}`)).toEqual([]);
    expect(full.run.code).toBe(3);
  });

  it('every API call the run made is an action docs/iam-policy.json grants', () => {
    const made = Object.keys(full.report.apiCalls).sort();
    expect(made.length).toBeGreaterThanOrEqual(12);
    expect(made.filter((a) => !documentedActions.includes(a))).toEqual([]);
    // Every service of the stack was called.
    expect(new Set(made.map((a) => a.split(':')[0]))).toEqual(
      new Set(['autoscaling', 'cloudtrail', 'dynamodb', 'ec2', 'elasticache', 'elasticfilesystem', 'elasticloadbalancing', 'iam', 'kinesis', 'kms', 'lambda', 'logs', 'rds', 's3', 'secretsmanager', 'sns', 'sqs']),
    );
  });

  it('with the stack\'s tags required, every tag read is granted too: each resource\'s tags are read, none denied', async () => {
    const config = join(dir, 'tags.config.json');
    await writeFile(config, JSON.stringify({ requiredTags: REQUIRED_TAGS }));
    const { run, report } = await verifyAs('reader-tags', keys.reader!, ['--config', config, '--only', 'resource-has-required-tags']);
    expect(report.results.filter((r) => r.status !== 'pass').map((r) => `${pair(r)}: ${r.status}: ${r.message}`)).toEqual([]);
    expect(report.results).toHaveLength(report.resources.length);
    expect(Object.keys(report.apiCalls).filter((a) => !documentedActions.includes(a))).toEqual([]);
    expect(report.apiCalls['tag:GetResources']).toBeGreaterThan(0);
    expect(run.code).toBe(0);
  }, 60_000);

  describe('a policy that lacks one action: the results that need it are error, never pass; the rest unchanged', () => {
    it.each([
      ['kms:GetKeyRotationStatus', 'noRotation', (r: JsonReport['results'][number]) => r.checkId === 'kms-key-rotation-enabled'],
      // Mount targets come from DescribeMountTargets, which the policy still grants.
      ['elasticfilesystem:DescribeFileSystems', 'noEfs', (r: JsonReport['results'][number]) =>
          r.resource.type === 'AWS::EFS::FileSystem' && r.checkId !== 'efs-file-system-mount-targets-span-azs' && r.checkId !== 'resource-has-required-tags',
      ],
      // A group's rules come from DescribeSecurityGroupRules: without it, no group can pass.
      ['ec2:DescribeSecurityGroupRules', 'noRules', (r: JsonReport['results'][number]) => r.resource.type === 'AWS::EC2::SecurityGroup' && r.checkId !== 'resource-has-required-tags'],
    ])('without %s', async (action, user, needs) => {
      const { run, report } = await verifyAs(user, keys[user]!);
      const hit = report.results.filter(needs);
      expect(hit.length).toBeGreaterThan(0);
      expect(hit.filter((r) => r.status !== 'error' || !deniedOnMoto.test(r.message)).map((r) => `${pair(r)}: ${r.status}: ${r.message}`)).toEqual([]);
      // Said as a denial of that action, never as a parse error, and the fix is the permission.
      for (const r of hit) {
        expect(r.message).toContain(`access to ${action} was denied`);
        expect(r.message).not.toMatch(/SyntaxError|Unexpected token/);
        expect(r.remediation).toContain(`Grant ${action}`);
      }
      const before = new Map(full.report.results.map((r) => [pair(r), r.status]));
      expect(report.results.filter((r) => !needs(r) && before.get(pair(r)) !== r.status).map(pair)).toEqual([]);
      expect(run.code).toBe(3);
    });
  });

  describe('the network checks on a web service: listeners and their rules, groups named by name, flow logs', () => {
    it('need only the documented actions: every call granted, none denied, every network result passes or skips a public subnet', async () => {
      const web = await deployWebService({ endpoint: moto.endpoint, suffix: 'iam', credentials: keys.admin!, cidr: 60 });
      const base = join(dir, 'web');
      await mkdir(base, { recursive: true });
      await writeFile(join(base, 'outputs.json'), JSON.stringify(web.outputs));
      await writeFile(join(base, 'postflight.config.json'), JSON.stringify({ resources: { AppSecurityGroupName: 'AWS::EC2::SecurityGroup' } }));
      const r = reportPaths(base);
      const run = await runCli(['verify', '--outputs', 'outputs.json', '--config', 'postflight.config.json', ...r.args, '--no-color', '--max-attempts', '2', '--call-timeout', '10'], {
        cwd: base,
        env: cleanEnv(keysEnv(moto.endpoint, keys.reader!)),
      });
      expect(run.stderr).toBe('');
      const report = await readJsonReport(r.json);
      const made = Object.keys(report.apiCalls);
      expect(made.filter((a) => !documentedActions.includes(a))).toEqual([]);
      for (const action of ['ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules', 'ec2:DescribeFlowLogs', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules']) {
        expect({ action, called: made.includes(action) }).toEqual({ action, called: true });
      }
      expect(report.results.filter((x) => deniedOnMoto.test(x.message)).map(pair)).toEqual([]);
      const network = report.results.filter((x) => (x as { family?: string }).family === 'network');
      expect(network.length).toBeGreaterThanOrEqual(14);
      const publicSkip = (x: (typeof network)[number]) => x.status === 'skipped' && web.ids.publicSubnets.includes(x.resource.id);
      expect(network.filter((x) => x.status !== 'pass' && !publicSkip(x)).map((x) => `${pair(x)}: ${x.status}: ${x.message}`)).toEqual([]);
    }, 60_000);
  });

  describe('reading a CloudFormation stack', () => {
    it('needs only the documented actions: every call of --stack is granted, none denied', async () => {
      const r = reportPaths(join(dir, 'stack-reader'));
      const run = await runCli(['verify', '--stack', CFN_STACK, ...r.args, '--no-color', '--max-attempts', '2', '--call-timeout', '10'], { env: cleanEnv(keysEnv(moto.endpoint, keys.reader!)) });
      expect(run.stderr).toBe('');
      const report = await readJsonReport(r.json);
      expect(Object.keys(report.apiCalls).filter((a) => a.startsWith('cloudformation:')).sort()).toEqual(['cloudformation:DescribeStacks', 'cloudformation:ListStackResources']);
      expect(Object.keys(report.apiCalls).filter((a) => !documentedActions.includes(a))).toEqual([]);
      expect(report.results.filter((x) => deniedOnMoto.test(x.message)).map(pair)).toEqual([]);
      expect(run.code).toBe(1);
    });

    it('without cloudformation:ListStackResources: the run stops saying access was denied, nothing passes, no report', async () => {
      const r = reportPaths(join(dir, 'stack-denied'));
      const run = await runCli(['verify', '--stack', CFN_STACK, ...r.args, '--no-color', '--max-attempts', '1'], { env: cleanEnv(keysEnv(moto.endpoint, keys.noStack!)) });
      expectUsageError(run, new RegExp(`^postflight: Access to the CloudFormation stack ${CFN_STACK} was denied \\(cloudformation:ListStackResources: `));
      expect(existsSync(r.json)).toBe(false);
    });
  });
});
