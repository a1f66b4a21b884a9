/**
 * The data-pipeline stack deployed into moto and judged through the real CLI, shared by the
 * end-to-end tests of its defects: deploy, write the outputs, run `postflight verify`, read the
 * reports, and hold a one-defect run to exactly the failures that defect should cause.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployPipelineStack, type Defect, type DeployedStack } from '../../fixtures/stacks/pipeline.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { MOTO_BLIND_CHECKS } from '../../src/demo/demo.js';
import { cleanEnv, runCli } from './cli.js';
import { junitSchemaErrors } from './report-fixtures.js';

export interface JsonReport {
  results: Array<{ checkId: string; status: string; message: string; resource: { type: string; id: string; arn?: string } }>;
  unrecognised: string[];
  resources: Array<{ type: string; id: string; arn?: string; usedBy?: string[] }>;
}

// moto lists no replication-group members in DescribeCacheClusters, so the cache subnet group of a
// replication group cannot be read there (AWS returns it; the collector's unit test covers that).
// On moto that check therefore reports `error`, and is skipped in the variant runs so that their
// exit codes speak of the defect alone.
export const MOTO_BLIND = MOTO_BLIND_CHECKS.join(',');

export async function deployAndVerify(moto: MotoServer, suffix: string, defects: Defect[], extra: string[] = []) {
  return verifyDeployed(moto, await deployPipelineStack({ endpoint: moto.endpoint, suffix, defects }), suffix, extra);
}

/**
 * `postflight verify` of a stack already deployed, from outputs and reports of its own (`suffix`
 * names the folder): a second run over a stack another test deployed, which it only reads.
 */
export async function verifyDeployed(moto: MotoServer, stack: DeployedStack, suffix: string, extra: string[] = []) {
  const dir = await mkdtemp(join(tmpdir(), `postflight-stack-${suffix}-`));
  const file = join(dir, 'flat-outputs.json');
  await writeFile(file, JSON.stringify(stack.outputs, null, 2));
  const json = join(dir, 'postflight.json');
  const run = await runCli(['verify', '--outputs', file, '--junit', join(dir, 'junit.xml'), '--json', json, '--no-color', ...extra], {
    env: cleanEnv(emulatorEnv(moto.endpoint)),
  });
  const report = JSON.parse(await readFile(json, 'utf8')) as JsonReport;
  const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
  expect(await junitSchemaErrors([junit])).toEqual([]);
  return { stack, run, report, junit };
}

/**
 * The results the compliant pipeline stack skips, each saying why: the private-subnet checks on
 * the subnets the stack calls public, the listener check on the ingest load balancer, which
 * has no listeners, and the required-tags check when no requiredTags are configured (it reads
 * nothing then). A skip for any other reason is a finding.
 */
export function expectedSkip(r: { checkId: string; status: string; message: string }): boolean {
  if (r.status !== 'skipped') return false;
  if (r.checkId === 'resource-has-required-tags') return /requiredTags/.test(r.message);
  if (r.checkId === 'ec2-subnet-private-no-public-ip' || r.checkId === 'ec2-subnet-private-routes-via-nat') return /^the stack calls subnet-\S+ public \(/.test(r.message);
  return r.checkId === 'elbv2-listener-tls' && r.message === 'the load balancer has no listeners: it accepts no traffic';
}

/** The resources of the stack a check should fail on, by role; `(used by)` means a key found in use. */
export type Pick = (s: DeployedStack['ids']) => string[];

const names = (r: JsonReport['results'][number]) => [r.resource.id, r.resource.arn ?? '', (r.resource.arn ?? '').split('/').pop() ?? ''];

/**
 * Deploys the stack with one defect and expects exactly `expected` to fail, nothing to error, exit 1.
 * `extra` goes to the CLI too (a config that sets more, such as required tags).
 */
export async function expectOnlyDefect(moto: MotoServer, defect: Defect, expectedChecks: Array<[string, Pick]>, extra: string[] = []): Promise<void> {
  const suffix = defect.replace(/[^a-z0-9]/g, '').slice(0, 20);
  const { stack, run, report, junit } = await deployAndVerify(moto, suffix, [defect], ['--skip', MOTO_BLIND, ...extra]);
  const expected = expectedChecks.flatMap(([check, pick]) => pick(stack.ids).map((id) => ({ check, id })));
  const failed = report.results.filter((r) => r.status === 'fail');
  const derived = new Set(report.resources.filter((r) => r.usedBy).map((r) => r.id));
  const matches = (r: JsonReport['results'][number], e: { check: string; id: string }) =>
    r.checkId === e.check && (e.id === '(used by)' ? derived.has(r.resource.id) : names(r).includes(e.id));
  expect(failed.filter((r) => !expected.some((e) => matches(r, e))).map((r) => `${r.checkId} @ ${r.resource.id}: ${r.message}`)).toEqual([]);
  expect(expected.filter((e) => !failed.some((r) => matches(r, e)))).toEqual([]);
  expect(report.results.filter((r) => r.status === 'error').map((r) => `${r.checkId} @ ${r.resource.id}: ${r.message}`)).toEqual([]);
  expect(run.code).toBe(1);
  expect((junit.match(/<failure /g) ?? []).length).toBe(failed.length);
}
