/**
 * The data-pipeline stack's identity, audit, rotation and tagging parts, judged through the real
 * CLI with the stack's tags required (`requiredTags` in a config): compliant, every new check passes
 * on every resource it applies to; with one defect at a time, exactly the matching check fails, on
 * exactly that resource. Tags come from the Resource Groups Tagging API where moto serves the type,
 * and from the services' own reads for the rest (IAM roles, Auto Scaling groups, and the Kinesis
 * stream, trail and launch template, which moto's GetResources does not list).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDENTITY_DEFECTS, REQUIRED_TAGS, type IdentityDefect } from '../../fixtures/stacks/pipeline-identity.js';
import { deployPipelineStack, type DeployedStack } from '../../fixtures/stacks/pipeline.js';
import { useMoto } from '../helpers/moto.js';
import { MOTO_BLIND, expectOnlyDefect, expectedSkip, verifyDeployed, type Pick } from '../helpers/pipeline-e2e.js';

const moto = useMoto();
let config: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-identity-'));
  config = join(dir, 'postflight.config.json');
  await writeFile(config, JSON.stringify({ requiredTags: REQUIRED_TAGS }));
});

const NEW_CHECKS = [
  'iam-role-no-admin-policy',
  'iam-role-trust-not-public',
  'kms-key-policy-no-public-principal',
  'cloudtrail-trail-logging',
  'secretsmanager-secret-rotation-enabled',
  's3-bucket-tls-only',
  'lambda-function-runtime-supported',
  'resource-has-required-tags',
];

const EXPECTED: Record<IdentityDefect, Array<[string, Pick]>> = {
  'trail-not-logging': [['cloudtrail-trail-logging', (i) => [i.trail]]],
  'role-admin-policy': [['iam-role-no-admin-policy', (i) => [i.ingestRole]]],
  'bucket-no-tls-policy': [['s3-bucket-tls-only', (i) => [i.dataBucket]]],
  'function-deprecated-runtime': [['lambda-function-runtime-supported', (i) => [i.ingestFunction]]],
  'secret-no-rotation': [['secretsmanager-secret-rotation-enabled', (i) => [i.secretArn]]],
  'missing-owner-tag': [['resource-has-required-tags', (i) => [i.dataBucket]]],
};

/** The compliant stack, deployed once: the runs below only read it. */
let compliant: DeployedStack;
beforeAll(async () => {
  compliant = await deployPipelineStack({ endpoint: moto().endpoint, suffix: 'idok', defects: [] });
}, 120_000);

describe('the compliant stack with its tags required', () => {
  let outcome: Awaited<ReturnType<typeof verifyDeployed>>;
  beforeAll(async () => {
    outcome = await verifyDeployed(moto(), compliant, 'idok', ['--skip', MOTO_BLIND, '--config', config]);
  }, 120_000);

  it('passes every check (exit 0)', () => {
    expect(outcome.run.stderr).toBe('');
    expect(outcome.report.results.filter((r) => r.status !== 'pass' && !expectedSkip(r)).map((r) => `${r.checkId} @ ${r.resource.id}: ${r.status}: ${r.message}`)).toEqual([]);
    expect(outcome.run.code).toBe(0);
  });

  it('judges the role, trail, function, secret, buckets and key with the new checks, and every resource\'s tags', () => {
    const judged = (check: string) => outcome.report.results.filter((r) => r.checkId === check && r.status === 'pass').map((r) => r.resource.id).sort();
    const ids = outcome.stack.ids;
    expect(judged('iam-role-no-admin-policy')).toEqual([ids.ingestRole]);
    expect(judged('iam-role-trust-not-public')).toEqual([ids.ingestRole]);
    expect(judged('cloudtrail-trail-logging')).toEqual([ids.trail]);
    expect(judged('lambda-function-runtime-supported')).toEqual([ids.ingestFunction]);
    expect(judged('s3-bucket-tls-only')).toEqual([ids.dataBucket, ids.logsBucket].sort());
    expect(judged('kms-key-policy-no-public-principal')).toEqual([ids.cmkId]);
    expect(judged('secretsmanager-secret-rotation-enabled')).toHaveLength(1);
    expect(judged('resource-has-required-tags')).toHaveLength(outcome.report.resources.length);
    expect(NEW_CHECKS.filter((c) => judged(c).length === 0)).toEqual([]);
  });
});

describe('without requiredTags', () => {
  it('the tags check is skipped for every resource and reads no tag', async () => {
    const { report, run } = await verifyDeployed(moto(), compliant, 'idnotags', ['--only', 'resource-has-required-tags']);
    expect(report.results.length).toBe(report.resources.length);
    expect(new Set(report.results.map((r) => r.status))).toEqual(new Set(['skipped']));
    expect(run.code).toBe(0);
  }, 120_000);
});

describe('the stack with one identity, audit, rotation or tagging defect', () => {
  it.each(IDENTITY_DEFECTS.map((d) => [d]))('%s fails exactly the matching check on exactly that resource', async (defect) => {
    await expectOnlyDefect(moto(), defect, EXPECTED[defect], ['--config', config]);
  }, 120_000);
});
