/**
 * A collector for a service with no batch form (Kinesis streams, Secrets Manager secrets, DynamoDB
 * tables): one describe per resource, all concurrent under the run's limit, and the two generic
 * encryption facts from the key the resource stores.
 */
import { present, unknown, type Fact } from '../facts/fact.js';
import type { FactKey, FactMap } from '../facts/catalogue.js';
import type { ResourceRef, ResourceType } from '../types.js';
import type { CallOptions, CollectContext, Collector, FactRecord } from './context.js';
import { withKmsKey } from './kms-ref.js';

export interface PerResourceSpec<K extends FactKey> {
  service: string;
  type: ResourceType;
  /** The service's own fact for the resource. */
  fact: K;
  /** The one IAM action the describe call needs. */
  action: string;
  /** What the resource is called in messages (`stream`, `secret`, `table`). */
  noun: string;
  /** The error name the service gives for a resource that does not exist. */
  notFound: string;
  /** The name to use in messages (e.g. the stream name from its ARN). */
  nameOf?: (ref: ResourceRef) => string;
  /** One describe call; undefined when the answer holds no description. */
  describe(ctx: CollectContext, ref: ResourceRef, region: string | undefined, options: CallOptions): Promise<FactMap[K] | undefined>;
  /** The key reference the resource stores, from its facts (absent: no KMS key). */
  keyRef(value: FactMap[K]): Fact<string>;
}

export function perResourceCollector<K extends FactKey>(spec: PerResourceSpec<K>): Collector {
  const provides: readonly FactKey[] = [spec.fact, 'encryption.kmsKeyRef', 'encryption.kmsKey'];
  return {
    service: spec.service,
    types: [spec.type],
    provides,
    actions: [spec.action],
    async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
      const out = new Map<ResourceRef, FactRecord>();
      if (!provides.some((k) => want.has(k))) {
        for (const ref of refs) out.set(ref, {});
        return out;
      }
      await Promise.all(
        refs.map(async (ref) => {
          const region = ref.region ?? ctx.settings.region;
          const name = spec.nameOf?.(ref) ?? ref.id;
          let fact: Fact<FactMap[K]>;
          try {
            const value = await ctx.call(spec.action, (o) => spec.describe(ctx, ref, region, o));
            fact = value === undefined ? unknown(`${spec.action.split(':')[1]} returned no description of the ${spec.noun} ${name}`) : present(value);
          } catch (err) {
            fact =
              (err as Error).name === spec.notFound
                ? unknown(`the ${spec.noun} ${name} does not exist in ${region ?? 'the default region'} (${ctx.reason(err)})`)
                : unknown(`could not describe the ${spec.noun} ${name}: ${ctx.reason(err)}`);
          }
          const rec: FactRecord = {};
          if (want.has(spec.fact)) (rec as Record<FactKey, Fact<unknown>>)[spec.fact] = fact;
          Object.assign(rec, await withKmsKey(ctx, want, fact.state === 'present' ? spec.keyRef(fact.value) : fact, region));
          out.set(ref, rec);
        }),
      );
      return out;
    },
  };
}
