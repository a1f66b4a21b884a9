/**
 * Facts every resource carries whatever its type (its tags; whether it is as declared) come from
 * one collector module registered for `*`: each resource joins that module's group as well as its
 * own type's, each module answers only for the facts it owes, and a fact nobody returned is unknown.
 */
import { collect, collectorOf, type CollectorModule } from '../../src/collect/index.js';
import type { Collector, FactRecord } from '../../src/collect/context.js';
import { DEFAULT_AWS_SETTINGS } from '../../src/collect/settings.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import { present } from '../../src/facts/fact.js';
import type { AppliesTo, ResourceRef } from '../../src/types.js';

/** A collector that records what it was asked for and answers `present(<service>:<id>)` for each fact in `answers`. */
function fake(service: string, types: readonly AppliesTo[], answers: readonly FactKey[], asked: Array<{ service: string; ids: string[]; want: string[] }>): Collector {
  return {
    service,
    types,
    provides: answers,
    actions: [],
    async collect(refs, want) {
      asked.push({ service, ids: refs.map((r) => r.id), want: [...want].sort() });
      const out = new Map<ResourceRef, FactRecord>();
      for (const r of refs) out.set(r, Object.fromEntries(answers.filter((k) => want.has(k)).map((k) => [k, present(`${service}:${r.id}`)])) as FactRecord);
      return out;
    },
  };
}

const bucket: ResourceRef = { type: 'AWS::S3::Bucket', id: 'data', region: 'us-east-1', keys: [] };
const role: ResourceRef = { type: 'AWS::IAM::Role', id: 'app', region: 'us-east-1', keys: [] };

describe('facts of every type', () => {
  function modules(asked: Array<{ service: string; ids: string[]; want: string[] }>, tagAnswers: readonly FactKey[] = ['resource.tags']): Record<string, CollectorModule> {
    return {
      // A type module that would also answer resource.tags: it must not be asked for it.
      s3: { types: ['AWS::S3::Bucket'], load: async () => ({ default: fake('s3', ['AWS::S3::Bucket'], ['s3.versioning', 'resource.tags'], asked) }) },
      tags: { types: ['*'], facts: ['resource.tags'], load: async () => ({ default: fake('tags', ['*'], tagAnswers, asked) }) },
    };
  }
  const needs = new Map<AppliesTo, Set<FactKey>>([
    ['AWS::S3::Bucket', new Set<FactKey>(['s3.versioning'])],
    ['*', new Set<FactKey>(['resource.tags'])],
  ]);

  it('routes a fact of every type to the module serving it, and type facts to the type module', () => {
    const m = modules([]);
    expect(collectorOf('AWS::S3::Bucket', 'resource.tags', m)).toBe('tags');
    expect(collectorOf('AWS::IAM::Role', 'resource.tags', m)).toBe('tags');
    expect(collectorOf('AWS::S3::Bucket', 's3.versioning', m)).toBe('s3');
    expect(collectorOf('AWS::IAM::Role', 's3.versioning', m)).toBeUndefined();
  });

  it('asks each module only for the facts it owes, once per module, and keeps every answer', async () => {
    const asked: Array<{ service: string; ids: string[]; want: string[] }> = [];
    const { facts } = await collect([bucket, role], needs, DEFAULT_AWS_SETTINGS, modules(asked));
    expect(asked.sort((a, b) => a.service.localeCompare(b.service))).toEqual([
      { service: 's3', ids: ['data'], want: ['s3.versioning'] },
      { service: 'tags', ids: ['data', 'app'], want: ['resource.tags'] },
    ]);
    expect(facts.get(bucket, 's3.versioning')).toEqual(present('s3:data'));
    expect(facts.get(bucket, 'resource.tags')).toEqual(present('tags:data'));
    expect(facts.get(role, 'resource.tags')).toEqual(present('tags:app'));
  });

  it('makes a fact the every-type module owed but did not return unknown, never a default', async () => {
    const { facts } = await collect([role], needs, DEFAULT_AWS_SETTINGS, modules([], []));
    expect(facts.get(role, 'resource.tags')).toEqual({ state: 'unknown', reason: 'the tags collector returned no resource.tags' });
  });

  it('without a module for the fact, the fact is unknown', async () => {
    const { s3 } = modules([]);
    const { facts } = await collect([role], needs, DEFAULT_AWS_SETTINGS, { s3: s3! });
    expect(facts.get(role, 'resource.tags')).toMatchObject({ state: 'unknown' });
  });
});
