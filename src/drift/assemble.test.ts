/** One resource's drift from the entries of each of its sources. */
import type { ResourceRef, SourceRef } from '../types.js';
import { driftFact, engineOf, sourceKey, type SourceReading } from './assemble.js';
import type { EntryDrift } from './terraform.js';

const state = (name: string): SourceRef => ({ kind: 'state', format: 'tfstate', origin: 'main.tfstate', name, providerType: name.split('.')[0]! });
const bucket: ResourceRef = { type: 'AWS::S3::Bucket', id: 'data', keys: [], sources: [state('aws_s3_bucket.data'), state('aws_s3_bucket_versioning.data')] };
const KEY = sourceKey(state('x'));

function reading(entries: Record<string, EntryDrift>): Map<string, SourceReading> {
  return new Map([[KEY, { ok: true, engine: 'terraform 1.11.4', entries: new Map(Object.entries(entries)) }]]);
}

describe('driftFact', () => {
  it('names each entry when the resource has several, and is modified when either drifted', () => {
    const f = driftFact(bucket, reading({
      'aws_s3_bucket.data': { status: 'in-sync', differences: [] },
      'aws_s3_bucket_versioning.data': { status: 'modified', differences: [{ path: 'versioning_configuration[0].status', kind: 'changed', declared: '"Enabled"', live: '"Suspended"' }] },
    }));
    expect(f).toEqual({
      state: 'present',
      value: {
        engine: 'terraform 1.11.4',
        status: 'modified',
        entries: ['aws_s3_bucket.data', 'aws_s3_bucket_versioning.data'],
        differences: [{ entry: 'aws_s3_bucket_versioning.data', path: 'versioning_configuration[0].status', kind: 'changed', declared: '"Enabled"', live: '"Suspended"' }],
      },
    });
  });

  it('is deleted when every entry is gone', () => {
    const gone = { status: 'deleted' as const, differences: [{ path: '', kind: 'deleted' as const }] };
    const f = driftFact(bucket, reading({ 'aws_s3_bucket.data': gone, 'aws_s3_bucket_versioning.data': gone }));
    expect(f).toMatchObject({ state: 'present', value: { status: 'deleted', differences: [{ path: '', kind: 'deleted' }] } });
  });

  it('is unknown when the engine failed, or did not read the entry (another state), never in sync', () => {
    expect(driftFact(bucket, new Map([[KEY, { ok: false, reason: 'terraform is not on the PATH' }]]))).toEqual({ state: 'unknown', reason: 'terraform is not on the PATH' });
    expect(driftFact(bucket, reading({ 'aws_s3_bucket.data': { status: 'in-sync', differences: [] } }))).toMatchObject({ state: 'unknown', reason: expect.stringContaining('did not read aws_s3_bucket_versioning.data') });
    expect(driftFact(bucket, new Map())).toMatchObject({ state: 'unknown' });
  });

  it('is absent for a resource only an outputs file named: it declares nothing', () => {
    const out: ResourceRef = { type: 'AWS::S3::Bucket', id: 'x', keys: ['Bucket'], sources: [{ kind: 'outputs', format: 'flat', origin: 'outputs.json', name: 'Bucket' }] };
    expect(driftFact(out, new Map())).toMatchObject({ state: 'absent', reason: expect.stringContaining('outputs.json') });
  });

  it('maps each source format to its engine', () => {
    expect(engineOf({ kind: 'state', format: 'terraform-show', origin: 'a', name: 'b' })).toBe('terraform');
    expect(engineOf({ kind: 'state', format: 'pulumi-export', origin: 'a', name: 'b' })).toBe('pulumi');
    expect(engineOf({ kind: 'stack', format: 'cloudformation-stack', origin: 'a', name: 'b' })).toBe('cloudformation');
    expect(engineOf({ kind: 'outputs', format: 'cdktf', origin: 'a', name: 'b' })).toBeUndefined();
  });
});
