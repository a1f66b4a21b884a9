import { absent, present, unknown } from '../src/facts/fact.js';
import type { DriftFacts } from '../src/facts/catalogue.js';
import { evaluateAll } from '../src/engine/evaluate.js';
import type { AnyCheck } from '../src/engine/define.js';
import type { ResourceRef } from '../src/types.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check, { waives } from './live-matches-declared.check.js';

const TF = 'terraform 1.11.4';
const inSync: DriftFacts = { engine: TF, status: 'in-sync', differences: [], entries: ['aws_ecs_service.api'] };
const drifted: DriftFacts = {
  engine: TF,
  status: 'modified',
  entries: ['aws_s3_bucket.data', 'aws_s3_bucket_versioning.data'],
  differences: [{ entry: 'aws_s3_bucket_versioning.data', path: 'versioning_configuration[0].status', kind: 'changed', declared: '"Enabled"', live: '"Suspended"' }],
};

runCheckCases(check, {
  pass: [
    { name: 'every declared attribute equals the live value', facts: { 'drift.resource': present(inSync) }, expectEvidence: { engine: TF, drift: 'in-sync' } },
  ],
  fail: [
    {
      name: 'versioning suspended outside the stack',
      facts: { 'drift.resource': present(drifted) },
      expectEvidence: { drift: 'modified', differences: ['aws_s3_bucket_versioning.data versioning_configuration[0].status: declared "Enabled", live "Suspended"'] },
    },
    {
      name: 'a security-group rule added',
      facts: { 'drift.resource': present({ engine: TF, status: 'modified', entries: ['aws_security_group.web'], differences: [{ path: 'ingress', kind: 'added', live: '{"from_port":22}' }] }) },
      expectEvidence: { differences: ['ingress: live {"from_port":22}, not declared'] },
    },
    {
      name: 'declared but deleted',
      facts: { 'drift.resource': present({ engine: 'cloudformation', status: 'deleted', entries: ['Jobs'], differences: [{ path: '', kind: 'deleted' }] }) },
      expectEvidence: { drift: 'deleted', differences: ['the resource: deleted'] },
    },
  ],
  error: [
    { name: 'the engine could not run (terraform not on the PATH)', facts: { 'drift.resource': unknown('terraform is not on the PATH: install Terraform') } },
    { name: 'the drift fact was not collected', facts: {} },
  ],
  skipped: [
    { name: 'only an outputs file named it: no drift engine', facts: { 'drift.resource': absent('it was named only by outputs.json') } },
    { name: 'CloudFormation does not detect drift for the type', facts: { 'drift.resource': present({ engine: 'cloudformation', status: 'not-checked', entries: ['Dash'], differences: [], reason: 'drift detection does not support AWS::CloudWatch::Dashboard' }) } },
  ],
});

describe('waived attributes', () => {
  const service: ResourceRef = { type: 'AWS::ECS::Service', id: 'api', keys: [], sources: [{ kind: 'state', format: 'tfstate', origin: 'main.tfstate', name: 'aws_ecs_service.api' }] };
  const facts = (d: DriftFacts) => ({ get: (_r: ResourceRef, k: string) => (k === 'drift.resource' ? present(d) : undefined) }) as never;
  const scaled: DriftFacts = {
    engine: TF,
    status: 'modified',
    entries: ['aws_ecs_service.api'],
    differences: [
      { path: 'desired_count', kind: 'changed', declared: '2', live: '5' },
      { path: 'task_definition', kind: 'changed', declared: '"api:3"', live: '"api:4"' },
    ],
  };
  const run = (d: DriftFacts, waivers: Array<{ check: string; resource: string; reason: string; attribute?: string }>) =>
    evaluateAll([{ check: check as unknown as AnyCheck, file: 'live-matches-declared.check.ts', builtIn: true }], [service], facts(d), { waivers, today: '2026-01-01' })[0]!;

  it('a waived attribute does not fail the resource; it is shown as waived', () => {
    const r = run({ ...scaled, differences: [scaled.differences[0]!] }, [{ check: 'live-matches-declared', resource: 'api', attribute: 'desired_count', reason: 'autoscaled' }]);
    expect(r).toMatchObject({ status: 'pass', evidence: { waived: ['desired_count: declared 2, live 5 (waived: autoscaled)'] } });
  });

  it('the other differences still fail, and the waiver may name the state address', () => {
    const r = run(scaled, [{ check: 'live-matches-declared', resource: 'aws_ecs_service.api', attribute: 'desired_count', reason: 'autoscaled' }]);
    expect(r).toMatchObject({ status: 'fail', evidence: { differences: ['task_definition: declared "api:3", live "api:4"'], waived: [expect.stringContaining('desired_count')] } });
  });

  it('a waiver without an attribute still skips the whole result', () => {
    expect(run(scaled, [{ check: 'live-matches-declared', resource: 'api', reason: 'being replaced' }]).status).toBe('skipped');
  });

  it.each([
    ['desired_count', 'desired_count', true],
    ['tags', 'tags.Team', true],
    ['versioning_configuration', 'versioning_configuration[0].status', true],
    ['DesiredCount', '/DesiredCount', true],
    ['/Tags', '/Tags/1', true],
    ['tags', 'tags_all', false],
    ['desired', 'desired_count', false],
  ])('%s waives %s: %s', (attribute, path, yes) => expect(waives(attribute, { path, kind: 'changed' })).toBe(yes));
});
