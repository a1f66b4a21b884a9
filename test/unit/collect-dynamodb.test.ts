import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DescribeTableCommand, DynamoDBClient, type SSEDescription, type TableDescription } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import collector from '../../src/collect/dynamodb.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { present } from '../../src/facts/fact.js';
import type { FactKey, KmsKeyFacts } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const ddb = mockClient(DynamoDBClient);
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ALL: ReadonlySet<FactKey> = new Set(['dynamodb.table', 'encryption.kmsKeyRef', 'encryption.kmsKey']);


function context(resolved: Array<[string, string | undefined]> = []): CollectContext {
  return createContext(
    { region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 },
    {
      kmsResolver: async (_c, ref, region) => {
        resolved.push([ref, region]);
        return present<KmsKeyFacts>({ keyId: 'k', arn: ref, keyManager: ref.includes('alias/aws/') ? 'AWS' : 'CUSTOMER', keyState: 'Enabled', enabled: true });
      },
    },
  );
}

function ref(id: string, extra: Partial<ResourceRef> = {}): ResourceRef {
  return { type: 'AWS::DynamoDB::Table', id, keys: ['TableName'], ...extra };
}

function table(name: string, sse?: SSEDescription): TableDescription {
  const t: TableDescription = {
    TableName: name,
    TableArn: `arn:aws:dynamodb:us-east-1:111122223333:table/${name}`,
    TableStatus: 'ACTIVE',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    ItemCount: 0,
  };
  if (sse) t.SSEDescription = sse;
  return t;
}

beforeEach(() => {
  ddb.reset();
});
afterEach(() => {
  ddb.reset();
});

describe('dynamodb collector', () => {
  it('reads a table encrypted with a CMK', async () => {
    ddb.on(DescribeTableCommand).resolves({ Table: table('orders', { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: KEY_ARN }) });
    const resolved: Array<[string, string | undefined]> = [];
    const r = ref('orders');
    const rec = (await collector.collect([r], ALL, context(resolved))).get(r)!;
    expect(rec['dynamodb.table']).toEqual(
      present({
        name: 'orders',
        arn: 'arn:aws:dynamodb:us-east-1:111122223333:table/orders',
        status: 'ACTIVE',
        sseStatus: 'ENABLED',
        sseType: 'KMS',
        kmsMasterKeyArn: KEY_ARN,
      }),
    );
    expect(rec['encryption.kmsKeyRef']).toEqual(present(KEY_ARN));
    expect(rec['encryption.kmsKey']).toMatchObject({ state: 'present', value: { keyManager: 'CUSTOMER' } });
    expect(resolved).toEqual([[KEY_ARN, 'us-east-1']]);
    expect(ddb.commandCalls(DescribeTableCommand)[0]!.args[0].input).toEqual({ TableName: 'orders' });
  });

  it('reads a table without SSEDescription as encrypted with an AWS-owned key: no KMS key', async () => {
    ddb.on(DescribeTableCommand).resolves({ Table: table('plain') });
    const resolved: Array<[string, string | undefined]> = [];
    const r = ref('plain');
    const rec = (await collector.collect([r], ALL, context(resolved))).get(r)!;
    expect(rec['dynamodb.table']).toEqual(present({ name: 'plain', arn: 'arn:aws:dynamodb:us-east-1:111122223333:table/plain', status: 'ACTIVE' }));
    expect(rec['encryption.kmsKeyRef']).toEqual({ state: 'absent', reason: 'encrypted with an AWS-owned key' });
    expect(rec['encryption.kmsKey']).toEqual({ state: 'absent', reason: 'encrypted with an AWS-owned key' });
    expect(resolved).toEqual([]);
  });

  it.each([
    ['SSE type KMS without a key ARN', { Status: 'ENABLED', SSEType: 'KMS' }, present('alias/aws/dynamodb')],
    ['SSE being enabled', { Status: 'ENABLING', SSEType: 'KMS', KMSMasterKeyArn: KEY_ARN }, present(KEY_ARN)],
    ['an inaccessible key', { Status: 'INACCESSIBLE_ENCRYPTION_CREDENTIALS', SSEType: 'KMS', KMSMasterKeyArn: KEY_ARN }, present(KEY_ARN)],
    ['SSE turned off', { Status: 'DISABLED' }, { state: 'absent', reason: expect.stringContaining('AWS-owned key') }],
    ['SSE type AES256', { Status: 'ENABLED', SSEType: 'AES256' }, { state: 'absent', reason: expect.stringContaining('AWS-owned key') }],
    ['a status without type or key', { Status: 'ENABLED' }, { state: 'unknown', reason: expect.stringContaining('without an SSE type') }],
  ] as Array<[string, SSEDescription, unknown]>)('reads %s', async (_name, sse, expected) => {
    ddb.on(DescribeTableCommand).resolves({ Table: table('t', sse) });
    const r = ref('t');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    expect(rec['encryption.kmsKeyRef']).toEqual(expected);
  });

  it('asks by ARN when the outputs gave one', async () => {
    const arn = 'arn:aws:dynamodb:us-east-1:111122223333:table/orders';
    ddb.on(DescribeTableCommand).resolves({ Table: table('orders') });
    const r = ref('orders', { arn });
    await collector.collect([r], ALL, context());
    expect(ddb.commandCalls(DescribeTableCommand)[0]!.args[0].input).toEqual({ TableName: arn });
  });

});
