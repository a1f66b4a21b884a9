/** `dynamic` blocks, which a plan's JSON leaves out of its configuration, found in the files and compared. */
import { compareDeclared, differenceText } from './compare.js';
import { dynamicBlocks, withDynamic } from './dynamic.js';
import type { BlockShape } from './schema.js';

const HCL = `
resource "aws_security_group" "web" {
  name = "web" # a comment with a { brace
  description = "braces { in } strings"
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port = ingress.value
      to_port   = ingress.value
      protocol  = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    id     = "archive"
    status = "Enabled"
    dynamic "transition" {
      for_each = var.transitions
      content {
        days          = transition.value.days
        storage_class = transition.value.class
      }
    }
  }
}

resource "aws_s3_bucket" "plain" {
  bucket = "plain"
}
`;

// CDKTF writes an iterator-built block as "dynamic" in its JSON.
const CDKTF = JSON.stringify({
  resource: { aws_security_group: { web_sg_1A2B3C4D: { name: 'web', dynamic: { ingress: { for_each: '${var.ports}', content: { from_port: '${ingress.value}' } } } } } },
});

describe('dynamicBlocks', () => {
  it('finds them by resource block, in HCL (strings and comments aside) and in CDKTF JSON, with the module prefix', () => {
    const found = dynamicBlocks([
      { prefix: '', name: 'main.tf', text: HCL },
      { prefix: 'module.net.', name: 'sg.tf', text: HCL },
      { prefix: '', name: 'cdk.tf.json', text: CDKTF },
      { prefix: '', name: 'README.md', text: 'resource "x" "y" { dynamic "z" {} }' },
    ]);
    expect(Object.fromEntries(found)).toEqual({
      'aws_security_group.web': ['ingress'],
      'aws_s3_bucket_lifecycle_configuration.logs': ['transition'],
      'module.net.aws_security_group.web': ['ingress'],
      'module.net.aws_s3_bucket_lifecycle_configuration.logs': ['transition'],
      'aws_security_group.web_sg_1A2B3C4D': ['ingress'],
    });
  });
});

const SG: BlockShape = {
  attributes: {
    name: { type: 'string' },
    ingress: { type: ['set', ['object', { from_port: 'number', to_port: 'number', protocol: 'string', cidr_blocks: ['list', 'string'] }]] },
    arn: { type: 'string', computedOnly: true },
  },
  blocks: {},
};
const LIFECYCLE: BlockShape = {
  attributes: { bucket: { type: 'string' } },
  blocks: {
    rule: {
      nesting: 'list',
      block: {
        attributes: { id: { type: 'string' }, status: { type: 'string' } },
        blocks: { transition: { nesting: 'set', block: { attributes: { days: { type: 'number' }, storage_class: { type: 'string' }, date: { type: 'string' } }, blocks: {} } } },
      },
    },
  },
};

describe('withDynamic', () => {
  it('adds a dynamic attribute-as-block, so a rule added outside the stack is drift (without it, it would pass)', () => {
    const rule = (port: number) => ({ from_port: port, to_port: port, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] });
    const before = { name: 'web', ingress: [rule(443)] };
    const after = { name: 'web', ingress: [rule(443), rule(22)] };
    const plain = { name: true } as const;
    expect(compareDeclared(before, after, plain, { shape: SG })).toEqual([]);
    expect(compareDeclared(before, after, withDynamic(plain, ['ingress'], SG), { shape: SG }).map(differenceText)).toEqual([
      'ingress: live {"cidr_blocks":["10.0.0.0/8"],"from_port":22,"protocol":"tcp","to_port":22}, not declared',
    ]);
  });

  it('adds a dynamic block inside a written-out block, with the attributes it can set', () => {
    const mask = withDynamic({ bucket: true, rule: { id: true, status: true } }, ['transition'], LIFECYCLE);
    expect(mask).toEqual({ bucket: true, rule: { id: true, status: true, transition: { days: true, storage_class: true, date: true } } });
    const before = { rule: [{ id: 'archive', status: 'Enabled', transition: [{ days: 30, storage_class: 'GLACIER', date: null }] }] };
    const after = { rule: [{ id: 'archive', status: 'Enabled', transition: [{ days: 90, storage_class: 'GLACIER', date: null }] }] };
    expect(compareDeclared(before, after, mask, { shape: LIFECYCLE })).toHaveLength(2);
  });

  it('without a schema, compares the whole attribute of that name', () => {
    expect(withDynamic({ name: true }, ['ingress'], undefined)).toEqual({ name: true, ingress: true });
  });
});
