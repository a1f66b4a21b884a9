/**
 * `postflight demo`: the whole product on an embedded default, with no AWS account. It starts the
 * moto emulator, deploys the sample data-pipeline stack (with one deliberate defect) into it,
 * writes the stack's outputs file, runs `postflight verify` on it, leaves the reports, and stops
 * the emulator.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { deployPipelineStack, type Defect } from '../../fixtures/stacks/pipeline.js';
import { emulatorEnv, startMoto } from './moto.js';

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
  try {
    const env = emulatorEnv(moto.endpoint);
    Object.assign(process.env, env);
    opts.out(`Deploying the sample manufacturing data-pipeline stack into ${moto.endpoint} (defect: ${DEMO_DEFECTS.join(', ')}) ...\n`);
    const stack = await deployPipelineStack({ endpoint: moto.endpoint, defects: DEMO_DEFECTS });
    await mkdir(dir, { recursive: true });
    const outputsFile = join(dir, 'flat-outputs.json');
    await writeFile(outputsFile, `${JSON.stringify(stack.outputs, null, 2)}\n`);
    opts.out(`Wrote the stack outputs to ${relative(opts.cwd, outputsFile)}\n`);
    opts.out(`Skipping ${MOTO_BLIND_CHECKS.join(', ')}: moto does not list a replication group's member clusters, which name its subnet group.\n`);
    opts.out(`Running: postflight verify --outputs ${relative(opts.cwd, outputsFile)} --endpoint-url ${moto.endpoint} --skip ${MOTO_BLIND_CHECKS.join(',')}\n\n`);
    const { verify } = await import('../run.js');
    const code = await verify({
      outputs: outputsFile,
      junit: join(dir, 'junit.xml'),
      json: join(dir, 'postflight.json'),
      sarif: join(dir, 'postflight.sarif'),
      markdown: join(dir, 'postflight.md'),
      html: join(dir, 'postflight.html'),
      progress: process.stderr,
      endpointUrl: moto.endpoint,
      region: env.AWS_REGION,
      cwd: opts.cwd,
      env: process.env,
      out: opts.out,
      err: opts.err,
      only: [],
      skip: MOTO_BLIND_CHECKS,
      color: opts.color,
      allowEmpty: false,
      now: () => new Date(),
    });
    opts.out(`\nThe demo ran end to end. \`postflight verify\` returned exit code ${code}: ${WHY[code] ?? 'unexpected'}.\n`);
    if (opts.keep) {
      opts.out(`moto_server stays up at ${moto.endpoint} (pid ${moto.pid}); press Ctrl-C to stop it.\n`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
    return 0;
  } finally {
    await moto.stop();
  }
}
