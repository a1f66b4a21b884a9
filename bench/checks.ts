/**
 * The checks the hand-written baseline implements, in one place: the baseline records one verdict
 * per check and resource under these ids, and the bench runs postflight with `--only` this list,
 * so both sides judge the same properties of the same resources (like for like). Checks postflight
 * has and the baseline lacks (TLS-only bucket policies, IMDSv2, flow logs, key policies, tags, …)
 * are left out of the comparison on both sides.
 */
export const BASELINE_CHECKS = [
  's3-bucket-default-encryption-enabled',
  's3-bucket-default-encryption-cmk',
  's3-bucket-lifecycle-covers-bucket',
  's3-bucket-versioning-enabled',
  's3-bucket-public-access-blocked',
  'sns-topic-encrypted-with-cmk',
  'sqs-queue-encrypted-with-cmk',
  'logs-log-group-retention-set',
  'logs-log-group-encrypted-with-cmk',
  'kinesis-stream-encryption-enabled',
  'kinesis-stream-encrypted-with-cmk',
  'rds-instance-storage-encrypted',
  'rds-instance-encrypted-with-cmk',
  'rds-instance-multi-az-enabled',
  'rds-instance-backup-retention',
  'rds-instance-not-publicly-accessible',
  'rds-instance-deletion-protection',
  'rds-db-subnet-group-spans-azs',
  'rds-cluster-storage-encrypted',
  'rds-cluster-encrypted-with-cmk',
  'rds-cluster-backup-retention',
  'rds-cluster-deletion-protection',
  'rds-cluster-multi-az',
  'elasticache-replication-group-at-rest-encryption-enabled',
  'elasticache-replication-group-transit-encryption-enabled',
  'elasticache-replication-group-encrypted-with-cmk',
  'elasticache-replication-group-multi-az-enabled',
  'elasticache-subnet-group-spans-azs',
  'ec2-subnets-span-azs',
  'kms-key-enabled',
  'kms-key-rotation-enabled',
  'ec2-instance-ebs-encrypted-with-cmk',
  'ec2-ebs-volumes-encrypted',
  'elbv2-load-balancer-spans-azs',
  'autoscaling-group-spans-azs',
  'autoscaling-group-ebs-encrypted-with-cmk',
] as const;

export type BaselineCheck = (typeof BASELINE_CHECKS)[number];

export type Verdict = 'pass' | 'fail' | 'error';

/** Verdicts counted per check: `{ checkId: { pass, fail, error } }`. */
export type VerdictCounts = Record<string, Record<Verdict, number>>;

export function countVerdicts(results: ReadonlyArray<{ checkId: string; status: string }>): VerdictCounts {
  const out: VerdictCounts = {};
  for (const r of results) {
    // Skipped results (a check with nothing to judge) are no verdict on either side.
    if (r.status !== 'pass' && r.status !== 'fail' && r.status !== 'error') continue;
    const c = (out[r.checkId] ??= { pass: 0, fail: 0, error: 0 });
    c[r.status] += 1;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Where two sets of verdict counts differ, one line per check; empty when they agree. */
export function verdictDifferences(a: VerdictCounts, b: VerdictCounts, names: [string, string] = ['postflight', 'baseline']): string[] {
  const zero = { pass: 0, fail: 0, error: 0 };
  const fmt = (c: Record<Verdict, number>) => `${c.pass} pass, ${c.fail} fail, ${c.error} error`;
  const out: string[] = [];
  for (const id of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[id] ?? zero;
    const y = b[id] ?? zero;
    if (x.pass !== y.pass || x.fail !== y.fail || x.error !== y.error) out.push(`${id}: ${names[0]} ${fmt(x)}; ${names[1]} ${fmt(y)}`);
  }
  return out;
}
