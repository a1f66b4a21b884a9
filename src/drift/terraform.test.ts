/**
 * A refresh-only plan read as drift. The fixture is the real `terraform show -json` (Terraform
 * 1.11.4, hashicorp/aws 5.100.0) of a stack applied against moto and then changed outside it:
 * versioning suspended, a tag removed, a security-group rule added, a Lambda's memory changed, a
 * queue deleted.
 */
import { readFileSync } from 'node:fs';
import { differenceText } from './compare.js';
import { configAddress, configIndex, firstError, isTerraformPlan, maskOf, moduleConfigPath, namesResource, planInstances, readRefreshPlan } from './terraform.js';

const PLAN = JSON.parse(readFileSync(new URL('../../fixtures/drift/refresh-only-plan.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('a refresh-only plan', () => {
  const reading = readRefreshPlan(PLAN);
  const texts = (address: string) => reading.entries.get(address)?.differences.map(differenceText);

  it('reads each drifted instance, only over the attributes the configuration sets', () => {
    expect(reading.version).toBe('1.11.4');
    expect(texts('aws_lambda_function.fn')).toEqual(['memory_size: declared 256, live 512']);
    expect(texts('aws_s3_bucket_versioning.data')).toEqual(['versioning_configuration[0].status: declared "Enabled", live "Suspended"']);
    // The bucket's own `versioning` block and `tags_all` changed too: neither is declared.
    expect(texts('aws_s3_bucket.data')).toEqual(['tags.Team: declared "data", live (unset)']);
    expect(texts('aws_security_group.web')).toEqual([expect.stringMatching(/^ingress: live \{"cidr_blocks":\["0\.0\.0\.0\/0"\],"from_port":22,/)]);
    expect(reading.entries.get('aws_sqs_queue.jobs2')).toEqual({ status: 'deleted', differences: [{ path: '', kind: 'deleted' }] });
  });

  it('reads every other instance of the refreshed state as in sync, count instances included', () => {
    for (const a of ['aws_vpc.main', 'aws_subnet.a[0]', 'aws_subnet.a[1]', 'aws_kms_key.k', 'aws_kms_alias.k', 'aws_iam_role.fn', 'aws_ssm_parameter.p', 'aws_cloudwatch_log_group.lg']) {
      expect({ a, status: reading.entries.get(a)?.status }).toEqual({ a, status: 'in-sync' });
    }
    expect(reading.entries.size).toBe(13);
  });

  it('never lets a sensitive value out: a parameter value marked sensitive shows as (sensitive)', () => {
    const plan = structuredClone(PLAN) as { resource_drift: unknown[] };
    plan.resource_drift.push({
      address: 'aws_ssm_parameter.p',
      mode: 'managed',
      type: 'aws_ssm_parameter',
      name: 'p',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['update'], before: { name: '/drift/param', value: 'hello' }, after: { name: '/drift/param', value: 'changed-secret' }, before_sensitive: { value: true }, after_sensitive: { value: true } },
    });
    const r = readRefreshPlan(plan);
    expect(r.entries.get('aws_ssm_parameter.p')?.differences).toEqual([{ path: 'value', kind: 'changed', declared: '(sensitive)', live: '(sensitive)' }]);
    expect(JSON.stringify([...r.entries])).not.toMatch(/hello|changed-secret/);
  });

  it('an instance whose block left the configuration cannot be judged, with the reason', () => {
    const plan = structuredClone(PLAN) as { configuration: { root_module: { resources: Array<{ address: string }> } } };
    plan.configuration.root_module.resources = plan.configuration.root_module.resources.filter((r) => r.address !== 'aws_lambda_function.fn');
    expect(readRefreshPlan(plan).entries.get('aws_lambda_function.fn')).toMatchObject({ status: 'unread', reason: expect.stringContaining('declares no aws_lambda_function.fn') });
  });

  it('is told from a state, and from a state shown as JSON', () => {
    expect(isTerraformPlan(PLAN)).toBe(true);
    expect(isTerraformPlan({ version: 4, resources: [] })).toBe(false);
    expect(isTerraformPlan({ format_version: '1.0', values: {} })).toBe(false);
    expect(() => readRefreshPlan({ version: 4 })).toThrow(/not the JSON of a plan/);
  });
});

describe('the same state', () => {
  const instances = planInstances(PLAN);

  it('holds each instance’s identifying values, a deleted one’s from before the refresh', () => {
    expect(namesResource(instances.get('aws_s3_bucket.data')!, ['pf-drift-data'])).toBe(true);
    expect(namesResource(instances.get('aws_sqs_queue.jobs2')!, [undefined, 'arn:aws:sqs:us-east-1:123456789012:drift-jobs2'])).toBe(true);
    // A folded part names the resource it configures.
    expect(namesResource(instances.get('aws_s3_bucket_versioning.data')!, ['pf-drift-data'])).toBe(true);
  });

  it('tells another object at the same address (another state) apart', () => {
    expect(namesResource(instances.get('aws_s3_bucket.data')!, ['prod-data-bucket', 'arn:aws:s3:::prod-data-bucket'])).toBe(false);
  });
});

describe('addresses', () => {
  it.each([
    ['module.a["x"].module.b[0]', 'module.a.module.b'],
    ['module.a["k.with.dots[0]"]', 'module.a'],
    ['module.a["esc\\"aped"].module.c', 'module.a.module.c'],
    ['module.net', 'module.net'],
  ])('%s → %s', (address, path) => expect(moduleConfigPath(address)).toBe(path));

  it('maps a module instance of a for_each resource to its block', () => {
    expect(configAddress({ module_address: 'module.storage["raw"]', type: 'aws_s3_bucket', name: 'this' })).toBe('module.storage.aws_s3_bucket.this');
  });

  it('indexes blocks inside module calls, recursively', () => {
    const index = configIndex({
      root_module: {
        resources: [{ address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', name: 'main', expressions: { cidr_block: { constant_value: '10.0.0.0/16' } } }],
        module_calls: { storage: { module: { resources: [{ mode: 'managed', type: 'aws_s3_bucket', name: 'this', expressions: { bucket: { references: ['var.name'] } } }], module_calls: { logs: { module: { resources: [{ mode: 'managed', type: 'aws_cloudwatch_log_group', name: 'this', expressions: {} }] } } } } } },
      },
    });
    expect([...index.keys()]).toEqual(['aws_vpc.main', 'module.storage.aws_s3_bucket.this', 'module.storage.module.logs.aws_cloudwatch_log_group.this']);
  });
});

describe('what the configuration sets', () => {
  it('reads constants, references, expressions Terraform does not show, and nested blocks', () => {
    expect(
      maskOf({
        name: { constant_value: 'web' },
        vpc_id: { references: ['aws_vpc.main.id', 'aws_vpc.main'] },
        assume_role_policy: {}, // jsonencode(…): set, though its value is not shown
        versioning_configuration: [{ status: { constant_value: 'Enabled' } }],
        environment: [{ variables: { constant_value: { MODE: 'prod' } } }],
        rule: [{ id: { constant_value: 'a' } }, { id: { constant_value: 'b' }, filter: [{ prefix: { constant_value: 'x/' } }] }],
      }),
    ).toEqual({ name: true, vpc_id: true, assume_role_policy: true, versioning_configuration: { status: true }, environment: { variables: true }, rule: { id: true, filter: { prefix: true } } });
  });
});

describe('diagnostics', () => {
  it('names the first error of a -json run in one line', () => {
    const lines = [
      '{"@level":"info","type":"version","terraform":"1.11.4"}',
      '{"@level":"error","type":"diagnostic","diagnostic":{"severity":"error","summary":"Inconsistent dependency lock file","detail":"The following dependency selections recorded in the lock file are inconsistent with the current configuration:\\n  - provider registry.terraform.io/hashicorp/aws: required by this configuration but no version is selected\\n\\nTo make the initial dependency selections that will initialize the dependency lock file, run:\\n  terraform init"}}',
    ].join('\n');
    expect(firstError(lines)).toMatch(/^Inconsistent dependency lock file: The following .* run: terraform init$/);
    expect(firstError('{"type":"version"}')).toBeUndefined();
  });
});
