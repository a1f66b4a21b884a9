/**
 * `postflight demo`: the whole product on an embedded default, with no AWS account. It starts the
 * moto emulator, deploys the sample data-pipeline stack (with one deliberate defect) into it,
 * writes the stack's outputs file, runs `postflight verify` on it, leaves the reports, and stops
 * the emulator.
 *
 * With Terraform on the PATH and the hashicorp/aws provider on this machine (terraform.ts), it
 * also applies a small Terraform stack into the emulator, changes it once outside Terraform, and
 * verifies with `--drift`, so the reports hold one drift result (declared against live) besides
 * the defect. Without them, one line says what was skipped and how to get Terraform.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { deployPipelineStack, type Defect } from '../../fixtures/stacks/pipeline.js';
import { emulatorEnv, startMoto } from './moto.js';
import { applyDemoStack, DRIFT_TAG, findTerraformTools, type DemoStack } from './terraform.js';

export const DEMO_DEFECTS: readonly Defect[] = ['logs-bucket-sse-s3'];

/**
 * Checks the emulator cannot feed: moto lists no replication-group members in
 * DescribeCacheClusters, and only members name a replication group's cache subnet group. On moto
 * that check can only report `error`; on AWS it runs.
 */
export const MOTO_BLIND_CHECKS = ['elasticache-subnet-group-spans-azs'];

const WHY: Record<number, string> = {
  0: 'every check passed',
  1: 'a check failed (the deliberate defect above): in CI this fails the build',
  2: 'the input was invalid',
  3: 'some facts could not be read, so not everything was verified',
};
/** Exit code 1 with the drift part: the defect and the change made outside Terraform. */
const WHY_DRIFT_FAILED = 'checks failed (the deliberate defect, and the drift above): in CI this fails the build';

export interface DemoOptions {
  cwd: string;
  color: boolean;
  keep: boolean;
  out: (t: string) => void;
  err: (t: string) => void;
}

export async function runDemo(opts: DemoOptions): Promise<number> {
  const dir = join(opts.cwd, 'reports', 'demo');
  opts.out('Starting moto, a local AWS emulator, on 127.0.0.1 ...\n');
  const moto = await startMoto({ resolve: { say: (line) => opts.out(`${line}\n`) } });
  opts.out(`moto is up at ${moto.endpoint} (${moto.command})\n`);
  let tf: DemoStack | undefined;
  try {
    const env = emulatorEnv(moto.endpoint);
    Object.assign(process.env, env);
    opts.out(`Deploying the sample manufacturing data-pipeline stack into ${moto.endpoint} (defect: ${DEMO_DEFECTS.join(', ')}) ...\n`);
    const stack = await deployPipelineStack({ endpoint: moto.endpoint, defects: DEMO_DEFECTS });
    await mkdir(dir, { recursive: true });
    const outputsFile = join(dir, 'flat-outputs.json');
    await writeFile(outputsFile, `${JSON.stringify(stack.outputs, null, 2)}\n`);
    opts.out(`Wrote the stack outputs to ${relative(opts.cwd, outputsFile)}\n`);
    tf = await driftPart(opts, moto.endpoint, env.AWS_REGION!, stack.outputs);
    opts.out(`Skipping ${MOTO_BLIND_CHECKS.join(', ')}: moto does not list a replication group's member clusters, which name its subnet group.\n`);
    const drift = tf ? ` --state ${tf.statePath} --drift` : '';
    opts.out(`Running: postflight verify --outputs ${relative(opts.cwd, outputsFile)}${drift} --endpoint-url ${moto.endpoint} --skip ${MOTO_BLIND_CHECKS.join(',')}\n\n`);
    const { verify } = await import('../run.js');
    const code = await verify({
      outputs: outputsFile,
      ...(tf ? { state: [tf.statePath], drift: true } : {}),
      junit: join(dir, 'junit.xml'),
      json: join(dir, 'postflight.json'),
      sarif: join(dir, 'postflight.sarif'),
      markdown: join(dir, 'postflight.md'),
      html: join(dir, 'postflight.html'),
      progress: process.stderr,
      endpointUrl: moto.endpoint,
      region: env.AWS_REGION,
      cwd: opts.cwd,
      env: tf?.env ?? process.env,
      out: opts.out,
      err: opts.err,
      only: [],
      skip: MOTO_BLIND_CHECKS,
      color: opts.color,
      allowEmpty: false,
      now: () => new Date(),
    });
    opts.out(`\nThe demo ran end to end. \`postflight verify\` returned exit code ${code}: ${(tf && code === 1 ? WHY_DRIFT_FAILED : WHY[code]) ?? 'unexpected'}.\n`);
    if (opts.keep) {
      opts.out(`moto_server stays up at ${moto.endpoint} (pid ${moto.pid}); press Ctrl-C to stop it.\n`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
    return 0;
  } finally {
    await tf?.remove();
    await moto.stop();
  }
}

/** The VPC id among the outputs (`{Stack: {vpc_id}}`), for the Terraform stack's security group. */
function vpcIdOf(outputs: unknown): string | undefined {
  for (const v of Object.values((outputs ?? {}) as Record<string, unknown>)) {
    const id = (v as { vpc_id?: unknown } | null)?.vpc_id;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/** Applies the Terraform stack and changes it once, or says in one line why the part is skipped. */
async function driftPart(opts: DemoOptions, endpoint: string, region: string, outputs: unknown): Promise<DemoStack | undefined> {
  const tools = await findTerraformTools(process.env);
  if ('skipped' in tools) {
    opts.out(`${tools.skipped}\n`);
    return undefined;
  }
  const vpcId = vpcIdOf(outputs);
  if (!vpcId) {
    opts.out('Skipped the drift part: the sample stack named no VPC to put its security group in.\n');
    return undefined;
  }
  opts.out(`Applying a Terraform stack (one security group, tag ${DRIFT_TAG.key} = "${DRIFT_TAG.declared}") into ${endpoint} with terraform ${tools.version} and hashicorp/aws ${tools.awsVersion} from ${tools.pluginDir} ...\n`);
  try {
    const stack = await applyDemoStack(tools, { endpoint, region, vpcId, env: process.env });
    opts.out(`Changed the security group's ${DRIFT_TAG.key} tag to "${DRIFT_TAG.live}" with the AWS SDK, outside Terraform, for --drift to find.\n`);
    return stack;
  } catch (e) {
    opts.out(`Skipped the drift part: ${(e as Error).message}.\n`);
    return undefined;
  }
}
