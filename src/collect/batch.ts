/**
 * Paging and batching shared by the collectors. Every page request goes through `ctx.call`, and a
 * list that could not be read to its end is never reported as the whole list.
 */
import type { ResourceRef } from '../types.js';
import type { CallOptions, CollectContext } from './context.js';

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Follows the marker through every page. A marker seen twice is an error, not the end. */
export async function allPages<T>(
  ctx: CollectContext,
  action: string,
  page: (marker: string | undefined, options: CallOptions) => Promise<{ items: T[] | undefined; next: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  do {
    const current = marker;
    const out = await ctx.call(action, (o) => page(current, o));
    items.push(...(out.items ?? []));
    marker = out.next || undefined;
    if (marker !== undefined) {
      if (seen.has(marker)) throw new Error(`${action} returned the same page marker twice`);
      seen.add(marker);
    }
  } while (marker);
  return items;
}

/** Ids of `ids` that an error message names (AWS lists missing ids in the message). */
export function namedIn(message: string, ids: readonly string[]): string[] {
  const text = message.toLowerCase();
  return ids.filter((id) => new RegExp(`(^|[^a-z0-9-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9-])`).test(text));
}

/** What one batched, filtered describe returned: the items, and the reason for each requested value that could not be read. */
export interface Batch<T> {
  items: T[];
  failed: Map<string, string>;
}

export interface BatchSpec {
  action: string;
  /** What is described, for the reason of a failure (`subnets in us-east-1`). */
  what: string;
  values: readonly string[];
  /** Values the API takes in one filter. */
  chunkSize: number;
  /** Error names the API gives for ids that do not exist (without filters; with them it leaves them out). */
  notFound: ReadonlySet<string>;
}

/**
 * Describes `values` in chunks, each chunk through every page. An error naming missing ids drops
 * those and asks again for the rest; any other failure marks each value of its chunk with the
 * reason and keeps none of the chunk's pages.
 */
export async function describeBatched<T>(
  ctx: CollectContext,
  spec: BatchSpec,
  page: (chunk: string[], marker: string | undefined, options: CallOptions) => Promise<{ items: T[] | undefined; next: string | undefined }>,
): Promise<Batch<T>> {
  const batch: Batch<T> = { items: [], failed: new Map() };
  await Promise.all(
    chunk(spec.values, spec.chunkSize).map(async (first) => {
      let remaining = first;
      while (remaining.length > 0) {
        try {
          const values = remaining;
          batch.items.push(...(await allPages(ctx, spec.action, (marker, o) => page(values, marker, o))));
          return;
        } catch (err) {
          const missing = spec.notFound.has((err as Error).name) ? namedIn((err as Error).message ?? '', remaining) : [];
          if (missing.length > 0) {
            remaining = remaining.filter((v) => !missing.includes(v));
            continue;
          }
          const reason = `could not describe ${spec.what}: ${ctx.reason(err)}`;
          for (const v of remaining) batch.failed.set(v, reason);
          return;
        }
      }
    }),
  );
  return batch;
}

/** Resources by the region their calls go to (their own, else the run's). */
export function byRegion(refs: readonly ResourceRef[], defaultRegion: string | undefined): Map<string | undefined, ResourceRef[]> {
  const out = new Map<string | undefined, ResourceRef[]>();
  for (const ref of refs) {
    const region = ref.region ?? defaultRegion;
    out.set(region, [...(out.get(region) ?? []), ref]);
  }
  return out;
}
