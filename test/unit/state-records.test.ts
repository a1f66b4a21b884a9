/**
 * Every state record the tests hold, read as `postflight discover` reads it: the same resources in
 * the same regions whatever the run's region (set, another, or none), no resource twice, and for
 * the small records exactly the resources and the entries not placed that the file calls for
 * (regions the entry does not name itself, deposed objects, parts of other resources, resources
 * only such parts name). Then plans passed as states.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { discoverCommand } from '../../src/run.js';
import { identityKey } from '../../src/sources/identify.js';
import { isBinaryPlan, isPlanJson } from '../../src/sources/plan.js';
import { classifyTerraformType } from '../../src/sources/provider-types.js';
import { parseStateFile, readStateFile } from '../../src/sources/state.js';
import { allStateRecords, TABLE_RECORDS } from '../../fixtures/state/records.js';

interface Found {
  resources: Array<{ type: string; id: string; region?: string }>;
  unplaced: Array<{ name: string; reason: string }>;
}

const RECORDS = allStateRecords();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postflight-records-'));
  for (const r of RECORDS) await writeFile(join(dir, r.name), r.text);
});

async function discoverUnder(name: string, region: string | undefined): Promise<Found> {
  let text = '';
  const env: NodeJS.ProcessEnv = region ? { AWS_REGION: region } : {};
  await discoverCommand({ state: [name], cwd: dir, env, json: true, out: (t) => (text += t), err: () => undefined });
  return JSON.parse(text) as Found;
}

const rows = (found: Found) => found.resources.map((r) => `${r.type} ${r.id} ${r.region ?? '-'}`).sort();

describe("every state record: the same resources in the same regions, whatever the run's region", () => {
  it.each(RECORDS.map((r) => r.name))('%s', async (name) => {
    const none = await discoverUnder(name, undefined);
    expect(none.resources.length).toBeGreaterThan(0);
    for (const r of none.resources) expect(r.region).toMatch(/^[a-z]{2}(-[a-z]+)+-\d$/);
    // No resource twice.
    expect(new Set(none.resources.map((r) => identityKey(r.type as never, r.id))).size).toBe(none.resources.length);
    for (const region of ['eu-west-1', 'ap-southeast-2']) {
      const under = await discoverUnder(name, region);
      expect(rows(under)).toEqual(rows(none));
      expect(under.unplaced).toEqual(none.unplaced);
    }
  });
});

/** The resource type the type table gives a provider type. */
function typeOf(providerType: string): string {
  const c = classifyTerraformType(providerType);
  if (c.kind !== 'resource') throw new Error(`${providerType} is not a resource type`);
  return c.rule.type;
}

describe('each way an entry was misplaced, read as the file says', () => {
  it.each(TABLE_RECORDS.map((r) => [r.name, r] as const))('%s', async (name, record) => {
    // An ambient region unlike any in the files: it must show nowhere.
    const found = await discoverUnder(name, 'eu-south-2');
    expect(rows(found)).toEqual(rows({ resources: (record.expected ?? []).map(([t, id, region]) => ({ type: typeOf(t), id, region })), unplaced: [] }));
    expect(found.unplaced.map((u) => u.name)).toEqual((record.unplaced ?? []).map(([n]) => n));
    for (const [n, reason] of record.unplaced ?? []) expect(found.unplaced.find((u) => u.name === n)?.reason).toMatch(reason);
  });

  it('the Terraform-written state: each entry in its own configuration\'s region, the deposed bucket and the parts listed', async () => {
    const read = parseStateFile(RECORDS.find((r) => r.name === 'two-regions.tfstate')!.text, 'two-regions.tfstate');
    const where = (addr: string) => read.resources.find((r) => r.source.name === addr);
    // No ARN, no zone: the alias "west" of the NAT gateway's configuration says us-west-2.
    expect(where('aws_nat_gateway.west')).toMatchObject({ region: 'us-west-2', regionFrom: 'provider' });
    expect(where('module.west_storage.aws_s3_bucket_versioning.this["pfr-west-logs"]')).toMatchObject({ region: 'us-west-2', regionFrom: 'provider', folded: true });
    expect(where('module.storage.aws_s3_bucket_versioning.this["pfr-raw"]')).toMatchObject({ region: 'us-east-1', regionFrom: 'provider' });
    expect(where('aws_kms_alias.data')).toMatchObject({ region: 'us-east-1', regionFrom: 'arn', folded: true });
    expect(where('aws_subnet.west')).toMatchObject({ region: 'us-west-2', regionFrom: 'arn' });
    expect(read.region).toBe('us-east-1');
    expect(read.unplaced.map((u) => u.name)).toEqual(['aws_ec2_tag.west_tier', expect.stringMatching(/^aws_s3_bucket\.swap \(deposed [0-9a-f]{8}\)$/)]);
    expect(read.resources.some((r) => r.id === 'pfr-swap-a')).toBe(false);
  });
});

describe('a plan passed as a state', () => {
  const planJson = {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: { resources: [{ address: 'aws_s3_bucket.x', mode: 'managed', type: 'aws_s3_bucket', name: 'x', values: { bucket: 'x' } }] } },
    resource_changes: [{ address: 'aws_s3_bucket.x', change: { actions: ['create'] } }],
    configuration: { provider_config: { aws: { name: 'aws' } } },
    timestamp: '2026-12-06T04:33:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };

  it("its JSON is an input error naming the file, the plan and the state to pass", () => {
    expect(isPlanJson(planJson)).toBe(true);
    expect(() => parseStateFile(JSON.stringify(planJson), 'plan.json')).toThrow(InputError);
    expect(() => parseStateFile(JSON.stringify(planJson), 'plan.json')).toThrow(
      /^State file plan\.json is the JSON of a Terraform plan \(`terraform show -json` of a plan file\), which says what an apply would do, not what is deployed; pass the state to --state instead/,
    );
  });

  it('the log of `terraform plan -json` is one too', () => {
    const log = [
      '{"@level":"info","@message":"Terraform 1.11.4","@module":"terraform.ui","@timestamp":"2026-12-06T04:23:42.160818Z","terraform":"1.11.4","type":"version","ui":"1.2"}',
      '{"@level":"info","@message":"Plan: 0 to add, 0 to change, 0 to destroy.","@module":"terraform.ui","changes":{"add":0,"change":0,"import":0,"remove":0,"operation":"plan"},"type":"change_summary"}',
    ].join('\n');
    expect(() => parseStateFile(log, 'plan.log')).toThrow(/^State file plan\.log is the log of `terraform plan -json` \(one message a line\), which says what an apply would do/);
  });

  it("a state's JSON is not a plan, an empty state's included", () => {
    expect(isPlanJson({ format_version: '1.0', terraform_version: '1.11.4', values: { root_module: {} } })).toBe(false);
    expect(isPlanJson({ format_version: '1.0' })).toBe(false);
    expect(isPlanJson([planJson])).toBe(false);
    expect(parseStateFile('{"format_version":"1.0"}', 'empty.json').resources).toEqual([]);
  });

  it('the binary plan file is an input error too; another zip archive is not a state either', async () => {
    // A plan file's first entry, as `terraform plan -out` stores it: the local header names it.
    const header = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), Buffer.alloc(16), Buffer.from([6, 0, 0, 0]), Buffer.from('tfplan')]);
    expect(isBinaryPlan(header)).toBe(true);
    const d = await mkdtemp(join(tmpdir(), 'postflight-plan-'));
    await writeFile(join(d, 'p.tfplan'), header);
    await expect(readStateFile(join(d, 'p.tfplan'), 'p.tfplan')).rejects.toThrow(/^State file p\.tfplan is a Terraform plan file \(`terraform plan -out`\)/);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('other.txt')]);
    expect(isBinaryPlan(zip)).toBe(false);
    await writeFile(join(d, 'a.zip'), zip);
    await expect(readStateFile(join(d, 'a.zip'), 'a.zip')).rejects.toThrow(/^State file a\.zip is a zip archive, not a state/);
    expect(() => parseStateFile(header.toString('latin1'), 'p.tfplan')).toThrow(/is a Terraform plan file/);
  });
});
