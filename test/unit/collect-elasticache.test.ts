import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DescribeCacheClustersCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import collector from '../../src/collect/elasticache.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { present, type Fact } from '../../src/facts/fact.js';
import type { ElastiCacheReplicationGroupFacts, FactKey, KmsKeyFacts } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';
import { CredentialsError } from '../../src/errors.js';

const ec = mockClient(ElastiCacheClient);
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ALL: ReadonlySet<FactKey> = new Set(['elasticache.replicationGroup', 'encryption.kmsKeyRef', 'encryption.kmsKey']);

function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });
}

function context(resolved: string[] = []): CollectContext {
  return createContext(
    { region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 },
    {
      kmsResolver: async (_c, ref) => {
        resolved.push(ref);
        return present<KmsKeyFacts>({ keyId: 'k', arn: ref, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true });
      },
    },
  );
}

function ref(id: string, region?: string): ResourceRef {
  return region ? { type: 'AWS::ElastiCache::ReplicationGroup', id, region, keys: [id] } : { type: 'AWS::ElastiCache::ReplicationGroup', id, keys: [id] };
}

/** A cluster-mode-disabled group as AWS returns it: every member names its AZ. */
function group(id: string, over: Partial<ReplicationGroup> = {}): ReplicationGroup {
  return {
    ReplicationGroupId: id,
    ARN: `arn:aws:elasticache:us-east-1:111122223333:replicationgroup:${id}`,
    Status: 'available',
    AtRestEncryptionEnabled: true,
    TransitEncryptionEnabled: true,
    KmsKeyId: KEY_ARN,
    AutomaticFailover: 'enabled',
    MultiAZ: 'enabled',
    ClusterEnabled: false,
    MemberClusters: [`${id}-001`, `${id}-002`],
    NodeGroups: [
      {
        NodeGroupId: '0001',
        NodeGroupMembers: [
          { CacheClusterId: `${id}-001`, CacheNodeId: '0001', PreferredAvailabilityZone: 'us-east-1a', CurrentRole: 'primary' },
          { CacheClusterId: `${id}-002`, CacheNodeId: '0001', PreferredAvailabilityZone: 'us-east-1b', CurrentRole: 'replica' },
        ],
      },
    ],
    ...over,
  };
}

/** DescribeCacheClusters on AWS lists replication-group members, with their subnet group and AZ. */
function memberClusters(id: string, subnetGroup = 'cache-subnets', azs = ['us-east-1a', 'us-east-1b']) {
  return azs.map((az, i) => ({
    CacheClusterId: `${id}-00${i + 1}`,
    ReplicationGroupId: id,
    CacheSubnetGroupName: subnetGroup,
    PreferredAvailabilityZone: az,
  }));
}

const SUBNET_GROUP = {
  CacheSubnetGroupName: 'cache-subnets',
  Subnets: [
    { SubnetIdentifier: 'subnet-a', SubnetAvailabilityZone: { Name: 'us-east-1a' } },
    { SubnetIdentifier: 'subnet-b', SubnetAvailabilityZone: { Name: 'us-east-1b' } },
  ],
};

function value(f: Fact<ElastiCacheReplicationGroupFacts> | undefined): ElastiCacheReplicationGroupFacts {
  if (f?.state !== 'present') throw new Error(`expected a present fact, got ${JSON.stringify(f)}`);
  return f.value;
}

beforeEach(() => {
  ec.reset();
});
afterEach(() => {
  ec.reset();
});

describe('elasticache collector', () => {
  it('declares the IAM action of every call it makes', () => {
    expect(collector.actions).toEqual([
      'elasticache:DescribeReplicationGroups',
      'elasticache:DescribeCacheClusters',
      'elasticache:DescribeCacheSubnetGroups',
    ]);
    expect(collector.types).toEqual(['AWS::ElastiCache::ReplicationGroup']);
  });

  it('reads one group by id: encryption, failover, member AZs and the subnet group, in three calls', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('cache')] });
    ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: memberClusters('cache') });
    ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [SUBNET_GROUP] });
    const resolved: string[] = [];
    const ctx = context(resolved);
    const r = ref('cache');
    const rec = (await collector.collect([r], ALL, ctx)).get(r)!;

    expect(value(rec['elasticache.replicationGroup'])).toEqual({
      id: 'cache',
      arn: 'arn:aws:elasticache:us-east-1:111122223333:replicationgroup:cache',
      status: 'available',
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
      kmsKeyId: KEY_ARN,
      automaticFailover: 'enabled',
      multiAZ: 'enabled',
      clusterEnabled: false,
      nodeGroups: [
        {
          nodeGroupId: '0001',
          members: [
            { cacheClusterId: 'cache-001', availabilityZone: 'us-east-1a', role: 'primary' },
            { cacheClusterId: 'cache-002', availabilityZone: 'us-east-1b', role: 'replica' },
          ],
        },
      ],
      subnetGroup: {
        name: 'cache-subnets',
        subnets: [
          { subnetId: 'subnet-a', availabilityZone: 'us-east-1a' },
          { subnetId: 'subnet-b', availabilityZone: 'us-east-1b' },
        ],
      },
    });
    expect(rec['encryption.kmsKeyRef']).toEqual(present(KEY_ARN));
    expect(rec['encryption.kmsKey']).toMatchObject({ state: 'present', value: { arn: KEY_ARN } });
    expect(resolved).toEqual([KEY_ARN]);
    expect(ec.commandCalls(DescribeReplicationGroupsCommand)[0]!.args[0].input).toEqual({ ReplicationGroupId: 'cache' });
    expect(ec.commandCalls(DescribeCacheSubnetGroupsCommand)[0]!.args[0].input).toEqual({ CacheSubnetGroupName: 'cache-subnets' });
    expect(Object.fromEntries(ctx.calls)).toEqual({
      'elasticache:DescribeReplicationGroups': 1,
      'elasticache:DescribeCacheClusters': 1,
      'elasticache:DescribeCacheSubnetGroups': 1,
    });
  });

  it('lists the groups once, across pages, when several are named, and reports a named group AWS does not return as unknown', async () => {
    ec.on(DescribeReplicationGroupsCommand, { Marker: undefined }).resolves({ ReplicationGroups: [group('one'), group('other')], Marker: 'p2' });
    ec.on(DescribeReplicationGroupsCommand, { Marker: 'p2' }).resolves({ ReplicationGroups: [group('two')] });
    ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [...memberClusters('one'), ...memberClusters('two')] });
    ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [SUBNET_GROUP] });
    const ctx = context();
    const refs = [ref('one'), ref('two'), ref('gone')];
    const out = await collector.collect(refs, ALL, ctx);

    expect(value(out.get(refs[0]!)!['elasticache.replicationGroup']).id).toBe('one');
    expect(value(out.get(refs[1]!)!['elasticache.replicationGroup']).id).toBe('two');
    const gone = out.get(refs[2]!)!;
    for (const k of ALL) expect(gone[k]).toEqual({ state: 'unknown', reason: expect.stringContaining('gone does not exist') });
    const calls = ec.commandCalls(DescribeReplicationGroupsCommand);
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.args[0].input)).toEqual([
      { MaxRecords: 100, Marker: undefined },
      { MaxRecords: 100, Marker: 'p2' },
    ]);
    // The two found groups share one subnet group: described once.
    expect(ctx.calls.get('elasticache:DescribeCacheSubnetGroups')).toBe(1);
    expect(ctx.calls.get('elasticache:DescribeCacheClusters')).toBe(1);
  });

  it('pages through DescribeCacheClusters, each page counted', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('cache')] });
    const [first, second] = memberClusters('cache');
    ec.on(DescribeCacheClustersCommand, { Marker: undefined }).resolves({ CacheClusters: [first!], Marker: 'next' });
    ec.on(DescribeCacheClustersCommand, { Marker: 'next' }).resolves({ CacheClusters: [second!] });
    ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [SUBNET_GROUP] });
    const ctx = context();
    const r = ref('cache');
    await collector.collect([r], ALL, ctx);
    expect(ctx.calls.get('elasticache:DescribeCacheClusters')).toBe(2);
    expect(ec.commandCalls(DescribeCacheClustersCommand).map((c) => c.args[0].input)).toEqual([
      { MaxRecords: 100, Marker: undefined },
      { MaxRecords: 100, Marker: 'next' },
    ]);
  });

  it('takes a member AZ from DescribeCacheClusters when its node-group entry names none', async () => {
    const g = group('cache', {
      NodeGroups: [{ NodeGroupId: '0001', NodeGroupMembers: [{ CacheClusterId: 'cache-001' }, { CacheClusterId: 'cache-002' }] }],
    });
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [g] });
    ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: memberClusters('cache', 'cache-subnets', ['us-east-1c', 'us-east-1d']) });
    ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [SUBNET_GROUP] });
    const r = ref('cache');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    expect(value(rec['elasticache.replicationGroup']).nodeGroups[0]!.members).toEqual([
      { cacheClusterId: 'cache-001', availabilityZone: 'us-east-1c' },
      { cacheClusterId: 'cache-002', availabilityZone: 'us-east-1d' },
    ]);
  });

  it('leaves AZs and the subnet group undefined, never guessed, when the cache clusters cannot be listed', async () => {
    const g = group('cache', {
      NodeGroups: [
        {
          NodeGroupId: '0001',
          NodeGroupMembers: [{ CacheClusterId: 'cache-001', PreferredAvailabilityZone: 'us-east-1a' }, { CacheClusterId: 'cache-002' }],
        },
      ],
    });
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [g] });
    ec.on(DescribeCacheClustersCommand).rejects(awsError('AccessDeniedException', 403));
    const r = ref('cache');
    const ctx = context();
    const facts = value((await collector.collect([r], ALL, ctx)).get(r)!['elasticache.replicationGroup']);
    expect(facts.nodeGroups[0]!.members).toEqual([{ cacheClusterId: 'cache-001', availabilityZone: 'us-east-1a' }, { cacheClusterId: 'cache-002' }]);
    expect(facts.subnetGroup).toBeUndefined();
    expect(facts.subnetGroupUnread).toMatch(/could not list cache clusters: access to elasticache:DescribeCacheClusters was denied: AccessDeniedException/);
    expect(ctx.calls.get('elasticache:DescribeCacheSubnetGroups')).toBeUndefined();
  });

  it('keeps the transit encryption mode AWS reports (preferred still accepts plain text)', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('cache', { TransitEncryptionMode: 'preferred' })] });
    ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: memberClusters('cache') });
    ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [] });
    const r = ref('cache');
    const facts = value((await collector.collect([r], ALL, context())).get(r)!['elasticache.replicationGroup']);
    expect(facts).toMatchObject({ transitEncryptionEnabled: true, transitEncryptionMode: 'preferred' });
  });

  it('ignores the `Multiple` AZ a multi-node cluster reports', async () => {
    const g = group('cache', { NodeGroups: [{ NodeGroupId: '0001', NodeGroupMembers: [{ CacheClusterId: 'cache-001' }] }] });
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [g] });
    ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [{ CacheClusterId: 'cache-001', PreferredAvailabilityZone: 'Multiple' }] });
    const r = ref('cache');
    const facts = value((await collector.collect([r], ALL, context())).get(r)!['elasticache.replicationGroup']);
    expect(facts.nodeGroups[0]!.members).toEqual([{ cacheClusterId: 'cache-001' }]);
  });

  it('leaves the subnet group undefined when it cannot be read', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('cache')] });
    ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: memberClusters('cache') });
    ec.on(DescribeCacheSubnetGroupsCommand).rejects(awsError('CacheSubnetGroupNotFoundFault', 404));
    const r = ref('cache');
    const facts = value((await collector.collect([r], ALL, context())).get(r)!['elasticache.replicationGroup']);
    expect(facts.subnetGroup).toBeUndefined();
    expect(facts.subnetGroupUnread).toMatch(/cache-subnets: CacheSubnetGroupNotFoundFault/);
    expect(facts.nodeGroups[0]!.members.map((m) => m.availabilityZone)).toEqual(['us-east-1a', 'us-east-1b']);
  });

  it.each([
    ['AccessDeniedException', 403, 'AccessDeniedException'],
    ['ThrottlingException', 400, 'ThrottlingException'],
    ['TimeoutError', 0, 'timed out'],
  ])('makes every fact unknown when DescribeReplicationGroups fails with %s', async (name, status, reason) => {
    ec.on(DescribeReplicationGroupsCommand).rejects(awsError(name, status));
    const r = ref('cache');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    for (const k of ALL) expect(rec[k]).toEqual({ state: 'unknown', reason: expect.stringContaining(reason) });
    // The cluster listing went out beside the group lookup (one round trip, not two); no subnet group is asked for.
    expect(ec.commandCalls(DescribeCacheClustersCommand)).toHaveLength(1);
    expect(ec.commandCalls(DescribeCacheSubnetGroupsCommand)).toHaveLength(0);
  });

  it('reports a group asked by id that AWS does not know as unknown, not absent', async () => {
    ec.on(DescribeReplicationGroupsCommand).rejects(awsError('ReplicationGroupNotFoundFault', 404));
    const r = ref('cache');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    for (const k of ALL) expect(rec[k]).toEqual({ state: 'unknown', reason: expect.stringContaining('cache does not exist') });
  });

  it('ends the run on a credential error', async () => {
    ec.on(DescribeReplicationGroupsCommand).rejects(awsError('ExpiredTokenException', 403));
    await expect(collector.collect([ref('cache')], ALL, context())).rejects.toBeInstanceOf(CredentialsError);
  });

  it('reports a page marker AWS repeats as unknown rather than looping', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('one')], Marker: 'same' });
    const refs = [ref('one'), ref('two')];
    const out = await collector.collect(refs, ALL, context());
    expect(out.get(refs[0]!)!['elasticache.replicationGroup']).toEqual({ state: 'unknown', reason: expect.stringContaining('same page marker') });
  });

  it('reports encryption at rest off as an absent key', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({
      ReplicationGroups: [group('cache', { AtRestEncryptionEnabled: false, KmsKeyId: undefined })],
    });
    const r = ref('cache');
    const rec = (await collector.collect([r], new Set<FactKey>(['encryption.kmsKeyRef', 'encryption.kmsKey']), context())).get(r)!;
    expect(rec['encryption.kmsKeyRef']).toEqual({ state: 'absent', reason: 'encryption at rest is off' });
    expect(rec['encryption.kmsKey']).toEqual({ state: 'absent', reason: 'encryption at rest is off' });
  });

  it('reports at-rest encryption with the service default key as no customer key', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('cache', { KmsKeyId: undefined })] });
    const resolved: string[] = [];
    const r = ref('cache');
    const rec = (await collector.collect([r], new Set<FactKey>(['encryption.kmsKeyRef', 'encryption.kmsKey']), context(resolved))).get(r)!;
    expect(rec['encryption.kmsKeyRef']).toEqual({ state: 'absent', reason: expect.stringContaining('default (service-managed) key') });
    expect(rec['encryption.kmsKey']?.state).toBe('absent');
    expect(resolved).toEqual([]);
  });

  it('makes only DescribeReplicationGroups when only the encryption facts are wanted', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('cache')] });
    const ctx = context();
    const r = ref('cache');
    const rec = (await collector.collect([r], new Set<FactKey>(['encryption.kmsKeyRef']), ctx)).get(r)!;
    expect(Object.keys(rec)).toEqual(['encryption.kmsKeyRef']);
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'elasticache:DescribeReplicationGroups': 1 });
  });

  it('makes no call when none of its facts is wanted', async () => {
    const ctx = context();
    const r = ref('cache');
    const out = await collector.collect([r], new Set<FactKey>(['kms.key']), ctx);
    expect(out.get(r)).toEqual({});
    expect(ctx.calls.size).toBe(0);
    expect(ec.calls()).toHaveLength(0);
  });

  it('describes each region with its own client, by the ref region or else the run region', async () => {
    ec.on(DescribeReplicationGroupsCommand).callsFake(async (input: { ReplicationGroupId?: string }) => ({
      ReplicationGroups: [group(input.ReplicationGroupId ?? 'none')],
    }));
    const refs = [ref('east'), ref('west', 'us-west-2')];
    const out = await collector.collect(refs, new Set<FactKey>(['encryption.kmsKeyRef']), context());
    expect(out.get(refs[0]!)!['encryption.kmsKeyRef']?.state).toBe('present');
    expect(out.get(refs[1]!)!['encryption.kmsKeyRef']?.state).toBe('present');
    const regions = await Promise.all(
      ec.commandCalls(DescribeReplicationGroupsCommand).map((c) => (c.thisValue as ElastiCacheClient).config.region()),
    );
    expect(regions.sort()).toEqual(['us-east-1', 'us-west-2']);
  });

  it('accepts a replication-group ARN as the id and matches ids case-insensitively', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('cache')] });
    const r = ref('arn:aws:elasticache:us-east-1:111122223333:replicationgroup:Cache');
    const rec = (await collector.collect([r], new Set<FactKey>(['encryption.kmsKeyRef']), context())).get(r)!;
    expect(rec['encryption.kmsKeyRef']).toEqual(present(KEY_ARN));
    expect(ec.commandCalls(DescribeReplicationGroupsCommand)[0]!.args[0].input).toEqual({ ReplicationGroupId: 'cache' });
  });
});
