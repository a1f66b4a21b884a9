import fc from 'fast-check';
import { discover } from '../../src/discover/discover.js';
import type { OutputEntry } from '../../src/types.js';

/** Values close to what outputs hold, plus arbitrary text, so the shape parsers are exercised. */
const realistic = fc.constantFrom(
  'arn:aws:s3:::tap-data-dev',
  'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:tap/db-AbC123',
  'arn:aws:dynamodb:us-east-1:123456789012:table/tap/stream/2024',
  'arn:aws:rds:us-east-1:123456789012:db:',
  'arn:aws:kinesis:us-east-1:123456789012:stream/',
  'vpc-0a1b2c3d',
  'subnet-0aa11bb22cc33dd44',
  '1234abcd-12ab-34cd-56ef-1234567890ab',
  'alias/tap',
  'tap.cluster-abc.us-east-1.rds.amazonaws.com:5432',
  'master.tap.abc.use1.cache.amazonaws.com',
  'tap-001.abc.0001.use1.cache.amazonaws.com',
  'tap.s3.amazonaws.com',
  's3://tap-data',
  'tap-data-dev',
  'us-east-1',
  '',
);
const value = fc.oneof(
  realistic,
  fc.string({ maxLength: 60 }),
  fc.tuple(realistic, fc.string({ maxLength: 8 })).map(([a, b]) => a + b),
  fc.stringMatching(/^arn:aws[a-z-]{0,8}:[a-z0-9-]{1,16}:[a-z0-9-]{0,12}:[0-9]{0,12}:[A-Za-z0-9/:._-]{1,30}$/),
  fc.stringMatching(/^[a-z0-9.-]{1,40}\.(rds|cache|s3|efs)\.[a-z0-9.-]{0,20}amazonaws\.com(\.cn)?(:\d{1,5})?$/),
);
const name = fc.oneof(
  fc.constantFrom('DataBucketName', 'stream_name', 'TableName', 'kms-key-id', 'db_secret_name', 'cluster_identifier', 'ReplicationGroupId', 'id', 'name'),
  fc.string({ maxLength: 20 }),
);
const entry: fc.Arbitrary<OutputEntry> = fc
  .record(
    {
      key: fc.oneof(name, fc.string({ maxLength: 20 }).map((k) => `${k}[0]`)),
      name,
      value,
      stack: fc.string({ maxLength: 8 }),
      scalar: fc.boolean(),
      sensitive: fc.boolean(),
    },
    { requiredKeys: ['key', 'name', 'value'] },
  )
  .map((e) => e as OutputEntry);
const region = fc.option(fc.constantFrom('us-east-1', 'eu-west-1'), { nil: undefined });

describe('discover properties', () => {
  it('never throws, and places every entry exactly once: in a resource, unrecognised, or scalars', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), region, (entries, defaultRegion) => {
        const { resources, unrecognised, scalars } = discover(entries, defaultRegion === undefined ? {} : { defaultRegion });
        const placed = [...resources.flatMap((r) => r.keys), ...unrecognised.map((e) => e.key), ...scalars.map((e) => e.key)];
        expect(placed.sort()).toEqual(entries.map((e) => e.key).sort());
        expect(scalars.every((e) => e.scalar === true)).toBe(true);
        // A number or boolean is unrecognised only when it looks like a secret: reported as redacted.
        expect(unrecognised.every((e) => e.scalar !== true || e.sensitive === true)).toBe(true);
        expect(scalars.every((e) => e.sensitive !== true)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('never makes a resource of a sensitive entry and never returns its value', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), (entries) => {
        const hidden = entries.map((e) => ({ ...e, key: `hidden:${e.key}`, sensitive: true }));
        const { resources, unrecognised, scalars } = discover(hidden);
        expect(resources).toEqual([]);
        expect([...unrecognised, ...scalars].every((e) => e.value === '')).toBe(true);
      }),
    );
  });

  it('returns resources with non-empty ids, known regions and keys in input order', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), region, (entries, defaultRegion) => {
        const indexed = entries.map((e, i) => ({ ...e, key: `${i}:${e.key}` }));
        const { resources } = discover(indexed, defaultRegion === undefined ? {} : { defaultRegion });
        for (const r of resources) {
          expect(r.id.length).toBeGreaterThan(0);
          expect(r.keys.length).toBeGreaterThan(0);
          const order = r.keys.map((k) => Number(k.split(':')[0]));
          expect(order).toEqual([...order].sort((a, b) => a - b));
          if (defaultRegion !== undefined) expect(r.region).toBeDefined();
        }
      }),
      { numRuns: 500 },
    );
  });
});
