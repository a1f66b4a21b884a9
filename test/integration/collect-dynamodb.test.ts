/**
 * The DynamoDB collector against moto_server: a table encrypted with a CMK, one with the default
 * AWS-owned key, one with the AWS-managed `aws/dynamodb` key, and one that does not exist. Where
 * moto differs from AWS: KMSMasterKeyArn echoes the key as the request named it (AWS always reports
 * the ARN), and the key moto makes for `alias/aws/dynamodb` says KeyManager CUSTOMER (AWS: AWS).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import collector from '../../src/collect/dynamodb.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { resolveKmsKey } from '../../src/collect/kms.collector.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const REGION = 'us-east-1';
const ALL: ReadonlySet<FactKey> = new Set(['dynamodb.table', 'encryption.kmsKeyRef', 'encryption.kmsKey']);
let moto: MotoServer;
const savedEnv = { ...process.env };
let keyArn: string;
let cmkTableArn: string;

function context(): CollectContext {
  return createContext(
    { region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 8 },
    { kmsResolver: (c, ref, region) => resolveKmsKey(c, ref, region) },
  );
}

function ref(id: string, arn?: string): ResourceRef {
  return arn ? { type: 'AWS::DynamoDB::Table', id, arn, keys: ['TableArn'] } : { type: 'AWS::DynamoDB::Table', id, keys: ['TableName'] };
}

beforeAll(async () => {
  moto = await takeMoto();
  Object.assign(process.env, emulatorEnv(moto.endpoint, REGION));
  const config = { region: REGION, endpoint: moto.endpoint };
  keyArn = (await new KMSClient(config).send(new CreateKeyCommand({ Description: 'table key' }))).KeyMetadata!.Arn!;
  const ddb = new DynamoDBClient(config);
  const base = (name: string): CreateTableCommandInput => ({
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  const cmk = await ddb.send(new CreateTableCommand({ ...base('orders'), SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn } }));
  cmkTableArn = cmk.TableDescription!.TableArn!;
  await ddb.send(new CreateTableCommand(base('sessions')));
  await ddb.send(new CreateTableCommand({ ...base('audit'), SSESpecification: { Enabled: true, SSEType: 'KMS' } }));
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

describe('dynamodb collector against moto', () => {
  it('reads a CMK table by ARN, a default-encrypted table and an aws/dynamodb table by name', async () => {
    const ctx = context();
    const refs = [ref('orders', cmkTableArn), ref('sessions'), ref('audit')];
    const out = await collector.collect(refs, ALL, ctx);
    const [cmk, dflt, managed] = refs.map((r) => out.get(r)!);

    expect(cmk!['dynamodb.table']).toEqual({
      state: 'present',
      value: { name: 'orders', arn: cmkTableArn, status: 'ACTIVE', sseStatus: 'ENABLED', sseType: 'KMS', kmsMasterKeyArn: keyArn },
    });
    expect(cmk!['encryption.kmsKeyRef']).toEqual({ state: 'present', value: keyArn });
    expect(cmk!['encryption.kmsKey']).toMatchObject({ state: 'present', value: { arn: keyArn, keyManager: 'CUSTOMER' } });

    expect(dflt!['dynamodb.table']).toMatchObject({ state: 'present', value: { name: 'sessions' } });
    expect(dflt!['dynamodb.table']).not.toHaveProperty('value.sseType');
    expect(dflt!['encryption.kmsKeyRef']).toEqual({ state: 'absent', reason: 'encrypted with an AWS-owned key' });
    expect(dflt!['encryption.kmsKey']?.state).toBe('absent');

    // moto, like AWS, reports the ARN of the key behind alias/aws/dynamodb, not the alias.
    expect(managed!['dynamodb.table']).toMatchObject({ state: 'present', value: { sseType: 'KMS' } });
    const managedKey = managed!['encryption.kmsKeyRef'];
    expect(managedKey).toMatchObject({ state: 'present', value: expect.stringMatching(/^arn:aws:kms:us-east-1:\d+:key\//) });
    expect(managedKey).not.toEqual({ state: 'present', value: keyArn });

    expect(ctx.calls.get('dynamodb:DescribeTable')).toBe(3);
  });

  it('reports a table that does not exist as unknown', async () => {
    const r = ref('no-such-table');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    for (const k of ALL) expect(rec[k]).toEqual({ state: 'unknown', reason: expect.stringContaining('no-such-table does not exist') });
  });
});
