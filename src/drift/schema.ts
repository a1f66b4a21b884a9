/**
 * The provider schema, reduced to what comparing needs: for each resource type, each attribute's
 * type (to tell sets from lists), whether it is sensitive, write-only or computed only, and each
 * nested block's nesting mode. Read from `terraform providers schema -json` (some megabytes for
 * hashicorp/aws), reduced here, and cached per provider version by the runner. Pure.
 */

/** A cty type as Terraform's JSON writes it: `"string"`, `["set", "string"]`, `["object", {…}]`. */
export type CtyType = string | readonly [string, unknown];

export interface AttributeShape {
  type?: CtyType;
  sensitive?: boolean;
  /** Write-only: the provider never reads it back. */
  writeOnly?: boolean;
  /** Computed and never set by the configuration. */
  computedOnly?: boolean;
}

export interface BlockShape {
  attributes: Record<string, AttributeShape>;
  blocks: Record<string, { nesting: string; block: BlockShape }>;
}

/** One provider's reduced schema: resource type → shape. */
export type ProviderShapes = Record<string, BlockShape>;

/** The element type inside `type` at `key` (a list index, a map or object key). */
export function typeAt(type: CtyType | undefined, key: string | number): CtyType | undefined {
  if (!Array.isArray(type)) return undefined;
  const [kind, inner] = type as readonly [string, unknown];
  if (kind === 'list' || kind === 'set' || kind === 'map') return inner as CtyType;
  if (kind === 'object' && inner !== null && typeof inner === 'object') return (inner as Record<string, CtyType>)[key as string];
  if (kind === 'tuple' && Array.isArray(inner) && typeof key === 'number') return inner[key] as CtyType;
  return undefined;
}

interface RawAttribute {
  type?: CtyType;
  nested_type?: { attributes?: Record<string, RawAttribute>; nesting_mode?: string };
  sensitive?: boolean;
  write_only?: boolean;
  computed?: boolean;
  optional?: boolean;
  required?: boolean;
}

interface RawBlock {
  attributes?: Record<string, RawAttribute>;
  block_types?: Record<string, { nesting_mode?: string; block?: RawBlock }>;
}

function reduceBlock(raw: RawBlock | undefined): BlockShape {
  const shape: BlockShape = { attributes: {}, blocks: {} };
  for (const [name, a] of Object.entries(raw?.attributes ?? {})) {
    if (a.nested_type) {
      // A nested attribute (protocol 6) compares as a nested block does.
      shape.blocks[name] = { nesting: a.nested_type.nesting_mode ?? 'single', block: reduceBlock({ attributes: a.nested_type.attributes ?? {} }) };
    }
    const s: AttributeShape = {};
    if (a.type !== undefined) s.type = a.type;
    if (a.sensitive) s.sensitive = true;
    if (a.write_only) s.writeOnly = true;
    if (a.computed && !a.optional && !a.required) s.computedOnly = true;
    shape.attributes[name] = s;
  }
  for (const [name, b] of Object.entries(raw?.block_types ?? {})) shape.blocks[name] = { nesting: b.nesting_mode ?? 'list', block: reduceBlock(b.block) };
  return shape;
}

/**
 * The reduced shapes of every provider in `terraform providers schema -json`, by provider address
 * (`registry.terraform.io/hashicorp/aws`).
 */
export function reduceProviderSchemas(doc: unknown): Record<string, ProviderShapes> {
  const out: Record<string, ProviderShapes> = {};
  const schemas = (doc as { provider_schemas?: Record<string, { resource_schemas?: Record<string, { block?: RawBlock }> }> } | null)?.provider_schemas;
  if (!schemas || typeof schemas !== 'object') throw new Error('the output of `providers schema -json` has no provider_schemas');
  for (const [provider, p] of Object.entries(schemas)) {
    const types: ProviderShapes = {};
    for (const [type, r] of Object.entries(p.resource_schemas ?? {})) types[type] = reduceBlock(r.block);
    out[provider] = types;
  }
  return out;
}
