/**
 * Pulumi's refresh preview read as drift. The shape is the engine's `--json` output
 * (`pulumi refresh --preview-only --json`): `steps` with `op`, `urn`, `oldState` and `newState`
 * (inputs and outputs), and `detailedDiff` keyed by property path with a `kind`.
 */
import { differenceText } from './compare.js';
import { isPulumiPreview, parsePropertyPath, readPulumiRefresh } from './pulumi.js';

const BUCKET = 'urn:pulumi:dev::shop::aws:s3/bucketV2:BucketV2::data';
const QUEUE = 'urn:pulumi:dev::shop::aws:sqs/queue:Queue::jobs';
const FN = 'urn:pulumi:dev::shop::aws:lambda/function:Function::api';
const TOPIC = 'urn:pulumi:dev::shop::aws:sns/topic:Topic::events';

const PREVIEW = {
  steps: [
    {
      op: 'update',
      urn: BUCKET,
      oldState: { urn: BUCKET, type: 'aws:s3/bucketV2:BucketV2', inputs: { bucket: 'shop-data', tags: { Team: 'data', Env: 'prod' } }, outputs: { bucket: 'shop-data', tags: { Team: 'data', Env: 'prod' }, tagsAll: { Team: 'data', Env: 'prod' }, arn: 'arn:aws:s3:::shop-data' } },
      newState: { urn: BUCKET, type: 'aws:s3/bucketV2:BucketV2', inputs: { bucket: 'shop-data', tags: { Env: 'prod' } }, outputs: { bucket: 'shop-data', tags: { Env: 'prod' }, tagsAll: { Env: 'prod' }, arn: 'arn:aws:s3:::shop-data' } },
      diffReasons: ['tags', 'tagsAll'],
      detailedDiff: { 'tags.Team': { kind: 'delete', inputDiff: false }, 'tagsAll.Team': { kind: 'delete', inputDiff: false } },
    },
    {
      op: 'update',
      urn: FN,
      oldState: { urn: FN, inputs: { memorySize: 256, environment: { variables: { API_KEY: { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', ciphertext: 'v1:abc' } } } }, outputs: { memorySize: 256, environment: { variables: { API_KEY: '[secret]' } }, lastModified: '2025-01-01' } },
      newState: { urn: FN, inputs: { memorySize: 512 }, outputs: { memorySize: 512, environment: { variables: { API_KEY: '[secret]' } }, lastModified: '2025-02-01' } },
      detailedDiff: { memorySize: { kind: 'update' }, lastModified: { kind: 'update' }, 'environment.variables.API_KEY': { kind: 'update' } },
    },
    { op: 'delete', urn: QUEUE, oldState: { urn: QUEUE, inputs: { name: 'jobs' }, outputs: { name: 'jobs' } } },
    { op: 'same', urn: TOPIC, oldState: { urn: TOPIC, inputs: {}, outputs: {} }, newState: { urn: TOPIC, inputs: {}, outputs: {} } },
  ],
  changeSummary: { update: 2, delete: 1, same: 1 },
};

describe('readPulumiRefresh', () => {
  const entries = readPulumiRefresh(PREVIEW);

  it('lists the declared properties the refresh would change, never the ones the program left to the provider', () => {
    expect(entries.get(BUCKET)?.differences.map(differenceText)).toEqual(['tags.Team: declared "data", not live']);
    expect(entries.get(FN)?.differences.map(differenceText)).toEqual(['memorySize: declared 256, live 512', 'environment.variables.API_KEY: declared (sensitive), live (sensitive)']);
  });

  it('reads delete as deleted and same as in sync', () => {
    expect(entries.get(QUEUE)?.status).toBe('deleted');
    expect(entries.get(TOPIC)).toEqual({ status: 'in-sync', differences: [] });
  });

  it('is told from other JSON', () => {
    expect(isPulumiPreview(PREVIEW)).toBe(true);
    expect(isPulumiPreview({ deployment: {} })).toBe(false);
    expect(() => readPulumiRefresh({ deployment: {} })).toThrow(/not the JSON of a Pulumi preview/);
  });

  it('parses property paths with quoted keys and indexes', () => {
    expect(parsePropertyPath('rules[0]["a.b"].status')).toEqual(['rules', 0, 'a.b', 'status']);
  });
});
