/**
 * SQS queues: `GetQueueAttributes` has no batch form, so each queue costs one call (by its URL,
 * the queue's id), all concurrent under the run's limit: N queues, N calls.
 *
 * The SDK's SQS client sends a call to the host its queue URL names unless told otherwise; the
 * URLs in outputs name AWS's own host (`https://sqs.eu-west-2.amazonaws.com/…`), so with
 * `--endpoint-url` the client is built with `useQueueUrlAsEndpoint: false` and every call goes to
 * the endpoint given.
 */
import { requireSdk } from './sdk.js';
import { absent, present, type Fact } from '../facts/fact.js';
import type { SqsQueueFacts } from '../facts/catalogue.js';
import type { CollectContext } from './context.js';
import { perResourceCollector } from './per-resource.js';

const { GetQueueAttributesCommand, SQSClient } = requireSdk('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');

/** The attributes the facts need; `All` would also read policies and counts the checks never judge. */
export const QUEUE_ATTRIBUTES = ['QueueArn', 'KmsMasterKeyId', 'SqsManagedSseEnabled'] as const;

function sqs(ctx: CollectContext, region: string | undefined): InstanceType<typeof SQSClient> {
  return ctx.client('sqs', region, () => new SQSClient({ ...ctx.clientConfig(region), useQueueUrlAsEndpoint: false }));
}

export function queueFacts(attributes: Record<string, string>, url: string): SqsQueueFacts {
  const facts: SqsQueueFacts = { url, sqsManagedSseEnabled: attributes.SqsManagedSseEnabled === 'true' };
  if (attributes.QueueArn) facts.arn = attributes.QueueArn;
  if (attributes.KmsMasterKeyId) facts.kmsMasterKeyId = attributes.KmsMasterKeyId;
  return facts;
}

/** The key a queue encrypts with. SSE-SQS is encryption at rest with keys SQS owns: no KMS key of the account. */
export function queueKeyRef(q: SqsQueueFacts): Fact<string> {
  if (q.kmsMasterKeyId) return present(q.kmsMasterKeyId);
  return absent(q.sqsManagedSseEnabled ? 'the queue uses SQS-managed encryption (SSE-SQS), no KMS key' : 'the queue has no server-side encryption');
}

const collector = perResourceCollector({
  service: 'sqs',
  type: 'AWS::SQS::Queue',
  fact: 'sqs.queue',
  action: 'sqs:GetQueueAttributes',
  noun: 'queue',
  notFound: 'QueueDoesNotExist',
  async describe(ctx, ref, region, o) {
    const res = await sqs(ctx, region).send(new GetQueueAttributesCommand({ QueueUrl: ref.id, AttributeNames: [...QUEUE_ATTRIBUTES] }), o);
    return res.Attributes ? queueFacts(res.Attributes, ref.id) : undefined;
  },
  keyRef: queueKeyRef,
});
export default collector;
