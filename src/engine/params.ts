import { ConfigError } from '../errors.js';
import type { AnyCheck, ParamSpec } from './define.js';

function typeError(spec: ParamSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a ${spec.type}`;
      if (spec.type === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
      if (spec.min !== undefined && value < spec.min) return `must be at least ${spec.min}`;
      if (spec.max !== undefined && value > spec.max) return `must be at most ${spec.max}`;
      return undefined;
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (spec.enum && !spec.enum.includes(value)) return `must be one of ${spec.enum.join(', ')}`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'must be a list of strings';
    case 'integer[]':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'must be a list of whole numbers';
      if (spec.min !== undefined && value.some((v) => v < spec.min!)) return `must hold numbers of at least ${spec.min}`;
      if (spec.max !== undefined && value.some((v) => v > spec.max!)) return `must hold numbers of at most ${spec.max}`;
      return undefined;
    case 'patterns':
      return patternsError(value);
  }
}

/**
 * Why a `patterns` value is wrong, or undefined: an object of names, each mapped to null (any
 * value) or a regular expression that compiles.
 */
export function patternsError(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of names, each null or a regular expression';
  for (const [name, pattern] of Object.entries(value as Record<string, unknown>)) {
    if (name === '') return 'must not name an empty key';
    if (pattern === null) continue;
    if (typeof pattern !== 'string') return `maps "${name}" to ${JSON.stringify(pattern)}, which is neither null nor a regular expression`;
    const problem = regexError(pattern);
    if (problem) return `maps "${name}" to ${JSON.stringify(pattern)}, which is not a valid regular expression (${problem})`;
  }
  return undefined;
}

/** Why a regular expression does not compile, or undefined. */
export function regexError(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

/** Checks the config's `params` against the parameters each check declares. */
export function validateParams(checks: readonly AnyCheck[], params: Readonly<Record<string, Readonly<Record<string, unknown>>>>, file: string): void {
  const byId = new Map(checks.map((c) => [c.id, c]));
  for (const [id, values] of Object.entries(params)) {
    const check = byId.get(id);
    if (!check) throw new ConfigError(`The config file ${file} sets params for "${id}", which is not a check: run \`postflight list-checks\` for the ids.`);
    const specs = check.params ?? {};
    for (const [name, value] of Object.entries(values)) {
      const spec = specs[name];
      if (!spec) {
        const known = Object.keys(specs);
        throw new ConfigError(
          `The config file ${file} sets "params.${id}.${name}", but ${id} has ${known.length ? `only the parameters ${known.join(', ')}` : 'no parameters'}: remove or rename it.`,
        );
      }
      const problem = typeError(spec, value);
      if (problem) throw new ConfigError(`The config file ${file} sets "params.${id}.${name}" to ${JSON.stringify(value)}, but it ${problem}: fix the value.`);
    }
  }
}
