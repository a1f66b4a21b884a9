/**
 * Where each output key sits in an outputs file (1-based line), so reports can point at it.
 * Positions only: no value is kept.
 */
import { visit, type JSONPath } from 'jsonc-parser';
import type { OutputEntry } from '../types.js';

/** Past this size the lines are not worth a second pass over the file; reports then go without them. */
export const MAX_LINES_TEXT = 8 * 1024 * 1024;

function pathKey(path: JSONPath): string {
  let key = '';
  for (const seg of path) key = typeof seg === 'number' ? `${key}[${seg}]` : key === '' ? seg : `${key}.${seg}`;
  return key;
}

/** Line of every property path (`Stack.name`, `name.field`) and of every CloudFormation `OutputKey` value. */
export function outputKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  if (text.length > MAX_LINES_TEXT) return lines;
  visit(
    text,
    {
      onObjectProperty(property, _offset, _length, startLine, _char, pathSupplier) {
        const key = pathKey([...pathSupplier(), property]);
        if (!lines.has(key)) lines.set(key, startLine + 1);
        if (!lines.has(`name:${property}`)) lines.set(`name:${property}`, startLine + 1);
      },
      onLiteralValue(value, _offset, _length, startLine, _char, pathSupplier) {
        const path = pathSupplier();
        if (path[path.length - 1] === 'OutputKey' && typeof value === 'string' && !lines.has(value)) lines.set(value, startLine + 1);
      },
    },
    { disallowComments: true },
  );
  return lines;
}

/** The line of an entry's key: the key itself, the output it is an item of, or the first property of its name. */
export function lineOf(entry: Pick<OutputEntry, 'key' | 'name'>, lines: ReadonlyMap<string, number>): number | undefined {
  let key = entry.key;
  for (;;) {
    const at = lines.get(key);
    if (at !== undefined) return at;
    const shorter = key.replace(/(?:\[\d+\]|\.[^.[\]]*)$/, '');
    if (shorter === key || shorter === '') break;
    key = shorter;
  }
  return lines.get(`name:${entry.name}`) ?? lines.get(entry.name);
}
