/** Declared against live, over the attributes the configuration sets, with real-shaped provider values. */
import { compareDeclared, differenceText, SENSITIVE, type Mask } from './compare.js';
import type { BlockShape } from './schema.js';

const SG_SHAPE: BlockShape = {
  attributes: {
    ingress: { type: ['set', ['object', { cidr_blocks: ['list', 'string'], from_port: 'number', protocol: 'string', to_port: 'number', self: 'bool', description: 'string' }]] },
    arn: { type: 'string', computedOnly: true },
    tags: { type: ['map', 'string'] },
  },
  blocks: {},
};
const rule = (port: number, cidr: string) => ({ cidr_blocks: [cidr], description: '', from_port: port, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: 'tcp', security_groups: [], self: false, to_port: port });

describe('compareDeclared', () => {
  it.each<[string, unknown, unknown, Mask, BlockShape | undefined, string[]]>([
    ['an attribute the configuration does not set never counts (a bucket’s deprecated versioning block)', { bucket: 'b', versioning: [{ enabled: true }] }, { bucket: 'b', versioning: [{ enabled: false }] }, { bucket: true }, undefined, []],
    ['tags read back as {} where none were declared', { tags: null }, { tags: {} }, { tags: true }, undefined, []],
    ['layers read back as []', { layers: null, memory_size: 256 }, { layers: [], memory_size: 256 }, { layers: true, memory_size: true }, undefined, []],
    ['tags_all and timeouts never count', { tags_all: { a: '1' }, timeouts: null }, { tags_all: {}, timeouts: { create: '5m' } }, { tags_all: true, timeouts: true }, undefined, []],
    ['a write-only input is never read back', { password_wo: 'x' }, { password_wo: null }, { password_wo: true }, undefined, []],
    ['a computed-only attribute is the provider’s', { arn: 'a' }, { arn: 'b' }, { arn: true }, SG_SHAPE, []],
    ['a number changed', { memory_size: 256 }, { memory_size: 512 }, { memory_size: true }, undefined, ['memory_size: declared 256, live 512']],
    ['a tag removed', { tags: { Team: 'data', Env: 'test' } }, { tags: { Env: 'test' } }, { tags: true }, undefined, ['tags.Team: declared "data", live (unset)']],
    ['a tag with a key that is no identifier', { tags: { 'aws:cdk:path': 'a' } }, { tags: { 'aws:cdk:path': 'b' } }, { tags: true }, undefined, ['tags["aws:cdk:path"]: declared "a", live "b"']],
    ['a flag turned off is drift, not unset', { enabled: true }, { enabled: false }, { enabled: true }, undefined, ['enabled: declared true, live false']],
    ['a nested block’s attribute', { versioning_configuration: [{ status: 'Enabled', mfa_delete: '' }] }, { versioning_configuration: [{ status: 'Suspended', mfa_delete: 'Disabled' }] }, { versioning_configuration: { status: true } }, undefined, ['versioning_configuration[0].status: declared "Enabled", live "Suspended"']],
    ['a set: a rule added, in any order', { ingress: [rule(443, '10.0.0.0/16')] }, { ingress: [rule(22, '0.0.0.0/0'), rule(443, '10.0.0.0/16')] }, { ingress: true }, SG_SHAPE, ['ingress: live {"cidr_blocks":["0.0.0.0/0"],"from_port":22,"protocol":"tcp","self":false,"to_port":22}, not declared']],
    ['a set: the same rules in another order', { ingress: [rule(443, 'a'), rule(80, 'b')] }, { ingress: [rule(80, 'b'), rule(443, 'a')] }, { ingress: true }, SG_SHAPE, []],
    ['a set: one rule replaced', { ingress: [rule(443, '10.0.0.0/16')] }, { ingress: [rule(443, '0.0.0.0/0')] }, { ingress: true }, SG_SHAPE, ['ingress: declared {"cidr_blocks":["10.0.0.0/16"],"from_port":443,"protocol":"tcp","self":false,"to_port":443}, not live', 'ingress: live {"cidr_blocks":["0.0.0.0/0"],"from_port":443,"protocol":"tcp","self":false,"to_port":443}, not declared']],
    ['a list of the same length compares by position (order matters)', { subnet_ids: ['a', 'b'] }, { subnet_ids: ['b', 'a'] }, { subnet_ids: true }, { attributes: { subnet_ids: { type: ['list', 'string'] } }, blocks: {} }, ['subnet_ids[0]: declared "a", live "b"', 'subnet_ids[1]: declared "b", live "a"']],
    ['a policy document IAM re-serialised', { policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' }, { policy: '{"Statement":[{"Resource":["*"],"Action":["s3:GetObject"],"Effect":"Allow"}],"Version":"2012-10-17"}' }, { policy: true }, undefined, []],
    ['a policy document widened', { policy: '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' }, { policy: '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' }, { policy: true }, undefined, ['policy: declared "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:GetObject\\",\\"Resource\\":\\"*\\"}]}", live "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:*\\",\\"Resource\\":\\"*\\"}]}"']],
    ['a key named by its id where the provider stored its ARN', { kms_key_id: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }, { kms_key_id: '1234abcd-12ab-34cd-56ef-1234567890ab' }, { kms_key_id: true }, undefined, []],
  ])('%s', (_name, before, after, mask, shape, expected) => {
    expect(compareDeclared(before, after, mask, shape ? { shape } : {}).map(differenceText)).toEqual(expected);
  });

  it('an alias and its key are one key once the run resolved the alias; unresolved, they differ', () => {
    const before = { kms_key_id: 'alias/app' };
    const after = { kms_key_id: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' };
    expect(compareDeclared(before, after, { kms_key_id: true })).toHaveLength(1);
    expect(compareDeclared(before, after, { kms_key_id: true }, { aliases: new Map([['alias/app', '1234abcd-12ab-34cd-56ef-1234567890ab']]) })).toEqual([]);
  });

  it('never shows a sensitive value: marked by the plan, or by the schema', () => {
    const byPlan = compareDeclared({ value: 'hunter2' }, { value: 'hunter3' }, { value: true }, { sensitive: { before: { value: true }, after: { value: true } } });
    expect(byPlan).toEqual([{ path: 'value', kind: 'changed', declared: SENSITIVE, live: SENSITIVE }]);
    const bySchema = compareDeclared({ master_password: 'a' }, { master_password: 'b' }, { master_password: true }, { shape: { attributes: { master_password: { type: 'string', sensitive: true } }, blocks: {} } });
    expect(JSON.stringify(bySchema)).not.toMatch(/"a"|"b"/);
    // A secret inside a block: the whole block is shown as sensitive.
    const nested = compareDeclared({ environment: [{ variables: { TOKEN: 'x1' } }] }, { environment: [{ variables: { TOKEN: 'x2' } }] }, { environment: { variables: true } }, { sensitive: { before: { environment: [{ variables: { TOKEN: true } }] }, after: {} } });
    expect(JSON.stringify(nested)).not.toMatch(/x1|x2/);
    expect(nested).toHaveLength(1);
  });

  it('cuts a long value to one readable line', () => {
    const [d] = compareDeclared({ policy: 'x'.repeat(1000) }, { policy: 'y'.repeat(1000) }, { policy: true });
    expect(d!.declared!.length).toBeLessThanOrEqual(300);
    expect(d!.declared!.endsWith('…')).toBe(true);
  });
});
