/** A check for every resource (`appliesTo: ['*']`) judges each resource of the run, whatever its type. */
import { defineCheck, error, fail, pass } from '../../src/engine/define.js';
import { evaluateAll } from '../../src/engine/evaluate.js';
import { checksMarkdown } from '../../src/engine/list.js';
import { validateCheck } from '../../src/engine/registry.js';
import { ConfigError } from '../../src/errors.js';
import { present, unknown, type Fact } from '../../src/facts/fact.js';
import type { ResourceRef } from '../../src/types.js';

const owner = defineCheck({
  id: 'custom-resource-has-owner',
  title: 'Resource names its owner',
  severity: 'low',
  appliesTo: ['*'],
  needs: ['resource.tags'],
  remediation: 'Tag it with Owner.',
  evaluate: ({ facts }) => {
    const t = facts['resource.tags'];
    if (t.state === 'unknown') return error(t.reason);
    if (t.state === 'absent') return fail('no tags', { tags: 'none' });
    return t.value.Owner ? pass('has an owner', { owner: t.value.Owner }) : fail('no Owner tag', { tags: Object.keys(t.value) });
  },
});

const bucket: ResourceRef = { type: 'AWS::S3::Bucket', id: 'data', keys: [] };
const role: ResourceRef = { type: 'AWS::IAM::Role', id: 'app', keys: [] };
const queue: ResourceRef = { type: 'AWS::SQS::Queue', id: 'jobs', keys: [] };

describe('a check for every resource', () => {
  const facts = new Map<ResourceRef, Fact<Record<string, string>>>([
    [bucket, present({ Owner: 'data-team' })],
    [role, present({ Team: 'x' })],
    [queue, unknown('AccessDenied')],
  ]);
  const results = evaluateAll([{ check: owner as never, file: 'owner.check.ts', builtIn: false }], [bucket, role, queue], {
    get: (ref, key) => (key === 'resource.tags' ? (facts.get(ref) as never) : undefined),
  });

  it('judges every resource, whatever its type', () => {
    expect(results.map((r) => [r.resource.id, r.status])).toEqual([
      ['data', 'pass'],
      ['app', 'fail'],
      ['jobs', 'error'],
    ]);
  });

  it('is valid metadata, and a non-type is still refused', () => {
    expect(validateCheck(owner, 'owner.check.ts').appliesTo).toEqual(['*']);
    expect(() => validateCheck({ ...owner, appliesTo: ['everything'] }, 'bad.check.ts')).toThrow(ConfigError);
  });

  it('reads as "every resource" in the check table', () => {
    expect(checksMarkdown([{ check: owner as never, file: 'owner.check.ts', builtIn: false }])).toContain('| every resource |');
  });
});
