/**
 * Generates the resource type tables postflight names resources by:
 *
 * - `src/sources/cfn-types.json`: every CloudFormation resource type, from the CloudFormation
 *   resource specification as `@aws-cdk/aws-service-spec` ships it;
 * - `src/sources/provider-types.json`: every `aws_*` resource type of the hashicorp/aws provider
 *   (its schema, from `terraform providers schema -json`) → its CloudFormation type or `null`, and
 *   every resource token of Pulumi's AWS provider (`@pulumi/aws` 6.x, built on that provider) →
 *   the Terraform type it wraps;
 * - `fixtures/cfn-arn-templates.json`: the ARN template the specification gives for each type, which
 *   the tests hold the ARN table of `src/discover/arn.ts` to.
 *
 *   npm run generate:types                          (prints how many types it named)
 *   npm run generate:types -- --work /tmp/typegen   (keeps the downloads, the schema and
 *                                                    review.tsv, every match and how it was made)
 *
 * Needs Terraform and the provider in the local plugin folder (`/opt/tf-plugins`, or
 * `TF_PLUGIN_DIR`), and the npm registry. The output depends only on the pinned versions below and
 * the curated tables in `type-rules.ts`: it is sorted and carries no date.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { NO_CFN_TYPE, PULUMI_TO_TERRAFORM, SERVICE_PREFIXES, TERRAFORM_TO_CFN } from './type-rules.js';

export const TERRAFORM_PROVIDER = { source: 'hashicorp/aws', version: '5.100.0' } as const;
export const PULUMI_AWS = { name: '@pulumi/aws', version: '6.83.4' } as const;
export const SERVICE_SPEC = { name: '@aws-cdk/aws-service-spec', version: '0.1.216' } as const;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), ...(fileURLToPath(import.meta.url).includes('/build/') ? ['..', '..'] : ['..']));

// ---------------------------------------------------------------------------------------------
// Inputs

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resource types of the provider and, per type, its top-level attribute and block names. */
function terraformSchema(work: string): Map<string, Set<string>> {
  const dir = join(work, 'terraform');
  const file = join(dir, 'schema.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'main.tf'),
      `terraform {\n  required_providers {\n    aws = { source = "${TERRAFORM_PROVIDER.source}", version = "${TERRAFORM_PROVIDER.version}" }\n  }\n}\n`,
    );
    run('terraform', ['init', '-input=false', `-plugin-dir=${process.env.TF_PLUGIN_DIR ?? '/opt/tf-plugins'}`], dir);
    writeFileSync(file, run('terraform', ['providers', 'schema', '-json'], dir));
  }
  const schema = JSON.parse(readFileSync(file, 'utf8')) as {
    provider_schemas: Record<string, { resource_schemas: Record<string, { block: { attributes?: object; block_types?: object } }> }>;
  };
  const provider = schema.provider_schemas[`registry.terraform.io/${TERRAFORM_PROVIDER.source}`];
  if (!provider) throw new Error(`the schema has no ${TERRAFORM_PROVIDER.source} provider`);
  const out = new Map<string, Set<string>>();
  for (const [type, s] of Object.entries(provider.resource_schemas)) {
    out.set(type, new Set([...Object.keys(s.block.attributes ?? {}), ...Object.keys(s.block.block_types ?? {})]));
  }
  return out;
}

/** Unpacks one npm package (without its dependencies) into `work/<dir>`; returns its folder. */
function npmPackage(work: string, spec: { name: string; version: string }, dir: string): string {
  const target = join(work, dir);
  if (!existsSync(join(target, 'package', 'package.json'))) {
    mkdirSync(target, { recursive: true });
    const tgz = run('npm', ['pack', '--silent', `${spec.name}@${spec.version}`], target).trim().split('\n').pop()!;
    run('tar', ['xzf', tgz], target);
  }
  return join(target, 'package');
}

interface CfnType {
  name: string;
  arnTemplate?: string;
}

function cloudFormationTypes(work: string): CfnType[] {
  const pkg = npmPackage(work, SERVICE_SPEC, 'service-spec');
  const db = JSON.parse(gunzipSync(readFileSync(join(pkg, 'db.json.gz'))).toString('utf8')) as {
    schema: { resource: { entities: Array<{ cloudFormationType: string; arnTemplate?: string }> } };
  };
  return db.schema.resource.entities
    .filter((e) => /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(e.cloudFormationType))
    .map((e) => (e.arnTemplate ? { name: e.cloudFormationType, arnTemplate: e.arnTemplate } : { name: e.cloudFormationType }))
    .sort((a, b) => cmp(a.name, b.name));
}

interface PulumiResource {
  token: string;
  /** Its state properties, as Terraform attribute words (`cloudWatchLogsGroupArn` → `cloudwatchlogsgrouparn`). */
  props: Set<string>;
}

/** Every resource token of `@pulumi/aws`, from its modules' `__pulumiType`, with the properties its state declares. */
function pulumiResources(work: string): PulumiResource[] {
  const root = npmPackage(work, PULUMI_AWS, 'pulumi-aws');
  const out: PulumiResource[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'types') walk(p);
        continue;
      }
      if (!e.name.endsWith('.js')) continue;
      const js = readFileSync(p, 'utf8');
      for (const m of js.matchAll(/__pulumiType = '(aws:[^']+)'/g)) {
        const token = m[1]!;
        const name = token.split(':').pop()!;
        const dts = existsSync(p.replace(/\.js$/, '.d.ts')) ? readFileSync(p.replace(/\.js$/, '.d.ts'), 'utf8') : '';
        const state = new RegExp(`export interface ${name}State \\{([\\s\\S]*?)\\n\\}`).exec(dts)?.[1] ?? '';
        out.push({ token, props: new Set([...state.matchAll(/^ {4}(\w+)\??:/gm)].map((x) => attrWord(x[1]!)).filter((a) => a !== 'id')) });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => cmp(a.token, b.token));
}

// ---------------------------------------------------------------------------------------------
// Matching

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Case, `_` and `-` do not matter: `db_instance` ≡ `DBInstance`. */
const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
/** Pulumi names a list block in the plural (`rules` for Terraform's `rule`). */
const attrWord = (s: string): string => norm(s).replace(/s$/, '');
const snake = (s: string): string =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();

interface Match {
  cfn: string | null;
  /** How: `rule` (the curated table), `default` (an adopted default resource), `name`, or `none`. */
  how: 'rule' | 'default' | 'name' | 'none';
  /** When `name` matched more than one type, the others, for review. */
  others?: string[];
}

/**
 * The CloudFormation type of one Terraform type: the curated table first; an `aws_default_*`
 * type adopts the resource its plain type creates; else the service word (the longest prefix
 * `SERVICE_PREFIXES` knows) picks the namespaces, and the words after it, with or without the
 * service's own words, must spell one type of them exactly (case and `_` aside).
 */
function matchTerraform(
  type: string,
  prefixes: Readonly<Record<string, readonly string[]>>,
  cfnByNs: Map<string, string[]>,
  resolved: (t: string) => string | null | undefined,
): Match {
  if (Object.prototype.hasOwnProperty.call(TERRAFORM_TO_CFN, type)) return { cfn: TERRAFORM_TO_CFN[type] ?? null, how: 'rule' };
  if (NO_CFN_TYPE.has(type)) return { cfn: null, how: 'rule' };
  const words = type.replace(/^aws_/, '').split('_');
  if (words[0] === 'default' && words.length > 1) {
    const plain = resolved(`aws_${words.slice(1).join('_')}`);
    if (plain !== undefined) return { cfn: plain, how: 'default' };
  }
  for (let k = Math.min(words.length, 4); k >= 1; k--) {
    const namespaces = prefixes[words.slice(0, k).join('_')];
    if (!namespaces) continue;
    // With the service's words or without them (`aws_db_instance` → `DBInstance`, `aws_lb_listener` →
    // `Listener`), longest first; never fewer words of the resource (`aws_ami_from_instance` is no instance).
    for (let j = 0; j <= Math.min(k, words.length - 1); j++) {
      const want = norm(words.slice(j).join(''));
      if (want === '') continue;
      const hits = namespaces.flatMap((ns) => (cfnByNs.get(ns) ?? []).filter((r) => norm(r) === want).map((r) => `AWS::${ns}::${r}`));
      if (hits.length === 1) return { cfn: hits[0]!, how: 'name' };
      if (hits.length > 1) return { cfn: null, how: 'none', others: hits };
    }
    return { cfn: null, how: 'none' };
  }
  return { cfn: null, how: 'none' };
}

const jaccard = (a: ReadonlySet<string>, b: ReadonlySet<string>): number => {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  const all = a.size + b.size - both;
  return all === 0 ? 0 : both / all;
};

interface PulumiMatch {
  terraform: string | null;
  how: 'rule' | 'name' | 'schema' | 'none';
  score: number;
}

/**
 * The Terraform type a Pulumi token wraps. Pulumi's names come from Terraform's by rules of its
 * own (modules that group several Terraform prefixes, renamed resources), so the name alone is not
 * enough: a candidate must also declare the same properties (Jaccard over the attribute names). The
 * curated table first; then the name candidates (`aws:<module>/<name>` → `aws_<prefix>_<name>`,
 * `aws_<name>`, a trailing `V2` dropped); else the one type whose schema is close to identical.
 */
function matchPulumi(r: PulumiResource, tf: Map<string, Set<string>>, prefixesOf: (mod: string) => string[]): PulumiMatch {
  const ruled = PULUMI_TO_TERRAFORM[r.token];
  if (ruled !== undefined) return { terraform: ruled, how: 'rule', score: ruled && tf.has(ruled) ? jaccard(r.props, words(tf.get(ruled)!)) : 0 };
  const m = /^aws:([A-Za-z0-9]+)\/([A-Za-z0-9_]+):([A-Za-z0-9_]+)$/.exec(r.token);
  if (!m) return { terraform: null, how: 'none', score: 0 };
  const [, mod, , name] = m as unknown as [string, string, string, string];
  const base = snake(name);
  const bases = [...new Set([base, base.replace(/_?v\d+$/, '')])];
  const candidates = new Set<string>();
  for (const b of bases) {
    candidates.add(`aws_${b}`);
    for (const p of prefixesOf(mod.toLowerCase())) candidates.add(`aws_${p}_${b}`);
  }
  const named = [...candidates]
    .filter((c) => tf.has(c))
    .map((c) => ({ c, score: jaccard(r.props, words(tf.get(c)!)) }))
    .sort((a, b) => b.score - a.score || cmp(a.c, b.c));
  if (named.length > 0 && named[0]!.score >= 0.5 && (named.length === 1 || named[0]!.score > named[1]!.score)) {
    return { terraform: named[0]!.c, how: 'name', score: named[0]!.score };
  }
  // By schema: the closest type must be close to identical, and clearly closer than the next.
  const ranked = [...tf.entries()].map(([c, a]) => ({ c, score: jaccard(r.props, words(a)) })).sort((a, b) => b.score - a.score || cmp(a.c, b.c));
  const [first, second] = ranked;
  if (first && first.score >= 0.8 && (!second || first.score - second.score >= 0.15)) return { terraform: first.c, how: 'schema', score: first.score };
  return { terraform: null, how: 'none', score: first?.score ?? 0 };
}

const wordCache = new WeakMap<Set<string>, Set<string>>();
function words(attrs: Set<string>): Set<string> {
  let w = wordCache.get(attrs);
  if (!w) wordCache.set(attrs, (w = new Set([...attrs].filter((a) => a !== 'id').map(attrWord))));
  return w;
}

// ---------------------------------------------------------------------------------------------
// Output

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 1)}\n`);
}

const sortedObject = <T>(entries: Iterable<[string, T]>): Record<string, T> => Object.fromEntries([...entries].sort((a, b) => cmp(a[0], b[0])));

function main(): void {
  const { values } = parseArgs({ options: { work: { type: 'string' }, quiet: { type: 'boolean' } } });
  const started = Date.now();
  const work = values.work ? resolve(values.work) : mkdtempSync(join(tmpdir(), 'postflight-typegen-'));
  try {
    const tf = terraformSchema(work);
    const cfn = cloudFormationTypes(work);
    const pulumi = pulumiResources(work);
    const cfnNames = new Set(cfn.map((t) => t.name));
    const cfnByNs = new Map<string, string[]>();
    for (const t of cfn) {
      const [, ns, res] = t.name.split('::') as [string, string, string];
      cfnByNs.set(ns, [...(cfnByNs.get(ns) ?? []), res]);
    }
    // A namespace spells its own service word (`CloudTrail` → `cloudtrail`); the curated words add the rest.
    const prefixes: Record<string, readonly string[]> = {};
    for (const ns of cfnByNs.keys()) prefixes[norm(ns)] = [ns];
    Object.assign(prefixes, SERVICE_PREFIXES);
    for (const [prefix, namespaces] of Object.entries(SERVICE_PREFIXES)) {
      for (const ns of namespaces) if (!cfnByNs.has(ns)) throw new Error(`SERVICE_PREFIXES.${prefix} names ${ns}, which is no CloudFormation namespace`);
    }

    // Terraform → CloudFormation, plain types before `aws_default_*`.
    const tfTypes = [...tf.keys()].sort((a, b) => Number(a.startsWith('aws_default_')) - Number(b.startsWith('aws_default_')) || cmp(a, b));
    const terraform = new Map<string, Match>();
    for (const t of tfTypes) terraform.set(t, matchTerraform(t, prefixes, cfnByNs, (x) => terraform.get(x)?.cfn));
    for (const key of [...Object.keys(TERRAFORM_TO_CFN), ...NO_CFN_TYPE]) if (!tf.has(key)) throw new Error(`the curated table names ${key}, which the provider does not have`);
    for (const [t, m] of terraform) if (m.cfn !== null && !cfnNames.has(m.cfn)) throw new Error(`${t} → ${m.cfn}, which is no CloudFormation type`);

    // Pulumi → Terraform: learn which Terraform prefixes each Pulumi module spans from the
    // unambiguous matches, then match again with them.
    const learned = new Map<string, Set<string>>();
    const prefixesOf = (mod: string): string[] => [mod, ...(learned.get(mod) ?? [])];
    for (let pass = 0; pass < 2; pass++) {
      for (const r of pulumi) {
        const mt = matchPulumi(r, tf, prefixesOf);
        if (!mt.terraform || mt.how === 'none' || mt.score < 0.8) continue;
        const mod = r.token.split(/[:/]/)[1]!.toLowerCase();
        const base = snake(r.token.split(':').pop()!).replace(/_?v\d+$/, '');
        const prefix = mt.terraform.replace(/^aws_/, '').replace(new RegExp(`_?${base}$`), '');
        if (prefix !== '' && prefix !== mt.terraform.replace(/^aws_/, '')) learned.set(mod, new Set([...(learned.get(mod) ?? []), prefix]));
      }
    }
    const pulumiMap = new Map<string, PulumiMatch>();
    for (const r of pulumi) pulumiMap.set(r.token, matchPulumi(r, tf, prefixesOf));
    for (const [token, t] of Object.entries(PULUMI_TO_TERRAFORM)) {
      if (!pulumiMap.has(token)) throw new Error(`the curated table names the Pulumi token ${token}, which ${PULUMI_AWS.name}@${PULUMI_AWS.version} does not have`);
      if (t !== null && !tf.has(t)) throw new Error(`the curated table maps ${token} to ${t}, which the provider does not have`);
    }

    writeJson(join(ROOT, 'src', 'sources', 'cfn-types.json'), {
      source: `${SERVICE_SPEC.name}@${SERVICE_SPEC.version} (the CloudFormation resource specification); generated by scripts/generate-types.ts`,
      types: cfn.map((t) => t.name),
    });
    writeJson(join(ROOT, 'src', 'sources', 'provider-types.json'), {
      source: `${TERRAFORM_PROVIDER.source} ${TERRAFORM_PROVIDER.version} (terraform providers schema -json), ${PULUMI_AWS.name}@${PULUMI_AWS.version}, ${SERVICE_SPEC.name}@${SERVICE_SPEC.version}; generated by scripts/generate-types.ts`,
      terraform: sortedObject([...terraform].map(([t, m]) => [t, m.cfn])),
      pulumi: sortedObject([...pulumiMap].map(([t, m]) => [t, m.terraform])),
    });
    writeJson(join(ROOT, 'fixtures', 'cfn-arn-templates.json'), {
      source: `${SERVICE_SPEC.name}@${SERVICE_SPEC.version}; generated by scripts/generate-types.ts`,
      templates: sortedObject(cfn.filter((t) => t.arnTemplate).map((t) => [t.name, t.arnTemplate!])),
    });

    // What was matched, for review by eye.
    const review: string[] = [];
    for (const [t, m] of [...terraform].sort((a, b) => cmp(a[0], b[0]))) review.push(`tf\t${t}\t${m.cfn ?? '-'}\t${m.how}${m.others ? `\t(${m.others.join(' ')})` : ''}`);
    for (const [t, m] of pulumiMap) review.push(`pulumi\t${t}\t${m.terraform ?? '-'}\t${m.how}\t${m.score.toFixed(2)}`);
    writeFileSync(join(work, 'review.tsv'), `${review.join('\n')}\n`);

    const tfMapped = [...terraform.values()].filter((m) => m.cfn !== null).length;
    const pMapped = [...pulumiMap.values()].filter((m) => m.terraform !== null).length;
    const pCfn = [...pulumiMap.values()].filter((m) => m.terraform !== null && terraform.get(m.terraform)?.cfn).length;
    if (!values.quiet) {
      process.stdout.write(
        [
          `CloudFormation types: ${cfn.length} (${SERVICE_SPEC.name}@${SERVICE_SPEC.version})`,
          `Terraform aws_* types: ${terraform.size}; ${tfMapped} named by a CloudFormation type, ${terraform.size - tfMapped} keep their own name`,
          `Pulumi tokens: ${pulumiMap.size}; ${pMapped} wrap a Terraform type (${pCfn} named by a CloudFormation type, ${pulumiMap.size - pCfn} keep their own name)`,
          values.work ? `every match, for review: ${join(work, 'review.tsv')}` : 'pass --work DIR to keep every match, for review, in DIR/review.tsv',
          `took ${((Date.now() - started) / 1000).toFixed(1)} s`,
          '',
        ].join('\n'),
      );
    }
  } finally {
    if (!values.work) rmSync(work, { recursive: true, force: true });
  }
}

main();
