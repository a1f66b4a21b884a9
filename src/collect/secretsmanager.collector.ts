/**
 * Secrets Manager: `DescribeSecret` has no batch form, so each secret costs one call (by ARN when
 * the outputs gave one, else by name), all concurrent under the run's limit: N secrets, N calls.
 */
import type { DescribeSecretResponse } from '@aws-sdk/client-secrets-manager';
import { requireSdk } from './sdk.js';
import { present, type Fact } from '../facts/fact.js';
import type { SecretFacts } from '../facts/catalogue.js';
import type { CollectContext } from './context.js';
import { perResourceCollector } from './per-resource.js';

const { DescribeSecretCommand, SecretsManagerClient } = requireSdk('@aws-sdk/client-secrets-manager') as typeof import('@aws-sdk/client-secrets-manager');


/** AWS encrypts a secret that names no key with the AWS-managed key behind this alias. */
export const DEFAULT_SECRET_KEY = 'alias/aws/secretsmanager';

function secretsManager(ctx: CollectContext, region: string | undefined): InstanceType<typeof SecretsManagerClient> {
  return ctx.client('secretsmanager', region, () => new SecretsManagerClient(ctx.clientConfig(region)));
}

export function secretFacts(s: DescribeSecretResponse, id: string): SecretFacts {
  const facts: SecretFacts = { name: s.Name ?? id };
  if (s.ARN) facts.arn = s.ARN;
  if (s.KmsKeyId) facts.kmsKeyId = s.KmsKeyId;
  if (s.RotationEnabled !== undefined) facts.rotationEnabled = s.RotationEnabled;
  const rules = s.RotationRules;
  if (rules && (rules.AutomaticallyAfterDays !== undefined || rules.ScheduleExpression || rules.Duration)) {
    facts.rotationRules = {
      ...(rules.AutomaticallyAfterDays !== undefined ? { automaticallyAfterDays: rules.AutomaticallyAfterDays } : {}),
      ...(rules.ScheduleExpression ? { scheduleExpression: rules.ScheduleExpression } : {}),
      ...(rules.Duration ? { duration: rules.Duration } : {}),
    };
  }
  if (s.RotationLambdaARN) facts.rotationLambdaArn = s.RotationLambdaARN;
  if (s.LastRotatedDate) facts.lastRotatedDate = s.LastRotatedDate.toISOString();
  return facts;
}

/** The key a secret is encrypted with, as stored; no KmsKeyId means the AWS-managed `aws/secretsmanager`. */
export function secretKeyRef(s: SecretFacts): Fact<string> {
  return present(s.kmsKeyId ?? DEFAULT_SECRET_KEY);
}

const collector = perResourceCollector({
  service: 'secretsmanager',
  type: 'AWS::SecretsManager::Secret',
  fact: 'secretsmanager.secret',
  action: 'secretsmanager:DescribeSecret',
  noun: 'secret',
  notFound: 'ResourceNotFoundException',
  async describe(ctx, ref, region, o) {
    const res = await secretsManager(ctx, region).send(new DescribeSecretCommand({ SecretId: ref.arn ?? ref.id }), o);
    return res.ARN || res.Name ? secretFacts(res, ref.id) : undefined;
  },
  keyRef: secretKeyRef,
});
export default collector;
