import type { Fact } from '../facts/fact.js';
import type { FactKey } from '../facts/catalogue.js';
import type { CollectContext, FactRecord } from './context.js';

/**
 * The two generic encryption facts of a resource, from the key reference its service stores:
 * `encryption.kmsKeyRef` as written, and `encryption.kmsKey` resolved through KMS (once per key).
 */
export async function withKmsKey(
  ctx: CollectContext,
  want: ReadonlySet<FactKey>,
  keyRef: Fact<string>,
  region: string | undefined,
): Promise<FactRecord> {
  const rec: FactRecord = {};
  if (want.has('encryption.kmsKeyRef')) rec['encryption.kmsKeyRef'] = keyRef;
  if (want.has('encryption.kmsKey')) rec['encryption.kmsKey'] = keyRef.state === 'present' ? await ctx.kmsKey(keyRef.value, region) : keyRef;
  return rec;
}
