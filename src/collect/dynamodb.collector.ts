/**
 * DynamoDB tables: `DescribeTable` has no batch form, so each table costs one call (by ARN when the
 * outputs gave one, else by name), all concurrent under the run's limit: N tables, N calls.
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { requireSdk } from './sdk.js';
import { absent, present, unknown, type Fact } from '../facts/fact.js';
import type { DynamoDbContinuousBackupsFacts, DynamoDbTableFacts, FactKey } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext, Collector, FactRecord } from './context.js';
import { perResourceCollector } from './per-resource.js';

const { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient } = requireSdk('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');


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

const tables = perResourceCollector({
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

/** DescribeContinuousBackups, one call per table (by ARN when known): point-in-time recovery. */
async function continuousBackups(ctx: CollectContext, ref: ResourceRef): Promise<Fact<DynamoDbContinuousBackupsFacts>> {
  const region = ref.region ?? ctx.settings.region;
  try {
    const res = await ctx.call('dynamodb:DescribeContinuousBackups', (o) =>
      dynamodb(ctx, region).send(new DescribeContinuousBackupsCommand({ TableName: ref.arn ?? ref.id }), o),
    );
    const d = res.ContinuousBackupsDescription;
    if (!d?.ContinuousBackupsStatus) return unknown(`DescribeContinuousBackups returned no description for the table ${ref.id}`);
    const facts: DynamoDbContinuousBackupsFacts = { continuousBackupsStatus: d.ContinuousBackupsStatus };
    const pitr = d.PointInTimeRecoveryDescription;
    if (pitr?.PointInTimeRecoveryStatus) facts.pointInTimeRecoveryStatus = pitr.PointInTimeRecoveryStatus;
    if (pitr?.RecoveryPeriodInDays !== undefined) facts.recoveryPeriodInDays = pitr.RecoveryPeriodInDays;
    return present(facts);
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'TableNotFoundException' || name === 'ResourceNotFoundException') {
      return unknown(`the table ${ref.id} does not exist in ${region ?? 'the default region'} (${ctx.reason(err)})`);
    }
    return unknown(`could not read the continuous backups of the table ${ref.id}: ${ctx.reason(err)}`);
  }
}

/** Tables: DescribeTable for the table and its key, DescribeContinuousBackups for recovery, each only when wanted. */
const collector: Collector = {
  service: 'dynamodb',
  types: tables.types,
  provides: [...tables.provides, 'dynamodb.continuousBackups'],
  actions: [...tables.actions, 'dynamodb:DescribeContinuousBackups'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const [base, backups] = await Promise.all([
      tables.collect(refs, want, ctx),
      want.has('dynamodb.continuousBackups') ? Promise.all(refs.map((r) => continuousBackups(ctx, r))) : undefined,
    ]);
    const out = new Map<ResourceRef, FactRecord>();
    refs.forEach((ref, i) => {
      const rec: FactRecord = { ...base.get(ref) };
      if (backups) rec['dynamodb.continuousBackups'] = backups[i]!;
      out.set(ref, rec);
    });
    return out;
  },
};
export default collector;
