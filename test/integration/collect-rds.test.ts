/**
 * The RDS collector against moto_server: a Multi-AZ instance encrypted with a customer managed
 * key, a single-AZ unencrypted one, and an Aurora PostgreSQL cluster with two instances in two AZs.
 * Where moto differs from AWS:
 * - an instance's KmsKeyId is the key as given at creation (here the bare key id); AWS always
 *   reports the key ARN. The unit test covers the ARN;
 * - an Aurora instance created without DBSubnetGroupName reports no DBSubnetGroup; on AWS it
 *   reports its cluster's group. The test names the group, as AWS would report it, and a cluster
 *   without instances covers the DescribeDBSubnetGroups path.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateDBClusterCommand, CreateDBInstanceCommand, CreateDBSubnetGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import collector from '../../src/collect/rds.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { resolveKmsKey } from '../../src/collect/kms.collector.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { Fact } from '../../src/facts/fact.js';
import type { ResourceRef } from '../../src/types.js';

const REGION = 'us-east-1';
const ALL: ReadonlySet<FactKey> = new Set(['rds.instance', 'rds.cluster', 'encryption.kmsKeyRef', 'encryption.kmsKey']);
const GROUP = 'ledger-subnets';
let moto: MotoServer;
const savedEnv = { ...process.env };
let keyId: string;
let keyArn: string;
const subnetIds: string[] = [];

function context(): CollectContext {
  return createContext(
    { region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 8 },
    { kmsResolver: (c, ref, region) => resolveKmsKey(c, ref, region) },
  );
}

const instanceRef = (id: string): ResourceRef => ({ type: 'AWS::RDS::DBInstance', id, keys: ['DbInstanceId'] });
const clusterRef = (id: string): ResourceRef => ({ type: 'AWS::RDS::DBCluster', id, keys: ['ClusterId'] });

function value<T>(f: Fact<T> | undefined): T {
  if (f?.state !== 'present') throw new Error(`expected a present fact, got ${JSON.stringify(f)}`);
  return f.value;
}

function reasonOf(f: Fact<unknown> | undefined): string {
  if (f?.state !== 'unknown') throw new Error(`expected an unknown fact, got ${JSON.stringify(f)}`);
  return f.reason;
}

beforeAll(async () => {
  moto = await takeMoto();
  Object.assign(process.env, emulatorEnv(moto.endpoint, REGION));
  const config = { region: REGION, endpoint: moto.endpoint };
  const ec2 = new EC2Client(config);
  const rds = new RDSClient(config);
  const kms = new KMSClient(config);

  const key = (await kms.send(new CreateKeyCommand({ Description: 'database key' }))).KeyMetadata!;
  keyId = key.KeyId!;
  keyArn = key.Arn!;
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc!.VpcId!;
  for (const [i, az] of ['us-east-1a', 'us-east-1b'].entries()) {
    subnetIds.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.40.${i}.0/24`, AvailabilityZone: az }))).Subnet!.SubnetId!);
  }
  await rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: GROUP, DBSubnetGroupDescription: 'database subnets', SubnetIds: subnetIds }));

  const common = { DBInstanceClass: 'db.t3.micro', Engine: 'postgres', MasterUsername: 'app', MasterUserPassword: 'not-a-secret-1', AllocatedStorage: 20, DBSubnetGroupName: GROUP };
  await rds.send(new CreateDBInstanceCommand({ ...common, DBInstanceIdentifier: 'orders-db', MultiAZ: true, StorageEncrypted: true, KmsKeyId: keyId }));
  await rds.send(new CreateDBInstanceCommand({ ...common, DBInstanceIdentifier: 'plain-db', MultiAZ: false, StorageEncrypted: false, AvailabilityZone: 'us-east-1b' }));

  await rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: 'ledger',
      Engine: 'aurora-postgresql',
      MasterUsername: 'app',
      MasterUserPassword: 'not-a-secret-1',
      DBSubnetGroupName: GROUP,
      StorageEncrypted: true,
      KmsKeyId: keyArn,
    }),
  );
  for (const [id, az] of [['ledger-1', 'us-east-1a'], ['ledger-2', 'us-east-1b']] as const) {
    await rds.send(
      new CreateDBInstanceCommand({ DBInstanceIdentifier: id, DBClusterIdentifier: 'ledger', DBInstanceClass: 'db.r6g.large', Engine: 'aurora-postgresql', AvailabilityZone: az, DBSubnetGroupName: GROUP }),
    );
  }
  await rds.send(
    new CreateDBClusterCommand({ DBClusterIdentifier: 'bare', Engine: 'aurora-postgresql', MasterUsername: 'app', MasterUserPassword: 'not-a-secret-1', DBSubnetGroupName: GROUP }),
  );
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

describe('rds collector against moto', () => {
  it('reports instances and the cluster with one DescribeDBClusters, two DescribeDBInstances (named, and members by cluster) and one DescribeKey, all in parallel', async () => {
    const orders = instanceRef('Orders-DB');
    const plain = instanceRef('plain-db');
    const ledger = clusterRef('ledger');
    const ctx = context();
    const out = await collector.collect([orders, plain, ledger], ALL, ctx);

    const o = value(out.get(orders)?.['rds.instance']);
    expect(o).toMatchObject({ id: 'orders-db', engine: 'postgres', multiAZ: true, storageEncrypted: true, availabilityZone: expect.any(String) });
    expect(o.subnetGroup).toEqual({
      name: GROUP,
      subnets: [
        { subnetId: subnetIds[0], availabilityZone: 'us-east-1a' },
        { subnetId: subnetIds[1], availabilityZone: 'us-east-1b' },
      ],
    });
    // moto reports the key as it was given (the key id); AWS reports the ARN. Either resolves to the CMK.
    expect([keyId, keyArn]).toContain(value(out.get(orders)?.['encryption.kmsKeyRef']));
    expect(value(out.get(orders)?.['encryption.kmsKey'])).toMatchObject({ arn: keyArn, keyManager: 'CUSTOMER', enabled: true });

    expect(value(out.get(plain)?.['rds.instance'])).toMatchObject({ id: 'plain-db', multiAZ: false, storageEncrypted: false, availabilityZone: 'us-east-1b' });
    expect(out.get(plain)?.['encryption.kmsKeyRef']).toEqual({ state: 'absent', reason: 'storage is not encrypted' });
    expect(out.get(plain)?.['encryption.kmsKey']).toEqual({ state: 'absent', reason: 'storage is not encrypted' });

    const c = value(out.get(ledger)?.['rds.cluster']);
    expect(c).toMatchObject({ id: 'ledger', engine: 'aurora-postgresql', multiAZ: true, storageEncrypted: true, kmsKeyId: keyArn });
    expect(c.members).toEqual([
      { instanceId: 'ledger-1', isWriter: true, availabilityZone: 'us-east-1a' },
      { instanceId: 'ledger-2', isWriter: false, availabilityZone: 'us-east-1b' },
    ]);
    expect(c.availabilityZones).toEqual(expect.arrayContaining(['us-east-1a', 'us-east-1b']));
    expect(c.subnetGroup?.name).toBe(GROUP);
    expect(value(out.get(ledger)?.['encryption.kmsKey']).arn).toBe(keyArn);

    // One key, described once for the instance and the cluster.
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'rds:DescribeDBClusters': 1, 'rds:DescribeDBInstances': 2, 'kms:DescribeKey': 1 });
  });

  it('a cluster without instances takes its subnet group from DescribeDBSubnetGroups', async () => {
    const ref = clusterRef('bare');
    const ctx = context();
    const out = await collector.collect([ref], new Set<FactKey>(['rds.cluster', 'encryption.kmsKeyRef']), ctx);
    const c = value(out.get(ref)?.['rds.cluster']);
    expect(c).toMatchObject({ id: 'bare', members: [], storageEncrypted: false, subnetGroup: { name: GROUP } });
    expect(c.subnetGroup?.subnets.map((s) => s.subnetId)).toEqual(subnetIds);
    expect(out.get(ref)?.['encryption.kmsKeyRef']).toEqual({ state: 'absent', reason: 'storage is not encrypted' });
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'rds:DescribeDBClusters': 1, 'rds:DescribeDBInstances': 1, 'rds:DescribeDBSubnetGroups': 1 });
  });

  it('an instance or cluster that does not exist is unknown for all its facts, and does not hide the others', async () => {
    const refs = [instanceRef('ghost-db'), clusterRef('ghost-cluster'), instanceRef('plain-db')];
    const out = await collector.collect(refs, ALL, context());
    for (const k of ['rds.instance', 'encryption.kmsKeyRef', 'encryption.kmsKey'] as const) expect(reasonOf(out.get(refs[0]!)?.[k])).toMatch(/ghost-db does not exist/);
    for (const k of ['rds.cluster', 'encryption.kmsKeyRef', 'encryption.kmsKey'] as const) expect(reasonOf(out.get(refs[1]!)?.[k])).toMatch(/ghost-cluster does not exist/);
    expect(value(out.get(refs[2]!)?.['rds.instance']).id).toBe('plain-db');
  });
});
