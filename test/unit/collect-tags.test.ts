/**
 * The tags of every resource: GetResources for the types it serves (100 ARNs a call, every page),
 * the services' own reads for IAM roles and Auto Scaling groups and to confirm a resource missing
 * from its answer, ARNs built where AWS documents them, and every failure an unknown, never "no tags".
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { IAMClient, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { AutoScalingClient, DescribeTagsCommand as DescribeAsgTagsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListTagsForStreamCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { CloudTrailClient, ListTagsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeLoadBalancersCommand, DescribeTagsCommand as DescribeLbTagsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import collector, { accountOf, arnOf, ARNS_PER_CALL, normaliseArn, servedByTaggingApi } from '../../src/collect/tags.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const s3 = mockClient(S3Client);
const iam = mockClient(IAMClient);
const asg = mockClient(AutoScalingClient);
const ec2 = mockClient(EC2Client);
const kinesis = mockClient(KinesisClient);
const cloudtrail = mockClient(CloudTrailClient);
const secrets = mockClient(SecretsManagerClient);
const elb = mockClient(ElasticLoadBalancingV2Client);

afterEach(() => {
  for (const m of [tagging, s3, iam, asg, ec2, kinesis, cloudtrail, secrets, elb]) m.reset();
});

const WANT: ReadonlySet<FactKey> = new Set(['resource.tags']);
const ACCOUNT = '111122223333';
const context = (): CollectContext => createContext({ region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 });
const ref = (type: ResourceRef['type'], id: string, extra: Partial<ResourceRef> = {}): ResourceRef => ({ type, id, region: 'us-east-1', keys: [id], ...extra });
const denied = (action: string) => Object.assign(new Error(`not authorized to perform ${action}`), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/ledger`;
const table = ref('AWS::DynamoDB::Table', 'ledger', { arn: TABLE_ARN });

describe('ARNs', () => {
  it('builds the documented ARN of each type from the account and region', () => {
    const at = (type: ResourceRef['type'], id: string) => arnOf(ref(type, id), ACCOUNT, 'us-east-1');
    expect(at('AWS::S3::Bucket', 'data')).toBe('arn:aws:s3:::data');
    expect(at('AWS::EC2::Subnet', 'subnet-0123456789abcdef0')).toBe(`arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0123456789abcdef0`);
    expect(at('AWS::EC2::LaunchTemplate', 'lt-0123456789abcdef0')).toBe(`arn:aws:ec2:us-east-1:${ACCOUNT}:launch-template/lt-0123456789abcdef0`);
    expect(at('AWS::RDS::DBCluster', 'aurora')).toBe(`arn:aws:rds:us-east-1:${ACCOUNT}:cluster:aurora`);
    expect(at('AWS::Logs::LogGroup', '/app/ingest')).toBe(`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/ingest`);
    expect(at('AWS::KMS::Key', '1234abcd-12ab-34cd-56ef-1234567890ab')).toBe(`arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    expect(at('AWS::KMS::Key', 'alias/app')).toBeUndefined();
    expect(at('AWS::Events::Rule', 'nightly')).toBeUndefined();
    expect(arnOf(ref('AWS::SQS::Queue', `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/jobs`), undefined, 'us-east-1')).toBe(`arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`);
    expect(arnOf(ref('AWS::Kinesis::Stream', 'events'), undefined, 'us-east-1')).toBeUndefined();
    expect(arnOf(ref('AWS::Kinesis::Stream', 'events'), ACCOUNT, 'cn-north-1')).toBe(`arn:aws-cn:kinesis:cn-north-1:${ACCOUNT}:stream/events`);
  });

  it('lists ARNs as GetResources does: no log group :*, no function version', () => {
    expect(normaliseArn(`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app:*`)).toBe(`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app`);
    expect(normaliseArn(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:ingest:7`)).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:ingest`);
    expect(normaliseArn(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:ingest`)).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:ingest`);
  });

  it('takes the account most of the run names', () => {
    expect(accountOf([table, ref('AWS::SQS::Queue', `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/jobs`), ref('AWS::SNS::Topic', 'x', { arn: 'arn:aws:sns:us-east-1:444455556666:x' })])).toBe(ACCOUNT);
    expect(accountOf([ref('AWS::S3::Bucket', 'b', { arn: 'arn:aws:s3:::b' })])).toBeUndefined();
  });

  it('knows the types GetResources does not serve', () => {
    expect([servedByTaggingApi('AWS::IAM::Role'), servedByTaggingApi('AWS::AutoScaling::AutoScalingGroup'), servedByTaggingApi('AWS::DynamoDB::Table'), servedByTaggingApi('AWS::Events::Rule')]).toEqual([false, false, true, true]);
  });
});

describe('tags collector', () => {
  it('reads tags from GetResources; a served type it leaves out has none', async () => {
    const other = ref('AWS::DynamoDB::Table', 'scratch', { arn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/scratch` });
    const emptied = ref('AWS::SNS::Topic', `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`, { arn: `arn:aws:sns:us-east-1:${ACCOUNT}:alerts` });
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: TABLE_ARN, Tags: [{ Key: 'Owner', Value: 'data' }] }, { ResourceARN: emptied.arn!, Tags: [] }], PaginationToken: '' });
    const ctx = context();
    const out = await collector.collect([table, other, emptied], WANT, ctx);
    expect(out.get(table)!['resource.tags']).toEqual({ state: 'present', value: { Owner: 'data' } });
    expect(out.get(other)!['resource.tags']).toEqual({ state: 'absent', reason: 'the resource has no tags (GetResources lists none for it)' });
    expect(out.get(emptied)!['resource.tags']).toMatchObject({ state: 'absent' });
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'tag:GetResources': 1 });
    expect(tagging.commandCalls(GetResourcesCommand)[0]!.args[0].input.ResourceARNList).toHaveLength(3);
  });

  it('asks 100 ARNs a call and follows every page', async () => {
    const tables = Array.from({ length: ARNS_PER_CALL + 1 }, (_, i) => ref('AWS::DynamoDB::Table', `t${i}`, { arn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t${i}` }));
    tagging
      .on(GetResourcesCommand)
      .callsFake((input: { ResourceARNList: string[]; PaginationToken?: string }) =>
        input.PaginationToken
          ? { ResourceTagMappingList: [{ ResourceARN: input.ResourceARNList.at(-1), Tags: [{ Key: 'Page', Value: '2' }] }], PaginationToken: '' }
          : { ResourceTagMappingList: input.ResourceARNList.slice(0, -1).map((a) => ({ ResourceARN: a, Tags: [{ Key: 'Page', Value: '1' }] })), PaginationToken: 'next' },
      );
    const out = await collector.collect(tables, WANT, context());
    expect(tagging.commandCalls(GetResourcesCommand).map((c) => c.args[0].input.ResourceARNList!.length).sort((a, b) => a - b)).toEqual([1, 1, ARNS_PER_CALL, ARNS_PER_CALL]);
    expect(tables.map((t) => out.get(t)!['resource.tags']!.state)).toEqual(Array(ARNS_PER_CALL + 1).fill('present'));
    expect(out.get(tables[ARNS_PER_CALL - 1]!)!['resource.tags']).toEqual({ state: 'present', value: { Page: '2' } });
  });

  it('a denied GetResources leaves every resource of the region unknown, never untagged', async () => {
    tagging.on(GetResourcesCommand).rejects(denied('tag:GetResources'));
    const out = await collector.collect([table], WANT, context());
    expect(out.get(table)!['resource.tags']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/AccessDeniedException/) });
  });

  it('asks S3 before calling a bucket GetResources left out untagged: NoSuchTagSet is no tags, tags found are kept', async () => {
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    s3.on(GetBucketTaggingCommand, { Bucket: 'fresh' }).resolves({ TagSet: [{ Key: 'Owner', Value: 'data' }] });
    s3.on(GetBucketTaggingCommand, { Bucket: 'bare' }).rejects(Object.assign(new Error('none'), { name: 'NoSuchTagSet', $metadata: { httpStatusCode: 404 } }));
    s3.on(GetBucketTaggingCommand, { Bucket: 'locked' }).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const [fresh, bare, locked] = ['fresh', 'bare', 'locked'].map((b) => ref('AWS::S3::Bucket', b));
    const out = await collector.collect([fresh!, bare!, locked!], WANT, context());
    expect(out.get(fresh!)!['resource.tags']).toEqual({ state: 'present', value: { Owner: 'data' } });
    expect(out.get(bare!)!['resource.tags']).toEqual({ state: 'absent', reason: 'the bucket has no tags (NoSuchTagSet)' });
    expect(out.get(locked!)!['resource.tags']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/AccessDenied/) });
    expect(tagging.commandCalls(GetResourcesCommand)[0]!.args[0].input.ResourceARNList).toEqual(['arn:aws:s3:::fresh', 'arn:aws:s3:::bare', 'arn:aws:s3:::locked']);
  });

  it('reads IAM roles and Auto Scaling groups from their own services, never from GetResources', async () => {
    iam.on(ListRoleTagsCommand).resolvesOnce({ Tags: [{ Key: 'Owner', Value: 'a' }], IsTruncated: true, Marker: 'm' }).resolves({ Tags: [{ Key: 'Env', Value: 'prod' }] });
    asg.on(DescribeAsgTagsCommand).resolves({ Tags: [{ ResourceId: 'workers', ResourceType: 'auto-scaling-group', Key: 'Owner', Value: 'b' }] });
    const role = ref('AWS::IAM::Role', 'app', { arn: `arn:aws:iam::${ACCOUNT}:role/app` });
    const [workers, spare] = [ref('AWS::AutoScaling::AutoScalingGroup', 'workers'), ref('AWS::AutoScaling::AutoScalingGroup', 'spare')];
    const ctx = context();
    const out = await collector.collect([role, workers!, spare!], WANT, ctx);
    expect(out.get(role)!['resource.tags']).toEqual({ state: 'present', value: { Owner: 'a', Env: 'prod' } });
    expect(out.get(workers!)!['resource.tags']).toEqual({ state: 'present', value: { Owner: 'b' } });
    expect(out.get(spare!)!['resource.tags']).toMatchObject({ state: 'absent' });
    expect(ctx.calls.has('tag:GetResources')).toBe(false);
    expect(asg.commandCalls(DescribeAsgTagsCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'auto-scaling-group', Values: ['workers', 'spare'] }]);
  });

  it('a denied ListRoleTags leaves the role unknown', async () => {
    iam.on(ListRoleTagsCommand).rejects(denied('iam:ListRoleTags'));
    const role = ref('AWS::IAM::Role', 'app');
    expect((await collector.collect([role], WANT, context())).get(role)!['resource.tags']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/AccessDenied/) });
  });

  it('asks EC2 for resources with no ARN when no ARN of the run names the account, in one DescribeTags', async () => {
    ec2.on(DescribeTagsCommand).resolves({ Tags: [{ ResourceId: 'vpc-0123456789abcdef0', Key: 'Owner', Value: 'net' }] });
    const [vpc, subnet] = [ref('AWS::EC2::VPC', 'vpc-0123456789abcdef0'), ref('AWS::EC2::Subnet', 'subnet-0123456789abcdef0')];
    const ctx = context();
    const out = await collector.collect([vpc!, subnet!], WANT, ctx);
    expect(out.get(vpc!)!['resource.tags']).toEqual({ state: 'present', value: { Owner: 'net' } });
    expect(out.get(subnet!)!['resource.tags']).toMatchObject({ state: 'absent' });
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'ec2:DescribeTags': 1 });
  });

  it('leaves unknown what it can neither ask GetResources about nor read from the service', async () => {
    const rule = ref('AWS::Events::Rule', 'nightly');
    const group = ref('AWS::IAM::Group', 'admins');
    const out = await collector.collect([rule, group], WANT, context());
    expect(out.get(rule)!['resource.tags']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/no ARN in the run names the account/) });
    expect(out.get(group)!['resource.tags']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/cannot read the tags of AWS::IAM::Group/) });
  });

  it('finds a load balancer named by its DNS name through its name, then reads its tags', async () => {
    const lbArn = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/net/ingest/0123456789abcdef`;
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerName: 'ingest', LoadBalancerArn: lbArn }] });
    elb.on(DescribeLbTagsCommand).resolves({ TagDescriptions: [{ ResourceArn: lbArn, Tags: [{ Key: 'Owner', Value: 'net' }] }] });
    const [lb, gone] = [ref('AWS::ElasticLoadBalancingV2::LoadBalancer', 'ingest'), ref('AWS::ElasticLoadBalancingV2::LoadBalancer', 'gone')];
    const out = await collector.collect([lb!, gone!], WANT, context());
    expect(out.get(lb!)!['resource.tags']).toEqual({ state: 'present', value: { Owner: 'net' } });
    expect(out.get(gone!)!['resource.tags']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/load balancer gone was not found/) });
    expect(elb.commandCalls(DescribeLbTagsCommand)[0]!.args[0].input).toEqual({ ResourceArns: [lbArn] });
  });

  it('follows a stream\'s tag pages, and asks each trail\'s tags in its home region', async () => {
    kinesis.on(ListTagsForStreamCommand).resolvesOnce({ Tags: [{ Key: 'Owner', Value: 'a' }], HasMoreTags: true }).resolves({ Tags: [{ Key: 'Env', Value: 'prod' }], HasMoreTags: false });
    const trailArn = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org`;
    cloudtrail.on(ListTagsCommand).resolves({ ResourceTagList: [{ ResourceId: trailArn, TagsList: [{ Key: 'Owner', Value: 'audit' }] }] });
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const stream = ref('AWS::Kinesis::Stream', 'events', { arn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/events` });
    const trail = ref('AWS::CloudTrail::Trail', 'org', { arn: trailArn, region: 'eu-west-1' });
    const out = await collector.collect([stream, trail], WANT, context());
    expect(out.get(stream)!['resource.tags']).toEqual({ state: 'present', value: { Owner: 'a', Env: 'prod' } });
    expect(kinesis.commandCalls(ListTagsForStreamCommand)[1]!.args[0].input).toEqual({ StreamName: 'events', ExclusiveStartTagKey: 'Owner' });
    expect(out.get(trail)!['resource.tags']).toEqual({ state: 'present', value: { Owner: 'audit' } });
    expect(await cloudtrail.commandCalls(ListTagsCommand)[0]!.thisValue.config.region()).toBe('eu-west-1');
  });

  it.each([
    ['ec2:DescribeTags', () => ec2.on(DescribeTagsCommand).rejects(denied('ec2:DescribeTags')), ref('AWS::EC2::VPC', 'vpc-0123456789abcdef0')],
    ['autoscaling:DescribeTags', () => asg.on(DescribeAsgTagsCommand).rejects(denied('autoscaling:DescribeTags')), ref('AWS::AutoScaling::AutoScalingGroup', 'workers')],
    ['kinesis:ListTagsForStream', () => kinesis.on(ListTagsForStreamCommand).rejects(denied('kinesis:ListTagsForStream')), ref('AWS::Kinesis::Stream', 'events')],
    ['cloudtrail:ListTags', () => cloudtrail.on(ListTagsCommand).rejects(denied('cloudtrail:ListTags')), ref('AWS::CloudTrail::Trail', 'org', { arn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org` })],
    ['secretsmanager:DescribeSecret', () => secrets.on(DescribeSecretCommand).rejects(denied('secretsmanager:DescribeSecret')), ref('AWS::SecretsManager::Secret', 'db')],
    ['elasticloadbalancing:DescribeLoadBalancers', () => elb.on(DescribeLoadBalancersCommand).rejects(denied('elasticloadbalancing:DescribeLoadBalancers')), ref('AWS::ElasticLoadBalancingV2::LoadBalancer', 'ingest')],
    [
      'elasticloadbalancing:DescribeTags',
      () => elb.on(DescribeLbTagsCommand).rejects(denied('elasticloadbalancing:DescribeTags')),
      ref('AWS::ElasticLoadBalancingV2::LoadBalancer', 'x', { arn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/x/0123456789abcdef` }),
    ],
  ] as Array<[string, () => void, ResourceRef]>)('a denied %s leaves the tags unknown, never untagged', async (_action, deny, r) => {
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    deny();
    expect((await collector.collect([r], WANT, context())).get(r)!['resource.tags']).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/AccessDenied/) });
  });

  it('makes no call when the tags are not wanted', async () => {
    const ctx = context();
    const out = await collector.collect([table], new Set(), ctx);
    expect(out.get(table)).toEqual({});
    expect(ctx.calls.size).toBe(0);
  });
});
