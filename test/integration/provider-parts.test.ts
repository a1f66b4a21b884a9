/**
 * The parts table (`src/sources/parts.ts`) held to the real provider's schema
 * (`terraform providers schema -json` of hashicorp/aws from the local mirror): every type it names
 * exists, every fold's target is a resource type and every attribute it reads is an attribute of
 * the folding type, and every type whose name reads as an association, attachment, accepter,
 * propagation, validation, membership, registration, tag or exclusive list has been decided.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FOLD_RULES, NON_RESOURCES, OWN_RESOURCES, PART_SUFFIX, S3_FOLDS } from '../../src/sources/parts.js';
import { classifyTerraformType } from '../../src/sources/provider-types.js';
import { terraformStack } from '../helpers/terraform.js';

interface Block {
  attributes?: Record<string, { computed?: boolean; optional?: boolean; required?: boolean }>;
}
let types: Record<string, { block: Block }>;

beforeAll(async () => {
  const tf = await terraformStack({ dir: await mkdtemp(join(tmpdir(), 'postflight-schema-')), files: {}, endpoint: 'http://127.0.0.1:9' });
  await tf.init();
  const schema = JSON.parse((await tf.run(['providers', 'schema', '-json'])).stdout) as { provider_schemas: Record<string, { resource_schemas: typeof types }> };
  const aws = Object.entries(schema.provider_schemas).find(([k]) => k.endsWith('/hashicorp/aws'));
  if (!aws) throw new Error('the schema holds no hashicorp/aws provider');
  types = aws[1].resource_schemas;
}, 120_000);

const attrs = (type: string) => Object.keys(types[type]?.block.attributes ?? {});

it('the schema is the provider the tables were written against, with its full type list', () => {
  expect(Object.keys(types).length).toBeGreaterThan(1400);
});

it.each(Object.entries(FOLD_RULES))('%s folds into a resource type through its own attribute', (type, rule) => {
  expect(types[type]).toBeDefined();
  expect(types[rule.target]).toBeDefined();
  for (const via of rule.via) expect(attrs(type)).toContain(via);
  const c = classifyTerraformType(type);
  expect(c.kind).toBe('fold');
  expect(classifyTerraformType(rule.target).kind).toBe('resource');
  if (rule.foreignArn) expect(attrs(type)).toContain('arn');
});

it.each(Object.keys(NON_RESOURCES))('%s is not placed, with the reason', (type) => {
  expect(types[type]).toBeDefined();
  const c = classifyTerraformType(type);
  expect(c.kind).toBe('other');
  expect(c.kind === 'other' && c.reason).toBe(NON_RESOURCES[type]);
});

it.each([...OWN_RESOURCES])('%s is a resource of its own: it has its own ARN or tags', (type) => {
  expect(types[type]).toBeDefined();
  expect(attrs(type).some((a) => a === 'arn' || a === 'tags')).toBe(true);
  expect(classifyTerraformType(type).kind).toBe('resource');
});

it('every type whose name reads as a part of another resource is decided: folded, not a resource, or a resource of its own', () => {
  const undecided = Object.keys(types).filter((t) => PART_SUFFIX.test(t) && !FOLD_RULES[t] && !NON_RESOURCES[t] && !OWN_RESOURCES.has(t) && !S3_FOLDS.test(t));
  expect(undecided).toEqual([]);
});

it('every S3 bucket configuration type names its bucket', () => {
  const s3 = Object.keys(types).filter((t) => S3_FOLDS.test(t));
  expect(s3.length).toBeGreaterThan(15);
  for (const t of s3) expect([t, attrs(t).includes('bucket')]).toEqual([t, true]);
});
