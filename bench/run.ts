/**
 * The benchmark: postflight against the hand-written baseline suite, on stacks of growing size.
 *
 * Starts moto_server, puts the latency-injecting AWS proxy in front of it (every request pays the
 * injected latency, as every request to AWS pays a network round trip), deploys each stack
 * straight into moto, then measures in the same run, per size:
 * - wall time, API calls (counted at the proxy, retries included) and peak memory (max RSS) of
 *   `postflight verify` (the built CLI, as a user runs it) and of the baseline, each as a child
 *   process;
 * - the critical-path bound: the fewest dependent round trips any verifier needs, times the
 *   latency, plus process start (`postflight --version`, median of N runs);
 * - the fewest API calls any verifier needs (unavoidable per-resource calls plus one paginated
 *   call per batchable API);
 * - like for like: postflight with `--only` the checks the baseline implements (bench/checks.ts)
 *   against the baseline, against moto and with latency alone (answers recorded, then replayed),
 *   both sides held to the same verdict counts per check (the bench exits 1 when they differ);
 * - spawn → first AWS request (the proxy's first arrival after the spawn) and the idle time
 *   (nothing in flight between the first request and the last answer) from the proxy's log, and
 *   the same first request from a script that sends nothing else (bench/floor.ts), its floor;
 * - N accounts (default 10 × 100 resources, each through its own role) in one run against one,
 *   against one moto_server per account (one moto_server answers one request at a time, where AWS
 *   serves each account apart), and against one moto shared by all for comparison.
 * Then prints the targets table, writes BENCHMARKS.md at the repo root and the raw figures
 * (targets included) to bench/results/.
 *
 *   npm run bench -- --sizes 10,100,500 --latency 50 --repeat 3
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { emulatorEnv, startMoto } from '../src/demo/moto.js';
import { startAwsProxy, type AwsProxy, type ProxyCall, type ReplayMode } from '../test/helpers/aws-proxy.js';
import { AURORA_MEMBERS, CACHE_MEMBERS, INSTANCE_VOLUMES, RESULTS_DIR, deployBenchStack, parseSizes, repoRoot, type BenchStack, type Composition } from './stack.js';
import { stateMarkdown, writeBenchState, type DiscoveredResource, type StateScenario } from './state.js';
import { driftSection, withSection } from './drift.js';
import { BASELINE_CHECKS, countVerdicts, verdictDifferences, type VerdictCounts } from './checks.js';
import { buildFloor } from './floor.js';
import { accountId, deployAccountStacks, startAccountShards, writeAccountsConfig, type AccountStacks } from './accounts.js';

const ROOT = repoRoot();
const BASELINE = fileURLToPath(new URL('./baseline.js', import.meta.url));
const TIME = '/usr/bin/time';
/** postflight's default number of AWS calls in flight (`--concurrency`). */
const DEFAULT_CONCURRENCY = 16;

const TARGETS = {
  callsRatio: 1.2,
  /** postflight with the baseline's checks against the baseline, latency alone, 100 resources. */
  speedup: 15,
  boundRatio: 2,
  versionMs: 300,
  /** From spawning `postflight verify` to its first AWS request. */
  firstCallMs: 150,
  rssMb: 200,
  /** N accounts in one run against one account, wall time. */
  accountsRatio: 2,
};

/** `--only` for postflight: the checks the baseline implements, so both sides judge the same. */
const LIKE_FOR_LIKE = ['--only', BASELINE_CHECKS.join(',')];

// ---------------------------------------------------------------------------------------------
// Child processes, timed and measured

interface Measured {
  code: number | null;
  wallMs: number;
  /** Peak resident set size, MB; undefined when it could not be read. */
  rssMb: number | undefined;
  /** CPU time (user + system), ms; undefined when it could not be read. */
  cpuMs: number | undefined;
  stdout: string;
  stderr: string;
}

/** Reports the child's peak RSS on exit, for machines without GNU time. */
const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  'import { writeSync } from "node:fs"; process.on("exit", () => { try { const u = process.resourceUsage(); writeSync(2, `\\nBENCH_MAX_RSS_KB ${u.maxRSS}\\nBENCH_CPU_US ${u.userCPUTime + u.systemCPUTime}\\n`); } catch {} });',
)}`;

const hasGnuTime = existsSync(TIME);

function run(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; measure: boolean; timeoutMs?: number }): Promise<Measured> {
  const [cmd, argv] =
    opts.measure && hasGnuTime
      ? [TIME, ['-v', process.execPath, ...args]]
      : opts.measure
        ? [process.execPath, ['--import', RSS_HOOK, ...args]]
        : [process.execPath, args];
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 15 * 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? /BENCH_MAX_RSS_KB (\d+)/.exec(stderr)?.[1];
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
      const us = /BENCH_CPU_US (\d+)/.exec(stderr)?.[1];
      const cpuMs = user && system ? (Number(user) + Number(system)) * 1000 : us ? Number(us) / 1000 : undefined;
      resolvePromise({ code, wallMs, rssMb: kb ? Number(kb) / 1024 : undefined, cpuMs, stdout, stderr });
    });
  });
}

/**
 * The environment a CI job gives the CLI against an emulator: fake keys, nothing from this machine.
 * Both verifiers run without `NODE_EXTRA_CA_CERTS`: Node reads and parses that CA bundle before any
 * JavaScript runs (about 40 ms of every start on a machine that sets it), and a run against the
 * emulator speaks plain HTTP to loopback, so it would only measure the machine's bundle.
 */
function childEnv(endpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|NODE_COMPILE_CACHE$|NODE_DISABLE_COMPILE_CACHE$)/.test(k) && k !== 'FORCE_COLOR' && k !== 'NODE_EXTRA_CA_CERTS') env[k] = v;
  return { ...env, ...emulatorEnv(endpoint), AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', NO_COLOR: '1', NODE_COMPILE_CACHE: COMPILE_CACHE };
}

/**
 * The CLI's compile cache (bin/postflight.cjs) for the bench's runs: its own folder, emptied when
 * the bench starts, so the first runs fill it as a first run after install would. The cold runs
 * turn it off.
 */
const COMPILE_CACHE = join(RESULTS_DIR, 'compile-cache');
const COLD: NodeJS.ProcessEnv = { NODE_DISABLE_COMPILE_CACHE: '1' };

/** The run with the median wall time. */
const medianRun = <T extends { wallMs: number }>(runs: readonly T[]): T => [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]!;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * A copy of the built CLI (bin/, dist/ and package.json, in the same layout), so that a rebuild
 * of dist/ while the bench runs cannot pull the CLI out from under it.
 */
async function snapshotCli(): Promise<string> {
  const dest = join(RESULTS_DIR, 'cli');
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli.js'))) throw new Error('the compiled CLI is missing (dist/): run `npm run build` first');
  await rm(dest, { recursive: true, force: true });
  await cp(join(ROOT, 'bin'), join(dest, 'bin'), { recursive: true });
  await cp(join(ROOT, 'dist'), join(dest, 'dist'), { recursive: true });
  await cp(join(ROOT, 'package.json'), join(dest, 'package.json'));
  return join(dest, 'bin', 'postflight.cjs');
}

// ---------------------------------------------------------------------------------------------
// Bounds

/** `service:Action` as the proxy saw it. */
const actionOf = (c: ProxyCall) => `${c.service}:${c.action}`;

function byAction(calls: readonly ProxyCall[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[actionOf(c)] = (out[actionOf(c)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The fewest calls any verifier needs for the facts the checks read, per API action. Per-resource
 * APIs (no batch form): S3 bucket settings, Kinesis DescribeStreamSummary, KMS DescribeKey per
 * distinct key and GetKeyRotationStatus per key the outputs name. Batchable APIs: one paginated
 * call each (more only when the items exceed a page or a filter's value limit). Only actions
 * postflight made count: an action no selected check needs is no one's minimum.
 */
export function minimumCalls(c: Composition, used: ReadonlySet<string>): Record<string, number> {
  const pages = (items: number, perCall: number) => Math.max(1, Math.ceil(items / perCall));
  const table: Record<string, number> = {
    's3:GetBucketEncryption': c.bucket,
    's3:GetBucketLifecycleConfiguration': c.bucket,
    's3:GetBucketLocation': c.bucket,
    'kinesis:DescribeStreamSummary': c.stream,
    // Every key a resource uses is one the outputs name (keys are shared round-robin).
    'kms:DescribeKey': c.kmsKey,
    'kms:GetKeyRotationStatus': c.kmsKey,
    'ec2:DescribeSubnets': pages(c.subnet, 200),
    'ec2:DescribeVpcs': 1,
    'ec2:DescribeRouteTables': 1,
    'rds:DescribeDBInstances': pages(c.dbInstance + AURORA_MEMBERS * c.auroraCluster, 100),
    'rds:DescribeDBClusters': pages(c.auroraCluster, 100),
    'rds:DescribeDBSubnetGroups': 1,
    'elasticache:DescribeReplicationGroups': pages(c.cacheGroup, 100),
    'elasticache:DescribeCacheClusters': pages(CACHE_MEMBERS * c.cacheGroup, 100),
    'elasticache:DescribeCacheSubnetGroups': 1,
    's3:GetBucketVersioning': c.bucket,
    's3:GetPublicAccessBlock': c.bucket,
    // Messaging and logs: topics and queues per resource; log groups by their shared name prefix.
    'sns:GetTopicAttributes': c.topic,
    'sqs:GetQueueAttributes': c.queue,
    'logs:DescribeLogGroups': pages(c.logGroup, 50),
    // Compute and network: instances and their volumes by id filter (200 values), load balancers
    // 20 names a call, groups 50 a call; a launch template version has no batch form by id.
    'ec2:DescribeInstances': pages(c.instance, 200),
    'ec2:DescribeVolumes': pages(INSTANCE_VOLUMES * c.instance, 200),
    'elasticloadbalancing:DescribeLoadBalancers': pages(c.loadBalancer, 20),
    'autoscaling:DescribeAutoScalingGroups': pages(c.asg, 50),
    'ec2:DescribeLaunchTemplateVersions': c.asg,
    // Policies and listeners: a bucket's policy and a key's policy have no batch form; listeners
    // are listed per load balancer (DescribeListeners takes one LoadBalancerArn).
    's3:GetBucketPolicy': c.bucket,
    'kms:GetKeyPolicy': c.kmsKey,
    'elasticloadbalancing:DescribeListeners': c.loadBalancer,
  };
  const out: Record<string, number> = {};
  for (const a of used) out[a] = table[a] ?? 1;
  return out;
}

/**
 * The fewest dependent round trips any verifier needs: a resource, then the key it names
 * (S3 encryption → DescribeKey, Kinesis, RDS, Aurora and ElastiCache likewise). Everything else
 * can run alongside (Aurora members by a `db-cluster-id` filter, named keys' rotation); a listing
 * longer than a page adds its extra pages in sequence.
 */
export function criticalPath(c: Composition): { trips: number; chain: string } {
  const chains: Array<[number, string]> = [[1, 'one describe per API, all at once']];
  if (c.bucket) chains.push([2, 'S3 GetBucketEncryption → KMS DescribeKey']);
  if (c.stream) chains.push([2, 'Kinesis DescribeStreamSummary → KMS DescribeKey']);
  if (c.dbInstance) chains.push([2, 'RDS DescribeDBInstances → KMS DescribeKey']);
  // Members need not wait for their cluster: DescribeDBInstances takes a `db-cluster-id` filter.
  if (c.auroraCluster) chains.push([2, 'RDS DescribeDBClusters → KMS DescribeKey']);
  if (c.topic) chains.push([2, 'SNS GetTopicAttributes → KMS DescribeKey']);
  if (c.queue) chains.push([2, 'SQS GetQueueAttributes → KMS DescribeKey']);
  if (c.logGroup) chains.push([Math.ceil(c.logGroup / 50) + 1, 'CloudWatch Logs DescribeLogGroups (paged) → KMS DescribeKey']);
  if (c.cacheGroup) {
    const clusterPages = Math.ceil((CACHE_MEMBERS * c.cacheGroup) / 100);
    chains.push([Math.max(2, clusterPages + 1), 'ElastiCache DescribeCacheClusters → DescribeCacheSubnetGroups']);
  }
  if (c.instance) chains.push([3, 'EC2 DescribeInstances → DescribeVolumes → KMS DescribeKey']);
  if (c.asg) chains.push([3, 'Auto Scaling DescribeAutoScalingGroups → EC2 DescribeLaunchTemplateVersions → KMS DescribeKey']);
  const [trips, chain] = chains.reduce((a, b) => (b[0] > a[0] ? b : a));
  return { trips, chain };
}

// ---------------------------------------------------------------------------------------------
// One size

interface VerifierRun {
  wallMs: number;
  rssMb: number | undefined;
  calls: number;
  callsByAction: Record<string, number>;
  code: number | null;
  /** Mean time the emulator took per call (proxy time minus injected latency). */
  serviceMs: number;
  /** The same, per action. */
  serviceByAction: Record<string, number>;
  /** From spawning the process to its first AWS request. */
  firstCallMs: number;
  /** From spawning the process to the end of its last AWS answer. */
  lastAnswerMs: number;
  /** Time between the first request and the last answer with no request in flight. */
  idleMs: number;
  /** Calls answered from the proxy's recording (replay runs). */
  replayed: number;
  summary: string;
  /** Verdicts per check (pass, fail, error; skipped left out). */
  verdicts?: VerdictCounts;
  /** A run over accounts: each account's outcome. */
  accounts?: Array<{ id: string; status: string }>;
  /** CPU time the run took (user + system, ms): the verifier's, the emulators' and the proxy's (with the bench's bookkeeping). */
  cpu?: { verifierMs: number | undefined; emulatorsMs: number | undefined; proxyMs: number };
}

/**
 * What a run's CPU allows: the CPU time it took (the verifier's, the emulators' and the proxy's), and
 * the wall time no schedule could beat with that much work on `cores` cores.
 */
function cpuFloor(r: VerifierRun, cores: number): { verifierMs: number; emulatorsMs: number; proxyMs: number; totalMs: number; floorMs: number } | undefined {
  const c = r.cpu;
  if (!c || c.verifierMs === undefined || c.emulatorsMs === undefined) return undefined;
  const totalMs = c.verifierMs + c.emulatorsMs + c.proxyMs;
  return { verifierMs: c.verifierMs, emulatorsMs: c.emulatorsMs, proxyMs: c.proxyMs, totalMs, floorMs: totalMs / Math.max(1, cores) };
}

/** Clock ticks per second of /proc/<pid>/stat times. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, ms) the processes have used so far, from /proc; undefined where /proc cannot tell. */
function processCpuMs(pids: readonly number[]): number | undefined {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // The fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return undefined;
    }
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

/** When the calls ran, relative to the proxy's reset just before the process was spawned. */
function phases(
  calls: readonly ProxyCall[],
  latencyMs: number,
): Pick<VerifierRun, 'serviceMs' | 'serviceByAction' | 'firstCallMs' | 'lastAnswerMs' | 'idleMs' | 'replayed'> {
  if (calls.length === 0) return { serviceMs: 0, serviceByAction: {}, firstCallMs: NaN, lastAnswerMs: NaN, idleMs: 0, replayed: 0 };
  const spans = calls.map((c) => [c.at, c.at + c.ms] as const).sort((a, b) => a[0] - b[0]);
  let idle = 0;
  let reach = spans[0]![1];
  for (const [from, to] of spans) {
    if (from > reach) idle += from - reach;
    reach = Math.max(reach, to);
  }
  const sums = new Map<string, { total: number; n: number }>();
  for (const c of calls) {
    const e = sums.get(actionOf(c)) ?? { total: 0, n: 0 };
    e.total += Math.max(0, c.ms - latencyMs);
    e.n += 1;
    sums.set(actionOf(c), e);
  }
  return {
    serviceMs: calls.reduce((t, c) => t + Math.max(0, c.ms - latencyMs), 0) / calls.length,
    serviceByAction: Object.fromEntries([...sums].map(([a, e]) => [a, e.total / e.n])),
    firstCallMs: spans[0]![0],
    lastAnswerMs: reach,
    idleMs: idle,
    replayed: calls.filter((c) => c.replayed).length,
  };
}

/** A run that did not happen (the baseline at a size it was not asked for). */
const skippedRun = (latencyMs: number): VerifierRun => ({ wallMs: NaN, rssMb: undefined, calls: 0, callsByAction: {}, code: null, ...phases([], latencyMs), summary: 'not run' });

interface AccountsRuns {
  one: VerifierRun[];
  all: VerifierRun[];
  oneMedian: VerifierRun;
  allMedian: VerifierRun;
}

/** The many-accounts runs in one setup of the emulator. */
interface AccountsSetup {
  deploy: { seconds: number; calls: number };
  runs: AccountsRuns;
  /** Where the N-account run's verdicts are not N times the one account's (empty: they are). */
  differences: string[];
  /** Accounts the N-account run reached. */
  reached: number;
  /** The same runs with moto's answers replayed by the proxy, per account: latency alone. */
  replay?: AccountsRuns;
}

interface AccountsScenario {
  count: number;
  size: number;
  deploy: { seconds: number; calls: number };
  /** Against moto sharded by account (one moto_server per account), with the injected latency. */
  moto: AccountsRuns;
  /** Where the N-account run's verdicts are not N times the one account's (empty: they are). */
  differences: string[];
  /** Accounts the N-account run reached. */
  reached: number;
  /** The sharded runs again with moto's answers replayed by the proxy, per account: latency alone. */
  replay?: AccountsRuns;
  /** The same against one moto_server shared by every account (its requests queue), for comparison. */
  shared?: AccountsSetup;
}

interface SizeResult {
  size: number;
  composition: Composition;
  create: { seconds: number; calls: number };
  discovered: number;
  postflight: VerifierRun[];
  postflightMedian: VerifierRun;
  baseline: VerifierRun;
  probe?: VerifierRun & { concurrency: number };
  /** The same verifiers with every answer they had before replayed by the proxy: latency alone. */
  replay?: { postflight: VerifierRun[]; postflightMedian: VerifierRun; baseline: VerifierRun | undefined };
  /**
   * postflight with `--only` the baseline's checks (like for like), against moto and latency alone;
   * where its verdict counts differ from the baseline's, one line per check (empty: they agree).
   */
  like?: {
    postflight: VerifierRun[];
    postflightMedian: VerifierRun;
    replay?: VerifierRun[];
    replayMedian?: VerifierRun;
    differences: string[];
    replayDifferences: string[];
  };
  /** postflight, latency alone, with the compile cache off (as the first run after install). */
  cold?: VerifierRun[];
  /** Spawn → first request of the floor script (bench/floor.ts), and of postflight in the same turns, ms. */
  floor?: { floor: number[]; postflight: number[] };
  minimum: Record<string, number>;
  minimumTotal: number;
  critical: { trips: number; chain: string; ms: number };
}

async function runPostflight(
  proxy: AwsProxy,
  mode: ReplayMode,
  cli: string,
  source: string[],
  dir: string,
  latencyMs: number,
  extra: string[] = [],
  emulatorPids: readonly number[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<VerifierRun> {
  proxy.reset();
  proxy.setReplay(mode);
  const json = join(dir, 'postflight.json');
  const emulators0 = processCpuMs(emulatorPids);
  const proxy0 = process.cpuUsage();
  const m = await run(
    [cli, 'verify', ...source, '--endpoint-url', proxy.endpoint, '--no-color', '--junit', join(dir, 'junit.xml'), '--json', json, ...extra],
    { cwd: dir, env: { ...childEnv(proxy.endpoint), ...env }, measure: true },
  );
  const proxyUsage = process.cpuUsage(proxy0);
  const emulators1 = processCpuMs(emulatorPids);
  const cpu = {
    verifierMs: m.cpuMs,
    emulatorsMs: emulators0 !== undefined && emulators1 !== undefined ? emulators1 - emulators0 : undefined,
    proxyMs: (proxyUsage.user + proxyUsage.system) / 1000,
  };
  const calls = proxy.calls();
  let summary = `exit ${m.code}`;
  let verdicts: VerdictCounts | undefined;
  let accounts: VerifierRun['accounts'];
  try {
    const report = JSON.parse(await readFile(json, 'utf8')) as {
      results: Array<{ status: string; checkId: string }>;
      resources: unknown[];
      accounts?: Array<{ id: string; status: string }>;
    };
    const count = (s: string) => report.results.filter((r) => r.status === s).length;
    summary = `exit ${m.code}: ${report.resources.length} resources, ${report.results.length} results (${count('pass')} pass, ${count('fail')} fail, ${count('error')} error)`;
    verdicts = countVerdicts(report.results);
    if (report.accounts) accounts = report.accounts.map((a) => ({ id: a.id, status: a.status }));
  } catch {
    summary = `exit ${m.code}: no JSON report (${m.stderr.trim().split('\n').slice(-2).join(' ')})`;
  }
  await rm(json, { force: true });
  return {
    wallMs: m.wallMs,
    rssMb: m.rssMb,
    calls: calls.length,
    callsByAction: byAction(calls),
    code: m.code,
    ...phases(calls, latencyMs),
    summary,
    ...(verdicts ? { verdicts } : {}),
    ...(accounts ? { accounts } : {}),
    cpu,
  };
}

/**
 * Spawn → first request of the floor script (bench/floor.ts) through the proxy, latency alone,
 * `runs` times after two runs that fill its code cache, each taken in turn with one of `postflight`
 * (a function that runs it and returns its first request), so that both meet the machine in the
 * same moments; undefined when the stack has no bucket.
 */
async function floorRuns(
  proxy: AwsProxy,
  stack: BenchStack,
  dir: string,
  latencyMs: number,
  runs: number,
  postflight: () => Promise<number>,
): Promise<{ floor: number[]; postflight: number[] } | undefined> {
  const bucket = Object.values(stack.outputs)
    .flatMap((o) => Object.entries(o))
    .find(([k, v]) => k.endsWith('_bucket_name') && typeof v === 'string')?.[1] as string | undefined;
  if (bucket === undefined) return undefined;
  const script = await buildFloor(ROOT, join(dir, 'floor'));
  const out = { floor: [] as number[], postflight: [] as number[] };
  for (let i = 0; i < runs + 2; i++) {
    proxy.reset();
    proxy.setReplay('replay');
    const m = await run([script, bucket], { cwd: dir, env: childEnv(proxy.endpoint), measure: false });
    if (m.code !== 0) throw new Error(`the floor script exited ${m.code}: ${m.stderr.trim()}`);
    const first = phases(proxy.calls(), latencyMs).firstCallMs;
    if (!Number.isFinite(first)) throw new Error('the floor script exited 0 without a request reaching the proxy');
    if (i < 2) continue;
    const p = await postflight();
    if (!Number.isFinite(p)) throw new Error('postflight made no request in a run taken in turn with the floor script');
    out.floor.push(first);
    out.postflight.push(p);
  }
  return out;
}

async function runBaseline(proxy: AwsProxy, mode: ReplayMode, stack: BenchStack, dir: string, latencyMs: number): Promise<VerifierRun> {
  proxy.reset();
  proxy.setReplay(mode);
  const m = await run([BASELINE, '--outputs', stack.outputsPath, '--endpoint-url', proxy.endpoint], { cwd: dir, env: childEnv(proxy.endpoint), measure: true });
  const calls = proxy.calls();
  const line = m.stdout.trim().split('\n').pop() ?? '';
  let summary = `exit ${m.code}`;
  let verdicts: VerdictCounts | undefined;
  try {
    const r = JSON.parse(line) as { tests: number; failed: number; verdicts: VerdictCounts };
    summary = `exit ${m.code}: ${r.tests} tests, ${r.failed} failed`;
    verdicts = r.verdicts;
  } catch {
    summary = `exit ${m.code}: ${m.stderr.trim().split('\n').slice(-2).join(' ')}`;
  }
  return { wallMs: m.wallMs, rssMb: m.rssMb, calls: calls.length, callsByAction: byAction(calls), code: m.code, ...phases(calls, latencyMs), summary, ...(verdicts ? { verdicts } : {}) };
}

// ---------------------------------------------------------------------------------------------
// What loading the SDK costs

/** The SDK clients `verify` loads for a bench stack, EC2 last so shared modules count elsewhere. */
const SDK_CLIENTS = ['s3', 'kms', 'kinesis', 'rds', 'elasticache', 'sns', 'sqs', 'cloudwatch-logs', 'auto-scaling', 'elastic-load-balancing-v2', 'ec2'] as const;

interface SdkLoad {
  /** Import time of each client, after the ones before it (median of runs). */
  clients: Array<{ name: string; ms: number }>;
  totalMs: number;
  /** RSS of a Node process with every client loaded, and of a bare one. */
  rssMb: number;
  bareRssMb: number;
}

async function sdkLoad(env: NodeJS.ProcessEnv, runs = 3): Promise<SdkLoad | undefined> {
  // Loaded with require, as postflight loads them (src/collect/sdk.ts).
  const script = [
    "import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/');",
    'const out = []; const t0 = performance.now();',
    `for (const c of ${JSON.stringify(SDK_CLIENTS)}) { const t = performance.now(); require('@aws-sdk/client-' + c); out.push({ name: c, ms: performance.now() - t }); }`,
    'process.stdout.write(JSON.stringify({ clients: out, totalMs: performance.now() - t0, rssMb: process.memoryUsage().rss / 1048576 }));',
  ].join('\n');
  const samples: Array<Omit<SdkLoad, 'bareRssMb'>> = [];
  for (let i = 0; i < runs; i++) {
    const m = await run(['--no-warnings', '--input-type=module', '-e', script], { cwd: ROOT, env, measure: false });
    try {
      samples.push(JSON.parse(m.stdout) as Omit<SdkLoad, 'bareRssMb'>);
    } catch {
      return undefined;
    }
  }
  const bare = await run(['--input-type=module', '-e', 'process.stdout.write(String(process.memoryUsage().rss / 1048576))'], { cwd: ROOT, env, measure: false });
  return {
    clients: SDK_CLIENTS.map((name) => ({ name, ms: median(samples.map((s) => s.clients.find((c) => c.name === name)?.ms ?? 0)) })),
    totalMs: median(samples.map((s) => s.totalMs)),
    rssMb: median(samples.map((s) => s.rssMb)),
    bareRssMb: Number(bare.stdout),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

const fmtS = (ms: number) => (!Number.isFinite(ms) ? 'n/a' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`);
const fmtMb = (mb: number | undefined) => (mb === undefined ? 'n/a' : `${mb.toFixed(0)} MB`);
/** Peak RSS over runs: median, and the highest when it differs. */
const rssFigure = (runs: readonly VerifierRun[]) => {
  const xs = runs.map((r) => r.rssMb).filter((x): x is number => x !== undefined);
  if (xs.length === 0) return 'n/a';
  const hi = Math.max(...xs);
  const mid = median(xs);
  return Math.round(hi) === Math.round(mid) ? fmtMb(hi) : `${fmtMb(mid)} (max ${fmtMb(hi)})`;
};
const fmtX = (x: number) => `${x.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2)}×`;
const yes = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? '**met**' : '**not met**');

// ---------------------------------------------------------------------------------------------
// Targets

interface TargetRow {
  target: string;
  figure: string;
  /** Met or not; undefined when not measured; null for a figure with no target (reported only). */
  met: boolean | undefined | null;
}

const metText = (m: TargetRow['met']) => (m === null ? 'reported' : m === undefined ? 'not measured' : m ? 'yes' : 'no');

function targetRows(o: { results: SizeResult[]; version: { medianMs: number; coldMedianMs?: number }; accounts?: AccountsScenario; latencyMs: number; cores: number }): TargetRow[] {
  const { results } = o;
  const start = o.version.medianMs;
  const at = (n: number) => results.find((r) => r.size === n);
  const largest = results.reduce((a, b) => (b.size > a.size ? b : a));
  const r500 = at(500) ?? largest;
  // Speed-up, first request and idle time are judged at 100 resources, or the nearest size with a baseline.
  const withLike = results.filter((r) => r.like);
  const rLike = at(100)?.like ? at(100) : withLike.reduce<SizeResult | undefined>((a, b) => (!a || Math.abs(b.size - 100) < Math.abs(a.size - 100) ? b : a), undefined);
  const r100 = at(100) ?? rLike ?? largest;
  const rows: TargetRow[] = [];

  // 1. Like for like, latency alone.
  {
    const like = rLike?.like;
    const p = like?.replayMedian;
    const b = rLike?.replay?.baseline;
    const pm = like?.postflightMedian;
    const bm = rLike?.baseline;
    const diffs = [...(like?.differences ?? []), ...(like?.replayDifferences ?? [])];
    const total = Object.values(bm?.verdicts ?? {}).reduce((n, c) => n + c.pass + c.fail + c.error, 0);
    const x = p && b ? b.wallMs / p.wallMs : undefined;
    const onMoto = pm && bm && Number.isFinite(bm.wallMs) ? `; against moto ${fmtS(bm.wallMs)} / ${fmtS(pm.wallMs)} = ${fmtX(bm.wallMs / pm.wallMs)}` : '';
    rows.push({
      target: `postflight ≥ ${TARGETS.speedup}× faster than the baseline at ${rLike?.size ?? 100} resources, latency alone, the same ${BASELINE_CHECKS.length} checks on both sides`,
      figure:
        x !== undefined
          ? `${fmtS(b!.wallMs)} / ${fmtS(p!.wallMs)} = ${fmtX(x)}${onMoto}; ${diffs.length ? `verdicts DIFFER (${diffs.length} checks)` : `same verdicts (${total} over ${Object.keys(bm?.verdicts ?? {}).length} checks)`}`
          : 'not measured',
      met: x === undefined ? undefined : x >= TARGETS.speedup && diffs.length === 0,
    });
  }
  // 2. Spawn → first AWS request.
  {
    const runs = [...r100.postflight, ...(r100.replay?.postflight ?? []), ...(r100.like?.postflight ?? []), ...(r100.like?.replay ?? [])].map((r) => r.firstCallMs).filter(Number.isFinite);
    const cold = (r100.cold ?? []).map((r) => r.firstCallMs).filter(Number.isFinite);
    const floor = r100.floor;
    const m = runs.length ? median(runs) : undefined;
    rows.push({
      target: `Spawn → first AWS request ≤ ${TARGETS.firstCallMs} ms (\`postflight verify\`, ${r100.size} resources)`,
      figure:
        m === undefined
          ? 'not measured'
          : `${m.toFixed(0)} ms (median of ${runs.length} runs, ${Math.min(...runs).toFixed(0)}–${Math.max(...runs).toFixed(0)} ms)${cold.length ? `; without the compile cache, as the first run after install: ${median(cold).toFixed(0)} ms (median of ${cold.length})` : ''}${
              floor
                ? `; the floor, a script that only sends the same first request with the same SDK client, bundled and cached alike, taken in turns with ${floor.postflight.length} more runs of postflight: ${median(floor.floor).toFixed(0)} ms (${Math.min(...floor.floor).toFixed(0)}–${Math.max(...floor.floor).toFixed(0)} ms) against postflight's ${median(floor.postflight).toFixed(0)} ms (${Math.min(...floor.postflight).toFixed(0)}–${Math.max(...floor.postflight).toFixed(0)} ms), medians`
                : ''
            }`,
      met: m === undefined ? undefined : m <= TARGETS.firstCallMs,
    });
  }
  // 3. Peak RSS.
  {
    const xs = r500.postflight.map((x) => x.rssMb).filter((x): x is number => x !== undefined);
    const hi = xs.length ? Math.max(...xs) : undefined;
    rows.push({
      target: `Peak RSS ≤ ${TARGETS.rssMb} MB at ${r500.size} resources (every check)`,
      figure: hi === undefined ? 'not measured' : `${fmtMb(hi)} (the highest of ${xs.length} runs; median ${fmtMb(median(xs))})`,
      met: hi === undefined ? undefined : hi <= TARGETS.rssMb,
    });
  }
  // 4. Many accounts.
  {
    const a = o.accounts;
    const ratio = a ? a.moto.allMedian.wallMs / a.moto.oneMedian.wallMs : undefined;
    const ok = a ? a.differences.length === 0 && a.reached === a.count : false;
    rows.push({
      target: `${a?.count ?? 10} accounts × ${a?.size ?? 100} resources in one run ≤ ${TARGETS.accountsRatio}× the wall time of one account (against one moto per account, ${o.latencyMs} ms per request)`,
      figure: a
        ? `${fmtS(a.moto.allMedian.wallMs)} / ${fmtS(a.moto.oneMedian.wallMs)} = ${fmtX(ratio!)}; ${a.reached} of ${a.count} accounts reached, ${ok ? `verdicts ${a.count} × one account's` : 'verdicts DIFFER from the one account\'s'}${
            a.shared ? `; one moto shared by all: ${fmtS(a.shared.runs.allMedian.wallMs)} / ${fmtS(a.shared.runs.oneMedian.wallMs)} = ${fmtX(a.shared.runs.allMedian.wallMs / a.shared.runs.oneMedian.wallMs)}` : ''
          }${floorText(a.moto, a.count, o.cores)}`
        : 'not measured',
      met: a ? ratio! <= TARGETS.accountsRatio && ok : undefined,
    });
  }
  // 5. Idle time.
  {
    const p = rLike?.like?.replayMedian;
    const d = r100.replay?.postflightMedian;
    const share = (r: VerifierRun) => `${fmtS(r.idleMs)} of a ${fmtS(r.lastAnswerMs - r.firstCallMs)} AWS phase (${((100 * r.idleMs) / Math.max(1, r.lastAnswerMs - r.firstCallMs)).toFixed(0)}%)`;
    rows.push({
      target: `Idle time: nothing in flight between the first request and the last answer, latency alone, ${r100.size} resources`,
      figure: p || d ? [p ? `baseline's checks: ${share(p)}` : '', d ? `every check: ${share(d)}` : ''].filter(Boolean).join('; ') : 'not measured',
      met: null,
    });
  }
  // The earlier targets, still measured.
  {
    const callsOk = r500.postflightMedian.calls <= TARGETS.callsRatio * r500.minimumTotal;
    rows.push({
      target: `API calls ≤ ${TARGETS.callsRatio}× the minimum at ${r500.size} resources`,
      figure: `${r500.postflightMedian.calls} / ${r500.minimumTotal} = ${fmtX(r500.postflightMedian.calls / r500.minimumTotal)}`,
      met: callsOk,
    });
    const ratio = (r: SizeResult) => (r.replay?.postflightMedian ?? r.postflightMedian).wallMs / (r.critical.ms + start);
    rows.push({
      target: `Within ${TARGETS.boundRatio}× of the critical-path bound + process start, every size (latency alone where measured)`,
      figure: results.map((r) => `${r.size}: ${fmtX(ratio(r))}`).join(', '),
      met: results.every((r) => ratio(r) <= TARGETS.boundRatio),
    });
    const cold = o.version.coldMedianMs === undefined ? '' : `; ${o.version.coldMedianMs.toFixed(0)} ms without the compile cache`;
    rows.push({ target: `\`postflight --version\` < ${TARGETS.versionMs} ms`, figure: `${o.version.medianMs.toFixed(0)} ms${cold}`, met: o.version.medianMs < TARGETS.versionMs });
  }
  return rows;
}

/** The targets as a plain-text table, for the console. */
function targetsText(rows: readonly TargetRow[]): string {
  const w = [Math.max(6, ...rows.map((r) => r.target.length)), Math.max(6, ...rows.map((r) => r.figure.length))];
  const line = (a: string, b: string, c: string) => `${a.padEnd(w[0]!)}  ${b.padEnd(w[1]!)}  ${c}`;
  return [line('Target', 'Figure', 'Met'), line('-'.repeat(w[0]!), '-'.repeat(w[1]!), '---'), ...rows.map((r) => line(r.target, r.figure, metText(r.met)))].join('\n');
}

/** What the N-account run's CPU allows on this machine, as a clause of the target's figure. */
function floorText(r: AccountsRuns, count: number, cores: number): string {
  const f = cpuFloor(r.allMedian, cores);
  if (!f) return '';
  return `; the ${count}-account run took ${fmtS(f.totalMs)} of CPU (postflight ${fmtS(f.verifierMs)}, the emulators ${fmtS(f.emulatorsMs)}, the proxy ${fmtS(f.proxyMs)}), so on ${cores} cores no run of it can take less than ${fmtS(f.floorMs)}: ${fmtX(f.floorMs / r.oneMedian.wallMs)} the one account's wall at best`;
}

/** The section of BENCHMARKS.md for the many-accounts scenario. */
function accountsMarkdown(a: AccountsScenario, latencyMs: number, cores: number): string[] {
  const row = (label: string, r: AccountsRuns | undefined) => {
    if (!r) return '';
    const f = cpuFloor(r.allMedian, cores);
    const cpu = f ? `${fmtS(f.verifierMs)} + ${fmtS(f.emulatorsMs)} + ${fmtS(f.proxyMs)} = ${fmtS(f.totalMs)}` : 'n/a';
    const floor = f ? `${fmtS(f.floorMs)} (${fmtX(f.floorMs / r.oneMedian.wallMs)})` : 'n/a';
    return `| ${label} | ${fmtS(r.oneMedian.wallMs)} | ${r.oneMedian.calls} | ${fmtS(r.allMedian.wallMs)} | ${r.allMedian.calls} | ${fmtX(r.allMedian.wallMs / r.oneMedian.wallMs)} | ${fmtS(r.allMedian.idleMs)} | ${fmtMb(r.allMedian.rssMb)} | ${cpu} | ${floor} |`;
  };
  const verdicts = (differences: readonly string[], reached: number) =>
    `${reached} of ${a.count} accounts reached; ${differences.length ? `the verdicts differ from ${a.count} times the one account's: ${differences.join('; ')}` : `the verdicts are ${a.count} times the one account's`}`;
  const shared = a.shared;
  return [
    `## ${a.count} accounts`,
    '',
    `The ${a.size}-resource bench stack deployed into ${a.count} accounts (${a.deploy.calls} requests, ${a.deploy.seconds.toFixed(0)} s), each account reached through its own role (config \`accounts\`, STS AssumeRole), every check at its defaults. One \`postflight verify\` over all ${a.count} accounts against one over the first account alone, through the same proxy (${latencyMs} ms per request), alternated, median of ${a.moto.one.length} runs each.`,
    '',
    `**moto is sharded per account**: one moto_server answers one request at a time, so ${a.count} accounts in one emulator queue behind each other, which AWS, serving each account apart, does not do. So each account has its own moto_server, and the proxy sends each request to its account's: by the access key that signed it, learnt from the STS AssumeRole answers it relays (AssumeRole itself goes to the emulator of the role's account, which so issues the keys it then honours). The one-account run goes through the same sharded proxy (it reaches one shard), so the ratio is like for like. ${verdicts(a.differences, a.reached)}.${
      shared
        ? ` For comparison, every account in one shared moto_server (deployed in ${shared.deploy.seconds.toFixed(0)} s): its service time adds up over the ${a.count} accounts' calls; ${verdicts(shared.differences, shared.reached)}.`
        : ''
    }${
      a.replay
        ? ` "Latency alone": the sharded runs again, moto's answers recorded during them and replayed by the proxy after the injected latency, keyed by account (median of ${a.replay.one.length} runs each): what is left without the emulators' service time (the ${a.count} moto_servers share this machine's cores).`
        : ''
    }`,
    '',
    `CPU is counted for the ${a.count}-account run: postflight's (user + system, from GNU time), the emulators' (from /proc, summed over the moto_servers) and the proxy's (the bench process, which runs it). That much work cannot finish on this machine's ${cores} cores in less than the total over ${cores}: the floor, and in brackets the floor over the one account's wall, the best ratio this machine allows whatever the verifier does.`,
    '',
    `| moto | 1 account wall | calls | ${a.count} accounts wall | calls | ratio | nothing in flight (${a.count} accounts) | peak RSS (${a.count} accounts) | CPU, ${a.count} accounts: postflight + emulators + proxy | floor on ${cores} cores (ratio) |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    row('one per account (the target)', a.moto),
    ...(a.replay ? [row('one per account, latency alone', a.replay)] : []),
    ...(shared ? [row('one shared by all', shared.runs)] : []),
    '',
  ];
}

interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  moto: string;
  /** 1-minute load average when the bench started and when it ended. */
  load: [number, number];
}

/**
 * The Drift section is written by `npm run bench:drift` (bench/drift.ts), a run of its own: this
 * bench rewrites everything else and carries that section over unchanged.
 */
async function keepDriftSection(outFile: string, doc: string): Promise<string> {
  let old = '';
  try {
    old = await readFile(outFile, 'utf8');
  } catch {
    return doc;
  }
  const section = driftSection(old);
  return section ? withSection(doc, section) : doc;
}

function renderMarkdown(o: {
  machine: Machine;
  date: string;
  command: string;
  latencyMs: number;
  repeat: number;
  version: { medianMs: number; runs: number[]; coldMedianMs?: number; coldRuns?: number[] };
  results: SizeResult[];
  sdk: SdkLoad | undefined;
  state?: StateScenario;
  accounts?: AccountsScenario;
  /** How long the whole bench took. */
  benchSeconds?: number;
}): string {
  const { results, latencyMs } = o;
  const start = o.version.medianMs;
  const largest = results.reduce((a, b) => (b.size > a.size ? b : a));
  const boundOf = (r: SizeResult) => r.critical.ms + start;

  const lines: string[] = [];
  lines.push('# Benchmarks', '');
  lines.push(
    'postflight against a hand-written integration suite (the **baseline**, `bench/baseline.ts`: one test per resource, its SDK calls one after another, as Jest suites written after `cdktf deploy` do), verifying the same compliant stacks in a local AWS emulator (moto). Every request goes through a proxy that adds a fixed latency, as every request to AWS pays a round trip. Both verifiers run as child processes, without `NODE_EXTRA_CA_CERTS` (Node parses that CA bundle before any JavaScript runs, about 40 ms of every start where it is set; these runs speak plain HTTP to loopback); calls are counted at the proxy (retries included).',
    '',
  );
  lines.push(
    `- Machine: ${o.machine.cpu}, ${o.machine.cores} cores, ${o.machine.memoryGb.toFixed(0)} GB memory; Node ${o.machine.node}; ${o.machine.moto}. Load average (1 min) ${o.machine.load[0].toFixed(2)} at the start, ${o.machine.load[1].toFixed(2)} at the end; the emulator, the proxy and the verifier share the cores.${
      Math.max(...o.machine.load) > o.machine.cores ? ' **The load exceeded the core count: the bench\'s own emulators (one per account in the accounts scenario) count in it, and so would any other work on the machine; where other work ran, the timings are inflated by it.**' : ''
    }`,
  );
  lines.push(`- Date: ${o.date}`);
  lines.push(`- Command: \`${o.command}\`${o.benchSeconds ? ` (${(o.benchSeconds / 60).toFixed(1)} min, deploying included)` : ''}`);
  lines.push(
    `- Injected latency: ${latencyMs} ms per request. postflight: median of ${o.repeat} run(s) at its defaults (${DEFAULT_CONCURRENCY} calls in flight); baseline: one run.`,
  );
  lines.push(`- Process start (\`postflight --version\`): median ${o.version.medianMs.toFixed(0)} ms of ${o.version.runs.length} runs.`, '');

  lines.push('## Results', '');
  lines.push(
    `| Resources | postflight wall | postflight wall, the baseline's ${BASELINE_CHECKS.length} checks | baseline wall | Speed-up (same checks) | postflight calls | minimum calls | calls / minimum | baseline calls | critical path + start | postflight / bound | postflight peak RSS (median of runs) | baseline peak RSS |`,
  );
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const p = r.postflightMedian;
    const l = r.like?.postflightMedian;
    lines.push(
      `| ${r.size} | ${fmtS(p.wallMs)} | ${l ? fmtS(l.wallMs) : 'n/a'} | ${fmtS(r.baseline.wallMs)} | ${l && Number.isFinite(r.baseline.wallMs) ? fmtX(r.baseline.wallMs / l.wallMs) : 'n/a'} | ${p.calls} | ${r.minimumTotal} | ${fmtX(p.calls / r.minimumTotal)} | ${Number.isFinite(r.baseline.wallMs) ? r.baseline.calls : 'n/a'} | ${fmtS(boundOf(r))} (${r.critical.trips} × ${latencyMs} ms + ${start.toFixed(0)} ms) | ${fmtX(p.wallMs / boundOf(r))} | ${rssFigure(r.postflight)} | ${fmtMb(r.baseline.rssMb)} |`,
    );
  }
  lines.push('');
  lines.push(
    `The first postflight column runs every check (its defaults); the second runs \`--only\` the ${BASELINE_CHECKS.length} checks the baseline implements (listed once, in \`bench/checks.ts\`), which the speed-up compares, and the bench holds both sides to the same verdict counts per check.`,
    '',
  );

  lines.push('## Targets', '');
  lines.push(
    `Each target's figure and whether it is met, from this run; ratios are against baselines measured in the same run. "Latency alone": moto's answers recorded, then replayed by the proxy after the injected latency without moto (see [Latency alone](#latency-alone)).`,
    '',
  );
  lines.push('| Target | Figure | Met |', '|---|---|---|');
  for (const t of targetRows({ results, version: o.version, ...(o.accounts ? { accounts: o.accounts } : {}), latencyMs, cores: o.machine.cores })) {
    lines.push(`| ${t.target} | ${t.figure} | ${t.met === null ? 'reported' : yes(t.met)} |`);
  }
  lines.push('');
  if (o.accounts) lines.push(...accountsMarkdown(o.accounts, latencyMs, o.machine.cores));
  const hasReplay = results.some((r) => r.replay);

  lines.push('## Where the time goes', '');
  lines.push(
    `The critical-path bound is what no verifier can beat: the longest chain of calls that depend on each other (${results[0]?.critical.chain ?? ''}: ${results[0]?.critical.trips ?? 2} round trips), times the latency, plus starting the process. postflight's own run splits into: spawn to its first AWS request (Node start, loading the CLI, config, checks and SDK clients, reading and discovering the outputs); the AWS phase (first request to last answer), with the part of it when no request was in flight, i.e. the process was busy on its one thread; and last answer to exit (evaluating, rendering and writing reports). "Emulator busy" is the time moto itself spent on postflight's calls (each action's service time as measured in the baseline's one-at-a-time run, at the nearest size the baseline ran, summed): moto does its work on one core at a time (Python's global interpreter lock), so its service time adds up however many calls are in flight, and no verifier finishes sooner against it. The floor is the largest of the three limits plus process start.`,
    '',
  );
  lines.push(
    `| Resources | postflight wall | spawn → first request | AWS phase | of which nothing in flight | last answer → exit | critical path + start | emulator busy (≈) | calls ÷ ${DEFAULT_CONCURRENCY} in flight × latency | floor: the largest of the three + start | postflight / floor |${results.some((r) => r.probe) ? ' at higher concurrency |' : ''}`,
  );
  lines.push(`|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|${results.some((r) => r.probe) ? '---:|' : ''}`);
  for (const r of results) {
    const p = r.postflightMedian;
    // moto's own time per call, as the baseline's one-at-a-time run measured it (at the nearest size it ran).
    const serviceBy = (results.filter((x) => Number.isFinite(x.baseline.wallMs)).sort((a, b) => Math.abs(a.size - r.size) - Math.abs(b.size - r.size))[0] ?? r).baseline.serviceByAction;
    const busy = Object.entries(p.callsByAction).reduce((t, [a, n]) => t + n * (serviceBy[a] ?? p.serviceByAction[a] ?? 0), 0);
    const queue = Math.ceil(p.calls / DEFAULT_CONCURRENCY) * latencyMs;
    const floor = Math.max(r.critical.ms, busy, queue) + start;
    lines.push(
      `| ${r.size} | ${fmtS(p.wallMs)} | ${fmtS(p.firstCallMs)} | ${fmtS(p.lastAnswerMs - p.firstCallMs)} | ${fmtS(p.idleMs)} | ${fmtS(p.wallMs - p.lastAnswerMs)} | ${fmtS(boundOf(r))} | ${fmtS(busy)} | ${fmtS(queue)} | ${fmtS(floor)} | ${fmtX(p.wallMs / floor)} |${results.some((x) => x.probe) ? ` ${r.probe ? `${fmtS(r.probe.wallMs)} (\`--concurrency ${r.probe.concurrency}\`)` : ''} |` : ''}`,
    );
  }
  lines.push('');
  if (o.sdk) {
    lines.push(
      `Loading the AWS SDK clients a run against these stacks needs, with \`require\` as postflight loads them, in a bare Node process (median of 3): ${o.sdk.clients.map((c) => `${c.name} ${c.ms.toFixed(0)} ms`).join(', ')} — ${o.sdk.totalMs.toFixed(0)} ms in all (each after the ones before it, so shared modules count once, in the first). RSS with all of them loaded: ${o.sdk.rssMb.toFixed(0)} MB, against ${o.sdk.bareRssMb.toFixed(0)} MB for bare Node.`,
      '',
    );
  }

  if (hasReplay) {
    lines.push('## Latency alone', '');
    lines.push(
      `moto does each request's work in turn, so against it every verifier also pays moto's service time, summed. To see each verifier with the injected latency alone, as against a service that answers in parallel, the proxy records moto's answers during the measured runs above and then replays them: the same runs again, each answer after ${latencyMs} ms without asking moto (postflight: median of ${Math.min(o.repeat, 3)} runs; baseline: one run).`,
      '',
    );
    lines.push('| Resources | postflight checks | postflight wall | baseline wall | Speed-up | critical path + start | postflight / bound | spawn → first request | AWS phase | of which nothing in flight | last answer → exit | calls replayed (postflight, baseline) |');
    lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of results) {
      const rows: Array<[string, VerifierRun | undefined, VerifierRun | undefined]> = [
        ['every check', r.replay?.postflightMedian, undefined],
        [`the baseline's ${BASELINE_CHECKS.length}`, r.like?.replayMedian, r.replay?.baseline],
      ];
      for (const [label, p, b] of rows) {
        if (!p) continue;
        lines.push(
          `| ${r.size} | ${label} | ${fmtS(p.wallMs)} | ${b ? fmtS(b.wallMs) : 'n/a'} | ${b ? fmtX(b.wallMs / p.wallMs) : 'n/a'} | ${fmtS(boundOf(r))} | ${fmtX(p.wallMs / boundOf(r))} | ${fmtS(p.firstCallMs)} | ${fmtS(p.lastAnswerMs - p.firstCallMs)} | ${fmtS(p.idleMs)} | ${fmtS(p.wallMs - p.lastAnswerMs)} | ${p.replayed}/${p.calls}, ${b ? `${b.replayed}/${b.calls}` : 'n/a'} |`,
        );
      }
    }
    lines.push('');
  }

  lines.push(`## API calls by action at ${largest.size} resources`, '');
  lines.push(`| Action | postflight | minimum | baseline${Number.isFinite(largest.baseline.wallMs) ? '' : ' (not run at this size)'} |`, '|---|---:|---:|---:|');
  const actions = new Set([...Object.keys(largest.postflightMedian.callsByAction), ...Object.keys(largest.baseline.callsByAction)]);
  for (const a of [...actions].sort()) {
    lines.push(`| \`${a}\` | ${largest.postflightMedian.callsByAction[a] ?? 0} | ${largest.minimum[a] ?? '–'} | ${largest.baseline.callsByAction[a] ?? 0} |`);
  }
  lines.push('');

  const above = results.flatMap((r) =>
    Object.entries(r.postflightMedian.callsByAction)
      .filter(([a, n]) => n > (r.minimum[a] ?? 0))
      .map(([a, n]) => `${r.size} resources: \`${a}\` ${n} (minimum ${r.minimum[a] ?? 0})`),
  );
  if (above.length) {
    lines.push(`Calls above the minimum, any size: ${above.join('; ')}.`, '');
  }

  if (o.state) lines.push(...stateMarkdown(o.state, latencyMs));

  lines.push('## Stacks', '');
  lines.push('| Resources | buckets | subnets (+1 VPC) | streams | RDS instances | Aurora clusters (2 members) | ElastiCache groups (2 members) | KMS keys | SNS topics | SQS queues | log groups | EC2 instances (2 volumes) | load balancers | Auto Scaling groups (+ template) | created in | postflight result | baseline result |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const r of results) {
    const c = r.composition;
    lines.push(
      `| ${r.size} | ${c.bucket} | ${c.subnet} | ${c.stream} | ${c.dbInstance} | ${c.auroraCluster} | ${c.cacheGroup} | ${c.kmsKey} | ${c.topic ?? 0} | ${c.queue ?? 0} | ${c.logGroup ?? 0} | ${c.instance ?? 0} | ${c.loadBalancer ?? 0} | ${c.asg ?? 0} | ${r.create.seconds.toFixed(1)} s (${r.create.calls} requests) | ${r.postflightMedian.summary} | ${r.baseline.summary} |`,
    );
  }
  lines.push('');
  lines.push('## Method', '');
  lines.push(
    '- Stacks: `bench/stack.ts` deploys each one straight into moto (reset between sizes, so each stack has the account to itself) with parallel requests, and writes the CDKTF-shaped outputs file (`{ "BenchStack": { … } }`) to `bench/results/`. Buckets use SSE-KMS with a customer key and a lifecycle rule; streams use KMS; databases, Aurora clusters and caches are encrypted with a customer key and span two AZs; keys rotate; buckets are versioned, expire old versions and block public access; databases keep 7 days of backups, are private and deletion-protected; SNS topics, SQS queues (named by URLs on the AWS host) and log groups (with a retention) use a customer key. postflight discovers every resource from the outputs alone.',
    '- postflight: `node bin/postflight.cjs verify --outputs <file> --endpoint-url <proxy> --no-color`, with fake credentials in the environment, at its defaults; the bench runs a copy of the built CLI (`bin/`, `dist/`) taken when it starts, in `bench/results/cli/`. Baseline: `bench/baseline.ts` with the SDK\'s default client settings.',
    '- Wall time: from spawning the process to its exit, so it includes Node start, loading, and writing reports. Peak memory: the child\'s maximum resident set size (GNU `time -v`).',
    '- Minimum calls: per-resource calls AWS offers no batch form for (S3 bucket settings and policy per bucket, Kinesis `DescribeStreamSummary` per stream, KMS `DescribeKey` per distinct key, `GetKeyRotationStatus` and `GetKeyPolicy` per named key, ELBv2 `DescribeListeners` per load balancer), plus one paginated call per batchable API (more only past a page or a filter\'s value limit). Only APIs postflight called count, as those are the facts its checks read.',
    `- Like for like: the baseline records one verdict per check and resource under postflight's check ids; the ${BASELINE_CHECKS.length} checks it implements are listed once, in \`bench/checks.ts\`, and postflight runs with \`--only\` that list beside it. The bench compares the verdict counts per check (pass, fail, error; postflight's skipped results, which judge nothing, left out) and exits 1 when they differ.`,
    '- Compile cache: the CLI compiles its bundle with V8\'s code cache (`bin/postflight.cjs`), kept here in the bench\'s own folder (`bench/results/compile-cache/`), emptied when the bench starts. The first runs fill it, as a user\'s first run does; the measured runs use it, as every later run does. The figures "without the compile cache" turn it off (`NODE_DISABLE_COMPILE_CACHE=1`): a first run after install.',
    '- The first-request floor (`bench/floor.ts`): a script that does nothing but send the request postflight sends first (S3 GetBucketEncryption of one of the stack\'s buckets) with the same AWS SDK client, bundled as the CLI is (esbuild, tree-shaken to the one command, one CommonJS file) and loaded with V8\'s code cache as the CLI\'s chunks are, through the same proxy, after two runs that fill its cache, each run taken in turn with one of `postflight verify --only <the baseline\'s checks>` (latency alone), so that both meet the machine in the same moments. It has no command line, config, checks or outputs file to read: its figure is Node\'s start plus the SDK\'s first request, what is left of "spawn → first request" for any verifier on this machine.',
    '- Spawn → first request: from the proxy\'s reset just before the spawn to the first request it receives. Nothing in flight: the gaps between the first request and the last answer with no request open at the proxy.',
    '- Accounts: one moto_server per account (`bench/accounts.ts`), as one moto_server answers one request at a time; the proxy routes each request to its account\'s moto by the access key that signed it (learnt from the AssumeRole answers it relays; AssumeRole by the role\'s account; other keys to the first account\'s moto). Each account\'s stack is deployed into its moto with credentials from an AssumeRole into that account (moto keys its state by the caller\'s account, and assumes any role while IAM is not enforced); postflight reaches each through `arn:aws:iam::<id>:role/postflight-audit` from the config\'s `accounts`, with the outputs file of its stack. Then the same in one moto shared by all accounts, for comparison.',
    '- Critical-path bound: the longest chain of dependent round trips times the injected latency, plus process start (`postflight --version`).',
    '- Options: `--sizes 10,100,500`, `--latency <ms>` (50), `--repeat <n>` postflight runs per size (3), `--version-runs <n>` (9), `--probe <n>` one more postflight run at the largest size with `--concurrency <n>` (64; 0 skips it), `--cli <path>` (bin/postflight.cjs), `--out <file>` (BENCHMARKS.md), `--baseline-sizes <list>` sizes the baseline (and postflight with its checks) runs at (default: those up to 100), `--skip-baseline`, `--skip-replay`, `--accounts <n>` accounts in the many-accounts run (10; 0 skips it), `--account-size <n>` resources per account (100), `--skip-shared-accounts` (no comparison run with one moto shared by the accounts). Raw figures: `bench/results/bench-<time>.json`; `--render <that file>` rewrites the Markdown from them.',
    '',
  );
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------

async function machine(): Promise<Machine> {
  const c = cpus();
  let moto = 'moto (version unknown)';
  try {
    const m = await new Promise<string>((res) => {
      const child = spawn('python3', ['-c', 'import moto; print(moto.__version__)'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', () => res(out.trim()));
      child.on('error', () => res(''));
    });
    if (m) moto = `moto ${m}`;
  } catch {
    // keep the unknown version
  }
  const l = loadavg()[0] ?? 0;
  return { cpu: c[0]?.model.trim() ?? 'unknown CPU', cores: c.length, memoryGb: totalmem() / 1024 ** 3, node: process.version, moto, load: [l, l] };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      latency: { type: 'string' },
      repeat: { type: 'string' },
      'version-runs': { type: 'string' },
      cli: { type: 'string' },
      probe: { type: 'string' },
      out: { type: 'string' },
      'skip-baseline': { type: 'boolean' },
      'baseline-sizes': { type: 'string' },
      accounts: { type: 'string' },
      'account-size': { type: 'string' },
      'skip-replay': { type: 'boolean' },
      'skip-shared-accounts': { type: 'boolean' },
      render: { type: 'string' },
    },
  });
  if (values.render) {
    // Rewrite the Markdown from a run's raw figures, without measuring again.
    const saved = JSON.parse(await readFile(resolve(values.render), 'utf8')) as Parameters<typeof renderMarkdown>[0];
    // The minimum is derived from the stack and the actions made: computed again, as this bench counts it.
    for (const r of saved.results) {
      r.minimum = minimumCalls(r.composition, new Set(Object.keys(r.postflightMedian.callsByAction)));
      r.minimumTotal = Object.values(r.minimum).reduce((a, b) => a + b, 0);
    }
    const outFile = resolve(ROOT, values.out ?? 'BENCHMARKS.md');
    await writeFile(outFile, await keepDriftSection(outFile, renderMarkdown(saved)));
    process.stdout.write(`wrote ${relative(ROOT, outFile)} from ${values.render}\n`);
    return;
  }
  const sizes = parseSizes(values.sizes);
  const latencyMs = values.latency === undefined ? 50 : Number(values.latency);
  const repeat = values.repeat === undefined ? 3 : Number(values.repeat);
  const versionRuns = values['version-runs'] === undefined ? 9 : Number(values['version-runs']);
  const probe = values.probe === undefined ? 64 : Number(values.probe);
  const accountCount = values.accounts === undefined ? 10 : Number(values.accounts);
  const accountSize = values['account-size'] === undefined ? 100 : Number(values['account-size']);
  // The baseline runs at the sizes asked for (default: those up to 100 resources, where the speed-up is judged).
  const baselineSizes = values['skip-baseline']
    ? []
    : values['baseline-sizes'] === undefined
      ? sizes.filter((n) => n <= 100)
      : values['baseline-sizes'] === ''
        ? []
        : parseSizes(values['baseline-sizes']);
  for (const [name, v] of [
    ['--accounts', accountCount],
    ['--account-size', accountSize],
    ['--latency', latencyMs],
    ['--repeat', repeat],
    ['--version-runs', versionRuns],
    ['--probe', probe],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || (name !== '--latency' && name !== '--probe' && name !== '--accounts' && v < 1)) throw new Error(`${name} takes a whole number, not "${String(v)}"`);
  }
  await mkdir(RESULTS_DIR, { recursive: true });
  await rm(COMPILE_CACHE, { recursive: true, force: true });
  const cli = values.cli ? resolve(ROOT, values.cli) : await snapshotCli();
  const outFile = resolve(ROOT, values.out ?? 'BENCHMARKS.md');
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const benchStarted = performance.now();

  const info = await machine();
  log(`bench: ${info.cpu}, ${info.cores} cores, Node ${info.node}, ${info.moto}; latency ${latencyMs} ms; sizes ${sizes.join(', ')}`);

  const moto = await startMoto();
  const proxy = await startAwsProxy({ target: moto.endpoint, latencyMs });
  const results: SizeResult[] = [];
  const versionRunsMs: number[] = [];
  const coldVersionMs: number[] = [];
  let sdk: SdkLoad | undefined;
  let state: StateScenario | undefined;
  let accounts: AccountsScenario | undefined;
  try {
    // Process start: `postflight --version`, as a user's shell runs it.
    const probeEnv = childEnv(proxy.endpoint);
    await run([cli, '--version'], { cwd: RESULTS_DIR, env: probeEnv, measure: false }); // warm the file cache
    for (let i = 0; i < versionRuns; i++) {
      const m = await run([cli, '--version'], { cwd: RESULTS_DIR, env: probeEnv, measure: false });
      if (m.code !== 0) throw new Error(`postflight --version exited ${m.code}: ${m.stderr.trim()}`);
      versionRunsMs.push(m.wallMs);
    }
    log(`postflight --version: median ${median(versionRunsMs).toFixed(0)} ms`);
    for (let i = 0; i < 5; i++) {
      const m = await run([cli, '--version'], { cwd: RESULTS_DIR, env: { ...probeEnv, ...COLD }, measure: false });
      if (m.code !== 0) throw new Error(`postflight --version exited ${m.code}: ${m.stderr.trim()}`);
      coldVersionMs.push(m.wallMs);
    }
    log(`postflight --version without the compile cache: median ${median(coldVersionMs).toFixed(0)} ms`);
    sdk = await sdkLoad(probeEnv);
    if (sdk) log(`SDK clients: ${sdk.totalMs.toFixed(0)} ms to load, ${sdk.rssMb.toFixed(0)} MB RSS`);

    for (const size of sizes) {
      await moto.reset();
      const stack = await deployBenchStack({ endpoint: moto.endpoint, size });
      log(`${size}: deployed ${stack.createCalls} requests in ${stack.createSeconds.toFixed(1)} s -> ${relative(ROOT, stack.outputsPath)}`);
      const dir = join(RESULTS_DIR, `run-${size}`);
      await mkdir(dir, { recursive: true });

      const disc = await run([cli, 'discover', '--outputs', stack.outputsPath, '--json'], { cwd: dir, env: childEnv(proxy.endpoint), measure: false });
      let discovered = -1;
      try {
        discovered = (JSON.parse(disc.stdout) as { resources: unknown[] }).resources.length;
      } catch {
        log(`${size}: postflight discover failed: ${disc.stderr.trim()}`);
      }
      if (discovered !== size) log(`${size}: WARNING postflight discovered ${discovered} of ${size} resources`);

      // Measured runs, against moto, with the proxy recording the answers for the replay runs.
      const source = ['--outputs', stack.outputsPath];
      const withBaseline = baselineSizes.includes(size);
      proxy.clearRecording();
      const runs: VerifierRun[] = [];
      for (let i = 0; i < repeat; i++) {
        const r = await runPostflight(proxy, 'record', cli, source, dir, latencyMs);
        runs.push(r);
        log(`${size}: postflight ${fmtS(r.wallMs)}, ${r.calls} calls, ${fmtMb(r.rssMb)}, first request ${fmtS(r.firstCallMs)} (${r.summary})`);
      }
      const med = medianRun(runs);
      let probeRun: (VerifierRun & { concurrency: number }) | undefined;
      if (probe > 0 && size === Math.max(...sizes)) {
        probeRun = { ...(await runPostflight(proxy, 'record', cli, source, dir, latencyMs, ['--concurrency', String(probe)])), concurrency: probe };
        log(`${size}: postflight --concurrency ${probe}: ${fmtS(probeRun.wallMs)}, ${probeRun.calls} calls`);
      }
      // Like for like: postflight with the baseline's checks only, and the baseline.
      const likeRuns: VerifierRun[] = [];
      if (withBaseline) {
        for (let i = 0; i < Math.min(repeat, 3); i++) {
          const r = await runPostflight(proxy, 'record', cli, source, dir, latencyMs, LIKE_FOR_LIKE);
          likeRuns.push(r);
          log(`${size}: postflight --only <the baseline's ${BASELINE_CHECKS.length} checks> ${fmtS(r.wallMs)}, ${r.calls} calls (${r.summary})`);
        }
      }
      const baseline: VerifierRun = withBaseline ? await runBaseline(proxy, 'record', stack, dir, latencyMs) : skippedRun(latencyMs);
      if (withBaseline) log(`${size}: baseline ${fmtS(baseline.wallMs)}, ${baseline.calls} calls, ${fmtMb(baseline.rssMb)} (${baseline.summary})`);

      // Latency alone: the same runs, answered from the recording.
      let replayed: SizeResult['replay'];
      const coldRuns: VerifierRun[] = [];
      const likeReplay: VerifierRun[] = [];
      let floor: SizeResult['floor'];
      if (!values['skip-replay']) {
        const rruns: VerifierRun[] = [];
        for (let i = 0; i < Math.min(repeat, 3); i++) rruns.push(await runPostflight(proxy, 'replay', cli, source, dir, latencyMs));
        const rmed = medianRun(rruns);
        log(`${size}: postflight, latency alone: ${fmtS(rmed.wallMs)} (${rmed.replayed} of ${rmed.calls} calls replayed)`);
        let rbase: VerifierRun | undefined;
        if (withBaseline) {
          for (let i = 0; i < Math.min(repeat, 3); i++) likeReplay.push(await runPostflight(proxy, 'replay', cli, source, dir, latencyMs, LIKE_FOR_LIKE));
          const lmed = medianRun(likeReplay);
          log(`${size}: postflight --only <the baseline's checks>, latency alone: ${fmtS(lmed.wallMs)} (${lmed.replayed} of ${lmed.calls} calls replayed; nothing in flight ${fmtS(lmed.idleMs)})`);
          rbase = await runBaseline(proxy, 'replay', stack, dir, latencyMs);
          log(`${size}: baseline, latency alone: ${fmtS(rbase.wallMs)} (${rbase.replayed} of ${rbase.calls} calls replayed)`);
        }
        replayed = { postflight: rruns, postflightMedian: rmed, baseline: rbase };
        if (withBaseline) {
          for (let i = 0; i < Math.min(repeat, 3); i++) coldRuns.push(await runPostflight(proxy, 'replay', cli, source, dir, latencyMs, LIKE_FOR_LIKE, [], COLD));
          log(`${size}: postflight --only <the baseline's checks>, latency alone, no compile cache: first request ${fmtS(median(coldRuns.map((r) => r.firstCallMs)))}`);
          floor = await floorRuns(proxy, stack, dir, latencyMs, Math.max(6, 4 * Math.min(repeat, 3)), async () => (await runPostflight(proxy, 'replay', cli, source, dir, latencyMs, LIKE_FOR_LIKE)).firstCallMs);
          if (floor) log(`${size}: first request, taken in turns: the floor script ${fmtS(median(floor.floor))}, postflight ${fmtS(median(floor.postflight))} (median of ${floor.floor.length} each)`);
        }
      }
      proxy.clearRecording();

      let like: SizeResult['like'];
      if (withBaseline) {
        const likeMed = medianRun(likeRuns);
        const differences = verdictDifferences(likeMed.verdicts ?? {}, baseline.verdicts ?? {});
        const likeReplayMed = likeReplay.length ? medianRun(likeReplay) : undefined;
        const replayDifferences = likeReplayMed && replayed?.baseline ? verdictDifferences(likeReplayMed.verdicts ?? {}, replayed.baseline.verdicts ?? {}) : [];
        for (const d of [...differences, ...replayDifferences]) log(`${size}: VERDICTS DIFFER: ${d}`);
        if (differences.length + replayDifferences.length === 0) {
          const total = Object.values(baseline.verdicts ?? {}).reduce((n, c) => n + c.pass + c.fail + c.error, 0);
          log(`${size}: postflight and the baseline agree: ${total} verdicts over ${Object.keys(baseline.verdicts ?? {}).length} checks`);
        }
        like = {
          postflight: likeRuns,
          postflightMedian: likeMed,
          ...(likeReplayMed ? { replay: likeReplay, replayMedian: likeReplayMed } : {}),
          differences,
          replayDifferences,
        };
      }

      const minimum = minimumCalls(stack.composition, new Set(Object.keys(med.callsByAction)));
      const cp = criticalPath(stack.composition);
      results.push({
        size,
        composition: stack.composition,
        create: { seconds: stack.createSeconds, calls: stack.createCalls },
        discovered,
        postflight: runs,
        postflightMedian: med,
        baseline,
        ...(probeRun ? { probe: probeRun } : {}),
        ...(replayed ? { replay: replayed } : {}),
        ...(coldRuns.length ? { cold: coldRuns } : {}),
        ...(floor ? { floor } : {}),
        ...(like ? { like } : {}),
        minimum,
        minimumTotal: Object.values(minimum).reduce((a, b) => a + b, 0),
        critical: { ...cp, ms: cp.trips * latencyMs },
      });

      // The largest stack once more, from a state file instead of its outputs.
      if (size === Math.max(...sizes) && discovered > 0) {
        const found = (JSON.parse(disc.stdout) as { resources: DiscoveredResource[] }).resources;
        const file = await writeBenchState(found, dir);
        const sruns: VerifierRun[] = [];
        for (let i = 0; i < Math.min(repeat, 3); i++) sruns.push(await runPostflight(proxy, 'record', cli, ['--state', file.path], dir, latencyMs));
        const smed = medianRun(sruns);
        state = {
          resources: found.length,
          entries: file.entries,
          bytes: file.bytes,
          wallMs: sruns.map((r) => r.wallMs),
          calls: smed.calls,
          callsByAction: smed.callsByAction,
          rssMb: smed.rssMb,
          outputs: { wallMs: med.wallMs, calls: med.calls },
          summary: smed.summary,
        };
        log(`${size}: postflight --state: ${fmtS(smed.wallMs)}, ${smed.calls} calls (${smed.summary})`);
        proxy.clearRecording();
      }
    }

    // Many accounts: the same stack in N accounts, one run over all of them against one over one.
    // One moto_server answers one request at a time, so N accounts in one emulator would queue
    // behind each other, which AWS (serving each account apart) does not: the measured setup has
    // one moto per account, the proxy routing each request to its account's shard. The one-account
    // run goes through the same sharded proxy (it reaches one shard). The shared setup (every
    // account in one moto) is measured after it, for comparison.
    if (accountCount > 0) {
      const n = Math.min(repeat, 3);
      const measureAccounts = async (p: AwsProxy, label: string, deploy: (dir: string) => Promise<AccountStacks>, replay: boolean, pids: readonly number[]): Promise<AccountsSetup> => {
        const dir = join(RESULTS_DIR, 'run-accounts', label);
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir, { recursive: true });
        const deployed = await deploy(dir);
        log(`accounts (${label}): deployed ${accountCount} × ${accountSize} resources (${deployed.calls} requests) in ${deployed.seconds.toFixed(1)} s`);
        const one = ['--config', await writeAccountsConfig(deployed, 1, dir)];
        const all = ['--config', await writeAccountsConfig(deployed, accountCount, dir)];
        const pairs = async (mode: ReplayMode, what: string): Promise<AccountsRuns> => {
          const ones: VerifierRun[] = [];
          const alls: VerifierRun[] = [];
          // Alternated, so that a busy spell on a shared machine weighs on both.
          for (let i = 0; i < n; i++) {
            ones.push(await runPostflight(p, mode, cli, one, dir, latencyMs, [], pids));
            alls.push(await runPostflight(p, mode, cli, all, dir, latencyMs, [], pids));
            const [o, a] = [ones.at(-1)!, alls.at(-1)!];
            log(`accounts (${what}): 1 account ${fmtS(o.wallMs)} (${o.calls} calls), ${accountCount} accounts ${fmtS(a.wallMs)} (${a.calls} calls, ${fmtMb(a.rssMb)}; ${a.summary})`);
          }
          return { one: ones, all: alls, oneMedian: medianRun(ones), allMedian: medianRun(alls) };
        };
        // With the proxy's shards, its recording is keyed by account too: the answers can be
        // replayed to each account's requests (latency alone, the emulator out of the way).
        p.clearRecording();
        const runs = await pairs(replay ? 'record' : 'off', label);
        const replayed = replay ? await pairs('replay', `${label}, latency alone`) : undefined;
        p.clearRecording();
        if (replayed) log(`accounts (${label}, latency alone): ${fmtS(replayed.allMedian.wallMs)} / ${fmtS(replayed.oneMedian.wallMs)} = ${fmtX(replayed.allMedian.wallMs / replayed.oneMedian.wallMs)}`);
        // Every account verified, each as the one account alone is: N times its verdicts.
        const times = (v: VerdictCounts, k: number): VerdictCounts =>
          Object.fromEntries(Object.entries(v).map(([id, c]) => [id, { pass: c.pass * k, fail: c.fail * k, error: c.error * k }]));
        const differences = verdictDifferences(runs.allMedian.verdicts ?? {}, times(runs.oneMedian.verdicts ?? {}, accountCount), [`${accountCount} accounts`, `${accountCount} × 1 account`]);
        const unreached = (runs.allMedian.accounts ?? []).filter((a) => a.status !== 'ok').map((a) => a.id);
        for (const d of differences) log(`accounts (${label}): VERDICTS DIFFER: ${d}`);
        if (unreached.length) log(`accounts (${label}): NOT REACHED: ${unreached.join(', ')}`);
        const reached = (runs.allMedian.accounts ?? []).filter((a) => a.status === 'ok').length;
        log(`accounts (${label}): ${fmtS(runs.allMedian.wallMs)} / ${fmtS(runs.oneMedian.wallMs)} = ${fmtX(runs.allMedian.wallMs / runs.oneMedian.wallMs)}; ${reached} of ${accountCount} accounts reached`);
        return { deploy: { seconds: deployed.seconds, calls: deployed.calls }, runs, differences, reached, ...(replayed ? { replay: replayed } : {}) };
      };

      log(`accounts: one moto_server per account (${accountCount}), as one moto_server answers one request at a time and AWS serves each account apart`);
      const shards = await startAccountShards(accountCount);
      let sharded: AccountsSetup;
      try {
        // Requests with keys of no account (the caller's own) go to the first account's shard.
        const sproxy = await startAwsProxy({ target: shards.endpoints[accountId(0)]!, latencyMs, shards: shards.endpoints });
        try {
          sharded = await measureAccounts(sproxy, 'sharded', (dir) =>
            deployAccountStacks({ endpoint: (id) => shards.endpoints[id]!, count: accountCount, size: accountSize, dir }),
            !values['skip-replay'],
            shards.pids,
          );
        } finally {
          await sproxy.stop();
        }
      } finally {
        await shards.stop();
      }
      let shared: AccountsSetup | undefined;
      if (!values['skip-shared-accounts']) {
        await moto.reset();
        shared = await measureAccounts(proxy, 'shared', (dir) => deployAccountStacks({ endpoint: moto.endpoint, count: accountCount, size: accountSize, dir }), false, [moto.pid]);
      }
      accounts = {
        count: accountCount,
        size: accountSize,
        deploy: sharded.deploy,
        moto: sharded.runs,
        differences: sharded.differences,
        reached: sharded.reached,
        ...(sharded.replay ? { replay: sharded.replay } : {}),
        ...(shared ? { shared } : {}),
      };
    }
  } finally {
    await proxy.stop();
    await moto.stop();
  }

  info.load[1] = loadavg()[0] ?? 0;
  const date = new Date().toISOString().slice(0, 10);
  const args = process.argv.slice(2);
  const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
  const version = {
    medianMs: median(versionRunsMs),
    runs: versionRunsMs.map((x) => Math.round(x)),
    ...(coldVersionMs.length ? { coldMedianMs: median(coldVersionMs), coldRuns: coldVersionMs.map((x) => Math.round(x)) } : {}),
  };
  const targets = targetRows({ results, version, ...(accounts ? { accounts } : {}), latencyMs, cores: info.cores });
  const benchSeconds = (performance.now() - benchStarted) / 1000;
  await writeFile(
    outFile,
    await keepDriftSection(outFile, renderMarkdown({ machine: info, date, command, latencyMs, repeat, version, results, sdk, ...(state ? { state } : {}), ...(accounts ? { accounts } : {}), benchSeconds })),
  );
  const rawFile = join(RESULTS_DIR, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(
    rawFile,
    `${JSON.stringify({ machine: info, date, command, latencyMs, repeat, benchSeconds, version, sdk, targets, results, state, accounts, likeForLikeChecks: BASELINE_CHECKS }, null, 2)}\n`,
  );
  log('');
  log(targetsText(targets));
  log('');
  log(`wrote ${relative(ROOT, outFile)} and ${relative(ROOT, rawFile)} (the bench took ${benchSeconds.toFixed(0)} s)`);
  // Verdicts that differ make the comparison meaningless: say so in the exit code.
  const disagree = results.some((r) => (r.like?.differences.length ?? 0) + (r.like?.replayDifferences.length ?? 0) > 0) || (accounts !== undefined && (accounts.differences.length > 0 || accounts.reached !== accounts.count)) || (accounts?.shared !== undefined && (accounts.shared.differences.length > 0 || accounts.shared.reached !== accounts.count));
  if (disagree) {
    process.stderr.write('bench: the verifiers\' verdicts differ (see VERDICTS DIFFER above): the comparison is not like for like\n');
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});
