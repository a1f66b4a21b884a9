import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DescribeStreamSummaryCommand, KinesisClient, type StreamDescriptionSummary } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import collector from '../../src/collect/kinesis.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { present } from '../../src/facts/fact.js';
import type { FactKey, KmsKeyFacts } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const kinesis = mockClient(KinesisClient);
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ALL: ReadonlySet<FactKey> = new Set(['kinesis.stream', 'encryption.kmsKeyRef', 'encryption.kmsKey']);


function context(resolved: Array<[string, string | undefined]> = []): CollectContext {
  return createContext(
    { region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 },
    {
      kmsResolver: async (_c, ref, region) => {
        resolved.push([ref, region]);
        return present<KmsKeyFacts>({ keyId: 'k', arn: KEY_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true });
      },
    },
  );
}

function ref(id: string, extra: Partial<ResourceRef> = {}): ResourceRef {
  return { type: 'AWS::Kinesis::Stream', id, keys: ['StreamName'], ...extra };
}

function summary(name: string, over: Partial<StreamDescriptionSummary> = {}): StreamDescriptionSummary {
  return {
    StreamName: name,
    StreamARN: `arn:aws:kinesis:us-east-1:111122223333:stream/${name}`,
    StreamStatus: 'ACTIVE',
    StreamModeDetails: { StreamMode: 'ON_DEMAND' },
    EncryptionType: 'KMS',
    KeyId: KEY_ARN,
    OpenShardCount: 4,
    RetentionPeriodHours: 24,
    StreamCreationTimestamp: new Date(0),
    EnhancedMonitoring: [],
    ...over,
  };
}

beforeEach(() => {
  kinesis.reset();
});
afterEach(() => {
  kinesis.reset();
});

describe('kinesis collector', () => {
  it('reads a KMS-encrypted stream and resolves its key', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves({ StreamDescriptionSummary: summary('events') });
    const resolved: Array<[string, string | undefined]> = [];
    const r = ref('events');
    const rec = (await collector.collect([r], ALL, context(resolved))).get(r)!;
    expect(rec['kinesis.stream']).toEqual(
      present({
        name: 'events',
        arn: 'arn:aws:kinesis:us-east-1:111122223333:stream/events',
        status: 'ACTIVE',
        encryptionType: 'KMS',
        keyId: KEY_ARN,
        streamMode: 'ON_DEMAND',
        openShardCount: 4,
      }),
    );
    expect(rec['encryption.kmsKeyRef']).toEqual(present(KEY_ARN));
    expect(rec['encryption.kmsKey']).toMatchObject({ state: 'present', value: { keyManager: 'CUSTOMER' } });
    expect(resolved).toEqual([[KEY_ARN, 'us-east-1']]);
    expect(kinesis.commandCalls(DescribeStreamSummaryCommand)[0]!.args[0].input).toEqual({ StreamName: 'events' });
  });

  it.each([['1234abcd-12ab-34cd-56ef-1234567890ab'], ['alias/stream-key'], ['arn:aws:kms:us-east-1:111122223333:alias/stream-key']])(
    'keeps a key reference stored as %s exactly as written',
    async (keyId) => {
      kinesis.on(DescribeStreamSummaryCommand).resolves({ StreamDescriptionSummary: summary('events', { KeyId: keyId }) });
      const resolved: Array<[string, string | undefined]> = [];
      const r = ref('events', { region: 'eu-west-1' });
      const rec = (await collector.collect([r], ALL, context(resolved))).get(r)!;
      expect(rec['kinesis.stream']).toMatchObject({ state: 'present', value: { keyId } });
      expect(rec['encryption.kmsKeyRef']).toEqual(present(keyId));
      // A bare id or alias name resolves in the stream's region.
      expect(resolved).toEqual([[keyId, keyId.startsWith('arn:') ? 'us-east-1' : 'eu-west-1']]);
    },
  );

  it('reports an unencrypted stream as having no key', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves({ StreamDescriptionSummary: summary('raw', { EncryptionType: 'NONE', KeyId: undefined }) });
    const r = ref('raw');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    expect(rec['kinesis.stream']).toMatchObject({ state: 'present', value: { encryptionType: 'NONE' } });
    expect(rec['encryption.kmsKeyRef']).toEqual({ state: 'absent', reason: expect.stringContaining('not encrypted') });
    expect(rec['encryption.kmsKey']?.state).toBe('absent');
  });

  it('reports KMS encryption without a key id as unknown, not as no key', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves({ StreamDescriptionSummary: summary('odd', { KeyId: undefined }) });
    const r = ref('odd');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    expect(rec['encryption.kmsKeyRef']?.state).toBe('unknown');
    expect(rec['encryption.kmsKey']?.state).toBe('unknown');
  });

  it('asks by StreamARN when the outputs gave an ARN', async () => {
    const arn = 'arn:aws:kinesis:us-east-1:111122223333:stream/events';
    kinesis.on(DescribeStreamSummaryCommand).resolves({ StreamDescriptionSummary: summary('events') });
    for (const r of [ref('events', { arn }), ref(arn)]) {
      kinesis.resetHistory();
      const rec = (await collector.collect([r], ALL, context())).get(r)!;
      expect(rec['kinesis.stream']?.state).toBe('present');
      expect(kinesis.commandCalls(DescribeStreamSummaryCommand)[0]!.args[0].input).toEqual({ StreamARN: arn });
    }
  });

  it('makes one call per stream, and one DescribeKey per distinct key', async () => {
    kinesis.on(DescribeStreamSummaryCommand).callsFake(async (input: { StreamName?: string }) => ({
      StreamDescriptionSummary: summary(input.StreamName ?? '?'),
    }));
    const resolved: Array<[string, string | undefined]> = [];
    const ctx = context(resolved);
    const refs = ['a', 'b', 'c', 'd', 'e'].map((n) => ref(n));
    const out = await collector.collect(refs, ALL, ctx);
    expect(refs.map((r) => out.get(r)!['kinesis.stream']?.state)).toEqual(['present', 'present', 'present', 'present', 'present']);
    expect(ctx.calls.get('kinesis:DescribeStreamSummary')).toBe(5);
    expect(resolved).toHaveLength(1);
  });

});
