import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discover } from '../../src/discover/discover.js';
import { readOutputs, type OutputsFormat } from '../../src/outputs/read.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'outputs');

/** Each sample outputs file, the format it is in, and its sibling `<name>.expected.json`. */
const SAMPLES: Array<[string, OutputsFormat]> = [
  ['cdktf-nested', 'cdktf'],
  ['flat', 'flat'],
  ['terraform', 'terraform'],
  ['cloudformation', 'cloudformation'],
  ['pulumi', 'pulumi'],
];

interface Expected {
  resources: Array<{ type: string; id: string; region?: string }>;
  unrecognised: string[];
}

describe('discovery of the sample outputs files', () => {
  it.each(SAMPLES)('%s.json gives exactly %s.expected.json', async (name, format) => {
    const outputs = await readOutputs(join(FIXTURES, `${name}.json`));
    const expected = JSON.parse(await readFile(join(FIXTURES, `${name}.expected.json`), 'utf8')) as Expected;
    expect(outputs.format).toBe(format);
    // No run region: every region below comes from the outputs themselves.
    const found = discover(outputs.entries);
    expect({
      resources: found.resources.map(({ type, id, region }) => (region === undefined ? { type, id } : { type, id, region })),
      unrecognised: found.unrecognised.map((e) => e.key),
    }).toEqual(expected);
  });

  it.each(SAMPLES)('%s.json names the whole data pipeline', async (name) => {
    const { entries } = await readOutputs(join(FIXTURES, `${name}.json`));
    const types = new Set(discover(entries).resources.map((r) => r.type));
    for (const type of [
      'AWS::EC2::VPC',
      'AWS::EC2::Subnet',
      'AWS::KMS::Key',
      'AWS::S3::Bucket',
      'AWS::Kinesis::Stream',
      'AWS::RDS::DBCluster',
      'AWS::ElastiCache::ReplicationGroup',
      'AWS::EFS::FileSystem',
      'AWS::SecretsManager::Secret',
      'AWS::DynamoDB::Table',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('never lets a secret value of a sample out of the outputs stage', async () => {
    const shown = JSON.stringify([(await readOutputs(join(FIXTURES, 'terraform.json'))).entries, (await readOutputs(join(FIXTURES, 'pulumi.json'))).entries]);
    expect(shown).not.toContain('q8Zr3Lk9vTx2Wm5Pn7Bc4Hd6');
    expect(shown).not.toContain('r9Lq2vX7mK4zT8wB1nC6dF3h');
  });
});
