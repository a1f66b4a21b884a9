/**
 * The contract of a check module. A check is metadata plus a pure, synchronous `evaluate`:
 * facts in, one verdict out. It imports no SDK and touches no clock, env, fs or console.
 */
import type { Fact } from '../facts/fact.js';
import type { FactKey, FactMap } from '../facts/catalogue.js';
import type { Evidence, Family, ResourceRef, ResourceType, Severity, Status } from '../types.js';

/** A declared check parameter: its type, default and meaning. Values come from the config. */
export type ParamSpec =
  | { type: 'integer'; default?: number; min?: number; max?: number; description: string }
  | { type: 'number'; default?: number; min?: number; max?: number; description: string }
  | { type: 'string'; default?: string; enum?: readonly string[]; description: string }
  | { type: 'boolean'; default?: boolean; description: string }
  | { type: 'string[]'; default?: readonly string[]; description: string };

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

type ParamValue<S extends ParamSpec> = S extends { type: 'integer' | 'number' }
  ? number
  : S extends { type: 'string' }
    ? string
    : S extends { type: 'boolean' }
      ? boolean
      : readonly string[];

/** Parameter values as `evaluate` sees them: a parameter without a default may be undefined. */
export type Params<PS extends ParamSpecs> = {
  readonly [K in keyof PS]: PS[K] extends { default: unknown } ? ParamValue<PS[K]> : ParamValue<PS[K]> | undefined;
};

export type FactsOf<N extends FactKey> = { readonly [K in N]: Fact<FactMap[K]> };

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

export interface CheckInput<N extends FactKey, PS extends ParamSpecs> {
  resource: ResourceRef;
  facts: FactsOf<N>;
  params: Params<PS>;
  related: RelatedView;
}

export interface Verdict {
  status: Status;
  message: string;
  evidence?: Evidence;
}

export interface CheckDefinition<N extends FactKey = FactKey, PS extends ParamSpecs = ParamSpecs> {
  /** `<service>-<resource>-<desired-state>`, equal to the file stem. */
  id: string;
  /** Names the passing state. */
  title: string;
  severity: Severity;
  /** The family the reports group it under; a custom check may leave it out (`custom`). */
  family?: Family;
  appliesTo: readonly ResourceType[];
  needs: readonly N[];
  /** How to fix a failure, in the terms of the stack's code. */
  remediation: string;
  description?: string;
  params?: PS;
  /** Facts of other resource types the check reads through `related` (e.g. the stack's KMS keys). */
  relatedNeeds?: Partial<Record<ResourceType, readonly FactKey[]>>;
  evaluate(input: CheckInput<N, PS>): Verdict;
}

/** A check as the engine holds it, with its types erased. */
export type AnyCheck = CheckDefinition<FactKey, ParamSpecs>;

/** Typed factory for check modules: `export default defineCheck({...})`. */
export function defineCheck<const N extends FactKey, const PS extends ParamSpecs = Record<never, never>>(
  def: CheckDefinition<N, PS>,
): CheckDefinition<N, PS> {
  return def;
}

export const pass = (message: string, evidence: Evidence = {}): Verdict => ({ status: 'pass', message, evidence });
export const fail = (message: string, evidence: Evidence = {}): Verdict => ({ status: 'fail', message, evidence });
export const error = (message: string, evidence: Evidence = {}): Verdict => ({ status: 'error', message, evidence });
export const skipped = (reason: string, evidence: Evidence = {}): Verdict => ({ status: 'skipped', message: reason, evidence });
