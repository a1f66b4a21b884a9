/**
 * One resource's drift fact, from what the engines read for each of its sources: a bucket named
 * by `aws_s3_bucket.data` and `aws_s3_bucket_versioning.data` is modified when either entry is.
 * Pure.
 */
import type { DriftDifference, DriftFacts } from '../facts/catalogue.js';
import { absent, present, unknown, type Fact } from '../facts/fact.js';
import type { ResourceRef, SourceRef } from '../types.js';
import type { EntryDrift } from './terraform.js';

/** What an engine read for one source: each entry's drift, or why nothing could be read. */
export type SourceReading =
  | { ok: true; engine: string; entries: ReadonlyMap<string, EntryDrift & { notChecked?: string }> }
  | { ok: false; reason: string };

export type EngineKind = 'terraform' | 'cloudformation' | 'pulumi';

/** The engine that judges a source, by its format; undefined for an outputs file, which declares nothing. */
export function engineOf(s: SourceRef): EngineKind | undefined {
  if (s.kind === 'state' && (s.format === 'tfstate' || s.format === 'terraform-show')) return 'terraform';
  if (s.kind === 'state' && s.format === 'pulumi-export') return 'pulumi';
  if (s.kind === 'stack' && s.format === 'cloudformation-stack') return 'cloudformation';
  return undefined;
}

/** One key per source read: kind, format and origin. */
export function sourceKey(s: Pick<SourceRef, 'kind' | 'format' | 'origin'>): string {
  return `${s.kind}|${s.format}|${s.origin}`;
}

/** The drift fact of one resource. */
export function driftFact(ref: ResourceRef, readings: ReadonlyMap<string, SourceReading>): Fact<DriftFacts> {
  const sources = (ref.sources ?? []).filter((s) => engineOf(s) !== undefined);
  if (sources.length === 0) {
    const from = [...new Set((ref.sources ?? []).map((s) => s.origin))];
    return absent(`it was named only by ${from.length ? from.join(', ') : 'the outputs'}, which declares no attributes: pass the stack's state (--state) or stack (--stack) to compare it`);
  }
  const several = sources.length > 1;
  const engines = new Set<string>();
  const entries: string[] = [];
  const differences: DriftDifference[] = [];
  let deleted = 0;
  const notChecked: string[] = [];
  for (const s of sources) {
    const reading = readings.get(sourceKey(s));
    if (!reading) return unknown(`no drift engine ran for ${s.origin}`);
    if (!reading.ok) return unknown(reading.reason);
    engines.add(reading.engine);
    entries.push(s.name);
    const e = reading.entries.get(s.name);
    if (!e) return unknown(`${reading.engine} did not read ${s.name} of ${s.origin}: the plan read another state, or the entry is not in it (pass the state the working folder's backend uses, or set drift.folders)`);
    if (e.status === 'unread') return unknown(`${s.name}: ${e.reason ?? 'it could not be judged'}`);
    if (e.notChecked) {
      notChecked.push(e.notChecked);
      continue;
    }
    if (e.status === 'deleted') deleted++;
    for (const d of e.differences) differences.push(several ? { ...d, entry: s.name } : d);
  }
  const engine = [...engines].join(', ');
  if (notChecked.length === sources.length) return present({ engine, status: 'not-checked', differences: [], entries, reason: notChecked[0]! });
  const checked = sources.length - notChecked.length;
  const status: DriftFacts['status'] = deleted > 0 && deleted === checked ? 'deleted' : differences.length > 0 ? 'modified' : 'in-sync';
  // The whole resource gone is one fact, not one per entry.
  return present({ engine, status, differences: status === 'deleted' ? [{ path: '', kind: 'deleted' }] : differences, entries });
}
