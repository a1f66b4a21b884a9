/**
 * The contract of a check module. A check is metadata plus a pure, synchronous `evaluate`:
 * facts in, one verdict out. It imports no SDK and touches no clock, env, fs or console.
 */
import type { Fact } from '../facts/fact.js';
import type { FactKey, FactMap } from '../facts/catalogue.js';
import type { AppliesTo, Evidence, Family, ResourceRef, ResourceType, Severity, Status } from '../types.js';

/** A declared check parameter: its type, default and meaning. Values come from the config. */
export type ParamSpec =
  | { type: 'integer'; default?: number; min?: number; max?: number; description: string }
  | { type: 'number'; default?: number; min?: number; max?: number; description: string }
  | { type: 'string'; default?: string; enum?: readonly string[]; description: string }
  | { type: 'boolean'; default?: boolean; description: string }
  | { type: 'string[]'; default?: readonly string[]; description: string }
  | { type: 'integer[]'; default?: readonly number[]; min?: number; max?: number; description: string }
  /** Names mapped to `null` (any value) or a regular expression the value must match (required tags). */
  | { type: 'patterns'; default?: Readonly<Record<string, string | null>>; description: string };

/** Framework control ids, by framework. */
export interface Controls {
  readonly fsbp?: readonly string[];
  readonly cis?: readonly string[];
}

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

type ParamValue<S extends ParamSpec> = S extends { type: 'integer' | 'number' }
  ? number
  : S extends { type: 'string' }
    ? string
    : S extends { type: 'boolean' }
      ? boolean
      : S extends { type: 'integer[]' }
        ? readonly number[]
      : S extends { type: 'patterns' }
        ? Readonly<Record<string, string | null>>
        : readonly string[];

/** Parameter values as `evaluate` sees them: a parameter without a default may be undefined. */
export type Params<PS extends ParamSpecs> = {
  readonly [K in keyof PS]: PS[K] extends { default: unknown } ? ParamValue<PS[K]> : ParamValue<PS[K]> | undefined;
};

export type FactsOf<N extends FactKey> = { readonly [K in N]: Fact<FactMap[K]> };

/**
 * A fact a check declares for itself: one read-only AWS SDK v3 call per resource. postflight
 * makes the call (under the run's concurrency limit, retry and timeout, once per identical read)
 * and hands `evaluate` the kept value as a three-state fact:
 * - `present(keep(answer))` when AWS answered (`absent` when `keep` returns undefined);
 * - `absent` when AWS answered with one of the `absentOn` error names (it is not configured);
 * - `unknown(reason)` for any other error (denied, throttled, timed out, not found).
 * `T` is what `keep` returns; annotate `keep`'s parameter with the SDK's output type to type it.
 */
export interface DeclaredRead<T = unknown> {
  /** The SDK v3 client package, installed in the user's project: `@aws-sdk/client-dynamodb`. */
  client: string;
  /** The command's name without `Command`; it must begin Describe, Get, List, Head or BatchGet. */
  command: string;
  /** The command's input, built from the resource (`(r) => ({ TableName: r.id })`). */
  input: (resource: ResourceRef) => object;
  /** What to keep from the answer (default: the whole answer without `$metadata`). */
  keep?: (answer: any) => T; // eslint-disable-line @typescript-eslint/no-explicit-any -- the SDK's output type, as the module annotates it
  /** Error names that mean "AWS says it is not configured" (`absent`) rather than "could not read". */
  absentOn?: readonly string[];
  /** The IAM action, when it is not `<service>:<command>` as postflight derives it. */
  action?: string;
}

/** The kept value of each declared read, by the fact's name. */
export type ReadTypes = Readonly<Record<string, unknown>>;

/** The reads a check declares, by the name `evaluate` sees each fact under. */
export type Reads<RT extends ReadTypes = ReadTypes> = { readonly [K in keyof RT]: DeclaredRead<RT[K]> };

/** The value `evaluate` sees for a read: what `keep` returns, or the whole answer without `keep`. */
export type ReadValue<T> = unknown extends T ? Record<string, unknown> : Exclude<T, undefined>;

export type FactsOfReads<RT extends ReadTypes> = { readonly [K in keyof RT]: Fact<ReadValue<RT[K]>> };

/** A read-only view of the whole run, for checks that judge one resource against others. */
export interface RelatedView {
  /** Every resource in the run, or those of one type. */
  resources(type?: ResourceType): readonly ResourceRef[];
  /** A fact collected for another resource, if the run collected it. */
  fact<K extends FactKey>(ref: ResourceRef, key: K): Fact<FactMap[K]> | undefined;
  /** The stack's customer-managed keys, as the config or the outputs name them. */
  stackKeys(): StackKeys;
}

export interface StackKeys {
  /**
   * Where the expectation comes from: the config (`stackCmk`), the KMS keys the outputs name, the
   * keys a state file or CloudFormation stack deployed (`state`, `stack`; with outputs too, the
   * first that named one), or nowhere.
   */
  source: 'config' | 'outputs' | 'state' | 'stack' | 'none';
  /** ARNs of the stack's keys that could be resolved. */
  arns: string[];
  /** Stack keys that could not be resolved, each with the reason. */
  unresolved: string[];
}

/** A waiver of one attribute of one resource (`"attribute": "desired_count"`): its difference does not fail the check. */
export interface AttributeWaiver {
  /** The attribute path as the check reports it; it also waives everything under it. */
  attribute: string;
  reason: string;
  expires?: string;
}

export interface CheckInput<N extends FactKey, PS extends ParamSpecs, R extends ReadTypes = Record<never, never>> {
  resource: ResourceRef;
  /** The config's waivers of single attributes of this resource for this check, in force today. */
  waived?: readonly AttributeWaiver[];
  /** The catalogue facts the check `needs`, and the facts it `reads` itself. */
  facts: FactsOf<N> & FactsOfReads<R>;
  params: Params<PS>;
  related: RelatedView;
  /**
   * The run's date, `YYYY-MM-DD` (UTC), for checks that compare with a date (a runtime's
   * deprecation). The engine passes it in: a check never reads the clock. Undefined when the
   * caller gave the engine no date.
   */
  today?: string;
}

export interface Verdict {
  status: Status;
  message: string;
  evidence?: Evidence;
}

export interface CheckDefinition<N extends FactKey = FactKey, PS extends ParamSpecs = ParamSpecs, R extends ReadTypes = ReadTypes> {
  /** `<service>-<resource>-<desired-state>`, equal to the file stem. */
  id: string;
  /** Names the passing state. */
  title: string;
  severity: Severity;
  /** The family the reports group it under; a custom check may leave it out (`custom`). */
  family?: Family;
  /**
   * The framework controls the check implements, as auditors name them: AWS Foundational Security
   * Best Practices (Security Hub control ids such as `S3.8`) under `fsbp`, and the CIS AWS
   * Foundations Benchmark v3.0.0 (recommendation numbers such as `2.1.4`) under `cis`. An empty
   * list says the framework has no matching control; a missing key says it was not mapped.
   */
  controls?: Controls;
  /** The resource types the check judges; `*` for every resource of the run. */
  appliesTo: readonly AppliesTo[];
  /** Facts from the catalogue (`src/facts/catalogue.ts`) that the built-in collectors gather. */
  needs: readonly N[];
  /** Facts the check reads itself, each one read-only AWS call per resource, by the name `evaluate` sees. */
  reads?: Reads<R>;
  /** How to fix a failure, in the terms of the stack's code. */
  remediation: string;
  description?: string;
  params?: PS;
  /**
   * Whether the check needs its facts at all, given its parameters (default: always). A check that
   * judges nothing until a parameter is set (required tags, with none configured) answers false:
   * nothing is collected for it, and its `evaluate` must then return `skipped` without reading them.
   */
  needsWhen?: (params: Params<PS>) => boolean;
  /** Facts of other resource types the check reads through `related` (e.g. the stack's KMS keys). */
  relatedNeeds?: Partial<Record<ResourceType, readonly FactKey[]>>;
  evaluate(input: CheckInput<N, PS, R>): Verdict;
}

/** A check as the engine holds it, with its types erased. */
export type AnyCheck = CheckDefinition<FactKey, ParamSpecs, ReadTypes>;

/** What a module writes: `needs` may be left out by a check that only `reads`. */
export type CheckSpec<N extends FactKey, PS extends ParamSpecs, R extends ReadTypes> = Omit<CheckDefinition<N, PS, R>, 'needs'> & { needs?: readonly N[] };

/** Typed factory for check modules: `export default defineCheck({...})`. */
export function defineCheck<const N extends FactKey = never, const PS extends ParamSpecs = Record<never, never>, R extends ReadTypes = Record<never, never>>(
  def: CheckSpec<N, PS, R>,
): CheckDefinition<N, PS, R> {
  return { ...def, needs: def.needs ?? [] };
}

export const pass = (message: string, evidence: Evidence = {}): Verdict => ({ status: 'pass', message, evidence });
export const fail = (message: string, evidence: Evidence = {}): Verdict => ({ status: 'fail', message, evidence });
export const error = (message: string, evidence: Evidence = {}): Verdict => ({ status: 'error', message, evidence });
export const skipped = (reason: string, evidence: Evidence = {}): Verdict => ({ status: 'skipped', message: reason, evidence });
