/**
 * The judgement every "encrypted with the stack's CMK" check shares: the key a resource stores
 * resolves to an enabled customer-managed key, the stack's own where the stack names one, and,
 * where the service keeps the reference as written, a full key ARN.
 */
import type { Fact } from '../facts/fact.js';
import type { KmsKeyFacts } from '../facts/catalogue.js';
import { error, fail, pass, type RelatedView, type Verdict } from '../engine/define.js';

export interface CmkJudgement {
  /** The key reference as the service stores it; absent: no KMS key at all. */
  keyRef: Fact<string>;
  /** The key it resolves to. */
  key: Fact<KmsKeyFacts>;
  related: RelatedView;
  /** The service stores the reference as written (Kinesis KeyId): it must be the key's full ARN. */
  requireArn?: boolean;
  /** What "no KMS key" means for this service, for the message (e.g. "the AWS-owned key"). */
  noKeyMeans?: string;
}

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** A full key ARN (`arn:<partition>:kms:<region>:<account>:key/<key-id>`), not a key id, alias name or alias ARN. */
export function isKeyArn(ref: string): boolean {
  return KEY_ARN.test(ref);
}

/** What the KMS collector records when DescribeKey leaves KeyManager or KeyState out. */
const NOT_REPORTED = 'UNKNOWN';

export function judgeCmk(j: CmkJudgement): Verdict {
  const { keyRef, key } = j;
  if (keyRef.state === 'unknown') return error(keyRef.reason);
  if (keyRef.state === 'absent') {
    return fail(`not encrypted with a customer-managed KMS key: ${keyRef.reason ?? j.noKeyMeans ?? 'no KMS key is set'}`, {
      kmsKey: 'none',
      ...(keyRef.reason ? { detail: keyRef.reason } : {}),
    });
  }
  const seen = { keyReference: keyRef.value };
  if (key.state === 'unknown') return error(key.reason, seen);
  if (key.state === 'absent') return error('the key reference was not resolved', seen);
  const k = key.value;
  const evidence: Record<string, unknown> = { ...seen, keyArn: k.arn, keyManager: k.keyManager, keyState: k.keyState };
  if (k.keyManager === 'AWS') return fail(`encrypted with an AWS-managed key (${k.aliases?.[0] ?? k.arn}), not a customer-managed one`, evidence);
  if (k.keyManager !== 'CUSTOMER') return error(`KMS did not report who manages the key ${k.arn} (KeyManager ${k.keyManager || 'empty'})`, evidence);
  if (!k.keyState || k.keyState === NOT_REPORTED) return error(`KMS did not report the state of the key ${k.arn}`, evidence);
  if (k.keyState !== 'Enabled') {
    return fail(`the customer-managed key ${k.arn} is ${k.keyState}`, { ...evidence, ...(k.deletionDate ? { deletionDate: k.deletionDate } : {}) });
  }
  const stack = j.related.stackKeys();
  const stackEvidence = stack.source === 'none' ? {} : { stackKeys: stack.arns, stackKeysFrom: stack.source };
  if (stack.source !== 'none' && !stack.arns.includes(k.arn)) {
    if (stack.unresolved.length) {
      return error(`the stack's CMK could not be resolved to compare: ${stack.unresolved.join('; ')}`, { ...evidence, ...stackEvidence, unresolvedStackKeys: stack.unresolved });
    }
    return fail(`uses the customer-managed key ${k.arn}, not the stack's CMK (${stack.arns.join(', ')})`, { ...evidence, ...stackEvidence });
  }
  if (j.requireArn && !isKeyArn(keyRef.value)) {
    return fail(`references its key as "${keyRef.value}" instead of the key ARN; use ${k.arn}`, { ...evidence, ...stackEvidence, useKeyArn: k.arn });
  }
  return pass(`encrypted with the customer-managed key ${k.arn}`, { ...evidence, ...stackEvidence });
}
