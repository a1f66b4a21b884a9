/**
 * The CloudWatch Logs collector's fault paths and batching, against a mocked client: prefixes
 * shared by many names, paging to the end, a page that fails, and AWS's shapes moto does not give.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import logs, { logGroupName, prefixesFor } from '../../src/collect/logs.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { present } from '../../src/facts/fact.js';
import type { FactKey, KmsKeyFacts } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';
import { CredentialsError } from '../../src/errors.js';

const cwl = mockClient(CloudWatchLogsClient);
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ALL: ReadonlySet<FactKey> = new Set(['logs.logGroup', 'encryption.kmsKeyRef', 'encryption.kmsKey']);

function context(): CollectContext {
  return createContext(
    { region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 },
    { kmsResolver: async (_c, ref) => present<KmsKeyFacts>({ keyId: 'k', arn: ref, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true }) },
  );
}

const ref = (id: string, region?: string): ResourceRef => ({ type: 'AWS::Logs::LogGroup', id, keys: ['LogGroupName'], ...(region ? { region } : {}) });

function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });
}

afterEach(() => {
  cwl.reset();
});

describe('log group names and prefixes', () => {
  it.each([
    ['/aws/lambda/ingest', '/aws/lambda/ingest'],
    ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/ingest:*', '/aws/lambda/ingest'],
    ['arn:aws-cn:logs:cn-north-1:111122223333:log-group:/ecs/web', '/ecs/web'],
  ])('%s names %s', (id, name) => {
    expect(logGroupName({ id })).toBe(name);
  });

  it('groups names that share a long prefix, and never widens to a short one', () => {
    expect(prefixesFor(['/aws/lambda/app-ingest', '/aws/lambda/app-report', '/aws/lambda/app-ingest', '/ecs/app-web', '/ecs/app-worker', 'api'])).toEqual([
      { prefix: '/aws/lambda/app-', names: ['/aws/lambda/app-ingest', '/aws/lambda/app-report'] },
      { prefix: '/ecs/app-w', names: ['/ecs/app-web', '/ecs/app-worker'] },
      { prefix: 'api', names: ['api'] },
    ]);
    // `/aws/` alone would list every log group of the account's AWS services.
    expect(prefixesFor(['/aws/lambda/checkout-service', '/aws/apigateway/public-gateway']).map((g) => g.prefix)).toEqual([
      '/aws/apigateway/public-gateway',
      '/aws/lambda/checkout-service',
    ]);
  });
});

describe('logs collector', () => {
  it('pages through a prefix to the end and picks each group by its exact name', async () => {
    cwl
      .on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/aws/lambda/app-', limit: 50, nextToken: undefined })
      .resolves({ logGroups: [{ logGroupName: '/aws/lambda/app-ingest', retentionInDays: 14, kmsKeyId: KEY_ARN }, { logGroupName: '/aws/lambda/app-ingest-old' }], nextToken: 't1' })
      .on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/aws/lambda/app-', limit: 50, nextToken: 't1' })
      .resolves({ logGroups: [{ logGroupName: '/aws/lambda/app-report', arn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/app-report:*' }] });
    const ctx = context();
    const refs = [ref('/aws/lambda/app-ingest'), ref('/aws/lambda/app-report')];
    const out = await logs.collect(refs, ALL, ctx);
    expect(out.get(refs[0]!)).toEqual({
      'logs.logGroup': present({ name: '/aws/lambda/app-ingest', kmsKeyId: KEY_ARN, retentionInDays: 14 }),
      'encryption.kmsKeyRef': present(KEY_ARN),
      'encryption.kmsKey': expect.objectContaining({ state: 'present' }),
    });
    expect(out.get(refs[1]!)?.['logs.logGroup']).toEqual(present({ name: '/aws/lambda/app-report', arn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/app-report:*' }));
    expect(out.get(refs[1]!)?.['encryption.kmsKeyRef']).toMatchObject({ state: 'absent' });
    expect(ctx.calls.get('logs:DescribeLogGroups')).toBe(2);
  });

  it('asks each region apart', async () => {
    cwl.on(DescribeLogGroupsCommand).callsFake(async (i: { logGroupNamePrefix: string }) => ({ logGroups: [{ logGroupName: i.logGroupNamePrefix }] }));
    const ctx = context();
    const refs = [ref('/ecs/web'), ref('/ecs/web', 'eu-west-1')];
    const out = await logs.collect(refs, new Set<FactKey>(['logs.logGroup']), ctx);
    expect(refs.map((r) => out.get(r)?.['logs.logGroup']?.state)).toEqual(['present', 'present']);
    expect(ctx.calls.get('logs:DescribeLogGroups')).toBe(2);
  });

  it.each([
    ['AccessDeniedException', 400],
    ['ThrottlingException', 400],
    ['ServiceUnavailableException', 503],
  ])('makes every fact of the prefix unknown on %s, never a default', async (name, status) => {
    cwl.on(DescribeLogGroupsCommand).rejects(awsError(name, status));
    const refs = [ref('/aws/lambda/app-ingest'), ref('/aws/lambda/app-report')];
    const out = await logs.collect(refs, ALL, context());
    for (const r of refs) for (const k of ALL) expect(out.get(r)![k]).toEqual({ state: 'unknown', reason: expect.stringContaining(name) });
  });

  it('keeps nothing of a prefix whose second page fails', async () => {
    cwl
      .on(DescribeLogGroupsCommand, { nextToken: undefined })
      .resolves({ logGroups: [{ logGroupName: '/aws/lambda/app-ingest' }], nextToken: 't1' })
      .on(DescribeLogGroupsCommand, { nextToken: 't1' })
      .rejects(awsError('ThrottlingException'));
    const refs = [ref('/aws/lambda/app-ingest'), ref('/aws/lambda/app-report')];
    const out = await logs.collect(refs, new Set<FactKey>(['logs.logGroup']), context());
    for (const r of refs) expect(out.get(r)!['logs.logGroup']?.state).toBe('unknown');
  });

  it('reports an empty answer as a group that does not exist, never a pass', async () => {
    cwl.on(DescribeLogGroupsCommand).resolves({});
    const r = ref('/ecs/web');
    expect((await logs.collect([r], new Set<FactKey>(['logs.logGroup']), context())).get(r)!['logs.logGroup']).toEqual({
      state: 'unknown',
      reason: 'the log group /ecs/web does not exist in us-east-1',
    });
  });

  it('makes no call when none of its facts is wanted', async () => {
    const ctx = context();
    const r = ref('/ecs/web');
    expect((await logs.collect([r], new Set<FactKey>(['s3.region']), ctx)).get(r)).toEqual({});
    expect(ctx.calls.size).toBe(0);
  });

  it('ends the run on a credential error', async () => {
    cwl.on(DescribeLogGroupsCommand).rejects(awsError('ExpiredTokenException'));
    await expect(logs.collect([ref('/ecs/web')], ALL, context())).rejects.toBeInstanceOf(CredentialsError);
  });
});
