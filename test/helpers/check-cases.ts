/**
 * Table-driven check tests: `runCheckCases(check, { pass, fail, error })`. Each case runs through
 * the real evaluate loop, so the engine's guarantees (a pass over an unknown fact is an error)
 * hold in the tables too. Every table needs a pass, a fail and an unknown-fact case.
 */
import type { Fact } from '../../src/facts/fact.js';
import type { FactKey, FactMap } from '../../src/facts/catalogue.js';
import type { AnyCheck, CheckDefinition, ParamSpecs, ReadTypes, ReadValue } from '../../src/engine/define.js';
import { evaluateAll } from '../../src/engine/evaluate.js';
import { resourceKey, type Evidence, type ResourceRef, type Result, type Status } from '../../src/types.js';

export interface CheckCase<N extends FactKey, R extends ReadTypes = Record<never, never>> {
  name: string;
  /** The catalogue facts the check needs, and the facts it reads itself (by their names in `reads`). */
  facts: { [K in N]?: Fact<FactMap[K]> } & { [K in keyof R]?: Fact<string extends keyof R ? unknown : ReadValue<R[K]>> }; // a check loaded from a file has its read types erased
  resource?: Partial<ResourceRef>;
  params?: Record<string, unknown>;
  /** Other resources in the run, with their facts, for cross-resource checks. */
  related?: Array<{ resource: ResourceRef; facts: Partial<{ [K in FactKey]: Fact<FactMap[K]> }> }>;
  /** Evidence the result must contain (deep partial match). */
  expectEvidence?: Evidence;
  /** The run's date (YYYY-MM-DD) the engine hands the check. */
  today?: string;
}

export interface CheckTable<N extends FactKey, R extends ReadTypes = Record<never, never>> {
  pass: CheckCase<N, R>[];
  fail: CheckCase<N, R>[];
  error: CheckCase<N, R>[];
  skipped?: CheckCase<N, R>[];
}

export function evaluateCase<N extends FactKey, PS extends ParamSpecs, R extends ReadTypes>(check: CheckDefinition<N, PS, R>, c: CheckCase<N, R>): Result {
  const first = check.appliesTo[0]!;
  // A check for every type is tried on a bucket unless the case names a type.
  const resource: ResourceRef = { type: first === '*' ? 'AWS::S3::Bucket' : first, id: 'resource-under-test', region: 'us-east-1', keys: ['Output'], ...c.resource };
  const store = new Map<string, Partial<Record<FactKey, Fact<unknown>>>>();
  store.set(resourceKey(resource), c.facts as Partial<Record<FactKey, Fact<unknown>>>);
  for (const r of c.related ?? []) store.set(resourceKey(r.resource), r.facts as Partial<Record<FactKey, Fact<unknown>>>);
  const resources = [resource, ...(c.related ?? []).map((r) => r.resource)];
  const results = evaluateAll(
    [{ check: check as unknown as AnyCheck, file: `${check.id}.check.ts`, builtIn: true }],
    resources,
    { get: (ref, key) => store.get(resourceKey(ref))?.[key] as never },
    {
      params: { [check.id]: c.params ?? {} },
      ...(c.today !== undefined ? { today: c.today } : {}),
      // The facts the check reads itself, for the resource under test only.
      declared: { get: (_id, ref) => (ref === resource ? (c.facts as Record<string, Fact<unknown>>) : undefined) },
    },
  );
  const own = results.filter((r) => r.resource === resource);
  if (own.length !== 1) throw new Error(`expected exactly one result for the resource under test, got ${own.length}`);
  return own[0]!;
}

export function runCheckCases<N extends FactKey, PS extends ParamSpecs, R extends ReadTypes>(check: CheckDefinition<N, PS, R>, table: CheckTable<N, R>): void {
  describe(check.id, () => {
    it('has at least one pass, one fail and one unknown-fact case', () => {
      expect(table.pass.length).toBeGreaterThan(0);
      expect(table.fail.length).toBeGreaterThan(0);
      expect(table.error.length).toBeGreaterThan(0);
    });
    const groups: Array<[Status, CheckCase<N, R>[]]> = [
      ['pass', table.pass],
      ['fail', table.fail],
      ['error', table.error],
      ['skipped', table.skipped ?? []],
    ];
    for (const [status, cases] of groups) {
      for (const c of cases) {
        it(`${status}: ${c.name}`, () => {
          const result = evaluateCase(check, c);
          expect({ status: result.status, message: result.message }).toEqual({ status, message: expect.any(String) });
          expect(result.message.length).toBeGreaterThan(0);
          if (status === 'fail') expect(Object.keys(result.evidence).length).toBeGreaterThan(0);
          if (c.expectEvidence) expect(result.evidence).toMatchObject(c.expectEvidence);
        });
      }
    }
  });
}
