/**
 * The drift benchmark: `verify --drift` against a plain compliance run of the same Terraform stack,
 * in the same run, against moto behind the latency-injecting proxy.
 *
 * The stack is applied with the real Terraform (the `terraform` on the PATH, the hashicorp/aws
 * provider from the local mirror), so that the refresh-only plan reads real objects. Its kinds and
 * proportions are the bench stack's (bench/stack.ts `composition`) for the kinds Terraform creates
 * in seconds against moto: the VPC, subnets, S3 buckets (each with its encryption, lifecycle,
 * versioning and public-access-block resources), Kinesis streams, KMS keys (with an alias each),
 * SNS topics and log groups; the kinds it creates slowly (RDS, Aurora, ElastiCache, queues, whose
 * creation the provider makes wait) get their share spread over those, so the stack holds `size`
 * resources as postflight counts them.
 *
 * Two proxies in front of the one emulator, so that each side's calls are counted apart:
 * postflight's collectors call one (`--endpoint-url`), the provider the stack's `endpoints` call
 * the other. `terraform` runs through a wrapper that logs when each of its commands starts and
 * ends, to tell whether collection and the refresh plan overlap in time.
 *
 *   npm run bench:drift -- --size 500 --latency 20 --parallelism 4,32
 *   node bench/results/build/bench/drift.js --render bench/results/drift-<time>.json
 *
 * Writes the "Drift" section of BENCHMARKS.md (that section only) and the raw figures to
 * bench/results/drift-<time>.json.
 */
import { chmodSync, existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { delimiter, join, relative, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { emulatorEnv, startMoto } from '../src/demo/moto.js';
import { startAwsProxy, type AwsProxy, type ProxyCall } from '../test/helpers/aws-proxy.js';
import { terraformStack } from '../test/helpers/terraform.js';
import { composition, RESULTS_DIR, repoRoot, type Kind } from './stack.js';

const ROOT = repoRoot();
const CLI = join(ROOT, 'bin', 'postflight.cjs');

/** The kinds the stack holds, and how many Terraform resources each one is. */
const KINDS = ['subnet', 'bucket', 'stream', 'kmsKey', 'topic', 'logGroup'] as const;
type DriftKind = (typeof KINDS)[number];
const TF_PER_KIND: Record<DriftKind, number> = { subnet: 1, bucket: 5, stream: 1, kmsKey: 2, topic: 1, logGroup: 1 };

/** `size` resources: one VPC, the rest over KINDS in the bench stack's proportions (largest remainder). */
export function driftComposition(size: number): Record<DriftKind | 'vpc', number> {
  const c = composition(size) as Record<Kind, number>;
  const total = KINDS.reduce((n, k) => n + c[k], 0);
  const rest = size - 1;
  const exact = KINDS.map((k) => ({ k, v: (c[k] * rest) / total }));
  const out = Object.fromEntries(exact.map(({ k, v }) => [k, Math.max(1, Math.floor(v))])) as Record<DriftKind, number>;
  let left = rest - Object.values(out).reduce((a, b) => a + b, 0);
  for (const { k } of [...exact].sort((a, b) => (b.v % 1) - (a.v % 1))) {
    if (left <= 0) break;
    out[k] += 1;
    left -= 1;
  }
  return { ...out, vpc: 1 };
}

export function terraformResources(c: Record<DriftKind | 'vpc', number>): number {
  return 1 + KINDS.reduce((n, k) => n + c[k] * TF_PER_KIND[k], 0);
}

/** The stack's HCL: compliant settings (CMK encryption, lifecycle, versioning, rotation, retention). */
export function stackHcl(c: Record<DriftKind | 'vpc', number>): string {
  return `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags       = { Name = "bench-drift" }
}

resource "aws_subnet" "this" {
  count             = ${c.subnet}
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
  availability_zone = count.index % 2 == 0 ? "us-east-1a" : "us-east-1b"
  tags              = { Name = "bench-drift-\${count.index}" }
}

resource "aws_kms_key" "data" {
  count                   = ${c.kmsKey}
  description             = "bench-drift-\${count.index}"
  enable_key_rotation     = true
  deletion_window_in_days = 7
}

resource "aws_kms_alias" "data" {
  count         = ${c.kmsKey}
  name          = "alias/bench-drift-\${count.index}"
  target_key_id = aws_kms_key.data[count.index].key_id
}

resource "aws_s3_bucket" "this" {
  count  = ${c.bucket}
  bucket = format("bench-drift-data-%03d", count.index)
  tags   = { Team = "data" }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  count  = ${c.bucket}
  bucket = aws_s3_bucket.this[count.index].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data[count.index % ${c.kmsKey}].arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "this" {
  count  = ${c.bucket}
  bucket = aws_s3_bucket.this[count.index].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  count                   = ${c.bucket}
  bucket                  = aws_s3_bucket.this[count.index].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  count  = ${c.bucket}
  bucket = aws_s3_bucket.this[count.index].id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 365
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_kinesis_stream" "events" {
  count            = ${c.stream}
  name             = format("bench-drift-events-%03d", count.index)
  retention_period = 48
  encryption_type  = "KMS"
  kms_key_id       = aws_kms_key.data[count.index % ${c.kmsKey}].arn
  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

resource "aws_sns_topic" "alerts" {
  count             = ${c.topic}
  name              = format("bench-drift-alerts-%03d", count.index)
  kms_master_key_id = aws_kms_key.data[count.index % ${c.kmsKey}].arn
}

resource "aws_cloudwatch_log_group" "worker" {
  count             = ${c.logGroup}
  name              = format("/bench-drift/worker-%03d", count.index)
  retention_in_days = 90
  kms_key_id        = aws_kms_key.data[count.index % ${c.kmsKey}].arn
}
`;
}

// ---------------------------------------------------------------------------------------------
// One verify run, measured

interface TfSpan {
  command: string;
  start: number;
  end: number;
}

interface VerifyRun {
  label: string;
  drift: boolean;
  parallelism?: number;
  code: number | null;
  wallMs: number;
  /** postflight's own calls (its collectors). */
  collectorCalls: number;
  /** The provider's calls, made by the refresh plan. */
  terraformCalls: number;
  /** ms from the run's start: first and last call of the collectors, each Terraform command. */
  collectors?: { first: number; last: number };
  provider?: { first: number; last: number };
  terraform: TfSpan[];
  engineMs?: number;
  results: Record<string, number>;
  accounting?: { asDeclared: number; drifted: number; deleted: number };
}

function window(calls: readonly ProxyCall[], offset: number): { first: number; last: number } | undefined {
  if (calls.length === 0) return undefined;
  return { first: Math.min(...calls.map((c) => c.at)) + offset, last: Math.max(...calls.map((c) => c.at + c.ms)) + offset };
}

async function verifyRun(o: {
  label: string;
  state: string;
  drift: boolean;
  parallelism?: number;
  dir: string;
  env: NodeJS.ProcessEnv;
  ours: AwsProxy;
  theirs: AwsProxy;
  tfLog: string;
}): Promise<VerifyRun> {
  await mkdir(o.dir, { recursive: true });
  const json = join(o.dir, 'report.json');
  const args = [CLI, 'verify', '--state', o.state, '--no-color', '--quiet', '--json', json, '--endpoint-url', o.ours.endpoint];
  if (o.drift) args.push('--drift');
  if (o.parallelism) {
    const config = join(o.dir, 'postflight.config.json');
    await writeFile(config, JSON.stringify({ drift: { parallelism: o.parallelism } }));
    args.push('--config', config);
  }
  await writeFile(o.tfLog, '');
  o.ours.reset();
  o.theirs.reset();
  const proxyEpoch = Date.now();
  const started = Date.now();
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: o.dir, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((res) => child.on('close', res));
  const wallMs = performance.now() - t0;
  if (code === 2 || !existsSync(json)) throw new Error(`verify (${o.label}) exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  const report = JSON.parse(await readFile(json, 'utf8')) as {
    results: Array<{ status: string }>;
    accounting: { drift?: { asDeclared: number; drifted: number; deleted: number } };
    stats: { drift?: { engines: Array<{ ms: number }> } };
  };
  const results: Record<string, number> = {};
  for (const r of report.results) results[r.status] = (results[r.status] ?? 0) + 1;
  const offset = proxyEpoch - started;
  const terraform: TfSpan[] = [];
  const open = new Map<string, number>();
  for (const line of (await readFile(o.tfLog, 'utf8')).split('\n')) {
    const m = /^(start|end) (\d+) (\S*)/.exec(line);
    if (!m) continue;
    if (m[1] === 'start') open.set(m[3]!, Number(m[2]) - started);
    else terraform.push({ command: m[3]!, start: open.get(m[3]!) ?? NaN, end: Number(m[2]) - started });
  }
  const collectors = window(o.ours.calls(), offset);
  const provider = window(o.theirs.calls(), offset);
  const engineMs = report.stats.drift?.engines[0]?.ms;
  return {
    label: o.label,
    drift: o.drift,
    ...(o.parallelism ? { parallelism: o.parallelism } : {}),
    code,
    wallMs,
    collectorCalls: o.ours.count(),
    terraformCalls: o.theirs.count(),
    ...(collectors ? { collectors } : {}),
    ...(provider ? { provider } : {}),
    terraform,
    ...(engineMs !== undefined ? { engineMs } : {}),
    results,
    ...(report.accounting.drift ? { accounting: report.accounting.drift } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Markdown

const s = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);

interface Figures {
  when: string;
  machine: string;
  size: number;
  terraformResources: number;
  composition: Record<string, number>;
  latencyMs: number;
  applyMs: number;
  terraformVersion: string;
  /** The machine's 1-minute load average when the runs ended (it is shared with other work). */
  load?: number;
  runs: VerifyRun[];
}

export function driftMarkdown(f: Figures): string {
  const plain = f.runs.find((r) => !r.drift)!;
  const drifts = f.runs.filter((r) => r.drift);
  const base = drifts.find((r) => r.parallelism === undefined) ?? drifts[0]!;
  const plan = (r: VerifyRun) => r.terraform.find((t) => t.command === 'plan');
  const overlap = (r: VerifyRun) => {
    const p = plan(r);
    if (!r.collectors || !p) return 'not measured (no collector call or no plan in the run)';
    const o = Math.min(r.collectors.last, p.end) - Math.max(r.collectors.first, p.start);
    const inside = r.collectors.first >= p.start && r.collectors.last <= p.end;
    const where = `collectors' calls ${s(r.collectors.first)}–${s(r.collectors.last)}, \`terraform plan\` ${s(p.start)}–${s(p.end)}${r.provider ? ` (its provider's calls ${s(r.provider.first)}–${s(r.provider.last)})` : ''}`;
    if (o <= 0) return `**no**: they ran one after the other (${where})`;
    const before = r.provider && r.collectors.last < r.provider.first ? `. The collectors were done before the provider made its first call: the plan's own start-up (Terraform and the provider starting, the graph built), not the collection, is what the run waits for` : '';
    return `**yes**, ${inside ? 'the whole collection runs inside the plan' : `for ${s(o)}`} (${where})${before}`;
  };
  const full = terraformResources(driftComposition(500));
  const why500 =
    f.size < 500
      ? ` Not the bench's 500 resources: applying them (${full} Terraform resources) would take about ${Math.round((f.applyMs * full) / f.terraformResources / 60_000)} min on this machine, by this apply's rate.`
      : '';
  const summary = (r: VerifyRun) => Object.entries(r.results).map(([k, n]) => `${n} ${k}`).join(', ');
  const lines = [
    '## Drift',
    '',
    `\`verify --drift\` against a plain compliance run (\`verify\`) of the same stack, in the same run, on ${f.machine}. The stack was applied with Terraform ${f.terraformVersion} and hashicorp/aws from the local mirror into moto (${s(f.applyMs)} to apply): ${f.size} resources as postflight counts them (${Object.entries(f.composition).map(([k, n]) => `${n} ${k}`).join(', ')}), ${f.terraformResources} Terraform resources (each bucket with its encryption, lifecycle, versioning and public-access-block resources; each key with an alias). The bench stack's kinds that Terraform creates slowly against moto (RDS, Aurora, ElastiCache, queues: the provider waits on each) are left out and their share spread over the others; the compute kinds too. Every call pays ${f.latencyMs} ms at the proxy; postflight's calls and the provider's go through separate proxies and are counted apart. One run each (${f.when}${f.load !== undefined ? `; load average ${f.load.toFixed(1)} on the shared machine at the end` : ''}).${why500}`,
    '',
    '| Run | wall | postflight calls | Terraform calls | drift engine | results |',
    '|---|---:|---:|---:|---:|---|',
    ...f.runs.map(
      (r) =>
        `| ${r.label} | ${s(r.wallMs)} | ${r.collectorCalls} | ${r.drift ? r.terraformCalls : '–'} | ${r.drift ? s(r.engineMs) : '–'} | ${summary(r)}${r.accounting ? `; ${r.accounting.asDeclared} as declared, ${r.accounting.drifted} drifted, ${r.accounting.deleted} deleted` : ''} |`,
    ),
    '',
    `- **Cost of --drift**: ${s(base.wallMs)} against ${s(plain.wallMs)}, **${(base.wallMs / plain.wallMs).toFixed(1)}×** the wall time; ${base.collectorCalls + base.terraformCalls} AWS calls against ${plain.collectorCalls} (**${((base.collectorCalls + base.terraformCalls) / plain.collectorCalls).toFixed(1)}×**): postflight's own ${base.collectorCalls}, the refresh plan's ${base.terraformCalls}. The refresh reads every Terraform resource one by one (the provider batches nothing), so its calls grow with the Terraform resources, where the collectors' grow with services wherever AWS batches.`,
    `- **-parallelism** (\`drift.parallelism\` in the config, passed to \`terraform plan\`), wall time, engine time, and the span of the provider's reads (first call to last): ${drifts.map((r) => `${r.parallelism ?? '10 (Terraform\'s default)'}: ${s(r.wallMs)}, engine ${s(r.engineMs)}, reads ${r.provider ? s(r.provider.last - r.provider.first) : 'n/a'}`).join('; ')}. The reads are what it spreads; the plan's start-up before the first read (${drifts.map((r) => (r.provider && plan(r) ? s(r.provider.first - plan(r)!.start) : 'n/a')).join(', ')}, in the same order: no reads in it, so its spread is the shared machine's load) and \`show -json\` after the plan (${drifts.map((r) => { const sh = r.terraform.find((t) => t.command === 'show'); return sh ? s(sh.end - sh.start) : 'n/a'; }).join(', ')}) are not reads.`,
    `- **Do collection and the refresh plan overlap?** Times from the start of \`verify --drift\`: ${overlap(base)}. Every Terraform command of that run: ${base.terraform.map((t) => `\`${t.command}\` ${s(t.start)}–${s(t.end)}`).join(', ')}; the run ended at ${s(base.wallMs)}.`,
    '',
    'Reproduce (needs `terraform` on the PATH and the hashicorp/aws provider in a local mirror, found as the tests find it):',
    '',
    '```sh',
    `npm run bench:drift -- --size ${f.size} --latency ${f.latencyMs} --parallelism ${drifts.map((r) => r.parallelism).filter(Boolean).join(',')}`,
    '```',
    '',
  ];
  return lines.join('\n');
}

/** Where the Drift section of BENCHMARKS.md sits: from its heading to the next `## `. */
function sectionBounds(doc: string): { start: number; end: number; last: boolean } | undefined {
  const start = doc.search(/^## Drift$/m);
  if (start < 0) return undefined;
  const next = doc.slice(start + 1).search(/^## /m);
  return { start, end: next < 0 ? doc.length : start + 1 + next, last: next < 0 };
}

/** The Drift section of BENCHMARKS.md, if it has one. */
export function driftSection(doc: string): string | undefined {
  const b = sectionBounds(doc);
  return b && doc.slice(b.start, b.end).replace(/\n*$/, '\n');
}

/** Replaces the Drift section of BENCHMARKS.md, or appends it. */
export function withSection(doc: string, section: string): string {
  const b = sectionBounds(doc);
  if (!b) return `${doc.replace(/\n*$/, '\n\n')}${section}`;
  return `${doc.slice(0, b.start)}${section}${b.last ? '' : '\n'}${doc.slice(b.end)}`;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string' },
      latency: { type: 'string' },
      parallelism: { type: 'string' },
      out: { type: 'string' },
      render: { type: 'string' },
    },
  });
  if (values.render) {
    // Rewrite the section from a run's raw figures, without measuring again.
    const figures = JSON.parse(await readFile(resolve(values.render), 'utf8')) as Figures;
    const outFile = resolve(ROOT, values.out ?? 'BENCHMARKS.md');
    await writeFile(outFile, withSection(existsSync(outFile) ? await readFile(outFile, 'utf8') : '# Benchmarks\n', driftMarkdown(figures)));
    process.stdout.write(`wrote the Drift section of ${relative(ROOT, outFile)} from ${values.render}\n`);
    return;
  }
  const size = Number(values.size ?? 500);
  const latencyMs = Number(values.latency ?? 20);
  const parallelisms = (values.parallelism ?? '4,32').split(',').filter(Boolean).map(Number);
  if (!Number.isInteger(size) || size < 8) throw new Error(`--size takes a whole number of at least 8, not "${values.size}"`);
  if (!Number.isInteger(latencyMs) || latencyMs < 0) throw new Error(`--latency takes a whole number of ms, not "${values.latency}"`);
  for (const p of parallelisms) if (!Number.isInteger(p) || p < 1 || p > 256) throw new Error(`--parallelism takes whole numbers from 1 to 256, comma-separated, not "${values.parallelism}"`);
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli.js'))) throw new Error('the compiled CLI is missing (dist/): run `npm run build` first');
  const log = (t: string) => process.stdout.write(`${t}\n`);

  const work = join(RESULTS_DIR, 'drift');
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const c = driftComposition(size);
  const moto = await startMoto();
  const ours = await startAwsProxy({ target: moto.endpoint, latencyMs: 0 });
  const theirs = await startAwsProxy({ target: moto.endpoint, latencyMs: 0 });
  try {
    const tf = await terraformStack({ dir: join(work, 'stack'), files: { 'main.tf': stackHcl(c) }, endpoint: theirs.endpoint });
    log(`bench:drift: ${size} resources (${terraformResources(c)} Terraform resources); applying into moto ...`);
    await tf.init();
    const a0 = performance.now();
    await tf.apply(['-parallelism=32']);
    const applyMs = performance.now() - a0;
    log(`applied in ${s(applyMs)}`);
    const version = ((await tf.run(['version', '-json'])).stdout.match(/"terraform_version":\s*"([^"]+)"/) ?? [])[1] ?? 'unknown';

    // `terraform` on the PATH is a wrapper that logs when each command starts and ends.
    const real = (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'terraform')).find((p) => existsSync(p))!;
    const bin = join(work, 'bin');
    const tfLog = join(work, 'terraform.log');
    await mkdir(bin);
    await writeFile(
      join(bin, 'terraform'),
      `#!/bin/sh\necho "start $(date +%s%3N) $1" >> '${tfLog}'\n'${real}' "$@"\nrc=$?\necho "end $(date +%s%3N) $1" >> '${tfLog}'\nexit $rc\n`,
    );
    chmodSync(join(bin, 'terraform'), 0o755);
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|TF_)/.test(k) && k !== 'FORCE_COLOR') env[k] = v;
    Object.assign(env, emulatorEnv(ours.endpoint), {
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      NO_COLOR: '1',
      PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
      TF_CLI_CONFIG_FILE: tf.env.TF_CLI_CONFIG_FILE!,
      POSTFLIGHT_CACHE_DIR: join(work, 'cache'),
    });

    ours.setLatency(latencyMs);
    theirs.setLatency(latencyMs);
    const common = { state: tf.statePath, env, ours, theirs, tfLog };
    const runs: VerifyRun[] = [];
    // A first --drift run reads and caches the provider schema, so that every measured run finds it cached.
    log('warming the provider-schema cache ...');
    await verifyRun({ ...common, label: 'warm-up', drift: true, dir: join(work, 'warm') });
    const plan: Array<{ label: string; drift: boolean; parallelism?: number }> = [
      { label: '`verify` (compliance only)', drift: false },
      { label: '`verify --drift`', drift: true },
      ...parallelisms.map((p) => ({ label: `\`verify --drift\`, parallelism ${p}`, drift: true, parallelism: p })),
    ];
    for (const [i, p] of plan.entries()) {
      const r = await verifyRun({ ...common, ...p, dir: join(work, `run-${i}`) });
      log(`${p.label}: ${s(r.wallMs)}, ${r.collectorCalls} postflight calls, ${r.terraformCalls} Terraform calls, exit ${r.code}`);
      runs.push(r);
    }
    const cpu = cpus();
    const figures: Figures = {
      when: new Date().toISOString().slice(0, 10),
      machine: `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.versions.node}`,
      size,
      terraformResources: terraformResources(c),
      composition: c,
      latencyMs,
      applyMs,
      terraformVersion: version,
      load: loadavg()[0],
      runs,
    };
    const raw = join(RESULTS_DIR, `drift-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await writeFile(raw, JSON.stringify(figures, null, 2));
    const outFile = resolve(ROOT, values.out ?? 'BENCHMARKS.md');
    const doc = existsSync(outFile) ? await readFile(outFile, 'utf8') : '# Benchmarks\n';
    await writeFile(outFile, withSection(doc, driftMarkdown(figures)));
    log(`wrote the Drift section of ${relative(ROOT, outFile)}; raw figures in ${relative(ROOT, raw)}`);
  } finally {
    await ours.stop();
    await theirs.stop();
    await moto.stop();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench:drift: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
}
