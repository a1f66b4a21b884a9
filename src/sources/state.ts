/**
 * State files: Terraform / OpenTofu state (format version 4: `terraform state pull`, a local
 * `terraform.tfstate`, CDKTF's `cdktf.out/stacks/<stack>/terraform.<stack>.tfstate`), the output
 * of `terraform show -json`, and the output of `pulumi stack export`. Detected, read as plain JSON
 * (no provider schema, so any provider version works), managed resources only.
 *
 * A state file holds secrets (database passwords, secret versions, private keys). Only the
 * attributes that identify a resource are ever read out of it (`IDENTITY_ATTRIBUTES`); the rest
 * stays in the parse tree, which is dropped when reading ends. Outputs marked sensitive are read
 * as sensitive: their value is never kept.
 */
import { readFile, stat } from 'node:fs/promises';
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { InputError } from '../errors.js';
import { decodeUtf8 } from '../outputs/read.js';
import { parseOutputs } from '../outputs/parse.js';
import { looksSecret } from '../outputs/secrets.js';
import type { OutputEntry, ResourceType, SourceRef } from '../types.js';
import type { SourceRead, SourcedResource, UnplacedEntry } from './model.js';
import { classifyTerraformType, cloudFormationTypeOfNative, terraformTypeOfPulumi } from './provider-types.js';
import { identifierFor, identifyEntry, IDENTITY_ATTRIBUTES, REFERENCE_ATTRIBUTES } from './identify.js';
import { isBinaryPlan, isPlanJson, isPlanLog, isZip, planAsStateMessage } from './plan.js';
import { ProviderRegions } from './regions.js';

export type StateFormat = 'tfstate' | 'terraform-show' | 'pulumi-export';

/**
 * A state of 500 resources is a few hundred KB, one of thousands some tens of MB; past this it is
 * the wrong file (and its parse tree would not fit a CI runner's memory).
 */
export const MAX_STATE_BYTES = 128 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// The parse tree, read without keeping values

/** The child of an object node under `key`. */
function prop(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  for (const p of node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k?.value === key) return v;
  }
  return undefined;
}

function str(node: Node | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

function items(node: Node | undefined): Node[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

/** 1-based line of an offset, by binary search over the line starts. */
export class Lines {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  at(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/** The identifying attributes of an entry, and nothing else. Pulumi spells them in camelCase. */
function identity(attrs: Node | undefined, camel: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (attrs?.type !== 'object') return out;
  for (const name of IDENTITY_ATTRIBUTES) {
    const key = camel ? name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : name;
    const v = str(prop(attrs, key));
    if (v !== undefined && v !== '') out[name] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Detection and errors

function describeFormats(): string {
  return 'Terraform / OpenTofu state (format version 4, as `terraform state pull` writes it), `terraform show -json`, or `pulumi stack export`';
}

function parseState(text: string, file: string): Node {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.startsWith('PK\u0003\u0004')) {
    throw new InputError(body.includes('tfplan') ? planAsStateMessage(file, 'binary-plan') : `State file ${file} is a zip archive, not a state; pass ${describeFormats()}.`);
  }
  if (isPlanLog(body)) throw new InputError(planAsStateMessage(file, 'plan-log'));
  if (body.trim() === '') throw new InputError(`State file ${file} is empty; pass the state of a deployed stack (${describeFormats()}).`);
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !root) {
    const e = errors[0];
    const lines = new Lines(body);
    const where = e ? ` (${printParseErrorCode(e.error)} at line ${lines.at(e.offset)})` : '';
    // A file cut short ends inside a value: some error sits at its very end.
    const end = body.trimEnd().length;
    const truncated = errors.some((x) => x.offset + x.length >= end - 1) ? ', it looks cut short' : '';
    throw new InputError(`State file ${file} is not valid JSON${where}${truncated}; pull the state again (\`terraform state pull > terraform.tfstate\`) and pass that file.`);
  }
  return root;
}

function detect(root: Node, file: string): StateFormat {
  if (root.type !== 'object') {
    throw new InputError(`State file ${file} holds ${root.type === 'array' ? 'a list' : `a ${root.type}`} at the top level, not a state; pass ${describeFormats()}.`);
  }
  if (prop(root, 'deployment')?.type === 'object') return 'pulumi-export';
  if (isPlanJson(Object.fromEntries((root.children ?? []).map((p) => [String(p.children?.[0]?.value), true])))) throw new InputError(planAsStateMessage(file, 'json-plan'));
  // An empty state's `terraform show -json` is `{"format_version": "1.0"}` alone.
  if (str(prop(root, 'format_version')) !== undefined && (prop(root, 'values') !== undefined || prop(root, 'terraform_version') !== undefined || (root.children ?? []).length === 1)) return 'terraform-show';
  const version = prop(root, 'version');
  if (version?.type === 'number' && (prop(root, 'resources') !== undefined || prop(root, 'modules') !== undefined || prop(root, 'terraform_version') !== undefined)) {
    const v = version.value as number;
    if (v === 4) return 'tfstate';
    if (v < 4) {
      throw new InputError(
        `State file ${file} is state format version ${v}, written by Terraform before 0.12, which postflight does not read; upgrade the state (run \`terraform init\` and \`terraform apply\` with Terraform 0.12 or later, or OpenTofu) and pass the new file.`,
      );
    }
    throw new InputError(`State file ${file} is state format version ${v}, newer than the version 4 postflight reads; pass the output of \`terraform show -json\` instead.`);
  }
  const looksLikeOutputs = prop(root, 'resources') === undefined && prop(root, 'version') === undefined;
  throw new InputError(
    `State file ${file} is not a state postflight knows; pass ${describeFormats()}${looksLikeOutputs ? ' (an outputs file goes to --outputs)' : ''}.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Reading

interface AddOptions {
  /** The entry's `id` when it is kept apart from its attributes (Pulumi). */
  topId?: string;
  /** The tool's own type name when it is not `providerType` (Pulumi's). */
  shownType?: string;
  /** The provider configuration that made the entry (see regions.ts). */
  config?: string;
  /** The key of a deposed object (Terraform's `deposed`), which is never verified. */
  deposed?: string;
}

class Reader {
  readonly resources: SourcedResource[] = [];
  readonly unplaced: UnplacedEntry[] = [];
  readonly regions = new ProviderRegions();
  /** The provider configuration of each resource, for those whose file names no region. */
  private readonly configs = new Map<SourcedResource, string | undefined>();
  /** The ids of other resources each entry names (its subnet, its VPC). */
  private readonly references = new Map<SourcedResource, string[]>();
  constructor(
    readonly file: string,
    readonly format: StateFormat,
    readonly lines: Lines,
  ) {}

  private place(entry: SourcedResource, config: string | undefined): void {
    this.regions.vote(config, entry.region);
    this.configs.set(entry, config);
    this.resources.push(entry);
  }

  /** A Pulumi `aws-native` resource: its id is CloudFormation's physical id for its type. */
  native(type: ResourceType, name: string, node: Node, id: string | undefined, shownType: string, config: string | undefined): void {
    if (!id || looksSecret('id', id)) {
      const reason = id ? 'its identifier looks like a secret, so it is neither shown nor verified' : 'has no id';
      this.unplaced.push({ origin: this.file, name, providerType: shownType, reason });
      return;
    }
    const source: SourceRef = { kind: 'state', format: this.format, origin: this.file, name, providerType: shownType, line: this.lines.at(node.offset) };
    const lower = type.startsWith('AWS::RDS::') || type.startsWith('AWS::ElastiCache::');
    this.place({ ...identifierFor(type, id, lower), source }, config);
  }

  /** One entry. */
  add(providerType: string, name: string, node: Node, attrs: Record<string, string>, opts: AddOptions = {}): void {
    const shownType = opts.shownType ?? providerType;
    const source: SourceRef = { kind: 'state', format: this.format, origin: this.file, name, providerType: shownType, line: this.lines.at(node.offset) };
    const cls = classifyTerraformType(providerType, shownType);
    if (cls.kind === 'other') {
      this.unplaced.push({ origin: this.file, name, providerType: shownType, reason: cls.reason });
      return;
    }
    if (opts.topId !== undefined && attrs.id === undefined) attrs.id = opts.topId;
    const found = identifyEntry(cls, attrs);
    if (opts.deposed !== undefined) {
      // Where it lives still says where its configuration deploys.
      if (!('reason' in found)) this.regions.vote(opts.config, found.region);
      this.unplaced.push({
        origin: this.file,
        name: `${name} (deposed ${opts.deposed})`,
        providerType: shownType,
        reason: `deposed object of ${name} (create_before_destroy replacement not yet destroyed): Terraform destroys it on the next apply, so it is not verified`,
      });
      return;
    }
    if ('reason' in found) {
      this.unplaced.push({ origin: this.file, name, providerType: shownType, reason: found.reason });
      return;
    }
    // An identifier shaped like a credential (an access key id) is never shown, nor used.
    if (looksSecret('id', found.id)) {
      this.unplaced.push({ origin: this.file, name, providerType: shownType, reason: 'its identifier looks like a secret, so it is neither shown nor verified' });
      return;
    }
    const entry: SourcedResource = { ...found, source, ...(cls.kind === 'fold' ? { folded: true } : {}) };
    const refs = REFERENCE_ATTRIBUTES.map((k) => attrs[k]).filter((v): v is string => v !== undefined && v !== found.id);
    if (refs.length > 0) this.references.set(entry, refs);
    this.place(entry, opts.config);
  }

  /**
   * Entries whose own attributes name no region take their provider configuration's; returns the
   * region of the file's main configuration (`mainConfig`, else the one region every configuration
   * agrees on), for the file's outputs.
   */
  settleRegions(mainConfig?: (config: string) => boolean, byReference = false): string | undefined {
    // Where the file says nothing of configurations' regions, an entry naming another resource of
    // the file by id (a NAT gateway its subnet) lives where that resource does.
    const known = new Map<string, string>();
    if (byReference) for (const e of this.resources) if (e.region !== undefined && e.regionFrom !== 'provider') known.set(e.id, e.region);
    for (const entry of this.resources) {
      if (entry.region !== undefined) continue;
      const named = byReference ? (this.references.get(entry) ?? []).map((id) => known.get(id)).find((r) => r !== undefined) : undefined;
      const region = named ?? this.regions.regionOf(this.configs.get(entry));
      if (region !== undefined) Object.assign(entry, { region, regionFrom: 'provider' });
    }
    const configs = this.regions.configs();
    const main = mainConfig ? configs.find(mainConfig) : undefined;
    const mainRegion = this.regions.regionOf(main);
    if (mainRegion) return mainRegion;
    const all = new Set(configs.map((c) => this.regions.regionOf(c)).filter((r) => r !== undefined));
    return all.size === 1 ? [...all][0] : undefined;
  }
}

/** `module.a.module.b` + `aws_s3_bucket.this` + `["raw"]`. */
function address(module: string | undefined, type: string, name: string, indexKey: Node | undefined): string {
  const base = `${module ? `${module}.` : ''}${type}.${name}`;
  if (indexKey === undefined) return base;
  if (indexKey.type === 'number') return `${base}[${String(indexKey.value)}]`;
  return `${base}[${JSON.stringify(String(indexKey.value))}]`;
}

/** The default (unaliased) configuration of the AWS provider at the root: `provider["registry.terraform.io/hashicorp/aws"]`. */
const ROOT_AWS_CONFIG = /^provider\["[^"]*\/aws"\]$/;

function readTfstate(root: Node, r: Reader): string | undefined {
  for (const res of items(prop(root, 'resources'))) {
    if (str(prop(res, 'mode')) !== 'managed') continue;
    const type = str(prop(res, 'type'));
    const name = str(prop(res, 'name'));
    if (!type || !name) continue;
    const module = str(prop(res, 'module'));
    // `provider["registry.terraform.io/hashicorp/aws"].west`, or `module.x.provider[…]` for a
    // configuration inside a module: which configuration made the entry, alias included.
    const config = str(prop(res, 'provider'));
    for (const inst of items(prop(res, 'instances'))) {
      const deposed = str(prop(inst, 'deposed'));
      r.add(type, address(module, type, name, prop(inst, 'index_key')), inst, identity(prop(inst, 'attributes'), false), {
        ...(config !== undefined ? { config } : {}),
        ...(deposed !== undefined ? { deposed } : {}),
      });
    }
  }
  return r.settleRegions((c) => ROOT_AWS_CONFIG.test(c));
}

/**
 * `terraform show -json` names each entry's provider (`provider_name`) but not its configuration:
 * two aliases of the AWS provider in two regions look alike there. So an entry naming no region of
 * its own takes the region of the resource it names by id (a NAT gateway its subnet's, bucket
 * versioning its bucket's), else the one most of its provider's entries name, which is wrong for
 * such an entry of a second region's alias. The state file records the alias: pass it where that
 * matters.
 */
function readShowModule(module: Node | undefined, r: Reader, depth = 0): void {
  if (!module || depth > 64) return;
  for (const res of items(prop(module, 'resources'))) {
    if (str(prop(res, 'mode')) !== 'managed') continue;
    const type = str(prop(res, 'type'));
    const addr = str(prop(res, 'address'));
    if (!type || !addr) continue;
    const config = str(prop(res, 'provider_name'));
    const deposed = str(prop(res, 'deposed_key'));
    r.add(type, addr, res, identity(prop(res, 'values'), false), { ...(config !== undefined ? { config } : {}), ...(deposed !== undefined ? { deposed } : {}) });
  }
  for (const child of items(prop(module, 'child_modules'))) readShowModule(child, r, depth + 1);
}

/**
 * A Pulumi resource's provider reference, `<provider urn>::<provider id>`; a provider resource's
 * declared region is its `inputs.region` (a default provider's comes from the stack's `aws:region`).
 */
function readPulumi(root: Node, r: Reader): { outputs: Node | undefined; region: string | undefined } {
  const deployment = prop(root, 'deployment');
  let stackOutputs: Node | undefined;
  const resources = items(prop(deployment, 'resources'));
  // A resource that names no provider was made by its package's default provider.
  const defaults = new Map<string, string>();
  for (const res of resources) {
    const type = str(prop(res, 'type'));
    if (!type?.startsWith('pulumi:providers:')) continue;
    const ref = `${str(prop(res, 'urn')) ?? ''}::${str(prop(res, 'id')) ?? ''}`;
    const region = str(prop(prop(res, 'inputs'), 'region')) ?? str(prop(prop(res, 'outputs'), 'region'));
    if (region) r.regions.declare(ref, region);
    if (/::default(?:_[0-9_]+)?::/.test(ref)) defaults.set(type.slice('pulumi:providers:'.length), ref);
  }
  const defaultProvider = defaults.get('aws');
  for (const res of resources) {
    const type = str(prop(res, 'type'));
    const urn = str(prop(res, 'urn')) ?? '';
    if (!type) continue;
    if (type === 'pulumi:pulumi:Stack') {
      stackOutputs = prop(res, 'outputs');
      continue;
    }
    // Providers, components and other packages' resources are not AWS resources of the stack.
    if (type.startsWith('pulumi:') || prop(res, 'custom')?.value === false) continue;
    const config = str(prop(res, 'provider')) ?? defaults.get(type.split(':')[0] ?? '');
    if (prop(res, 'delete')?.value === true) {
      r.unplaced.push({ origin: r.file, name: urn, providerType: type, reason: 'replaced, and waiting to be deleted (Pulumi marks it `delete`): Pulumi deletes it on the next update, so it is not verified' });
      continue;
    }
    const native = cloudFormationTypeOfNative(type);
    if (native !== undefined) {
      r.native(native, urn, res, str(prop(res, 'id')), type, config);
      continue;
    }
    const tfType = terraformTypeOfPulumi(type);
    if (tfType === undefined) {
      if (!type.startsWith('aws:')) r.unplaced.push({ origin: r.file, name: urn, providerType: type, reason: `not an AWS resource (package "${type.split(':')[0]}")` });
      else r.unplaced.push({ origin: r.file, name: urn, providerType: type, reason: 'a type postflight cannot map to a resource type' });
      continue;
    }
    const attrs = identity(prop(res, 'outputs'), true);
    const id = str(prop(res, 'id'));
    // The entry keeps the Pulumi type name the user knows.
    r.add(tfType, urn, res, attrs, { ...(id !== undefined ? { topId: id } : {}), shownType: type, ...(config !== undefined ? { config } : {}) });
  }
  const region = r.settleRegions(defaultProvider ? (c) => c === defaultProvider : undefined);
  return { outputs: stackOutputs, region };
}

/** Outputs of a state, as `terraform output -json` would give them: sensitive ones without their value. */
function stateOutputs(outputs: Node | undefined, file: string, format: StateFormat, lines: Lines): { entries: OutputEntry[]; lines: Map<string, number> } {
  const at = new Map<string, number>();
  if (outputs?.type !== 'object') return { entries: [], lines: at };
  const doc: Record<string, { value: unknown; type: string; sensitive: boolean }> = {};
  for (const p of outputs.children ?? []) {
    const [k, v] = p.children ?? [];
    if (typeof k?.value !== 'string' || !v) continue;
    at.set(k.value, lines.at(k.offset));
    if (format === 'pulumi-export') {
      // A Pulumi secret is an object carrying the secret signature; its plaintext is never read.
      const secret = v.type === 'object' && prop(v, '4dabf18193072939515e22adb298388d') !== undefined;
      doc[k.value] = secret ? { value: '', type: 'string', sensitive: true } : { value: getNodeValue(v), type: 'string', sensitive: false };
      continue;
    }
    const sensitive = prop(v, 'sensitive')?.value === true;
    doc[k.value] = sensitive ? { value: '', type: 'string', sensitive: true } : { value: getNodeValue(prop(v, 'value') ?? v), type: 'string', sensitive: false };
  }
  if (Object.keys(doc).length === 0) return { entries: [], lines: at };
  return { entries: parseOutputs(JSON.stringify(doc), file, 'terraform').entries, lines: at };
}

/** Reads a state file of any of the three formats from its text. Pure: no file system. */
export function parseStateFile(text: string, file: string): SourceRead {
  const root = parseState(text, file);
  const format = detect(root, file);
  const lines = new Lines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const r = new Reader(file, format, lines);
  let outputs: Node | undefined;
  let region: string | undefined;
  if (format === 'tfstate') {
    region = readTfstate(root, r);
    outputs = prop(root, 'outputs');
  } else if (format === 'terraform-show') {
    const values = prop(root, 'values');
    readShowModule(prop(values, 'root_module'), r);
    region = r.settleRegions(undefined, true);
    outputs = prop(values, 'outputs');
  } else {
    ({ outputs, region } = readPulumi(root, r));
  }
  const out = stateOutputs(outputs, file, format, lines);
  return { kind: 'state', format, origin: file, resources: r.resources, outputs: out.entries, outputLines: out.lines, unplaced: r.unplaced, ...(region ? { region } : {}) };
}

/** Reads a state file from disk; every way it can be unusable is an `InputError` naming it. */
export async function readStateFile(path: string, shown: string = path): Promise<SourceRead> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(`State path ${shown} is a directory; pass the state file inside it (for CDKTF: cdktf.out/stacks/<stack>/terraform.<stack>.tfstate).`);
    size = info.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new InputError(`State file ${shown} does not exist; pass the path of the stack's state (\`terraform state pull > terraform.tfstate\` writes one), or check --state.`);
    }
    throw new InputError(`State file ${shown} cannot be read (${code ?? (err as Error).message}); check its permissions or pass a copy.`);
  }
  if (size > MAX_STATE_BYTES) throw new InputError(`State file ${shown} is ${(size / 1048576).toFixed(0)} MiB, over the ${MAX_STATE_BYTES / 1048576} MiB limit; pass the state of one stack.`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new InputError(`State file ${shown} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check its permissions or pass a copy.`);
  }
  if (isBinaryPlan(bytes)) throw new InputError(planAsStateMessage(shown, 'binary-plan'));
  if (isZip(bytes)) throw new InputError(`State file ${shown} is a zip archive, not a state; pass ${describeFormats()}.`);
  let text: string;
  try {
    text = decodeUtf8(bytes, shown);
  } catch {
    throw new InputError(`State file ${shown} is not valid UTF-8 text; pass the state as Terraform, OpenTofu or Pulumi wrote it.`);
  }
  return parseStateFile(text, shown);
}
