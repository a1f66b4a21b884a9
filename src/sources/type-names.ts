/**
 * The generated type tables (`npm run generate:types`, see scripts/generate-types.ts): every
 * CloudFormation resource type, and every Terraform and Pulumi AWS type with its CloudFormation
 * type or none. Read on first use with `require`, not imported: a run that names no type (`--version`,
 * `--help`) never parses them.
 */
import { createRequire } from 'node:module';
import { isCloudFormationTypeName, isResourceType, type ResourceType } from '../types.js';

interface ProviderTable {
  source: string;
  /** Terraform type → its CloudFormation type, or null where CloudFormation has none. */
  terraform: Readonly<Record<string, string | null>>;
  /** Pulumi token → the Terraform type it wraps, or null where it wraps none. */
  pulumi: Readonly<Record<string, string | null>>;
}

interface CfnTable {
  source: string;
  types: readonly string[];
}

const load = createRequire(import.meta.url);
let providers: ProviderTable | undefined;
let cfn: { table: CfnTable; names: ReadonlySet<string>; byLower: ReadonlyMap<string, string> } | undefined;

export function providerTable(): ProviderTable {
  return (providers ??= load('./provider-types.json') as ProviderTable);
}

function cfnTable(): NonNullable<typeof cfn> {
  if (!cfn) {
    const table = load('./cfn-types.json') as CfnTable;
    cfn = { table, names: new Set(table.types), byLower: new Map(table.types.map((t) => [t.toLowerCase(), t])) };
  }
  return cfn;
}

/** Every CloudFormation resource type, and where the list comes from. */
export function cloudFormationTypes(): { source: string; names: ReadonlySet<string> } {
  const t = cfnTable();
  return { source: t.table.source, names: t.names };
}

/** Whether CloudFormation has this resource type (`AWS::CloudTrail::Trail`: yes; `AWS::CloudTrail::Cloudtrail`: no). */
export function isCloudFormationType(name: string): boolean {
  return cfnTable().names.has(name);
}

/**
 * The CloudFormation type of a Terraform type: `aws_cloudtrail` → `AWS::CloudTrail::Trail`; null
 * when CloudFormation has none (`aws_ec2_tag`); undefined when the table does not know the type.
 */
export function cloudFormationTypeOfTerraform(terraformType: string): ResourceType | null | undefined {
  const t = providerTable().terraform;
  if (!Object.prototype.hasOwnProperty.call(t, terraformType)) return undefined;
  return (t[terraformType] ?? null) as ResourceType | null;
}

/** The Terraform type a Pulumi token wraps; null when it wraps none; undefined when the table does not know the token. */
export function terraformTypeOfPulumiToken(token: string): string | null | undefined {
  const t = providerTable().pulumi;
  if (!Object.prototype.hasOwnProperty.call(t, token)) return undefined;
  return t[token] ?? null;
}

/**
 * The CloudFormation type a name spells in other case (`aws-native:wafv2:WebAcl` spells
 * `AWS::WAFv2::WebACL`): namespace and resource compared without case. Undefined when none does.
 */
export function cloudFormationTypeIgnoringCase(namespace: string, resource: string): ResourceType | undefined {
  return cfnTable().byLower.get(`aws::${namespace}::${resource}`.toLowerCase()) as ResourceType | undefined;
}

/** Edit distance, for the nearest name; short strings only. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The real CloudFormation type nearest to a name that is none: the same name in other case, else
 * within the namespace it names (compared without case), else among all types; by edit distance,
 * where a name inside the other (`Cloudtrail` holds `trail`) counts as close, and words on the
 * wrong side of `::` count as where they belong.
 */
export function nearestCloudFormationType(name: string): string | undefined {
  const { names, byLower } = cfnTable();
  const lower = name.toLowerCase();
  const same = byLower.get(lower);
  if (same) return same;
  const [, ns = '', res = ''] = lower.split('::');
  const inNamespace = [...names].filter((t) => t.toLowerCase().startsWith(`aws::${ns}::`));
  const pool = inNamespace.length > 0 ? inNamespace : [...names];
  let best: string | undefined;
  let bestScore = Infinity;
  for (const t of pool) {
    const [, tns = '', tres = ''] = t.toLowerCase().split('::');
    const resScore = res.includes(tres) || tres.includes(res) ? Math.abs(res.length - tres.length) / 2 : distance(res, tres);
    // Words put on the wrong side of `::` (`AWS::Api::GatewayStage`) are the same words.
    const score = inNamespace.length > 0 ? resScore : Math.min(distance(ns, tns) + resScore, distance(ns + res, tns + tres));
    if (score < bestScore || (score === bestScore && best !== undefined && t < best)) {
      best = t;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Why a type name a user wrote (a custom check's `appliesTo`, a config mapping) names no resource
 * postflight can have, as a predicate to follow the name (`is not a CloudFormation resource type
 * (did you mean AWS::CloudTrail::Trail?)`); undefined when it is fine. Fine: a CloudFormation type that
 * exists, or a deploy tool's own type name that CloudFormation has no type for (resources of such
 * types keep it). A Terraform or Pulumi name of a type CloudFormation names is refused with that
 * name, since the resource carries it instead.
 */
export function typeNameProblem(name: string): string | undefined {
  if (isCloudFormationTypeName(name)) {
    if (isCloudFormationType(name)) return undefined;
    const near = nearestCloudFormationType(name);
    return `is not a CloudFormation resource type${near ? ` (did you mean ${near}?)` : ''}`;
  }
  if (!isResourceType(name)) {
    return 'is not a resource type name (name it as CloudFormation does: AWS::<Service>::<Resource>, such as AWS::S3::Bucket)';
  }
  let cfnName: string | null | undefined;
  if (name.startsWith('aws_')) cfnName = cloudFormationTypeOfTerraform(name);
  else if (name.startsWith('aws:')) {
    const tf = terraformTypeOfPulumiToken(name);
    cfnName = tf ? cloudFormationTypeOfTerraform(tf) : null;
  } else {
    const m = /^aws-native:([a-z0-9]+):([A-Za-z0-9]+)$/.exec(name);
    cfnName = m ? cloudFormationTypeIgnoringCase(m[1]!, m[2]!) : null;
  }
  return cfnName ? `is a type CloudFormation names ${cfnName}, the name its resources carry (use ${cfnName})` : undefined;
}
