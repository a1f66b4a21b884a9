/**
 * Kinesis data streams: `DescribeStreamSummary` has no batch form, so each stream costs one call,
 * all of them concurrent under the run's limit (N streams: N calls). A stream is asked for by
 * its ARN when the outputs gave one, else by name.
 */
import type { StreamDescriptionSummary } from '@aws-sdk/client-kinesis';
import { requireSdk } from './sdk.js';
import { absent, present, unknown, type Fact } from '../facts/fact.js';
import type { KinesisStreamFacts } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext } from './context.js';
import { perResourceCollector } from './per-resource.js';

const { DescribeStreamSummaryCommand, KinesisClient } = requireSdk('@aws-sdk/client-kinesis') as typeof import('@aws-sdk/client-kinesis');


/** HTTP/1.1, as every client (see `clientConfig`): only SubscribeToShard needs Kinesis's HTTP/2. */
function kinesis(ctx: CollectContext, region: string | undefined): InstanceType<typeof KinesisClient> {
  return ctx.client('kinesis', region, () => new KinesisClient(ctx.clientConfig(region)));
}

/** The stream ARN the ref carries, if any. */
function streamArn(ref: ResourceRef): string | undefined {
  if (ref.arn?.startsWith('arn:')) return ref.arn;
  return ref.id.startsWith('arn:') ? ref.id : undefined;
}

export function streamFacts(s: StreamDescriptionSummary, name: string): KinesisStreamFacts {
  const facts: KinesisStreamFacts = {
    name: s.StreamName ?? name,
    // AWS always reports the type; a stream that reports none is not encrypted as far as anyone can tell.
    encryptionType: s.EncryptionType ?? 'NONE',
  };
  if (s.StreamARN) facts.arn = s.StreamARN;
  if (s.StreamStatus) facts.status = s.StreamStatus;
  // Kept exactly as stored: a key id or alias where an ARN was expected must stay visible.
  if (s.KeyId) facts.keyId = s.KeyId;
  if (s.StreamModeDetails?.StreamMode) facts.streamMode = s.StreamModeDetails.StreamMode;
  if (s.OpenShardCount !== undefined) facts.openShardCount = s.OpenShardCount;
  return facts;
}

/** The key a stream encrypts with, as stored (ARN, key id, alias name or alias ARN). */
export function streamKeyRef(s: KinesisStreamFacts): Fact<string> {
  if (s.encryptionType !== 'KMS') return absent(`the stream is not encrypted (EncryptionType ${s.encryptionType})`);
  return s.keyId ? present(s.keyId) : unknown('the stream reports KMS encryption but no key id');
}

const collector = perResourceCollector({
  service: 'kinesis',
  type: 'AWS::Kinesis::Stream',
  fact: 'kinesis.stream',
  action: 'kinesis:DescribeStreamSummary',
  noun: 'stream',
  notFound: 'ResourceNotFoundException',
  nameOf: (ref) => streamArn(ref)?.replace(/^.*:stream\//, '') ?? ref.id,
  async describe(ctx, ref, region, o) {
    const arn = streamArn(ref);
    const res = await kinesis(ctx, region).send(new DescribeStreamSummaryCommand(arn ? { StreamARN: arn } : { StreamName: ref.id }), o);
    return res.StreamDescriptionSummary ? streamFacts(res.StreamDescriptionSummary, arn ? arn.replace(/^.*:stream\//, '') : ref.id) : undefined;
  },
  keyRef: streamKeyRef,
});
export default collector;
