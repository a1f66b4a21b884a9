/**
 * The public API for custom checks: `import { defineCheck, pass, fail, error } from 'postflight'`.
 */
export { defineCheck, pass, fail, error, skipped } from './engine/define.js';
export type { CheckDefinition, CheckInput, Controls, DeclaredRead, ParamSpec, ParamSpecs, ReadTypes, Reads, ReadValue, RelatedView, Verdict } from './engine/define.js';
export { present, absent, unknown, firstUnknown } from './facts/fact.js';
export type { Fact } from './facts/fact.js';
export type * from './facts/catalogue.js';
export type { Family, ResourceRef, ResourceType, Result, Severity, SourceRef, Status, Evidence } from './types.js';
export { RESOURCE_TYPES, FAMILIES } from './types.js';
