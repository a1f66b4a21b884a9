/** `requiredTags` in the config: validated at load (a bad pattern names its key), handed to the required-tags check, set in one place only. */
import { parseConfig } from '../../src/config/config.js';
import { validateParams } from '../../src/engine/params.js';
import { ConfigError } from '../../src/errors.js';
import { checkParams } from '../../src/plan/plan.js';
import check from '../../checks/resource-has-required-tags.check.js';

describe('requiredTags', () => {
  it('accepts null (any value) and regular expressions', () => {
    expect(parseConfig({ requiredTags: { Environment: null, CostCenter: '^[0-9]{4}$' } }, 'postflight.config.json').requiredTags).toEqual({ Environment: null, CostCenter: '^[0-9]{4}$' });
  });

  it.each([
    ['a pattern that does not compile', { CostCenter: '^[0-9{4}$' }, /postflight\.config\.json is invalid: "requiredTags\.CostCenter": "\^\[0-9\{4\}\$" is not a valid regular expression/],
    ['a value that is neither null nor a string', { Owner: true }, /"requiredTags\.Owner"/],
    ['an empty key', { '': null }, /"requiredTags\."/],
  ])('refuses %s, naming the key', (_name, requiredTags, message) => {
    expect(() => parseConfig({ requiredTags }, 'postflight.config.json')).toThrow(ConfigError);
    expect(() => parseConfig({ requiredTags }, 'postflight.config.json')).toThrow(message);
  });

  it('becomes the required-tags check\'s parameter, beside its other parameters', () => {
    const config = parseConfig({ requiredTags: { Owner: null }, params: { 'resource-has-required-tags': { ignoreTypes: [] } } }, 'c.json');
    expect(checkParams(config, 'c.json')['resource-has-required-tags']).toEqual({ ignoreTypes: [], requiredTags: { Owner: null } });
    expect(checkParams(parseConfig({}, 'c.json'), 'c.json')).toEqual({});
  });

  it('set both at the top level and as a parameter: a ConfigError saying which to keep', () => {
    const config = parseConfig({ requiredTags: { Owner: null }, params: { 'resource-has-required-tags': { requiredTags: { Team: null } } } }, 'c.json');
    expect(() => checkParams(config, 'c.json')).toThrow(/sets both "requiredTags" and "params\.resource-has-required-tags\.requiredTags": keep the top-level "requiredTags"/);
  });

  it('set as a parameter, the patterns are checked too', () => {
    expect(() => validateParams([check as never], { 'resource-has-required-tags': { requiredTags: { Owner: '(' } } }, 'c.json')).toThrow(/maps "Owner" to "\(", which is not a valid regular expression/);
    expect(() => validateParams([check as never], { 'resource-has-required-tags': { requiredTags: ['Owner'] } }, 'c.json')).toThrow(/must be an object of names/);
    expect(() => validateParams([check as never], { 'resource-has-required-tags': { requiredTags: { Owner: 3 } } }, 'c.json')).toThrow(/neither null nor a regular expression/);
    expect(() => validateParams([check as never], { 'resource-has-required-tags': { requiredTags: { Owner: null } } }, 'c.json')).not.toThrow();
  });
});
