/**
 * SNS topics: `GetTopicAttributes` has no batch form, so each topic costs one call (by its ARN, the
 * topic's id), all concurrent under the run's limit: N topics, N calls.
 */
import { requireSdk } from './sdk.js';
import { absent, present, type Fact } from '../facts/fact.js';
import type { SnsTopicFacts } from '../facts/catalogue.js';
import type { CollectContext } from './context.js';
import { perResourceCollector } from './per-resource.js';

const { GetTopicAttributesCommand, SNSClient } = requireSdk('@aws-sdk/client-sns') as typeof import('@aws-sdk/client-sns');

function sns(ctx: CollectContext, region: string | undefined): InstanceType<typeof SNSClient> {
  return ctx.client('sns', region, () => new SNSClient(ctx.clientConfig(region)));
}

export function topicFacts(attributes: Record<string, string>, arn: string): SnsTopicFacts {
  const facts: SnsTopicFacts = { arn: attributes.TopicArn || arn };
  // AWS leaves KmsMasterKeyId out (or, after encryption is turned off, empty) for a topic without SSE.
  if (attributes.KmsMasterKeyId) facts.kmsMasterKeyId = attributes.KmsMasterKeyId;
  return facts;
}

/** The key a topic encrypts messages with: KmsMasterKeyId as written (`alias/aws/sns` is the AWS-managed key). */
export function topicKeyRef(t: SnsTopicFacts): Fact<string> {
  return t.kmsMasterKeyId ? present(t.kmsMasterKeyId) : absent('the topic has no server-side encryption (no KmsMasterKeyId)');
}

const collector = perResourceCollector({
  service: 'sns',
  type: 'AWS::SNS::Topic',
  fact: 'sns.topic',
  action: 'sns:GetTopicAttributes',
  noun: 'topic',
  notFound: 'NotFoundException',
  async describe(ctx, ref, region, o) {
    const arn = ref.arn ?? ref.id;
    const res = await sns(ctx, region).send(new GetTopicAttributesCommand({ TopicArn: arn }), o);
    return res.Attributes ? topicFacts(res.Attributes, arn) : undefined;
  },
  keyRef: topicKeyRef,
});
export default collector;
