/**
 * Secrets Manager: `DescribeSecret` has no batch form, so each secret costs one call (by ARN when
 * the outputs gave one, else by name), all concurrent under the run's limit: N secrets, N calls.
 */
import { DescribeSecretCommand, SecretsManagerClient, type DescribeSecretResponse } from '@aws-sdk/client-secrets-manager';
import { present, unknown, type Fact } from '../facts/fact.js';
import type { FactKey, SecretFacts } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext, Collector, FactRecord } from './context.js';
import { withKmsKey } from './kms-ref.js';

const PROVIDES: readonly FactKey[] = ['secretsmanager.secret', 'encryption.kmsKeyRef', 'encryption.kmsKey'];

/** AWS encrypts a secret that names no key with the AWS-managed key behind this alias. */
export const DEFAULT_SECRET_KEY = 'alias/aws/secretsmanager';

function secretsManager(ctx: CollectContext, region: string | undefined): SecretsManagerClient {
  return ctx.client('secretsmanager', region, () => new SecretsManagerClient(ctx.clientConfig(region)));
}

export function secretFacts(s: DescribeSecretResponse, id: string): SecretFacts {
  const facts: SecretFacts = { name: s.Name ?? id };
  if (s.ARN) facts.arn = s.ARN;
  if (s.KmsKeyId) facts.kmsKeyId = s.KmsKeyId;
  if (s.RotationEnabled !== undefined) facts.rotationEnabled = s.RotationEnabled;
  return facts;
}

/** The key a secret is encrypted with, as stored; no KmsKeyId means the AWS-managed `aws/secretsmanager`. */
export function secretKeyRef(s: SecretFacts): Fact<string> {
  return present(s.kmsKeyId ?? DEFAULT_SECRET_KEY);
}

const collector: Collector = {
  service: 'secretsmanager',
  types: ['AWS::SecretsManager::Secret'],
  provides: PROVIDES,
  actions: ['secretsmanager:DescribeSecret'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    if (!PROVIDES.some((k) => want.has(k))) {
      for (const ref of refs) out.set(ref, {});
      return out;
    }
    await Promise.all(
      refs.map(async (ref) => {
        const region = ref.region ?? ctx.settings.region;
        const id = ref.arn ?? ref.id;
        let secret: Fact<SecretFacts>;
        try {
          const res = await ctx.call('secretsmanager:DescribeSecret', (o) =>
            secretsManager(ctx, region).send(new DescribeSecretCommand({ SecretId: id }), o),
          );
          secret = res.ARN || res.Name ? present(secretFacts(res, ref.id)) : unknown(`DescribeSecret returned no secret for ${ref.id}`);
        } catch (err) {
          secret =
            (err as Error).name === 'ResourceNotFoundException'
              ? unknown(`the secret ${ref.id} does not exist in ${region ?? 'the default region'} (${ctx.reason(err)})`)
              : unknown(`could not describe the secret ${ref.id}: ${ctx.reason(err)}`);
        }
        const rec: FactRecord = {};
        if (want.has('secretsmanager.secret')) rec['secretsmanager.secret'] = secret;
        Object.assign(rec, await withKmsKey(ctx, want, secret.state === 'present' ? secretKeyRef(secret.value) : secret, region));
        out.set(ref, rec);
      }),
    );
    return out;
  },
};
export default collector;
