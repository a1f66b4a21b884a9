/**
 * Reading a live CloudFormation stack: pagination, nested stacks, outputs, and the paths moto
 * cannot produce (access denied, throttled past the retries): the run stops saying so, and
 * nothing of the stack can pass.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { readStack, readStacks, StackReadError, STACK_ACTIONS } from '../../src/collect/cloudformation.stack.js';
import { createContext } from '../../src/collect/context.js';
import { CredentialsError, InputError } from '../../src/errors.js';

const cfn = mockClient(CloudFormationClient);
const SETTINGS = { region: 'eu-west-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 };
const ROOT_ID = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/App/1111';
const NESTED_ID = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/App-Storage-X/2222';

function awsError(name: string, status = 400, message = `${name} message`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

afterEach(() => {
  cfn.reset();
});

function stack() {
  cfn.on(DescribeStacksCommand, { StackName: 'App' }).resolves({
    Stacks: [{ StackName: 'App', StackId: ROOT_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'BucketName', OutputValue: 'app-data' }, { OutputKey: 'NoValue' }] }],
  });
  cfn.on(ListStackResourcesCommand, { StackName: ROOT_ID }).resolves({
    StackResourceSummaries: [
      { LogicalResourceId: 'Data', ResourceType: 'AWS::S3::Bucket', PhysicalResourceId: 'app-data', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
      { LogicalResourceId: 'Storage', ResourceType: 'AWS::CloudFormation::Stack', PhysicalResourceId: NESTED_ID, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
    ],
    NextToken: 'page-2',
  });
  cfn.on(ListStackResourcesCommand, { StackName: ROOT_ID, NextToken: 'page-2' }).resolves({
    StackResourceSummaries: [{ LogicalResourceId: 'Key', ResourceType: 'AWS::KMS::Key', PhysicalResourceId: '1234abcd-12ab-34cd-56ef-1234567890ab', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }],
  });
  cfn.on(ListStackResourcesCommand, { StackName: NESTED_ID }).resolves({
    StackResourceSummaries: [{ LogicalResourceId: 'Queue', ResourceType: 'AWS::SQS::Queue', PhysicalResourceId: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }],
  });
}

describe('readStack', () => {
  it('pages through ListStackResources, follows nested stacks, and keeps the outputs', async () => {
    stack();
    const { stacks, calls } = await readStacks(['App'], SETTINGS);
    expect(stacks).toEqual([
      {
        name: 'App',
        region: 'eu-west-1',
        rows: [
          { path: 'Data', type: 'AWS::S3::Bucket', physicalId: 'app-data', status: 'CREATE_COMPLETE' },
          { path: 'Key', type: 'AWS::KMS::Key', physicalId: '1234abcd-12ab-34cd-56ef-1234567890ab', status: 'CREATE_COMPLETE' },
          { path: 'Storage.Queue', type: 'AWS::SQS::Queue', physicalId: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs', status: 'CREATE_COMPLETE' },
        ],
        outputs: [{ key: 'BucketName', value: 'app-data' }, { key: 'NoValue', value: '' }],
      },
    ]);
    expect(Object.fromEntries(calls)).toEqual({ 'cloudformation:DescribeStacks': 1, 'cloudformation:ListStackResources': 3 });
    expect([...STACK_ACTIONS].sort()).toEqual(Object.keys(Object.fromEntries(calls)).sort());
  });

  it('a stack that does not exist is an input error naming it', async () => {
    cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', 400, 'Stack with id Gone does not exist'));
    const err = await readStack(createContext(SETTINGS), 'Gone').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe('The CloudFormation stack Gone does not exist in eu-west-1; check the name given to --stack (or "stacks" in the config) and --region.');
  });

  it.each([
    ['DescribeStacks', () => cfn.on(DescribeStacksCommand).rejects(awsError('AccessDenied', 403, 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudformation:DescribeStacks'))],
    [
      'ListStackResources',
      () => {
        cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'App', StackId: ROOT_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] });
        cfn.on(ListStackResourcesCommand).rejects(awsError('AccessDenied', 403));
      },
    ],
  ])('access denied on %s says so, and stops the run: nothing of the stack passes', async (action, arrange) => {
    arrange();
    const err = await readStack(createContext(SETTINGS), 'App').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StackReadError);
    expect((err as Error).message).toMatch(new RegExp(`^Access to the CloudFormation stack App was denied \\(cloudformation:${action}: AccessDenied`));
    expect((err as Error).message).toContain('none of its resources was verified');
  });

  it('throttled past the retries: the run stops naming the stack and the reason', async () => {
    cfn.on(DescribeStacksCommand).rejects(awsError('Throttling', 400, 'Rate exceeded'));
    const err = await readStack(createContext(SETTINGS), 'App').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StackReadError);
    expect((err as Error).message).toMatch(/^The CloudFormation stack App could not be read \(cloudformation:DescribeStacks: Throttling: Rate exceeded/);
  });

  it('credentials AWS does not accept are the credentials error, as for any call', async () => {
    cfn.on(DescribeStacksCommand).rejects(awsError('ExpiredToken', 403));
    await expect(readStack(createContext(SETTINGS), 'App')).rejects.toBeInstanceOf(CredentialsError);
  });
});
