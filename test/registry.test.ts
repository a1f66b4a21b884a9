/**
 * Parity rules for check modules: every check has its test, its id equals its file name, its
 * metadata is valid, and every fact it needs is provided by a collector for its resource types.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FACT_TYPES } from '../src/facts/catalogue.js';
import { COLLECTOR_MODULES, collectorFor, collectorOf } from '../src/collect/index.js';
import { builtInCheckFiles, idFromFile, loadCheckModule, loadChecks, validateCheck } from '../src/engine/registry.js';
import { ConfigError } from '../src/errors.js';
import { EVERY_TYPE, FAMILIES, RESOURCE_TYPES } from '../src/types.js';

const files = await builtInCheckFiles();
const loaded = await loadChecks();

describe('built-in checks', () => {
  it('are found', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(loaded.length).toBe(files.length);
  });

  it.each(files)('%s has a sibling test', (file) => {
    expect(existsSync(file.replace(/\.check\.ts$/, '.check.test.ts'))).toBe(true);
  });

  it.each(loaded.map((c) => [c.file, c] as const))('%s carries the id of its file name', (_file, c) => {
    expect(c.check.id).toBe(idFromFile(c.file));
  });

  it.each(loaded.map((c) => [c.check.id, c] as const))('%s names its family', (_id, c) => {
    expect(FAMILIES.filter((f) => f !== 'custom')).toContain(c.check.family);
  });

  it('have unique ids', () => {
    const ids = loaded.map((c) => c.check.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(loaded.map((c) => [c.check.id, c] as const))('%s needs only facts a collector provides for its types', async (_id, c) => {
    for (const key of c.check.needs) {
      for (const target of c.check.appliesTo.filter((t) => FACT_TYPES[key].includes(t))) {
        // A fact of every type (`*`) comes from the module serving it for every type.
        const service = target === EVERY_TYPE ? collectorOf('AWS::Any::Thing', key) : collectorOf(target, key);
        expect({ key, target, service }).toEqual({ key, target, service: expect.any(String) });
        const mod = await COLLECTOR_MODULES[service!]!.load();
        expect({ key, target, provided: mod.default.provides.includes(key) }).toEqual({ key, target, provided: true });
      }
    }
  });
});

describe('collectors', () => {
  it.each(Object.entries(COLLECTOR_MODULES))('%s declares the types it is registered for and read-only actions only', async (_service, entry) => {
    const mod = await entry.load();
    expect([...mod.default.types].sort()).toEqual([...entry.types].sort());
    for (const action of mod.default.actions) expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List)[A-Za-z]+$/);
  });

  it('cover every resource type that has facts, except those with none yet', () => {
    const typesWithFacts = new Set(Object.values(FACT_TYPES).flat());
    for (const type of RESOURCE_TYPES.filter((t) => typesWithFacts.has(t))) expect({ type, service: collectorFor(type) }).toEqual({ type, service: expect.any(String) });
  });
});

describe('check validation', () => {
  const good = {
    id: 'custom-thing-ok',
    title: 'Thing is ok',
    severity: 'low',
    appliesTo: ['AWS::S3::Bucket'],
    needs: ['s3.lifecycleRules'],
    remediation: 'Fix it.',
    evaluate: () => ({ status: 'pass', message: 'ok' }),
  };

  it('accepts a well-formed check', () => {
    expect(validateCheck(good, 'x.check.js').id).toBe('custom-thing-ok');
  });

  it.each([
    ['an unknown severity', { ...good, severity: 'urgent' }, /severity/],
    ['a malformed resource type name', { ...good, appliesTo: ['Foo Bar'] }, /appliesTo/],
    ['an unknown fact key', { ...good, needs: ['s3.nope'] }, /needs/],
    ['a fact not collected for its types', { ...good, needs: ['kinesis.stream'] }, /kinesis\.stream is not collected/],
    ['an empty remediation', { ...good, remediation: '' }, /remediation/],
    ['no evaluate function', { ...good, evaluate: 'yes' }, /evaluate/],
    ['an id that is not kebab-case', { ...good, id: 'CustomThing' }, /id/],
    ['an unknown metadata key', { ...good, colour: 'red' }, /colour/],
  ])('rejects %s, naming the file', (_name, value, pattern) => {
    expect(() => validateCheck(value, '/tmp/broken.check.js')).toThrow(ConfigError);
    expect(() => validateCheck(value, '/tmp/broken.check.js')).toThrow(/\/tmp\/broken\.check\.js/);
    expect(() => validateCheck(value, '/tmp/broken.check.js')).toThrow(pattern);
  });

  it.each([
    ['AWS::CloudTrail::Cloudtrail', 'appliesTo.0 names AWS::CloudTrail::Cloudtrail, which is not a CloudFormation resource type (did you mean AWS::CloudTrail::Trail?)'],
    ['AWS::Iam::Role', 'appliesTo.0 names AWS::Iam::Role, which is not a CloudFormation resource type (did you mean AWS::IAM::Role?)'],
    ['AWS::WAFv2::Regional', 'appliesTo.0 names AWS::WAFv2::Regional, which is not a CloudFormation resource type (did you mean AWS::WAFv2::RuleGroup?)'],
    ['aws_cloudtrail', 'appliesTo.0 names aws_cloudtrail, which is a type CloudFormation names AWS::CloudTrail::Trail, the name its resources carry (use AWS::CloudTrail::Trail)'],
  ])('rejects a type no resource has (%s), in one sentence naming the nearest real type', (type, said) => {
    const check = { ...good, appliesTo: [type], needs: [] };
    expect(() => validateCheck(check, '/tmp/trail.check.js')).toThrow(
      `The check module /tmp/trail.check.js is invalid: ${said}. Fix the module's metadata and rerun.`,
    );
  });

  it.each([['AWS::CloudTrail::Trail'], ['aws_ec2_tag'], ['aws:ec2/tag:Tag'], ['aws_brand_new_thing']])(
    'accepts a real CloudFormation type, or a provider type CloudFormation has no name for: %s',
    (type) => {
      expect(validateCheck({ ...good, appliesTo: [type], needs: [] }, 'x.check.js').appliesTo).toEqual([type]);
    },
  );

  it('turns a module that throws at load into a ConfigError naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-check-'));
    const file = join(dir, 'boom.check.mjs');
    await writeFile(file, "throw new Error('kaboom at load');\n");
    await expect(loadCheckModule(file, false)).rejects.toThrow(ConfigError);
    await expect(loadCheckModule(file, false)).rejects.toThrow(/boom\.check\.mjs.*kaboom at load/);
  });

  it('turns a module without a default export into a ConfigError naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-check-'));
    const file = join(dir, 'empty.check.mjs');
    await writeFile(file, 'export const notACheck = 1;\n');
    await expect(loadCheckModule(file, false)).rejects.toThrow(/empty\.check\.mjs does not export a check/);
  });
});
