/**
 * CloudFormation's own drift detection (`DetectStackDrift`, then `DescribeStackResourceDrifts`),
 * read as drift per logical id. CloudFormation compares each resource's template properties with
 * the live ones itself; the same noise rules apply to what it reports (a policy written in another
 * order, a key named by ARN or alias). Pure: the SDK calls are in collect/drift.collector.ts.
 */
import type { DriftDifference } from '../facts/catalogue.js';
import { looksSecret } from '../outputs/secrets.js';
import { aliasesIn, SENSITIVE, MAX_VALUE_CHARS } from './compare.js';
import { sameDocument, sameKey } from './noise.js';
import type { EntryDrift } from './terraform.js';

/** A `StackResourceDrift` as the SDK returns it, trimmed to what is read. */
export interface StackResourceDrift {
  LogicalResourceId?: string;
  ResourceType?: string;
  /** `IN_SYNC`, `MODIFIED`, `DELETED`, `NOT_CHECKED`, `UNKNOWN`. */
  StackResourceDriftStatus?: string;
  PropertyDifferences?: Array<{ PropertyPath?: string; ExpectedValue?: string; ActualValue?: string; DifferenceType?: string }>;
}

export interface StackDriftReading {
  entries: Map<string, EntryDrift & { notChecked?: string }>;
  aliases: string[];
}

/** Whether a property names a secret (`/MasterUserPassword`, `/AuthToken`) or holds one: its values are never shown. */
function secret(path: string, ...values: Array<string | undefined>): boolean {
  const last = path.split('/').filter((p) => p && !/^\d+$/.test(p)).pop() ?? '';
  return looksSecret(last, '') || values.some((v) => v !== undefined && looksSecret(last, v));
}

function cut(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** CloudFormation's values are JSON text already (`"Enabled"`, `{"Key":"a"}`), or plain strings for scalars. */
function shown(value: string | undefined): string {
  if (value === undefined) return '(unset)';
  try {
    return cut(JSON.stringify(JSON.parse(value)));
  } catch {
    return cut(JSON.stringify(value));
  }
}

function unquoted(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const v = JSON.parse(value) as unknown;
    return typeof v === 'string' ? v : value;
  } catch {
    return value;
  }
}

/**
 * Each stack resource's drift, by logical id. `stackTypes` (logical id → type) lists the stack's
 * resources, so that a resource CloudFormation left out of the answer (its type does not support
 * drift detection) is not-checked rather than silently in sync.
 */
export function readStackDrifts(
  drifts: readonly StackResourceDrift[],
  stackTypes: ReadonlyMap<string, string>,
  aliases?: ReadonlyMap<string, string>,
  /** DetectionStatusReason, when the detection ended DETECTION_FAILED: a resource left out of the answer is then unread, not unchecked. */
  failed?: string,
): StackDriftReading {
  const entries = new Map<string, EntryDrift & { notChecked?: string }>();
  const found = new Set<string>();
  for (const d of drifts) {
    const id = d.LogicalResourceId;
    if (!id) continue;
    found.add(id);
    switch (d.StackResourceDriftStatus) {
      case 'IN_SYNC':
        entries.set(id, { status: 'in-sync', differences: [] });
        break;
      case 'DELETED':
        entries.set(id, { status: 'deleted', differences: [{ path: '', kind: 'deleted' }] });
        break;
      case 'MODIFIED': {
        const differences: DriftDifference[] = [];
        for (const p of d.PropertyDifferences ?? []) {
          const path = p.PropertyPath ?? '';
          const expected = unquoted(p.ExpectedValue);
          const actual = unquoted(p.ActualValue);
          // The same document written another way, or the same key named another way, is no drift.
          if (p.DifferenceType === 'NOT_EQUAL' && expected !== undefined && actual !== undefined && (sameDocument(expected, actual) || sameKey(expected, actual, aliases))) continue;
          const hidden = secret(path, expected, actual);
          const kind: DriftDifference['kind'] = p.DifferenceType === 'ADD' ? 'added' : p.DifferenceType === 'REMOVE' ? 'removed' : 'changed';
          const diff: DriftDifference = { path, kind };
          if (kind !== 'added') diff.declared = hidden ? SENSITIVE : shown(p.ExpectedValue);
          if (kind !== 'removed') diff.live = hidden ? SENSITIVE : shown(p.ActualValue);
          differences.push(diff);
        }
        entries.set(id, { status: differences.length ? 'modified' : 'in-sync', differences });
        break;
      }
      case 'NOT_CHECKED':
        entries.set(id, { status: 'in-sync', differences: [], notChecked: `CloudFormation did not check it: drift detection does not support ${d.ResourceType ?? 'its type'}` });
        break;
      default:
        entries.set(id, { status: 'unread', differences: [], reason: `CloudFormation reported its drift as ${d.StackResourceDriftStatus ?? 'nothing'}` });
    }
  }
  for (const [id, type] of stackTypes) {
    if (found.has(id)) continue;
    if (failed !== undefined) entries.set(id, { status: 'unread', differences: [], reason: `CloudFormation's drift detection failed for the stack (${failed || 'no reason given'})` });
    else entries.set(id, { status: 'in-sync', differences: [], notChecked: `CloudFormation did not check it: drift detection does not support ${type}` });
  }
  const all = [...entries.values()].flatMap((e) => e.differences);
  return { entries, aliases: aliasesIn(all) };
}
