/**
 * `dynamic` blocks. Terraform's JSON of a plan leaves them out of `configuration` entirely (an
 * `aws_security_group` whose rules come from `dynamic "ingress"` shows no `ingress` there), so
 * the attributes they declare would never be compared: a rule added outside the stack would pass.
 * They are found in the configuration files themselves (HCL and JSON, as CDKTF writes it), by
 * resource block, and compared like blocks the configuration writes out. Pure.
 */
import type { Mask } from './compare.js';
import type { BlockShape } from './schema.js';

/** One configuration file of a module, and the module's address prefix (`module.storage.`, or '' for the root). */
export interface ConfigFile {
  prefix: string;
  name: string;
  text: string;
}

/** The index just past the brace that closes the one at `open`, ignoring braces in strings and comments. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}

function fromHcl(file: ConfigFile, out: Map<string, Set<string>>): void {
  const resource = /\bresource\s+"([^"]+)"\s+"([^"]+)"\s*\{/g;
  for (let m = resource.exec(file.text); m; m = resource.exec(file.text)) {
    const open = m.index + m[0].length - 1;
    const body = file.text.slice(open, closing(file.text, open));
    const names = [...body.matchAll(/\bdynamic\s+"([^"]+)"\s*\{/g)].map((d) => d[1]!);
    if (names.length === 0) continue;
    const key = `${file.prefix}${m[1]}.${m[2]}`;
    let set = out.get(key);
    if (!set) out.set(key, (set = new Set()));
    for (const n of names) set.add(n);
    resource.lastIndex = open + 1;
  }
}

function dynamicNames(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) dynamicNames(v, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'dynamic' && v !== null && typeof v === 'object') for (const n of Object.keys(v as object)) into.add(n);
    dynamicNames(v, into);
  }
}

function fromJson(file: ConfigFile, out: Map<string, Set<string>>): void {
  let doc: unknown;
  try {
    doc = JSON.parse(file.text);
  } catch {
    return;
  }
  const resources = (doc as { resource?: Record<string, Record<string, unknown>> } | null)?.resource;
  for (const [type, byName] of Object.entries(resources ?? {})) {
    for (const [name, body] of Object.entries(byName ?? {})) {
      const names = new Set<string>();
      dynamicNames(body, names);
      if (names.size) out.set(`${file.prefix}${type}.${name}`, names);
    }
  }
}

/** The names of the `dynamic` blocks in each resource block (address without instance keys). */
export function dynamicBlocks(files: readonly ConfigFile[]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const f of files) {
    if (f.name.endsWith('.tf.json')) fromJson(f, out);
    else if (f.name.endsWith('.tf')) fromHcl(f, out);
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}

/** What a block the configuration fills dynamically sets: every attribute it can set (not computed only), and its own nested blocks likewise. */
function settable(shape: BlockShape): Mask {
  const out: Record<string, Mask> = {};
  for (const [name, a] of Object.entries(shape.attributes)) if (!a.computedOnly && !shape.blocks[name]) out[name] = true;
  for (const [name, b] of Object.entries(shape.blocks)) out[name] = settable(b.block);
  return out;
}

/**
 * The mask with each dynamic block added: where the schema has it (on the resource, or inside one
 * of its blocks), every attribute it can set; without a schema, the whole attribute of that name.
 */
export function withDynamic(mask: Mask, names: readonly string[] | undefined, shape: BlockShape | undefined): Mask {
  if (!names?.length || mask === true) return mask;
  const out: Record<string, Mask> = { ...mask };
  for (const n of names) {
    if (!shape) {
      out[n] = true;
      continue;
    }
    if (shape.blocks[n]) out[n] = settable(shape.blocks[n]!.block);
    else if (shape.attributes[n]) out[n] = true;
    else {
      // A dynamic block inside a block (`rule { dynamic "transition" … }`): the enclosing block compares it.
      for (const [parent, b] of Object.entries(shape.blocks)) {
        if (!b.block.blocks[n] && !b.block.attributes[n]) continue;
        const inner = b.block.blocks[n] ? settable(b.block.blocks[n]!.block) : true;
        const current = out[parent];
        out[parent] = current === true ? true : { ...(current ?? {}), [n]: inner };
      }
    }
  }
  return out;
}
