/**
 * Orders strings by their UTF-16 code units, as `Array.prototype.sort` does by default. The ids,
 * keys and action names postflight sorts are ASCII, where this is the order a reader expects, the
 * same on every machine. Not `localeCompare`: its order depends on the locale, and its first call
 * builds ICU's collator, about 13 ms of a run's one thread.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
