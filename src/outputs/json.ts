/**
 * A strict JSON reader that keeps what `JSON.parse` loses: the position of the first error,
 * duplicate keys (with where they are), the order of every key as written (even `"1"`, `"2"`),
 * and the exact text of numbers. Built on `jsonc-parser`'s scanner with comments and trailing
 * commas disallowed, so it accepts exactly JSON.
 */
import { printParseErrorCode, visit } from 'jsonc-parser';

/** A number as written in the file (`5432`, `1e3`, `12345678901234567890`). */
export class JsonNumber {
  constructor(readonly raw: string) {}
}

/** An object, its properties in file order. */
export class JsonObject {
  readonly props: Array<[string, JsonValue]> = [];
  get(key: string): JsonValue | undefined {
    for (const [k, v] of this.props) if (k === key) return v;
    return undefined;
  }
  has(key: string): boolean {
    return this.props.some(([k]) => k === key);
  }
}

export type JsonValue = string | boolean | null | JsonNumber | JsonValue[] | JsonObject;

/** Where and why the text is not acceptable JSON. Line and column are 1-based. */
export interface JsonProblem {
  kind: 'syntax' | 'duplicate-key' | 'too-deep' | 'too-many';
  message: string;
  line: number;
  column: number;
  /** The repeated key, for `duplicate-key`. */
  key?: string;
}

export type JsonResult = { ok: true; value: JsonValue } | { ok: false; problem: JsonProblem };

/** Deeper nesting than this is no outputs file; refusing it also keeps every walk off the call-stack limit. */
export const MAX_DEPTH = 256;

/**
 * More values (strings, numbers, lists, objects, each counted) than this is no outputs file
 * either; refusing it keeps the memory a document takes bounded, whatever its size in bytes.
 */
export const MAX_VALUES = 1_000_000;

/** jsonc-parser's error codes (by name: the enum is `const`) in words. */
const DESCRIBE: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected a closing brace',
  CloseBracketExpected: 'expected a closing bracket',
  EndOfFileExpected: 'unexpected content after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'malformed number',
  InvalidUnicode: 'malformed \\u escape',
  InvalidEscapeCharacter: 'invalid escape in a string',
  InvalidCharacter: 'a control character (such as a raw tab or newline) inside a string',
};

class Stop extends Error {}

interface Frame {
  container: JsonValue[] | JsonObject;
  keys?: Set<string>;
  pendingKey?: string;
}

/** Parses `text` as strict JSON. Never throws: a problem is returned with its line and column. */
export function parseJson(text: string): JsonResult {
  const stack: Frame[] = [];
  let root: JsonValue | undefined;
  let hasRoot = false;
  let problem: JsonProblem | undefined;
  let values = 0;
  const count = (line: number, ch: number): void => {
    if (++values > MAX_VALUES) {
      fail({ kind: 'too-many', message: `holds more than ${MAX_VALUES.toLocaleString('en-US')} values`, line: line + 1, column: ch + 1 });
    }
  };

  const fail = (p: JsonProblem): never => {
    problem = p;
    throw new Stop();
  };
  const add = (value: JsonValue): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      root = value;
      hasRoot = true;
    } else if (top.container instanceof JsonObject) {
      top.container.props.push([top.pendingKey ?? '', value]);
      top.pendingKey = undefined;
    } else {
      top.container.push(value);
    }
  };
  const open = (container: JsonValue[] | JsonObject, line: number, ch: number): void => {
    count(line, ch);
    if (stack.length >= MAX_DEPTH) {
      fail({ kind: 'too-deep', message: `nested more than ${MAX_DEPTH} levels deep`, line: line + 1, column: ch + 1 });
    }
    stack.push(container instanceof JsonObject ? { container, keys: new Set() } : { container });
  };
  const close = (): void => {
    const frame = stack.pop();
    if (frame) add(frame.container);
  };

  try {
    visit(
      text,
      {
        onObjectBegin: (_o, _l, line, ch) => open(new JsonObject(), line, ch),
        onObjectEnd: close,
        onArrayBegin: (_o, _l, line, ch) => open([], line, ch),
        onArrayEnd: close,
        onObjectProperty: (name, _o, _l, line, ch) => {
          const top = stack[stack.length - 1];
          if (top?.keys) {
            if (top.keys.has(name)) {
              fail({ kind: 'duplicate-key', message: `the key "${name}" appears twice in one object`, line: line + 1, column: ch + 1, key: name });
            }
            top.keys.add(name);
            top.pendingKey = name;
          }
        },
        onLiteralValue: (value: unknown, offset, length, line, ch) => {
          count(line, ch);
          add(typeof value === 'number' ? new JsonNumber(text.slice(offset, offset + length)) : (value as string | boolean | null));
        },
        onError: (code, _o, _l, line, ch) => {
          fail({ kind: 'syntax', message: DESCRIBE[printParseErrorCode(code)] ?? 'invalid JSON', line: line + 1, column: ch + 1 });
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  if (problem) return { ok: false, problem };
  if (!hasRoot || root === undefined) {
    return { ok: false, problem: { kind: 'syntax', message: 'expected a value', line: 1, column: 1 } };
  }
  return { ok: true, value: root };
}
