import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
  type DBCluster,
  type DBInstance,
  type DescribeDBClustersCommandInput,
  type DescribeDBInstancesCommandInput,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import collector, { RDS_FILTER_VALUES } from '../../src/collect/rds.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { present, type Fact } from '../../src/facts/fact.js';
import type { FactKey, KmsKeyFacts, RdsClusterFacts, RdsInstanceFacts } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';
import { CredentialsError } from '../../src/errors.js';

const rds = mockClient(RDSClient);
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const INSTANCE_ALL: ReadonlySet<FactKey> = new Set(['rds.instance', 'encryption.kmsKeyRef', 'encryption.kmsKey']);
const CLUSTER_ALL: ReadonlySet<FactKey> = new Set(['rds.cluster', 'encryption.kmsKeyRef', 'encryption.kmsKey']);

function awsError(name: string, status = 400, message = `${name} message`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

function context(resolved: string[] = []): CollectContext {
  return createContext(
    { region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 },
    {
      kmsResolver: async (_c, ref) => {
        resolved.push(ref);
        return present<KmsKeyFacts>({ keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', arn: ref, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true });
      },
    },
  );
}

function instanceRef(id: string, region?: string): ResourceRef {
  return { type: 'AWS::RDS::DBInstance', id, keys: ['DbId'], ...(region ? { region } : {}) };
}

function clusterRef(id: string): ResourceRef {
  return { type: 'AWS::RDS::DBCluster', id, keys: ['ClusterId'] };
}

const SUBNET_GROUP = {
  DBSubnetGroupName: 'db-subnets',
  VpcId: 'vpc-0a1b2c3d4e5f60001',
  Subnets: [
    { SubnetIdentifier: 'subnet-a', SubnetAvailabilityZone: { Name: 'us-east-1a' }, SubnetStatus: 'Active' },
    { SubnetIdentifier: 'subnet-b', SubnetAvailabilityZone: { Name: 'us-east-1b' }, SubnetStatus: 'Active' },
  ],
};

/** An instance as AWS returns it: lower-case identifier, the key as an ARN, the subnet group with each subnet's AZ. */
function instance(id: string, over: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: id,
    DBInstanceArn: `arn:aws:rds:us-east-1:111122223333:db:${id}`,
    Engine: 'postgres',
    DBInstanceStatus: 'available',
    MultiAZ: true,
    StorageEncrypted: true,
    KmsKeyId: KEY_ARN,
    AvailabilityZone: 'us-east-1a',
    SecondaryAvailabilityZone: 'us-east-1b',
    DBSubnetGroup: SUBNET_GROUP,
    ...over,
  };
}

function cluster(id: string, members: Array<[string, boolean]>, over: Partial<DBCluster> = {}): DBCluster {
  return {
    DBClusterIdentifier: id,
    DBClusterArn: `arn:aws:rds:us-east-1:111122223333:cluster:${id}`,
    Engine: 'aurora-postgresql',
    Status: 'available',
    MultiAZ: true,
    StorageEncrypted: true,
    KmsKeyId: KEY_ARN,
    AvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    DBSubnetGroup: 'db-subnets',
    DBClusterMembers: members.map(([m, writer]) => ({ DBInstanceIdentifier: m, IsClusterWriter: writer })),
    ...over,
  };
}

function filterValues(input: { Filters?: Array<{ Name?: string; Values?: string[] }> }, name: string): string[] {
  return input.Filters?.find((f) => f.Name === name)?.Values ?? [];
}

/**
 * Serves DescribeDBInstances from a fixed set, as AWS does with a db-instance-id or db-cluster-id
 * filter: missing ids are left out.
 */
function serveInstances(all: DBInstance[]): void {
  rds.on(DescribeDBInstancesCommand).callsFake((input: DescribeDBInstancesCommandInput) => {
    const ids = filterValues(input, 'db-instance-id');
    const clusters = filterValues(input, 'db-cluster-id');
    return { DBInstances: all.filter((i) => ids.includes(i.DBInstanceIdentifier!) || clusters.includes(i.DBClusterIdentifier ?? '')) };
  });
}

function serveClusters(all: DBCluster[]): void {
  rds.on(DescribeDBClustersCommand).callsFake((input: DescribeDBClustersCommandInput) => {
    const ids = filterValues(input, 'db-cluster-id');
    return { DBClusters: all.filter((c) => ids.includes(c.DBClusterIdentifier!)) };
  });
}

function value<T>(f: Fact<T> | undefined): T {
  if (f?.state !== 'present') throw new Error(`expected a present fact, got ${JSON.stringify(f)}`);
  return f.value;
}

function reasonOf(f: Fact<unknown> | undefined): string {
  if (f?.state !== 'unknown') throw new Error(`expected an unknown fact, got ${JSON.stringify(f)}`);
  return f.reason;
}

beforeEach(() => {
  rds.reset();
});
afterEach(() => {
  rds.reset();
});

describe('rds collector: instances', () => {
  it('reports an instance with its subnet group and storage key, in one call', async () => {
    serveInstances([instance('orders-db')]);
    const ref = instanceRef('orders-db');
    const resolved: string[] = [];
    const ctx = context(resolved);
    const out = await collector.collect([ref], INSTANCE_ALL, ctx);

    expect(value(out.get(ref)?.['rds.instance'])).toEqual({
      id: 'orders-db',
      arn: 'arn:aws:rds:us-east-1:111122223333:db:orders-db',
      engine: 'postgres',
      status: 'available',
      multiAZ: true,
      storageEncrypted: true,
      kmsKeyId: KEY_ARN,
      availabilityZone: 'us-east-1a',
      secondaryAvailabilityZone: 'us-east-1b',
      subnetGroup: { name: 'db-subnets', subnets: [{ subnetId: 'subnet-a', availabilityZone: 'us-east-1a' }, { subnetId: 'subnet-b', availabilityZone: 'us-east-1b' }] },
    } satisfies RdsInstanceFacts);
    expect(out.get(ref)?.['encryption.kmsKeyRef']).toEqual(present(KEY_ARN));
    expect(value(out.get(ref)?.['encryption.kmsKey']).arn).toBe(KEY_ARN);
    expect(resolved).toEqual([KEY_ARN]);
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'rds:DescribeDBInstances': 1 });
  });

  it('an unencrypted instance has no key: both encryption facts are absent', async () => {
    serveInstances([instance('plain-db', { StorageEncrypted: false, KmsKeyId: undefined, MultiAZ: false, SecondaryAvailabilityZone: undefined })]);
    const ref = instanceRef('plain-db');
    const resolved: string[] = [];
    const out = await collector.collect([ref], INSTANCE_ALL, context(resolved));
    expect(out.get(ref)?.['encryption.kmsKeyRef']).toEqual({ state: 'absent', reason: 'storage is not encrypted' });
    expect(out.get(ref)?.['encryption.kmsKey']).toEqual({ state: 'absent', reason: 'storage is not encrypted' });
    expect(value(out.get(ref)?.['rds.instance'])).toMatchObject({ multiAZ: false, storageEncrypted: false });
    expect(resolved).toEqual([]);
  });

  it('encrypted storage without a named key is unknown, not absent', async () => {
    serveInstances([instance('odd-db', { KmsKeyId: undefined })]);
    const ref = instanceRef('odd-db');
    const out = await collector.collect([ref], INSTANCE_ALL, context());
    expect(reasonOf(out.get(ref)?.['encryption.kmsKeyRef'])).toMatch(/names no KMS key/);
    expect(reasonOf(out.get(ref)?.['encryption.kmsKey'])).toMatch(/names no KMS key/);
  });

  it('matches identifiers without regard to case, and asks RDS in its lower case', async () => {
    serveInstances([instance('orders-db')]);
    const ref = instanceRef('Orders-DB');
    const out = await collector.collect([ref], new Set<FactKey>(['rds.instance']), context());
    expect(value(out.get(ref)?.['rds.instance']).id).toBe('orders-db');
    expect(filterValues(rds.commandCalls(DescribeDBInstancesCommand)[0]!.args[0].input, 'db-instance-id')).toEqual(['orders-db']);
  });

  it('reports an instance that belongs to a cluster with its cluster id', async () => {
    serveInstances([instance('aurora-1', { DBClusterIdentifier: 'aurora', MultiAZ: false })]);
    const ref = instanceRef('aurora-1');
    const out = await collector.collect([ref], new Set<FactKey>(['rds.instance']), context());
    expect(value(out.get(ref)?.['rds.instance'])).toMatchObject({ id: 'aurora-1', clusterId: 'aurora', multiAZ: false });
  });

  it('splits 150 instances into filters of 100 and 50', async () => {
    const all = Array.from({ length: 150 }, (_, i) => instance(`db-${i}`));
    serveInstances(all);
    const refs = all.map((i) => instanceRef(i.DBInstanceIdentifier!));
    const ctx = context();
    const out = await collector.collect(refs, new Set<FactKey>(['rds.instance']), ctx);
    expect(rds.commandCalls(DescribeDBInstancesCommand).map((c) => filterValues(c.args[0].input, 'db-instance-id').length)).toEqual([RDS_FILTER_VALUES, 50]);
    expect(refs.every((r) => out.get(r)?.['rds.instance']?.state === 'present')).toBe(true);
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'rds:DescribeDBInstances': 2 });
  });

  it('follows Marker through every page', async () => {
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [instance('db-a')], Marker: 'm-2' })
      .resolvesOnce({ DBInstances: [instance('db-b')] });
    const refs = [instanceRef('db-a'), instanceRef('db-b')];
    const ctx = context();
    const out = await collector.collect(refs, new Set<FactKey>(['rds.instance']), ctx);
    expect(refs.map((r) => value(out.get(r)?.['rds.instance']).id)).toEqual(['db-a', 'db-b']);
    expect(rds.commandCalls(DescribeDBInstancesCommand).map((c) => c.args[0].input.Marker)).toEqual([undefined, 'm-2']);
    expect(ctx.calls.get('rds:DescribeDBInstances')).toBe(2);
  });

  it('an instance that AWS does not return is unknown: does not exist, for all its facts', async () => {
    serveInstances([instance('db-a')]);
    const refs = [instanceRef('db-a'), instanceRef('db-gone')];
    const out = await collector.collect(refs, INSTANCE_ALL, context());
    for (const k of INSTANCE_ALL) expect(reasonOf(out.get(refs[1]!)?.[k])).toMatch(/db-gone does not exist/);
    expect(out.get(refs[0]!)?.['rds.instance']?.state).toBe('present');
  });

  it('on DBInstanceNotFound naming one id, asks again without it and marks only that one missing', async () => {
    rds
      .on(DescribeDBInstancesCommand)
      .rejectsOnce(awsError('DBInstanceNotFoundFault', 404, 'DBInstance db-gone not found.'))
      .callsFake((input: DescribeDBInstancesCommandInput) => ({ DBInstances: filterValues(input, 'db-instance-id').map((id) => instance(id)) }));
    const refs = [instanceRef('db-a'), instanceRef('db-gone'), instanceRef('db-gone-2')];
    const out = await collector.collect(refs, new Set<FactKey>(['rds.instance']), context());
    expect(reasonOf(out.get(refs[1]!)?.['rds.instance'])).toMatch(/db-gone does not exist/);
    expect(out.get(refs[0]!)?.['rds.instance']?.state).toBe('present');
    expect(out.get(refs[2]!)?.['rds.instance']?.state).toBe('present');
    expect(filterValues(rds.commandCalls(DescribeDBInstancesCommand)[1]!.args[0].input, 'db-instance-id')).toEqual(['db-a', 'db-gone-2']);
  });

  it('groups by region, one call per region', async () => {
    serveInstances([instance('db-a'), instance('db-w')]);
    const refs = [instanceRef('db-a'), instanceRef('db-w', 'eu-west-1')];
    const out = await collector.collect(refs, new Set<FactKey>(['rds.instance']), context());
    const regions = await Promise.all(rds.commandCalls(DescribeDBInstancesCommand).map((c) => (c.thisValue as RDSClient).config.region()));
    expect(regions.sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(refs.every((r) => out.get(r)?.['rds.instance']?.state === 'present')).toBe(true);
  });
});

describe('rds collector: clusters', () => {
  it('joins members with their AZs and takes the subnet group from a member: one cluster call, one instance call', async () => {
    serveClusters([cluster('aurora', [['aurora-1', true], ['aurora-2', false]])]);
    serveInstances([
      instance('aurora-1', { DBClusterIdentifier: 'aurora', MultiAZ: false, AvailabilityZone: 'us-east-1a', SecondaryAvailabilityZone: undefined }),
      instance('aurora-2', { DBClusterIdentifier: 'aurora', MultiAZ: false, AvailabilityZone: 'us-east-1b', SecondaryAvailabilityZone: undefined }),
      instance('orders-db'),
    ]);
    const cref = clusterRef('aurora');
    const iref = instanceRef('orders-db');
    const ctx = context();
    const out = await collector.collect([cref, iref], new Set([...CLUSTER_ALL, ...INSTANCE_ALL]), ctx);

    expect(value(out.get(cref)?.['rds.cluster'])).toEqual({
      id: 'aurora',
      arn: 'arn:aws:rds:us-east-1:111122223333:cluster:aurora',
      engine: 'aurora-postgresql',
      status: 'available',
      multiAZ: true,
      storageEncrypted: true,
      kmsKeyId: KEY_ARN,
      members: [
        { instanceId: 'aurora-1', isWriter: true, availabilityZone: 'us-east-1a' },
        { instanceId: 'aurora-2', isWriter: false, availabilityZone: 'us-east-1b' },
      ],
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      subnetGroup: { name: 'db-subnets', subnets: [{ subnetId: 'subnet-a', availabilityZone: 'us-east-1a' }, { subnetId: 'subnet-b', availabilityZone: 'us-east-1b' }] },
    } satisfies RdsClusterFacts);
    expect(out.get(cref)?.['encryption.kmsKeyRef']).toEqual(present(KEY_ARN));
    expect(out.get(iref)?.['rds.instance']?.state).toBe('present');
    // The named instances and the clusters' members are asked for at once, beside the clusters: one round trip.
    const filters = rds.commandCalls(DescribeDBInstancesCommand).map((c) => c.args[0].input.Filters);
    expect(filters).toEqual(
      expect.arrayContaining([[{ Name: 'db-instance-id', Values: ['orders-db'] }], [{ Name: 'db-cluster-id', Values: ['aurora'] }]]),
    );
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'rds:DescribeDBClusters': 1, 'rds:DescribeDBInstances': 2 });
  });

  it('makes no instance call when only the encryption facts of clusters are wanted', async () => {
    serveClusters([cluster('aurora', [['aurora-1', true]], { StorageEncrypted: false, KmsKeyId: undefined })]);
    const ref = clusterRef('AURORA');
    const ctx = context();
    const out = await collector.collect([ref], new Set<FactKey>(['encryption.kmsKeyRef']), ctx);
    expect(out.get(ref)?.['encryption.kmsKeyRef']).toEqual({ state: 'absent', reason: 'storage is not encrypted' });
    expect(out.get(ref)?.['rds.cluster']).toBeUndefined();
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'rds:DescribeDBClusters': 1 });
  });

  it('looks up only the members when no instance fact is wanted', async () => {
    serveClusters([cluster('aurora', [['aurora-1', true]])]);
    serveInstances([instance('aurora-1', { DBClusterIdentifier: 'aurora' }), instance('db-a')]);
    const iref = instanceRef('db-a');
    const out = await collector.collect([iref, clusterRef('aurora')], new Set<FactKey>(['rds.cluster']), context());
    expect(rds.commandCalls(DescribeDBInstancesCommand).map((c) => c.args[0].input.Filters)).toEqual([[{ Name: 'db-cluster-id', Values: ['aurora'] }]]);
    expect(out.get(iref)).toEqual({});
  });

  it('makes no cluster call when only instances are named', async () => {
    serveInstances([instance('db-a')]);
    const ctx = context();
    await collector.collect([instanceRef('db-a')], new Set([...INSTANCE_ALL, 'rds.cluster' as const]), ctx);
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'rds:DescribeDBInstances': 1 });
  });

  it('describes the subnet group by name, once per group, for clusters whose members do not carry it', async () => {
    serveClusters([cluster('empty-1', []), cluster('empty-2', [])]);
    serveInstances([]);
    rds.on(DescribeDBSubnetGroupsCommand).resolves({ DBSubnetGroups: [SUBNET_GROUP] });
    const refs = [clusterRef('empty-1'), clusterRef('empty-2')];
    const ctx = context();
    const out = await collector.collect(refs, new Set<FactKey>(['rds.cluster']), ctx);
    for (const r of refs) expect(value(out.get(r)?.['rds.cluster'])).toMatchObject({ members: [], subnetGroup: { name: 'db-subnets' } });
    expect(rds.commandCalls(DescribeDBSubnetGroupsCommand).map((c) => c.args[0].input.DBSubnetGroupName)).toEqual(['db-subnets']);
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'rds:DescribeDBClusters': 1, 'rds:DescribeDBInstances': 1, 'rds:DescribeDBSubnetGroups': 1 });
  });

  it('a subnet group that cannot be read leaves the cluster fact unknown', async () => {
    serveClusters([cluster('empty', [])]);
    serveInstances([]);
    rds.on(DescribeDBSubnetGroupsCommand).rejects(awsError('AccessDenied', 403));
    const ref = clusterRef('empty');
    const out = await collector.collect([ref], CLUSTER_ALL, context());
    expect(reasonOf(out.get(ref)?.['rds.cluster'])).toMatch(/AccessDenied.*HTTP 403/);
    expect(out.get(ref)?.['encryption.kmsKeyRef']?.state).toBe('present');
  });

  it('a cluster that AWS does not return is unknown: does not exist, for all its facts', async () => {
    serveClusters([]);
    const ref = clusterRef('gone');
    const out = await collector.collect([ref], CLUSTER_ALL, context());
    for (const k of CLUSTER_ALL) expect(reasonOf(out.get(ref)?.[k])).toMatch(/DB cluster gone does not exist/);
  });

  it('on DBClusterNotFoundFault naming one id, asks again without it', async () => {
    rds
      .on(DescribeDBClustersCommand)
      .rejectsOnce(awsError('DBClusterNotFoundFault', 404, 'DBCluster gone not found.'))
      .callsFake((input: DescribeDBClustersCommandInput) => ({ DBClusters: filterValues(input, 'db-cluster-id').map((id) => cluster(id, [])) }));
    const refs = [clusterRef('gone'), clusterRef('aurora')];
    const out = await collector.collect(refs, new Set<FactKey>(['encryption.kmsKeyRef']), context());
    expect(reasonOf(out.get(refs[0]!)?.['encryption.kmsKeyRef'])).toMatch(/gone does not exist/);
    expect(out.get(refs[1]!)?.['encryption.kmsKeyRef']?.state).toBe('present');
  });
});

describe('rds collector: errors never become defaults', () => {
  const failures: Array<[string, Error, RegExp]> = [
    ['AccessDenied', awsError('AccessDenied', 403), /AccessDenied.*HTTP 403/],
    ['throttling after retries', awsError('Throttling', 400), /Throttling/],
    ['a 5xx', awsError('InternalFailure', 500), /InternalFailure.*HTTP 500/],
    ['a timeout', Object.assign(new Error('aborted'), { name: 'TimeoutError' }), /timed out/],
  ];

  it.each(failures)('DescribeDBInstances failing with %s leaves instances and cluster members unknown', async (_label, err, reason) => {
    serveClusters([cluster('aurora', [['aurora-1', true]])]);
    rds.on(DescribeDBInstancesCommand).rejects(err);
    const iref = instanceRef('db-a');
    const cref = clusterRef('aurora');
    const ctx = context();
    const out = await collector.collect([iref, cref], new Set([...CLUSTER_ALL, ...INSTANCE_ALL]), ctx);
    for (const k of INSTANCE_ALL) expect(reasonOf(out.get(iref)?.[k])).toMatch(reason);
    expect(reasonOf(out.get(cref)?.['rds.cluster'])).toMatch(reason);
    // The cluster's own key is known from DescribeDBClusters.
    expect(out.get(cref)?.['encryption.kmsKeyRef']).toEqual(present(KEY_ARN));
    expect(ctx.calls.get('rds:DescribeDBSubnetGroups')).toBeUndefined();
  });

  it.each(failures)('DescribeDBClusters failing with %s leaves every cluster fact unknown; instances stand', async (_label, err, reason) => {
    rds.on(DescribeDBClustersCommand).rejects(err);
    serveInstances([instance('db-a')]);
    const iref = instanceRef('db-a');
    const cref = clusterRef('aurora');
    const out = await collector.collect([iref, cref], new Set([...CLUSTER_ALL, ...INSTANCE_ALL]), context());
    for (const k of CLUSTER_ALL) expect(reasonOf(out.get(cref)?.[k])).toMatch(reason);
    expect(out.get(iref)?.['rds.instance']?.state).toBe('present');
  });

  it('a failure on a later page keeps none of the earlier pages', async () => {
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [instance('db-a')], Marker: 'm-2' })
      .rejectsOnce(awsError('InternalFailure', 500));
    const refs = [instanceRef('db-a'), instanceRef('db-b')];
    const out = await collector.collect(refs, new Set<FactKey>(['rds.instance']), context());
    for (const r of refs) expect(reasonOf(out.get(r)?.['rds.instance'])).toMatch(/InternalFailure/);
  });

  it('an expired credential ends the run instead of becoming an unknown fact', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(awsError('ExpiredToken', 403));
    await expect(collector.collect([instanceRef('db-a')], INSTANCE_ALL, context())).rejects.toBeInstanceOf(CredentialsError);
  });
});

describe('rds collector: contract', () => {
  it('declares every action it calls, all read-only', () => {
    expect(collector.actions.every((a) => /^rds:(Describe|Get|List)/.test(a))).toBe(true);
    expect([...collector.actions].sort()).toEqual(['rds:DescribeDBClusters', 'rds:DescribeDBInstances', 'rds:DescribeDBSubnetGroups']);
  });
});
