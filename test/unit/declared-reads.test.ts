/**
 * The rules for the facts checks declare themselves: only reads are allowed (a module declaring
 * another command is refused naming the module and the command), and the IAM action each read
 * needs is derived with IAM's service prefix, not the package's name.
 */
import { ConfigError } from '../../src/errors.js';
import { declaredActions, readAction, refusedCommand, servicePrefix } from '../../src/engine/reads.js';
import { validateCheck } from '../../src/engine/registry.js';
import type { AnyCheck } from '../../src/engine/define.js';

describe('IAM actions of declared reads', () => {
  it.each([
    ['@aws-sdk/client-dynamodb', 'DescribeContinuousBackups', 'dynamodb:DescribeContinuousBackups'],
    ['@aws-sdk/client-lambda', 'GetFunctionConfiguration', 'lambda:GetFunctionConfiguration'],
    ['@aws-sdk/client-cloudwatch', 'GetDashboard', 'cloudwatch:GetDashboard'],
    ['@aws-sdk/client-cloudwatch-logs', 'DescribeLogGroups', 'logs:DescribeLogGroups'],
    ['@aws-sdk/client-elastic-load-balancing-v2', 'DescribeLoadBalancerAttributes', 'elasticloadbalancing:DescribeLoadBalancerAttributes'],
    ['@aws-sdk/client-auto-scaling', 'DescribeAutoScalingGroups', 'autoscaling:DescribeAutoScalingGroups'],
    ['@aws-sdk/client-sfn', 'DescribeStateMachine', 'states:DescribeStateMachine'],
    ['@aws-sdk/client-secrets-manager', 'DescribeSecret', 'secretsmanager:DescribeSecret'],
    ['@aws-sdk/client-efs', 'DescribeBackupPolicy', 'elasticfilesystem:DescribeBackupPolicy'],
    ['@aws-sdk/client-eventbridge', 'DescribeRule', 'events:DescribeRule'],
    ['@aws-sdk/client-cognito-identity-provider', 'DescribeUserPool', 'cognito-idp:DescribeUserPool'],
    ['@aws-sdk/client-api-gateway', 'GetRestApi', 'apigateway:GetRestApi'],
    ['@aws-sdk/client-app-sync', 'GetGraphqlApi', 'appsync:GetGraphqlApi'],
    ['@aws-sdk/client-s3', 'GetBucketVersioning', 's3:GetBucketVersioning'],
    ['@aws-sdk/client-s3', 'GetBucketEncryption', 's3:GetEncryptionConfiguration'],
    ['@aws-sdk/client-s3', 'GetPublicAccessBlock', 's3:GetBucketPublicAccessBlock'],
    ['@aws-sdk/client-s3', 'HeadBucket', 's3:ListBucket'],
  ])('%s %s → %s', (client, command, action) => {
    expect(readAction({ client, command })).toBe(action);
  });

  it('a module may state the action itself', () => {
    expect(readAction({ client: '@aws-sdk/client-apigatewayv2', command: 'GetApi', action: 'apigateway:GET' })).toBe('apigateway:GET');
    expect(servicePrefix('@aws-sdk/client-apigatewayv2')).toBe('apigateway');
  });

  it('lists every action of a set of checks once, sorted', () => {
    const read = (client: string, command: string) => ({ client, command, input: () => ({}) });
    const checks = [
      { reads: { a: read('@aws-sdk/client-lambda', 'GetFunction'), b: read('@aws-sdk/client-dynamodb', 'DescribeContinuousBackups') } },
      { reads: { c: read('@aws-sdk/client-lambda', 'GetFunction') } },
      {},
    ] as unknown as AnyCheck[];
    expect(declaredActions(checks)).toEqual(['dynamodb:DescribeContinuousBackups', 'lambda:GetFunction']);
  });
});

describe('only reads', () => {
  it.each(['Describe', 'Get', 'List', 'Head', 'BatchGet'].map((v) => `${v}Thing`))('%s is a read', (command) => {
    expect(refusedCommand(command)).toBeUndefined();
  });
  it.each(['PutItem', 'DeleteTable', 'UpdateFunctionConfiguration', 'Invoke', 'BatchWriteItem', 'Getaway', 'Describe', 'ListenForThings'])('%s is refused', (command) => {
    expect(refusedCommand(command)).toMatch(/is not a read/);
  });
  it.each(['GetSecretValue', 'GetParameter', 'GetAuthorizationToken', 'GetSessionToken'])('%s is refused: it returns secrets or credentials', (command) => {
    expect(refusedCommand(command)).toMatch(/returns secrets or credentials/);
  });

  const module = (command: string) => ({
    id: 'dynamodb-table-writer',
    title: 'Writes',
    severity: 'low',
    appliesTo: ['AWS::DynamoDB::Table'],
    remediation: '-',
    reads: { item: { client: '@aws-sdk/client-dynamodb', command, input: () => ({}) } },
    evaluate: () => ({ status: 'pass', message: '' }),
  });

  it('a module declaring PutItem is refused, naming the module and the command', () => {
    expect(() => validateCheck(module('PutItem'), '/project/compliance/writer.check.js')).toThrow(ConfigError);
    expect(() => validateCheck(module('PutItem'), '/project/compliance/writer.check.js')).toThrow(
      'The check module /project/compliance/writer.check.js declares the command PutItem (@aws-sdk/client-dynamodb, fact "item"): PutItem is not a read',
    );
  });

  it('a read is accepted, and needs may be left out', () => {
    const check = validateCheck(module('GetItem'), 'x.check.js');
    expect(check.needs).toEqual([]);
  });

  it.each([
    [{ client: 'aws-sdk', command: 'GetItem', input: () => ({}) }, /reads\.item\.client must name an AWS SDK v3 client package/],
    [{ client: '@aws-sdk/client-dynamodb', command: 'GetItemCommand', input: 'TableName' }, /reads\.item\.input must be a function/],
    [{ client: '@aws-sdk/client-dynamodb', command: 'GetItem', input: () => ({}), keeps: () => 1 }, /unrecognized key|Unrecognized key/i],
    [{ client: '@aws-sdk/client-dynamodb', command: 'GetItem', input: () => ({}), action: 'GetItem' }, /reads\.item\.action must be an IAM action/],
  ])('a malformed read is refused naming what is wrong (%#)', (read, message) => {
    expect(() => validateCheck({ ...module('GetItem'), reads: { item: read } }, 'x.check.js')).toThrow(message);
  });

  it('a fact name with a dot (the catalogue keys have them) is refused', () => {
    expect(() => validateCheck({ ...module('GetItem'), reads: { 'dynamodb.table': module('GetItem').reads.item } }, 'x.check.js')).toThrow(/reads\.dynamodb\.table Invalid key/);
  });
});
