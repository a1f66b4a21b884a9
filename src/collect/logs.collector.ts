/**
 * CloudWatch Logs log groups. `DescribeLogGroups` filters by name prefix (and pages 50 groups at a
 * time), so the names of one region are grouped by what they share: names with a long common prefix
 * (`/aws/lambda/app-ingest`, `/aws/lambda/app-report`) are read with one paged call for that
 * prefix, and each group's own record is picked out by its exact name. A stack's log groups usually
 * share a prefix, so calls grow with the prefixes, not with the groups.
 *
 * `logGroupIdentifiers` would take up to 50 names at once, but it cannot be combined with a prefix
 * and moto does not implement it; the prefix form is what every emulator and AWS serve alike.
 */
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { requireSdk } from './sdk.js';
import { absent, present, unknown, type Fact } from '../facts/fact.js';
import type { FactKey, LogGroupFacts } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext, Collector, FactRecord } from './context.js';
import { allPages, byRegion } from './batch.js';
import { withKmsKey } from './kms-ref.js';

const { CloudWatchLogsClient, DescribeLogGroupsCommand } = requireSdk('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs');

/** DescribeLogGroups returns at most 50 groups per page. */
const PAGE_SIZE = 50;

function logs(ctx: CollectContext, region: string | undefined): InstanceType<typeof CloudWatchLogsClient> {
  return ctx.client('logs', region, () => new CloudWatchLogsClient(ctx.clientConfig(region)));
}

/** A log group's name from its id: the name itself, or an ARN (`…:log-group:<name>` with or without the trailing `:*`). */
export function logGroupName(ref: Pick<ResourceRef, 'id'>): string {
  const m = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(ref.id);
  return m ? m[1]! : ref.id;
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/**
 * The prefixes to ask for: sorted names are merged while the prefix they share stays at least half
 * as long as each of them (and at least 4 characters), so one call never widens to a whole
 * account's `/aws/` groups. Each name is covered by exactly one prefix.
 */
export function prefixesFor(names: readonly string[]): Array<{ prefix: string; names: string[] }> {
  const sorted = [...new Set(names)].sort();
  const groups: Array<{ prefix: string; names: string[] }> = [];
  for (const name of sorted) {
    const last = groups[groups.length - 1];
    if (last) {
      const shared = commonPrefix(last.prefix, name);
      const longEnough = shared.length >= 4 && [...last.names, name].every((n) => shared.length * 2 >= n.length);
      if (longEnough) {
        last.prefix = shared;
        last.names.push(name);
        continue;
      }
    }
    groups.push({ prefix: name, names: [name] });
  }
  return groups;
}

export function logGroupFacts(g: LogGroup, name: string): LogGroupFacts {
  const facts: LogGroupFacts = { name: g.logGroupName ?? name };
  if (g.arn) facts.arn = g.arn;
  if (g.kmsKeyId) facts.kmsKeyId = g.kmsKeyId;
  if (g.retentionInDays !== undefined && g.retentionInDays !== null) facts.retentionInDays = g.retentionInDays;
  return facts;
}

/** The key a log group encrypts with; without one CloudWatch Logs encrypts with keys of its own. */
export function logGroupKeyRef(g: LogGroupFacts): Fact<string> {
  return g.kmsKeyId ? present(g.kmsKeyId) : absent('the log group has no KMS key (CloudWatch Logs encrypts it with a key of its own)');
}

const PROVIDES: readonly FactKey[] = ['logs.logGroup', 'encryption.kmsKeyRef', 'encryption.kmsKey'];

const collector: Collector = {
  service: 'logs',
  types: ['AWS::Logs::LogGroup'],
  provides: PROVIDES,
  actions: ['logs:DescribeLogGroups'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    if (!PROVIDES.some((k) => want.has(k))) {
      for (const ref of refs) out.set(ref, {});
      return out;
    }
    await Promise.all(
      [...byRegion(refs, ctx.settings.region)].map(async ([region, rs]) => {
        const where = region ?? 'the default region';
        const found = new Map<string, Fact<LogGroupFacts>>();
        await Promise.all(
          prefixesFor(rs.map(logGroupName)).map(async ({ prefix, names }) => {
            try {
              const groups = await allPages(ctx, 'logs:DescribeLogGroups', async (token, o) => {
                const res = await logs(ctx, region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, limit: PAGE_SIZE, nextToken: token }), o);
                return { items: res.logGroups, next: res.nextToken };
              });
              for (const name of names) {
                const g = groups.find((x) => x.logGroupName === name);
                found.set(name, g ? present(logGroupFacts(g, name)) : unknown(`the log group ${name} does not exist in ${where}`));
              }
            } catch (err) {
              const reason = `could not describe log groups named ${prefix}… in ${where}: ${ctx.reason(err)}`;
              for (const name of names) found.set(name, unknown(reason));
            }
          }),
        );
        await Promise.all(
          rs.map(async (ref) => {
            const fact = found.get(logGroupName(ref)) ?? unknown(`the log group ${ref.id} was not described`);
            const rec: FactRecord = {};
            if (want.has('logs.logGroup')) rec['logs.logGroup'] = fact;
            Object.assign(rec, await withKmsKey(ctx, want, fact.state === 'present' ? logGroupKeyRef(fact.value) : fact, region));
            out.set(ref, rec);
          }),
        );
      }),
    );
    return out;
  },
};
export default collector;
