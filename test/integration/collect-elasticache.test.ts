/**
 * The ElastiCache collector against moto_server. Where moto differs from AWS:
 * - DescribeCacheClusters does not list replication-group members (AWS does), so a group's subnet
 *   group cannot be found; the test adds the member cache clusters AWS would list;
 * - DescribeCacheSubnetGroups leaves each subnet's SubnetAvailabilityZone empty (AWS names it);
 * - CreateReplicationGroup ignores NumCacheClusters for a cluster-mode-disabled group and makes
 *   one replica per ReplicasPerNodeGroup;
 * - every endpoint host name carries `use1`, whatever the region.
 * The unit test covers AWS's own shapes for these.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateCacheClusterCommand, CreateCacheSubnetGroupCommand, CreateReplicationGroupCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import collector from '../../src/collect/elasticache.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { resolveKmsKey } from '../../src/collect/kms.collector.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import type { ElastiCacheReplicationGroupFacts, FactKey } from '../../src/facts/catalogue.js';
import type { Fact } from '../../src/facts/fact.js';
import type { ResourceRef } from '../../src/types.js';

const REGION = 'us-east-1';
const ALL: ReadonlySet<FactKey> = new Set(['elasticache.replicationGroup', 'encryption.kmsKeyRef', 'encryption.kmsKey']);
let moto: MotoServer;
const savedEnv = { ...process.env };
let keyArn: string;
let subnetIds: string[];

function context(): CollectContext {
  return createContext(
    { region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 8 },
    { kmsResolver: (c, ref, region) => resolveKmsKey(c, ref, region) },
  );
}

function ref(id: string): ResourceRef {
  return { type: 'AWS::ElastiCache::ReplicationGroup', id, keys: [`${id}Endpoint`] };
}

function value(f: Fact<ElastiCacheReplicationGroupFacts> | undefined): ElastiCacheReplicationGroupFacts {
  if (f?.state !== 'present') throw new Error(`expected a present fact, got ${JSON.stringify(f)}`);
  return f.value;
}

beforeAll(async () => {
  moto = await takeMoto();
  Object.assign(process.env, emulatorEnv(moto.endpoint, REGION));
  const config = { region: REGION, endpoint: moto.endpoint };
  const kms = new KMSClient(config);
  const ec2 = new EC2Client(config);
  const ec = new ElastiCacheClient(config);

  keyArn = (await kms.send(new CreateKeyCommand({ Description: 'cache key' }))).KeyMetadata!.Arn!;
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
  subnetIds = [];
  for (const [i, az] of ['us-east-1a', 'us-east-1b'].entries()) {
    const s = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.20.${i}.0/24`, AvailabilityZone: az }));
    subnetIds.push(s.Subnet!.SubnetId!);
  }
  await ec.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'cache-subnets', CacheSubnetGroupDescription: 'cache', SubnetIds: subnetIds }));

  // Compliant: encrypted at rest with a CMK and in transit, failover across two AZs.
  await ec.send(
    new CreateReplicationGroupCommand({
      ReplicationGroupId: 'secure-cache',
      ReplicationGroupDescription: 'secure',
      Engine: 'redis',
      CacheNodeType: 'cache.t4g.micro',
      NumCacheClusters: 2,
      ReplicasPerNodeGroup: 1, // what moto reads instead of NumCacheClusters
      PreferredCacheClusterAZs: ['us-east-1a', 'us-east-1b'],
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
      KmsKeyId: keyArn,
      CacheSubnetGroupName: 'cache-subnets',
    }),
  );
  // The member cache clusters AWS lists in DescribeCacheClusters and moto does not.
  for (const [i, az] of ['us-east-1a', 'us-east-1b'].entries()) {
    await ec.send(
      new CreateCacheClusterCommand({
        CacheClusterId: `secure-cache-00${i + 1}`,
        ReplicationGroupId: 'secure-cache',
        Engine: 'redis',
        CacheNodeType: 'cache.t4g.micro',
        PreferredAvailabilityZone: az,
        CacheSubnetGroupName: 'cache-subnets',
      }),
    );
  }
  // Non-compliant: one unencrypted node, no failover.
  await ec.send(
    new CreateReplicationGroupCommand({
      ReplicationGroupId: 'plain-cache',
      ReplicationGroupDescription: 'plain',
      Engine: 'redis',
      CacheNodeType: 'cache.t4g.micro',
      NumCacheClusters: 1,
      AutomaticFailoverEnabled: false,
    }),
  );
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

describe('elasticache collector against moto', () => {
  it('reads a CMK-encrypted, multi-AZ group and an unencrypted single-node group in one listing', async () => {
    const ctx = context();
    const refs = [ref('secure-cache'), ref('plain-cache')];
    const out = await collector.collect(refs, ALL, ctx);

    const secure = out.get(refs[0]!)!;
    const s = value(secure['elasticache.replicationGroup']);
    expect(s).toMatchObject({
      id: 'secure-cache',
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
      kmsKeyId: keyArn,
      automaticFailover: 'enabled',
      multiAZ: 'enabled',
    });
    expect(s.nodeGroups.flatMap((g) => g.members.map((m) => m.availabilityZone)).sort()).toEqual(['us-east-1a', 'us-east-1b']);
    expect(s.subnetGroup?.name).toBe('cache-subnets');
    expect(s.subnetGroup?.subnets.map((x) => x.subnetId).sort()).toEqual([...subnetIds].sort());
    expect(secure['encryption.kmsKeyRef']).toEqual({ state: 'present', value: keyArn });
    expect(secure['encryption.kmsKey']).toMatchObject({ state: 'present', value: { arn: keyArn, keyManager: 'CUSTOMER' } });

    const plain = out.get(refs[1]!)!;
    const p = value(plain['elasticache.replicationGroup']);
    expect(p).toMatchObject({ id: 'plain-cache', atRestEncryptionEnabled: false, transitEncryptionEnabled: false, automaticFailover: 'disabled' });
    expect(p.nodeGroups.flatMap((g) => g.members)).toHaveLength(1);
    // No member of this group is listed by moto, so its subnet group stays unread.
    expect(p.subnetGroup).toBeUndefined();
    expect(plain['encryption.kmsKeyRef']).toEqual({ state: 'absent', reason: 'encryption at rest is off' });
    expect(plain['encryption.kmsKey']?.state).toBe('absent');

    expect(Object.fromEntries(ctx.calls)).toEqual({
      'elasticache:DescribeReplicationGroups': 1,
      'elasticache:DescribeCacheClusters': 1,
      'elasticache:DescribeCacheSubnetGroups': 1,
      'kms:DescribeKey': 1,
    });
  });

  it('asks for a single group by id, and reports one that does not exist as unknown', async () => {
    const ctx = context();
    const [secure, missing] = [ref('secure-cache'), ref('no-such-cache')];
    const one = await collector.collect([secure], new Set<FactKey>(['encryption.kmsKeyRef']), ctx);
    expect(one.get(secure)!['encryption.kmsKeyRef']).toEqual({ state: 'present', value: keyArn });
    const gone = await collector.collect([missing], ALL, ctx);
    for (const k of ALL) expect(gone.get(missing)![k]).toEqual({ state: 'unknown', reason: expect.stringContaining('no-such-cache does not exist') });
    // The cache-cluster listing goes out beside the group lookups, whether or not the groups exist.
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'elasticache:DescribeCacheClusters': 1, 'elasticache:DescribeReplicationGroups': 2 });
  });
});
