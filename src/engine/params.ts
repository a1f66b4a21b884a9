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
