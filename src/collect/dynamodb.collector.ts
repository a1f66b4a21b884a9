/**
 * DynamoDB tables: `DescribeTable` has no batch form, so each table costs one call (by ARN when the
 * outputs gave one, else by name), all concurrent under the run's limit: N tables, N calls.
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { requireSdk } from './sdk.js';
import { absent, present, unknown, type Fact } from '../facts/fact.js';
import type { DynamoDbTableFacts } from '../facts/catalogue.js';
import type { CollectContext } from './context.js';
import { perResourceCollector } from './per-resource.js';

const { DescribeTableCommand, DynamoDBClient } = requireSdk('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');


/** AWS encrypts a table with SSE type KMS and no key of its own with the AWS-managed key behind this alias. */
export const DEFAULT_TABLE_KEY = 'alias/aws/dynamodb';

function dynamodb(ctx: CollectContext, region: string | undefined): InstanceType<typeof DynamoDBClient> {
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

const collector = perResourceCollector({
  service: 'dynamodb',
  type: 'AWS::DynamoDB::Table',
  fact: 'dynamodb.table',
  action: 'dynamodb:DescribeTable',
  noun: 'table',
  notFound: 'ResourceNotFoundException',
  async describe(ctx, ref, region, o) {
    const res = await dynamodb(ctx, region).send(new DescribeTableCommand({ TableName: ref.arn ?? ref.id }), o);
    return res.Table ? tableFacts(res.Table, ref.id) : undefined;
  },
  keyRef: tableKeyRef,
});
export default collector;
