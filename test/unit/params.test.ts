/** Check parameters in the config are held to their declared types, lists of whole numbers included. */
import { describe, expect, it } from '@jest/globals';
import { validateParams } from '../../src/engine/params.js';
import { validateCheck } from '../../src/engine/registry.js';
import { ConfigError } from '../../src/errors.js';
import type { AnyCheck } from '../../src/engine/define.js';

const check = {
  id: 'custom-ports-closed',
  title: 'Ports are closed',
  severity: 'low',
  appliesTo: ['AWS::EC2::SecurityGroup'],
  needs: [],
  params: { ports: { type: 'integer[]', default: [22], min: 0, max: 65535, description: 'Ports.' } },
  remediation: 'Close them.',
  evaluate: () => ({ status: 'pass', message: 'ok' }),
} as unknown as AnyCheck;

describe('integer[] parameters', () => {
  it('a module may declare one, with bounds', () => {
    expect(validateCheck(check, 'ports.check.js').params).toEqual({ ports: { type: 'integer[]', default: [22], min: 0, max: 65535, description: 'Ports.' } });
    expect(() => validateCheck({ ...check, params: { ports: { type: 'integer[]', default: [1.5], description: 'Ports.' } } }, 'ports.check.js')).toThrow(/ports\.check\.js/);
  });

  it('accepts a list of whole numbers within the bounds', () => {
    expect(() => validateParams([check], { 'custom-ports-closed': { ports: [22, 3389] } }, 'postflight.config.json')).not.toThrow();
    expect(() => validateParams([check], { 'custom-ports-closed': { ports: [] } }, 'postflight.config.json')).not.toThrow();
  });

  it.each([
    ['a single number', 22, /must be a list of whole numbers/],
    ['a list of strings', ['22'], /must be a list of whole numbers/],
    ['a fraction', [22.5], /must be a list of whole numbers/],
    ['a number below the minimum', [-1], /must hold numbers of at least 0/],
    ['a number above the maximum', [70000], /must hold numbers of at most 65535/],
  ])('refuses %s, naming the file, the key and the value', (_name, value, problem) => {
    const run = () => validateParams([check], { 'custom-ports-closed': { ports: value } }, 'postflight.config.json');
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/The config file postflight\.config\.json sets "params\.custom-ports-closed\.ports" to/);
    expect(run).toThrow(problem);
  });
});
