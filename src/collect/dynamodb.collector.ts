/**
 * DynamoDB tables: `DescribeTable` has no batch form, so each table costs one call (by ARN when the
 * outputs gave one, else by name), all concurrent under the run's limit: N tables, N calls.
 */
import { DescribeTableCommand, DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import { absent, present, unknown, type Fact } from '../facts/fact.js';
import type { DynamoDbTableFacts, FactKey } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext, Collector, FactRecord } from './context.js';
import { withKmsKey } from './kms-ref.js';

const PROVIDES: readonly FactKey[] = ['dynamodb.table', 'encryption.kmsKeyRef', 'encryption.kmsKey'];

/** AWS encrypts a table with SSE type KMS and no key of its own with the AWS-managed key behind this alias. */
export const DEFAULT_TABLE_KEY = 'alias/aws/dynamodb';

function dynamodb(ctx: CollectContext, region: string | undefined): DynamoDBClient {
  return ctx.client('dynamodb', region, () => new DynamoDBClient(ctx.clientConfig(region)));
}

export function tableFacts(t: TableDescription, id: string): DynamoDbTableFacts {
  const facts: DynamoDbTableFacts = { name: t.TableName ?? id };
  if (t.TableArn) facts.arn = t.TableArn;
  if (t.TableStatus) facts.status = t.TableStatus;
  const sse = t.SSEDescription;
  if (sse?.Status) facts.sseStatus = sse.Status;
  if (sse?.SSEType) facts.sseType = sse.SSEType;
  if (sse?.KMSMasterKeyArn) facts.kmsMasterKeyArn = sse.KMSMasterKeyArn;
  return facts;
}

/**
 * The key a table encrypts with. Every table is encrypted at rest: without SSEDescription (or with
 * it turned off) AWS uses a key it owns, which is no KMS key of the account; SSE type KMS names the
 * key, or without one means the AWS-managed `aws/dynamodb`.
 */
export function tableKeyRef(t: DynamoDbTableFacts): Fact<string> {
  if (t.sseStatus === undefined && t.sseType === undefined && t.kmsMasterKeyArn === undefined) return absent('encrypted with an AWS-owned key');
  if (t.sseStatus === 'DISABLED' || t.sseStatus === 'DISABLING') return absent(`encrypted with an AWS-owned key (SSE ${t.sseStatus})`);
  if (t.sseType === 'KMS') return present(t.kmsMasterKeyArn ?? DEFAULT_TABLE_KEY);
  if (t.sseType === 'AES256') return absent('encrypted with an AWS-owned key (SSE type AES256)');
  if (t.kmsMasterKeyArn) return present(t.kmsMasterKeyArn);
  return unknown(`DescribeTable reported SSE status ${t.sseStatus ?? 'none'} without an SSE type or key`);
}

const collector: Collector = {
  service: 'dynamodb',
  types: ['AWS::DynamoDB::Table'],
  provides: PROVIDES,
  actions: ['dynamodb:DescribeTable'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    if (!PROVIDES.some((k) => want.has(k))) {
      for (const ref of refs) out.set(ref, {});
      return out;
    }
    await Promise.all(
      refs.map(async (ref) => {
        const region = ref.region ?? ctx.settings.region;
        let table: Fact<DynamoDbTableFacts>;
        try {
          const res = await ctx.call('dynamodb:DescribeTable', (o) =>
            dynamodb(ctx, region).send(new DescribeTableCommand({ TableName: ref.arn ?? ref.id }), o),
          );
          table = res.Table ? present(tableFacts(res.Table, ref.id)) : unknown(`DescribeTable returned no table for ${ref.id}`);
        } catch (err) {
          table =
            (err as Error).name === 'ResourceNotFoundException'
              ? unknown(`the table ${ref.id} does not exist in ${region ?? 'the default region'} (${ctx.reason(err)})`)
              : unknown(`could not describe the table ${ref.id}: ${ctx.reason(err)}`);
        }
        const rec: FactRecord = {};
        if (want.has('dynamodb.table')) rec['dynamodb.table'] = table;
        Object.assign(rec, await withKmsKey(ctx, want, table.state === 'present' ? tableKeyRef(table.value) : table, region));
        out.set(ref, rec);
      }),
    );
    return out;
  },
};
export default collector;
