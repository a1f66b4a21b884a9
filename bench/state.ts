/**
 * The state-file scenario of the benchmark: the largest bench stack verified from a Terraform
 * state (format version 4) instead of its outputs file. The state is written from the resources
 * `postflight discover` found in the outputs, as Terraform would hold them: a module with a
 * `for_each` for the buckets and their encryption and lifecycle split into their own resources,
 * `count` subnets, a key alias per key, two cluster members per Aurora cluster, a data source.
 * Its outputs name only the VPC, so every other resource comes from the state alone. The figure
 * to watch: the calls, which grow with services, not resources, wherever AWS batches, as with
 * the outputs file.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DiscoveredResource {
  type: string;
  id: string;
  arn?: string;
}

/** What the scenario measured, for BENCHMARKS.md. */
export interface StateScenario {
  resources: number;
  /** Entries in the state, instances counted: resources plus the parts folded into them and a data source. */
  entries: number;
  bytes: number;
  wallMs: number[];
  calls: number;
  callsByAction: Record<string, number>;
  rssMb: number | undefined;
  /** The same stack from its outputs file, for comparison. */
  outputs: { wallMs: number; calls: number };
  summary: string;
}

const ACCOUNT = '123456789012';

interface Entry {
  module?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  instances: Array<{ index_key?: string | number; attributes: Record<string, unknown> }>;
}

/** Writes the state of the stack whose resources `discover` listed; returns its path, entry count and size. */
export async function writeBenchState(resources: readonly DiscoveredResource[], dir: string, region = 'us-east-1'): Promise<{ path: string; entries: number; bytes: number }> {
  const of = (type: string) => resources.filter((r) => r.type === type);
  const each = (list: readonly DiscoveredResource[], attrs: (r: DiscoveredResource, i: number) => Record<string, unknown>) =>
    list.map((r, i) => ({ index_key: i, attributes: attrs(r, i) }));
  const buckets = of('AWS::S3::Bucket');
  const byName = (list: readonly DiscoveredResource[], attrs: (r: DiscoveredResource) => Record<string, unknown>) =>
    list.map((r) => ({ index_key: r.id, attributes: attrs(r) }));
  const entries: Entry[] = [
    { mode: 'data', type: 'aws_availability_zones', name: 'available', instances: [{ attributes: { id: region, names: [`${region}a`, `${region}b`] } }] },
    { mode: 'managed', type: 'aws_vpc', name: 'main', instances: of('AWS::EC2::VPC').map((r) => ({ attributes: { id: r.id, cidr_block: '10.0.0.0/16' } })) },
    { mode: 'managed', type: 'aws_subnet', name: 'this', instances: each(of('AWS::EC2::Subnet'), (r) => ({ id: r.id })) },
    { mode: 'managed', type: 'aws_kms_key', name: 'data', instances: each(of('AWS::KMS::Key'), (r) => ({ id: r.id, key_id: r.id, arn: r.arn ?? `arn:aws:kms:${region}:${ACCOUNT}:key/${r.id}` })) },
    { mode: 'managed', type: 'aws_kms_alias', name: 'data', instances: each(of('AWS::KMS::Key'), (r, i) => ({ id: `alias/data-${i}`, name: `alias/data-${i}`, target_key_id: r.id })) },
    { module: 'module.tenants', mode: 'managed', type: 'aws_s3_bucket', name: 'this', instances: byName(buckets, (r) => ({ id: r.id, bucket: r.id, arn: `arn:aws:s3:::${r.id}` })) },
    { module: 'module.tenants', mode: 'managed', type: 'aws_s3_bucket_server_side_encryption_configuration', name: 'this', instances: byName(buckets, (r) => ({ id: r.id, bucket: r.id })) },
    { module: 'module.tenants', mode: 'managed', type: 'aws_s3_bucket_lifecycle_configuration', name: 'this', instances: byName(buckets, (r) => ({ id: r.id, bucket: r.id })) },
    { mode: 'managed', type: 'aws_kinesis_stream', name: 'events', instances: each(of('AWS::Kinesis::Stream'), (r) => ({ id: r.arn ?? r.id, name: r.id, arn: r.arn })) },
    { mode: 'managed', type: 'aws_db_instance', name: 'orders', instances: each(of('AWS::RDS::DBInstance'), (r) => ({ id: `db-${r.id}`, identifier: r.id })) },
    { mode: 'managed', type: 'aws_rds_cluster', name: 'ledger', instances: each(of('AWS::RDS::DBCluster'), (r) => ({ id: r.id, cluster_identifier: r.id })) },
    {
      mode: 'managed',
      type: 'aws_rds_cluster_instance',
      name: 'ledger',
      instances: of('AWS::RDS::DBCluster').flatMap((r, i) => [1, 2].map((n) => ({ index_key: i * 2 + n - 1, attributes: { id: `${r.id}-${n}`, identifier: `${r.id}-${n}`, cluster_identifier: r.id } }))),
    },
    { mode: 'managed', type: 'aws_elasticache_replication_group', name: 'sessions', instances: each(of('AWS::ElastiCache::ReplicationGroup'), (r) => ({ id: r.id, replication_group_id: r.id })) },
    // Terraform's ids: a topic's ARN, a queue's URL, a log group's name, an instance's id, a group's name.
    { mode: 'managed', type: 'aws_sns_topic', name: 'alerts', instances: each(of('AWS::SNS::Topic'), (r) => ({ id: r.id, arn: r.id })) },
    { mode: 'managed', type: 'aws_sqs_queue', name: 'jobs', instances: each(of('AWS::SQS::Queue'), (r) => ({ id: r.id, url: r.id })) },
    { mode: 'managed', type: 'aws_cloudwatch_log_group', name: 'worker', instances: each(of('AWS::Logs::LogGroup'), (r) => ({ id: r.id, name: r.id })) },
    { mode: 'managed', type: 'aws_instance', name: 'worker', instances: each(of('AWS::EC2::Instance'), (r) => ({ id: r.id })) },
    { mode: 'managed', type: 'aws_autoscaling_group', name: 'pool', instances: each(of('AWS::AutoScaling::AutoScalingGroup'), (r) => ({ id: r.id, name: r.id })) },
    // The load balancers are left out: the outputs name them by DNS name, and a state's aws_lb id is the ARN.
  ].filter((e) => e.instances.length > 0) as Entry[];
  const vpc = of('AWS::EC2::VPC')[0];
  const state = {
    version: 4,
    terraform_version: '1.9.5',
    serial: 1,
    lineage: 'bench',
    outputs: vpc ? { vpc_id: { value: vpc.id, type: 'string' } } : {},
    resources: entries.map((e) => ({
      ...(e.module ? { module: e.module } : {}),
      mode: e.mode,
      type: e.type,
      name: e.name,
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: e.instances.map((i) => ({ ...(i.index_key !== undefined ? { index_key: i.index_key } : {}), schema_version: 0, attributes: i.attributes, sensitive_attributes: [] })),
    })),
  };
  const text = `${JSON.stringify(state, null, 2)}\n`;
  const path = join(dir, 'terraform.tfstate');
  await writeFile(path, text);
  return { path, entries: entries.reduce((n, e) => n + e.instances.length, 0), bytes: Buffer.byteLength(text) };
}

const fmtS = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The section of BENCHMARKS.md for the scenario. */
export function stateMarkdown(s: StateScenario, latencyMs: number): string[] {
  const median = [...s.wallMs].sort((a, b) => a - b)[Math.floor(s.wallMs.length / 2)] ?? NaN;
  const lines = [
    `## A ${s.resources}-resource state file`,
    '',
    `The ${s.resources}-resource stack again, verified from a Terraform state (format version 4) with \`--state\` instead of its outputs file: ${s.entries} entries (${(s.bytes / 1024).toFixed(0)} KiB), the bucket encryption and lifecycle resources, key aliases and Aurora members folded into what they configure, and a data source, which is not a resource (the load balancers are left out: the outputs name them by DNS name, and a state's \`aws_lb\` id is its ARN). Its outputs name only the VPC. Same proxy, ${latencyMs} ms per request; postflight: median of ${s.wallMs.length} run(s).`,
    '',
    '| Resources | state entries | postflight wall (state) | calls (state) | postflight wall (outputs) | calls (outputs) | peak RSS (state) | result |',
    '|---:|---:|---:|---:|---:|---:|---:|---|',
    `| ${s.resources} | ${s.entries} | ${fmtS(median)} | ${s.calls} | ${fmtS(s.outputs.wallMs)} | ${s.outputs.calls} | ${s.rssMb === undefined ? 'n/a' : `${s.rssMb.toFixed(0)} MB`} | ${s.summary} |`,
    '',
    `Calls by action from the state: ${Object.entries(s.callsByAction)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([a, n]) => `\`${a}\` ${n}`)
      .join(', ')}.`,
    '',
  ];
  return lines;
}
