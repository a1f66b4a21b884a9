/**
 * The drift collector's paths moto cannot produce: CloudFormation drift detection (moto does not
 * implement DetectStackDrift), with AWS's documented answer shapes through aws-sdk-client-mock —
 * the wait for detection, every page of resource drifts, nested stacks detected on their own, a
 * denied call and a detection that never ends (errors, never a pass); Pulumi and Terraform when
 * their tool is missing or the folder cannot be found.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import collector from '../../src/collect/drift.collector.js';
import { createContext } from '../../src/collect/context.js';
import type { DriftSettings } from '../../src/drift/settings.js';
import { workingFolder } from '../../src/drift/runner.js';
import type { ResourceRef, SourceRef } from '../../src/types.js';

const cfn = mockClient(CloudFormationClient);
afterEach(() => {
  cfn.reset();
});

const SETTINGS = { region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 };
const ROOT = 'App';
const NESTED_ARN = 'arn:aws:cloudformation:us-east-1:123456789012:stack/App-Storage-1AB2/2222';

function drift(overrides: Partial<DriftSettings> = {}): DriftSettings {
  return { tool: 'terraform', states: [], folders: {}, env: { PATH: '/nonexistent' }, waitMs: 1000, pollMs: 1, ...overrides };
}

const stackSource = (name: string, type: string): SourceRef => ({ kind: 'stack', format: 'cloudformation-stack', origin: ROOT, name, providerType: type });
const ref = (type: ResourceRef['type'], id: string, source: SourceRef, arn?: string): ResourceRef => ({ type, id, region: 'us-east-1', keys: [], sources: [source], ...(arn ? { arn } : {}) });

const queue = ref('AWS::SQS::Queue', 'https://sqs.us-east-1.amazonaws.com/123456789012/App-Queue-1UZ4', stackSource('Queue', 'AWS::SQS::Queue'));
const bucket = ref('AWS::S3::Bucket', 'app-data', stackSource('Data', 'AWS::S3::Bucket'));
const storage = ref('AWS::CloudFormation::Stack', NESTED_ARN, stackSource('Storage', 'AWS::CloudFormation::Stack'), NESTED_ARN);
const topic = ref('AWS::SNS::Topic', 'arn:aws:sns:us-east-1:123456789012:events', stackSource('Storage.Events', 'AWS::SNS::Topic'));

async function collect(refs: ResourceRef[], settings: DriftSettings) {
  const ctx = createContext(SETTINGS, { drift: settings });
  const facts = await collector.collect(refs, new Set(['drift.resource']), ctx);
  return { facts, ctx };
}

describe('CloudFormation drift detection', () => {
  it('starts detection on each stack, waits for it, reads every page, and keys nested entries by their path', async () => {
    cfn.on(DetectStackDriftCommand, { StackName: ROOT }).resolves({ StackDriftDetectionId: 'd-root' });
    cfn.on(DetectStackDriftCommand, { StackName: NESTED_ARN }).resolves({ StackDriftDetectionId: 'd-nested' });
    cfn
      .on(DescribeStackDriftDetectionStatusCommand, { StackDriftDetectionId: 'd-root' })
      .resolvesOnce({ StackId: 'x', StackDriftDetectionId: 'd-root', DetectionStatus: 'DETECTION_IN_PROGRESS', Timestamp: new Date() })
      .resolves({ StackId: 'x', StackDriftDetectionId: 'd-root', StackDriftStatus: 'DRIFTED', DetectionStatus: 'DETECTION_COMPLETE', DriftedStackResourceCount: 1, Timestamp: new Date() });
    cfn.on(DescribeStackDriftDetectionStatusCommand, { StackDriftDetectionId: 'd-nested' }).resolves({ StackId: 'y', StackDriftDetectionId: 'd-nested', StackDriftStatus: 'IN_SYNC', DetectionStatus: 'DETECTION_COMPLETE', Timestamp: new Date() });
    cfn.on(DescribeStackResourceDriftsCommand, { StackName: ROOT }).resolves({
      StackResourceDrifts: [
        {
          StackId: 'x',
          LogicalResourceId: 'Queue',
          PhysicalResourceId: queue.id,
          ResourceType: 'AWS::SQS::Queue',
          ExpectedProperties: '{"DelaySeconds":0}',
          ActualProperties: '{"DelaySeconds":20}',
          PropertyDifferences: [{ PropertyPath: '/DelaySeconds', ExpectedValue: '0', ActualValue: '20', DifferenceType: 'NOT_EQUAL' }],
          StackResourceDriftStatus: 'MODIFIED',
          Timestamp: new Date(),
        },
      ],
      NextToken: 'page-2',
    });
    cfn.on(DescribeStackResourceDriftsCommand, { StackName: ROOT, NextToken: 'page-2' }).resolves({
      StackResourceDrifts: [{ StackId: 'x', LogicalResourceId: 'Data', ResourceType: 'AWS::S3::Bucket', StackResourceDriftStatus: 'IN_SYNC', Timestamp: new Date() }],
    });
    cfn.on(DescribeStackResourceDriftsCommand, { StackName: NESTED_ARN }).resolves({
      StackResourceDrifts: [{ StackId: 'y', LogicalResourceId: 'Events', ResourceType: 'AWS::SNS::Topic', StackResourceDriftStatus: 'DELETED', Timestamp: new Date() }],
    });
    const { facts, ctx } = await collect([queue, bucket, storage, topic], drift());
    expect(facts.get(queue)?.['drift.resource']).toEqual({
      state: 'present',
      value: { engine: 'cloudformation', status: 'modified', entries: ['Queue'], differences: [{ path: '/DelaySeconds', kind: 'changed', declared: '0', live: '20' }] },
    });
    expect(facts.get(bucket)?.['drift.resource']).toMatchObject({ state: 'present', value: { status: 'in-sync' } });
    expect(facts.get(topic)?.['drift.resource']).toMatchObject({ state: 'present', value: { status: 'deleted', entries: ['Storage.Events'] } });
    // The nested stack itself is a resource of the root; CloudFormation left it out of its answer.
    expect(facts.get(storage)?.['drift.resource']).toMatchObject({ state: 'present', value: { status: 'not-checked' } });
    expect(ctx.calls.get('cloudformation:DetectStackDrift')).toBe(2);
    expect(ctx.calls.get('cloudformation:DescribeStackDriftDetectionStatus')).toBe(3);
    expect(ctx.calls.get('cloudformation:DescribeStackResourceDrifts')).toBe(3);
    expect(ctx.engineRuns).toEqual([expect.objectContaining({ engine: 'cloudformation', source: ROOT })]);
  });

  it('a denied DetectStackDrift leaves every resource of the stack unknown, saying so', async () => {
    cfn.on(DetectStackDriftCommand).rejects(Object.assign(new Error('User is not authorized to perform: cloudformation:DetectStackDrift'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const { facts } = await collect([queue, bucket], drift());
    for (const r of [queue, bucket]) {
      expect(facts.get(r)?.['drift.resource']).toEqual({ state: 'unknown', reason: expect.stringMatching(/^CloudFormation drift detection failed on the stack App: access to cloudformation:DetectStackDrift was denied: AccessDenied/) });
    }
  });

  it('a detection that failed for some resources reads the others, and leaves those it did not answer unknown', async () => {
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'd-failed' });
    cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({
      StackId: 'x',
      StackDriftDetectionId: 'd-failed',
      StackDriftStatus: 'DRIFTED',
      DetectionStatus: 'DETECTION_FAILED',
      DetectionStatusReason: 'Failed to detect drift on resource [Queue]: User is not authorized to perform sqs:GetQueueAttributes',
      Timestamp: new Date(),
    });
    cfn.on(DescribeStackResourceDriftsCommand).resolves({ StackResourceDrifts: [{ StackId: 'x', LogicalResourceId: 'Data', ResourceType: 'AWS::S3::Bucket', StackResourceDriftStatus: 'IN_SYNC', Timestamp: new Date() }] });
    const { facts } = await collect([queue, bucket], drift());
    expect(facts.get(bucket)?.['drift.resource']).toMatchObject({ state: 'present', value: { status: 'in-sync' } });
    expect(facts.get(queue)?.['drift.resource']).toEqual({ state: 'unknown', reason: expect.stringContaining('not authorized to perform sqs:GetQueueAttributes') });
  });

  it('a detection still running after the bounded wait is unknown, never in sync', async () => {
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'd-slow' });
    cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({ StackId: 'x', StackDriftDetectionId: 'd-slow', DetectionStatus: 'DETECTION_IN_PROGRESS', Timestamp: new Date() });
    const { facts } = await collect([bucket], drift({ waitMs: 20, pollMs: 5 }));
    expect(facts.get(bucket)?.['drift.resource']).toMatchObject({ state: 'unknown', reason: expect.stringContaining('still detecting drift on the stack App') });
  });
});

describe('engines that cannot run', () => {
  it('terraform not on the PATH: every resource of the state is unknown, naming the tool and where to get it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-drift-unit-'));
    await writeFile(join(dir, 'main.tf'), 'resource "aws_s3_bucket" "data" {}\n');
    const statePath = join(dir, 'terraform.tfstate');
    const src: SourceRef = { kind: 'state', format: 'tfstate', origin: 'terraform.tfstate', name: 'aws_s3_bucket.data' };
    const r = ref('AWS::S3::Bucket', 'data', src);
    const { facts, ctx } = await collect([r], drift({ states: [{ path: statePath, shown: 'terraform.tfstate' }] }));
    expect(facts.get(r)?.['drift.resource']).toEqual({ state: 'unknown', reason: expect.stringMatching(/^terraform is not on the PATH: install Terraform \(https:\/\/developer\.hashicorp\.com\/terraform\/install\)/) });
    expect(ctx.engineRuns).toEqual([expect.objectContaining({ engine: 'terraform', error: expect.stringContaining('not on the PATH') })]);
  });

  it('the command the user chose is the one looked for (tofu)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-drift-unit-'));
    await writeFile(join(dir, 'main.tf'), '');
    const src: SourceRef = { kind: 'state', format: 'tfstate', origin: join(dir, 'terraform.tfstate'), name: 'aws_s3_bucket.data' };
    const r = ref('AWS::S3::Bucket', 'data', src);
    const { facts } = await collect([r], drift({ tool: 'tofu' }));
    expect(facts.get(r)?.['drift.resource']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/^tofu is not on the PATH: install OpenTofu/) });
  });

  it('pulumi not on the PATH: unknown, naming the Pulumi CLI', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-drift-unit-'));
    await writeFile(join(dir, 'Pulumi.yaml'), 'name: shop\nruntime: nodejs\n');
    const src: SourceRef = { kind: 'state', format: 'pulumi-export', origin: join(dir, 'stack.json'), name: 'urn:pulumi:dev::shop::aws:s3/bucketV2:BucketV2::data' };
    const r = ref('AWS::S3::Bucket', 'data', src);
    const { facts } = await collect([r], drift());
    expect(facts.get(r)?.['drift.resource']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/^pulumi is not on the PATH: install the Pulumi CLI/) });
  });

  it('a saved plan that is no plan stops the run (exit 2), naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-drift-unit-'));
    const file = join(dir, 'state.json');
    await writeFile(file, JSON.stringify({ version: 4, resources: [] }));
    const src: SourceRef = { kind: 'state', format: 'tfstate', origin: 'x.tfstate', name: 'aws_s3_bucket.data' };
    await expect(collect([ref('AWS::S3::Bucket', 'data', src)], drift({ planFile: file }))).rejects.toThrow(new RegExp(`The drift plan ${file} is not the JSON of a plan`));
  });

  it('an outputs-only resource has no engine: absent, and no engine runs', async () => {
    const r: ResourceRef = { type: 'AWS::S3::Bucket', id: 'data', keys: ['Bucket'], sources: [{ kind: 'outputs', format: 'flat', origin: 'outputs.json', name: 'Bucket' }] };
    const { facts, ctx } = await collect([r], drift());
    expect(facts.get(r)?.['drift.resource']).toMatchObject({ state: 'absent' });
    expect(ctx.engineRuns).toEqual([]);
  });
});

describe('the working folder of a state', () => {
  it('is the state’s folder when it holds configuration, else CDKTF’s cdktf.out/stacks/<stack>, else the reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-drift-folder-'));
    await mkdir(join(dir, 'tf'));
    await writeFile(join(dir, 'tf', 'main.tf'), '');
    expect(workingFolder(join(dir, 'tf', 'terraform.tfstate'))).toEqual({ folder: join(dir, 'tf') });

    // CDKTF: the local backend writes terraform.<stack>.tfstate at the project root.
    const stackDir = join(dir, 'cdktf.out', 'stacks', 'TapStackdev');
    await mkdir(stackDir, { recursive: true });
    await writeFile(join(stackDir, 'cdk.tf.json'), '{}');
    expect(workingFolder(join(dir, 'terraform.TapStackdev.tfstate'))).toEqual({ folder: stackDir });
    expect(workingFolder(join(dir, 'terraform.Other.tfstate'))).toEqual({ reason: expect.stringContaining('run `cdktf synth`') });
    expect(workingFolder(join(dir, 'state.json'))).toEqual({ reason: expect.stringContaining('set drift.folders') });
    expect(workingFolder(join(dir, 'state.json'), join(dir, 'tf'))).toEqual({ folder: join(dir, 'tf') });
    expect(workingFolder(join(dir, 'state.json'), join(dir, 'nope'))).toEqual({ reason: expect.stringContaining('does not exist') });
  });
});
