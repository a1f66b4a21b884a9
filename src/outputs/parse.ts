/**
 * Turns the text of an outputs file into flat `OutputEntry` values. Pure: no file system.
 *
 * Shapes understood (detected, or forced with `format`):
 * - `flat`: `{ "VpcId": "vpc-…" }`, also a CDK `--outputs-file` flattened to one stack;
 * - `cdktf`: `{ "TapStackdev": { "vpc_id": "vpc-…" } }`, CDKTF's and CDK's `--outputs-file`;
 * - `terraform`: `terraform output -json` / OpenTofu, `{ name: { value, type, sensitive } }`;
 * - `cloudformation`: `describe-stacks` outputs `[{ OutputKey, OutputValue }]`, a stack
 *   `{ StackName, Outputs }` or the whole `{ Stacks: [...] }` document, whose `StackId` ARN gives
 *   each stack's outputs their region;
 * - `pulumi`: `pulumi stack output --json`, flat with values of any JSON shape; `"[secret]"` values.
 *
 * Values are walked: arrays give one entry per item (`key[0]`), objects one per field
 * (`key.field`), JSON-encoded strings are decoded and walked, comma-joined lists are split,
 * numbers, booleans and null become `scalar` entries. A value the tool marks sensitive, or that
 * looks like a secret, becomes a `sensitive` entry whose value is dropped.
 */
import { InputError } from '../errors.js';
import type { OutputEntry } from '../types.js';
import { JsonNumber, JsonObject, MAX_DEPTH, parseJson, type JsonValue } from './json.js';
import { looksSecret } from './secrets.js';
import { nameWords } from './names.js';

export const OUTPUTS_FORMATS = ['flat', 'cdktf', 'terraform', 'cloudformation', 'pulumi'] as const;
export type OutputsFormat = (typeof OUTPUTS_FORMATS)[number];

export function isOutputsFormat(value: unknown): value is OutputsFormat {
  return typeof value === 'string' && (OUTPUTS_FORMATS as readonly string[]).includes(value);
}

export interface ParsedOutputs {
  entries: OutputEntry[];
  format: OutputsFormat;
}

const FORMAT_NAMES: Record<OutputsFormat, string> = {
  flat: 'flat outputs ({ "Name": "value" })',
  cdktf: 'CDKTF / CDK --outputs-file ({ "Stack": { "Name": "value" } })',
  terraform: '`terraform output -json`',
  cloudformation: 'CloudFormation describe-stacks outputs',
  pulumi: '`pulumi stack output --json`',
};

/** Pulumi prints this in place of a secret value unless `--show-secrets` is given. */
const PULUMI_SECRET = '[secret]';
/** CDK and CDKTF stack names: a letter, then letters, digits, hyphens (CDKTF also allows underscores). */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;
/** One item of a comma-joined list: an id, name, ARN, host, port or CIDR; no spaces, quotes or brackets. */
const LIST_ITEM = /^[A-Za-z0-9][A-Za-z0-9._:/@+=*#-]*$/;

function kindOf(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof JsonObject) return 'an object';
  if (value instanceof JsonNumber) return 'a number';
  return typeof value === 'string' ? 'a string' : 'a boolean';
}

/** Reads the text as JSON, or throws an `InputError` naming the file, the problem and where. */
function parseDocument(text: string, file: string): JsonValue {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    throw new InputError(
      `Outputs file ${file} is empty; run the deploy again so it writes the stack outputs, or pass --outputs with the right file.`,
    );
  }
  const result = parseJson(body);
  if (result.ok) return result.value;
  const { problem } = result;
  const at = `line ${problem.line}, column ${problem.column}`;
  if (problem.kind === 'duplicate-key') {
    throw new InputError(
      `Outputs file ${file} has the key "${problem.key ?? ''}" twice in one object (again at ${at}); remove or rename one so it is clear which value to verify.`,
    );
  }
  if (problem.kind === 'too-many') {
    throw new InputError(
      `Outputs file ${file} ${problem.message} (stopped at ${at}), far more than any stack has outputs; pass the file your deploy tool wrote with its outputs option.`,
    );
  }
  if (problem.kind === 'too-deep') {
    throw new InputError(`Outputs file ${file} is ${problem.message} (at ${at}); pass a file that holds only the stack outputs.`);
  }
  throw new InputError(
    `Outputs file ${file} is not valid JSON: ${problem.message} at ${at}; fix the file or write it again with your deploy tool's outputs option.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Shape detection

function isCfnOutput(v: JsonValue): v is JsonObject {
  return v instanceof JsonObject && typeof v.get('OutputKey') === 'string' && v.has('OutputValue');
}

function isCfnOutputList(v: JsonValue | undefined): v is JsonValue[] {
  return Array.isArray(v) && v.every(isCfnOutput);
}

function isCfnStack(v: JsonValue): v is JsonObject {
  if (!(v instanceof JsonObject) || typeof v.get('StackName') !== 'string') return false;
  const outputs = v.get('Outputs');
  return outputs === undefined || isCfnOutputList(outputs);
}

function isCfnDocument(v: JsonValue): boolean {
  if (isCfnOutputList(v)) return true;
  if (!(v instanceof JsonObject)) return false;
  const stacks = v.get('Stacks');
  if (Array.isArray(stacks)) return stacks.every(isCfnStack);
  return isCfnStack(v) && v.has('Outputs');
}

const TERRAFORM_FIELDS = new Set(['value', 'type', 'sensitive']);

function isTerraformOutput(v: JsonValue): v is JsonObject {
  return (
    v instanceof JsonObject &&
    v.has('value') &&
    (v.has('type') || v.has('sensitive')) &&
    v.props.every(([k]) => TERRAFORM_FIELDS.has(k))
  );
}

function isTerraform(root: JsonObject): boolean {
  return root.props.length > 0 && root.props.every(([, v]) => isTerraformOutput(v));
}

function isNestedPerStack(root: JsonObject): boolean {
  return root.props.length > 0 && root.props.every(([k, v]) => STACK_NAME.test(k) && v instanceof JsonObject);
}

/** Pulumi's marks: a `[secret]` placeholder or a resource URN anywhere in the document. */
function hasPulumiMarks(root: JsonValue): boolean {
  const todo: JsonValue[] = [root];
  while (todo.length > 0) {
    const v = todo.pop() as JsonValue;
    if (typeof v === 'string') {
      if (v === PULUMI_SECRET || v.startsWith('urn:pulumi:')) return true;
    } else if (Array.isArray(v)) {
      // One by one: spreading a list of a million items would overflow the call stack.
      for (const item of v) todo.push(item);
    } else if (v instanceof JsonObject) {
      for (const [, child] of v.props) todo.push(child);
    }
  }
  return false;
}

function detect(root: JsonValue): OutputsFormat | undefined {
  if (isCfnDocument(root)) return 'cloudformation';
  if (!(root instanceof JsonObject)) return undefined;
  if (isTerraform(root)) return 'terraform';
  if (hasPulumiMarks(root)) return 'pulumi';
  if (isNestedPerStack(root)) return 'cdktf';
  return 'flat';
}

// ---------------------------------------------------------------------------------------------
// Walking values into entries

/**
 * More entries (outputs, list items, fields) than this is no stack's outputs file; refusing it
 * keeps every report of the run (one line or testcase per unrecognised output) a sane size.
 */
export const MAX_ENTRIES = 100_000;

class Walker {
  readonly entries: OutputEntry[] = [];
  /** The region of the stack being read, when the file names it. */
  region: string | undefined;
  constructor(private readonly file: string) {}

  private push(entry: OutputEntry, stack: string | undefined): void {
    if (this.entries.length >= MAX_ENTRIES) {
      throw new InputError(
        `Outputs file ${this.file} holds more than ${MAX_ENTRIES.toLocaleString('en-US')} outputs (counting every list item and field), far more than any stack has; pass the file your deploy tool wrote with its outputs option.`,
      );
    }
    if (stack !== undefined) entry.stack = stack;
    if (this.region !== undefined) entry.region = this.region;
    this.entries.push(entry);
  }

  /** One entry whose value must never be shown. */
  hidden(key: string, name: string, stack: string | undefined): void {
    this.push({ key, name, value: '', sensitive: true }, stack);
  }

  walk(value: JsonValue, key: string, name: string, stack: string | undefined, depth = 0): void {
    if (depth > MAX_DEPTH) {
      throw new InputError(
        `Outputs file ${this.file} nests the value of "${key.slice(0, 200)}" more than ${MAX_DEPTH} levels deep; pass a file that holds only the stack outputs.`,
      );
    }
    if (typeof value === 'string') {
      this.text(value, key, name, stack, depth);
    } else if (value === null || typeof value === 'boolean' || value instanceof JsonNumber) {
      const text = value === null ? 'null' : value instanceof JsonNumber ? value.raw : String(value);
      if (looksSecret(name, text)) this.push({ key, name, value: '', scalar: true, sensitive: true }, stack);
      else this.push({ key, name, value: text, scalar: true }, stack);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => this.walk(item, `${key}[${i}]`, name, stack, depth + 1));
    } else {
      for (const [k, v] of value.props) this.walk(v, key === '' ? k : `${key}.${k}`, k, stack, depth + 1);
    }
  }

  private text(value: string, key: string, name: string, stack: string | undefined, depth: number): void {
    if (value === PULUMI_SECRET || looksSecret(name, value)) {
      this.hidden(key, name, stack);
      return;
    }
    const decoded = decodeEmbeddedJson(value);
    if (decoded !== undefined) {
      this.walk(decoded, key, name, stack, depth + 1);
      return;
    }
    const items = splitList(value, pluralName(name));
    if (items) {
      items.forEach((item, i) => {
        const itemKey = `${key}[${i}]`;
        if (looksSecret(name, item)) this.hidden(itemKey, name, stack);
        else this.push({ key: itemKey, name, value: item }, stack);
      });
      return;
    }
    this.push({ key, name, value }, stack);
  }
}

/** A string holding a JSON list or object (`"[\"subnet-1\",\"subnet-2\"]"`), decoded; else undefined. */
export function decodeEmbeddedJson(value: string): JsonValue[] | JsonObject | undefined {
  const t = value.trim();
  const list = t.startsWith('[') && t.endsWith(']');
  if (!list && !(t.startsWith('{') && t.endsWith('}'))) return undefined;
  const result = parseJson(t);
  if (!result.ok) return undefined;
  return Array.isArray(result.value) || result.value instanceof JsonObject ? result.value : undefined;
}

/** Plural words an output name ends in when its value lists resources (`TableNames`, `bucket_ids`, `Streams`). */
const PLURALS = new Set(['names', 'ids', 'identifiers', 'arns', 'buckets', 'streams', 'tables', 'secrets', 'databases', 'clusters', 'instances', 'subnets', 'queues', 'topics', 'keys']);

/** Whether an output's name is a plural that lists resources (an environment suffix after it allowed: `table_names_dev`). */
export function pluralName(name: string): boolean {
  const words = nameWords(name).filter((w) => !/^\d+$/.test(w));
  return words.slice(-3).some((w) => PLURALS.has(w));
}

/**
 * Splits `subnet-a,subnet-b` (or `subnet-a, subnet-b`) into items. Only when every item is a
 * single token (no spaces, quotes or brackets) and at least one looks technical (a digit, a
 * hyphen, a colon, a slash, an underscore or an inner dot), so prose like "Hello, world" and
 * anything JSON-like stays whole. A URL list splits only when every item is a URL.
 */
export function splitList(value: string, plural = false): string[] | undefined {
  if (!value.includes(',')) return undefined;
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length < 2 || parts.some((p) => p === '' || !LIST_ITEM.test(p))) return undefined;
  // An output named in the plural (`TableNames`) lists names, technical-looking or not.
  if (!plural && !parts.some((p) => /[0-9\-:/_]/.test(p) || /\.[A-Za-z0-9]/.test(p))) return undefined;
  const urls = parts.filter((p) => p.includes('://')).length;
  if (urls > 0 && urls < parts.length) return undefined;
  return parts;
}

// ---------------------------------------------------------------------------------------------
// One reader per format

function notInFormat(file: string, format: OutputsFormat, why: string): InputError {
  return new InputError(
    `Outputs file ${file} is not in the ${FORMAT_NAMES[format]} format: ${why}; choose the format that matches the file or let postflight detect it.`,
  );
}

function requireObject(root: JsonValue, file: string, format: OutputsFormat): JsonObject {
  if (root instanceof JsonObject) return root;
  throw notInFormat(file, format, `the top level is ${kindOf(root)}, not an object of outputs`);
}

function readFlat(root: JsonObject, w: Walker): void {
  w.walk(root, '', '', undefined);
}

function readNested(root: JsonObject, w: Walker, file: string): void {
  for (const [stack, outputs] of root.props) {
    if (!(outputs instanceof JsonObject)) {
      throw notInFormat(file, 'cdktf', `"${stack}" holds ${kindOf(outputs)}, not an object of that stack's outputs`);
    }
    for (const [name, v] of outputs.props) w.walk(v, `${stack}.${name}`, name, stack);
  }
}

function readTerraform(root: JsonObject, w: Walker, file: string): void {
  for (const [name, output] of root.props) {
    if (!(output instanceof JsonObject) || !output.has('value')) {
      throw notInFormat(file, 'terraform', `the output "${name}" has no "value" field`);
    }
    if (output.get('sensitive') === true) w.hidden(name, name, undefined);
    else w.walk(output.get('value') as JsonValue, name, name, undefined);
  }
}

function readCfnOutputs(outputs: JsonValue[], w: Walker, stack: string | undefined): void {
  for (const o of outputs) {
    if (!isCfnOutput(o)) continue;
    const name = o.get('OutputKey') as string;
    w.walk(o.get('OutputValue') as JsonValue, stack === undefined ? name : `${stack}.${name}`, name, stack);
  }
}

function readCloudFormation(root: JsonValue, w: Walker, file: string): void {
  if (isCfnOutputList(root)) return readCfnOutputs(root, w, undefined);
  if (root instanceof JsonObject) {
    const stacks = root.get('Stacks');
    const list = Array.isArray(stacks) ? stacks : isCfnStack(root) ? [root] : undefined;
    if (list && list.every(isCfnStack)) {
      for (const s of list as JsonObject[]) {
        // `arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>`: where the stack, and so its outputs, live.
        const id = s.get('StackId');
        w.region = typeof id === 'string' ? /^arn:[a-z-]+:cloudformation:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):\d*:stack\//.exec(id)?.[1] : undefined;
        readCfnOutputs((s.get('Outputs') as JsonValue[] | undefined) ?? [], w, s.get('StackName') as string);
      }
      w.region = undefined;
      return;
    }
  }
  throw notInFormat(file, 'cloudformation', 'expected a list of { "OutputKey", "OutputValue" } or a { "Stacks": [...] } document');
}

/**
 * Parses the text of an outputs file named `file` (used in error messages only).
 * Throws `InputError` for empty text, invalid JSON (with line and column), duplicate keys,
 * a top level that is not a shape of outputs, or a shape that does not match a forced `format`.
 */
export function parseOutputs(text: string, file: string, format?: OutputsFormat): ParsedOutputs {
  const root = parseDocument(text, file);
  const detected = detect(root);
  const chosen = format ?? detected;
  if (chosen === undefined) {
    throw new InputError(
      `Outputs file ${file} holds ${kindOf(root)} at the top level, not an object of outputs; pass the file your deploy tool wrote with its outputs option.`,
    );
  }
  const w = new Walker(file);
  switch (chosen) {
    case 'flat':
    case 'pulumi':
      readFlat(requireObject(root, file, chosen), w);
      break;
    case 'cdktf':
      readNested(requireObject(root, file, chosen), w, file);
      break;
    case 'terraform':
      readTerraform(requireObject(root, file, chosen), w, file);
      break;
    case 'cloudformation':
      readCloudFormation(root, w, file);
      break;
  }
  return { entries: w.entries, format: chosen };
}
