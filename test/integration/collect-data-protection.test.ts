/**
 * Data-protection and exposure facts against moto_server: S3 versioning and public access block,
 * DynamoDB point-in-time recovery, and RDS backup retention, public accessibility and deletion
 * protection (read from the same batched RDS describes as the rest of the RDS facts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateBucketCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CreateDBClusterCommand, CreateDBInstanceCommand, CreateDBSubnetGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import s3 from '../../src/collect/s3.collector.js';
import dynamodb from '../../src/collect/dynamodb.collector.js';
import rds from '../../src/collect/rds.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const REGION = 'us-east-1';
let moto: MotoServer;
const savedEnv = { ...process.env };

function context(): CollectContext {
  return createContext({ region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 8 });
}

beforeAll(async () => {
  moto = await takeMoto();
  Object.assign(process.env, emulatorEnv(moto.endpoint, REGION));
  const config = { region: REGION, endpoint: moto.endpoint };
  const b = new S3Client({ ...config, forcePathStyle: true });
  for (const name of ['vault', 'suspended', 'open']) await b.send(new CreateBucketCommand({ Bucket: name }));
  await b.send(new PutBucketVersioningCommand({ Bucket: 'vault', VersioningConfiguration: { Status: 'Enabled' } }));
  await b.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: 'vault',
      LifecycleConfiguration: { Rules: [{ ID: 'old-versions', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } }] },
    }),
  );
  await b.send(
    new PutPublicAccessBlockCommand({
      Bucket: 'vault',
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    }),
  );
  await b.send(new PutBucketVersioningCommand({ Bucket: 'suspended', VersioningConfiguration: { Status: 'Suspended' } }));
  await b.send(new PutPublicAccessBlockCommand({ Bucket: 'suspended', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true } }));

  const ddb = new DynamoDBClient(config);
  const table = (name: string): CreateTableCommandInput => ({
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  await ddb.send(new CreateTableCommand(table('orders')));
  await ddb.send(new UpdateContinuousBackupsCommand({ TableName: 'orders', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  await ddb.send(new CreateTableCommand(table('sessions')));

  const db = new RDSClient(config);
  const common = { DBInstanceClass: 'db.t3.micro', Engine: 'postgres', MasterUsername: 'app', MasterUserPassword: 'not-a-secret-1', AllocatedStorage: 20 };
  await db.send(new CreateDBInstanceCommand({ ...common, DBInstanceIdentifier: 'guarded-db', BackupRetentionPeriod: 14, PubliclyAccessible: false, DeletionProtection: true }));
  await db.send(new CreateDBInstanceCommand({ ...common, DBInstanceIdentifier: 'exposed-db', BackupRetentionPeriod: 0, PubliclyAccessible: true, DeletionProtection: false }));
  const ec2 = new EC2Client(config);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.41.0.0/16' }))).Vpc!.VpcId!;
  const subnetIds: string[] = [];
  for (const [i, az] of ['us-east-1a', 'us-east-1b'].entries()) {
    subnetIds.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.41.${i}.0/24`, AvailabilityZone: az }))).Subnet!.SubnetId!);
  }
  await db.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: 'ledger-subnets', DBSubnetGroupDescription: 'ledger', SubnetIds: subnetIds }));
  await db.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: 'ledger',
      Engine: 'aurora-postgresql',
      MasterUsername: 'app',
      MasterUserPassword: 'not-a-secret-1',
      DBSubnetGroupName: 'ledger-subnets',
      BackupRetentionPeriod: 10,
      DeletionProtection: true,
    }),
  );
  await db.send(
    new CreateDBInstanceCommand({ DBInstanceIdentifier: 'ledger-1', DBClusterIdentifier: 'ledger', DBInstanceClass: 'db.r6g.large', Engine: 'aurora-postgresql', DBSubnetGroupName: 'ledger-subnets' }),
  );
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

describe('s3 versioning and public access block against moto', () => {
  const bucket = (id: string): ResourceRef => ({ type: 'AWS::S3::Bucket', id, region: REGION, keys: ['Bucket'] });
  const WANT = new Set<FactKey>(['s3.versioning', 's3.publicAccessBlock', 's3.lifecycleRules']);

  it('reads Enabled, Suspended and never-enabled versioning, and the block or its absence', async () => {
    const ctx = context();
    const refs = ['vault', 'suspended', 'open'].map(bucket);
    const out = await s3.collect(refs, WANT, ctx);
    const [vault, suspended, open] = refs.map((r) => out.get(r)!);
    expect(vault!['s3.versioning']).toEqual({ state: 'present', value: { status: 'Enabled' } });
    expect(vault!['s3.lifecycleRules']).toMatchObject({ state: 'present', value: [{ id: 'old-versions', noncurrentVersionExpirationDays: 30 }] });
    expect(vault!['s3.publicAccessBlock']).toEqual({
      state: 'present',
      value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
    });
    expect(suspended!['s3.versioning']).toEqual({ state: 'present', value: { status: 'Suspended' } });
    expect(suspended!['s3.publicAccessBlock']).toEqual({
      state: 'present',
      value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false },
    });
    expect(open!['s3.versioning']).toEqual({ state: 'present', value: { status: 'Disabled' } });
    expect(open!['s3.publicAccessBlock']).toEqual({ state: 'absent', reason: 'the bucket has no public access block configuration' });
    expect(ctx.calls.get('s3:GetBucketVersioning')).toBe(3);
    expect(ctx.calls.get('s3:GetBucketPublicAccessBlock')).toBe(3);
  });

  it('reports a bucket that does not exist as unknown, not as an absent block', async () => {
    const r = bucket('no-such-bucket-here');
    const rec = (await s3.collect([r], WANT, context())).get(r)!;
    expect(rec['s3.versioning']).toEqual({ state: 'unknown', reason: expect.stringContaining('does not exist') });
    expect(rec['s3.publicAccessBlock']).toEqual({ state: 'unknown', reason: expect.stringContaining('does not exist') });
  });
});

describe('dynamodb point-in-time recovery against moto', () => {
  const table = (id: string): ResourceRef => ({ type: 'AWS::DynamoDB::Table', id, region: REGION, keys: ['TableName'] });

  it('reads recovery on and off, one DescribeContinuousBackups per table and no DescribeTable when only recovery is wanted', async () => {
    const ctx = context();
    const refs = [table('orders'), table('sessions')];
    const out = await dynamodb.collect(refs, new Set<FactKey>(['dynamodb.continuousBackups']), ctx);
    expect(out.get(refs[0]!)).toEqual({
      'dynamodb.continuousBackups': { state: 'present', value: expect.objectContaining({ continuousBackupsStatus: 'ENABLED', pointInTimeRecoveryStatus: 'ENABLED' }) },
    });
    expect(out.get(refs[1]!)?.['dynamodb.continuousBackups']).toMatchObject({ state: 'present', value: { pointInTimeRecoveryStatus: 'DISABLED' } });
    expect(ctx.calls.get('dynamodb:DescribeContinuousBackups')).toBe(2);
    expect(ctx.calls.get('dynamodb:DescribeTable')).toBeUndefined();
  });

  it('reports a table that does not exist as unknown', async () => {
    const r = table('gone');
    const rec = (await dynamodb.collect([r], new Set<FactKey>(['dynamodb.continuousBackups']), context())).get(r)!;
    expect(rec['dynamodb.continuousBackups']).toEqual({ state: 'unknown', reason: expect.stringContaining('gone does not exist') });
  });
});

describe('rds backup, exposure and deletion protection against moto', () => {
  it('reads them from the same batched describes: no call beyond the RDS facts', async () => {
    const ctx = context();
    const guarded: ResourceRef = { type: 'AWS::RDS::DBInstance', id: 'guarded-db', keys: ['DbId'] };
    const exposed: ResourceRef = { type: 'AWS::RDS::DBInstance', id: 'exposed-db', keys: ['DbId2'] };
    const ledger: ResourceRef = { type: 'AWS::RDS::DBCluster', id: 'ledger', keys: ['ClusterId'] };
    const out = await rds.collect([guarded, exposed, ledger], new Set<FactKey>(['rds.instance', 'rds.cluster']), ctx);
    expect(out.get(guarded)?.['rds.instance']).toMatchObject({ state: 'present', value: { backupRetentionPeriod: 14, publiclyAccessible: false, deletionProtection: true } });
    expect(out.get(exposed)?.['rds.instance']).toMatchObject({ state: 'present', value: { backupRetentionPeriod: 0, publiclyAccessible: true, deletionProtection: false } });
    expect(out.get(ledger)?.['rds.cluster']).toMatchObject({ state: 'present', value: { backupRetentionPeriod: 10, deletionProtection: true } });
    expect(Object.fromEntries(ctx.calls)).toEqual({ 'rds:DescribeDBInstances': 2, 'rds:DescribeDBClusters': 1 });
  });
});
