/**
 * A fact is three-state. `unknown` is never turned into a default: a check that meets one
 * returns `error`, never `pass`.
 */
export type Fact<T> =
  | { readonly state: 'present'; readonly value: T }
  | { readonly state: 'absent'; readonly reason?: string }
  | { readonly state: 'unknown'; readonly reason: string };

export const present = <T>(value: T): Fact<T> => ({ state: 'present', value });
export const absent = (reason?: string): Fact<never> => (reason === undefined ? { state: 'absent' } : { state: 'absent', reason });
export const unknown = (reason: string): Fact<never> => ({ state: 'unknown', reason });

/** The first unknown fact among several, so a check can return `error` before judging. */
export function firstUnknown(...facts: ReadonlyArray<Fact<unknown> | undefined>): { state: 'unknown'; reason: string } | undefined {
  for (const f of facts) {
    if (f === undefined) return { state: 'unknown', reason: 'the fact was not collected' };
    if (f.state === 'unknown') return f;
  }
  return undefined;
}

/** The list of values when every fact is present, else the first fact that is not. */
export function allPresent<T>(facts: ReadonlyArray<Fact<T>>): Fact<T[]> {
  const values: T[] = [];
  for (const f of facts) {
    if (f.state !== 'present') return f;
    values.push(f.value);
  }
  return present(values);
}
