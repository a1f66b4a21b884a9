/**
 * Which subnets are private: what the stack says, not what the routes say. A private subnet that
 * someone routed to an internet gateway is exactly the defect the private-subnet checks exist to
 * find, so its routes cannot be what decides that it is private. Sources, strongest first:
 *
 * 1. the names the stack gives it: the output keys and state addresses that name the subnet
 *    (`PrivateSubnetIds`, `private_subnet_ids[0]`, `aws_subnet.private[0]`,
 *    `module.vpc.aws_subnet.database["a"]`, a CDK logical id `VpcPrivateSubnet1Subnet…`, a Pulumi
 *    resource name). A name with a private word (`private`, `isolated`, `intra`, `database`, `db`,
 *    `elasticache`, `redshift`) calls it private, one with `public` calls it public;
 * 2. its tags: `aws-cdk:subnet-type` (`Private`, `Isolated`, `Public`), else a `Name` tag read the
 *    same way as a name (its last `/` segment: CDK writes `Stack/Vpc/PrivateSubnet1`);
 * 3. failing both, its routes: a subnet whose route table sends nothing to an internet gateway is
 *    private.
 *
 * Names that disagree (one calls it private, another public) decide nothing: the tags may settle
 * it, but the routes never do, and without a tag the tier is ambiguous.
 */
import type { ResourceRef, SourceRef } from '../types.js';
import type { SubnetNetworkFacts } from '../facts/catalogue.js';
import { nameWords } from '../outputs/names.js';

export type Tier = 'public' | 'private';

export type TierDecision =
  | {
      tier: Tier;
      /** What decided: a name the stack gives the subnet, one of its tags, or its routes. */
      source: 'name' | 'tag' | 'routes';
      /** The name, tag or route table that decided, in words. */
      basis: string;
      /** Names that called the subnet private and public both, when a tag had to settle it. */
      conflicting?: string[];
    }
  | { tier: 'ambiguous'; source: 'name'; basis: string; conflicting: string[] };

/** Words that call a subnet private: no route from the internet (NAT, isolated, data tiers). */
export const PRIVATE_WORDS: readonly string[] = ['private', 'isolated', 'intra', 'database', 'db', 'elasticache', 'redshift'];
export const PUBLIC_WORDS: readonly string[] = ['public'];

/** The tier a name speaks of, if it speaks of exactly one. */
export function tierOfName(name: string): Tier | undefined {
  const words = nameWords(name).map((w) => w.replace(/\d+$/, ''));
  const isPrivate = words.some((w) => PRIVATE_WORDS.includes(w));
  const isPublic = words.some((w) => PUBLIC_WORDS.includes(w));
  if (isPrivate === isPublic) return undefined;
  return isPrivate ? 'private' : 'public';
}

/**
 * The part of a source's name that speaks of the resource, not of the stack around it: an output
 * key without the stack it is nested under (CDKTF's `Stack.name`), a Terraform address without
 * `module` and the resource type (`module.vpc.aws_subnet.private["a"]` → `vpc private a`), a
 * Pulumi URN's resource name, a CloudFormation logical id (the last of nested stacks' ids).
 */
export function speakingName(source: Pick<SourceRef, 'kind' | 'format' | 'name'>): string {
  const name = source.name;
  if (source.kind === 'outputs') return source.format === 'cdktf' && name.includes('.') ? name.slice(name.indexOf('.') + 1) : name;
  if (source.kind === 'stack') return name.slice(name.lastIndexOf('.') + 1);
  if (name.startsWith('urn:pulumi:')) return name.slice(name.lastIndexOf('::') + 2);
  return name
    .split(/\.(?![^[]*\])/)
    .filter((segment, i, all) => !(segment === 'module' && i < all.length - 1) && !/^(?:aws|data)_/.test(segment) && segment !== 'data')
    .join('.');
}

/** Every name the stack gives the resource, each with where it comes from. */
function namesOf(resource: Pick<ResourceRef, 'keys' | 'sources'>): Array<{ label: string; text: string }> {
  const out: Array<{ label: string; text: string }> = [];
  const covered = new Set<string>();
  for (const s of resource.sources ?? []) {
    const label = s.kind === 'outputs' ? `output ${s.name}` : s.kind === 'state' ? `state entry ${s.name}` : `stack resource ${s.name}`;
    out.push({ label, text: speakingName(s) });
    if (s.kind === 'outputs') covered.add(s.name);
  }
  for (const k of resource.keys) if (!covered.has(k)) out.push({ label: `output ${k}`, text: k });
  return out;
}

const CDK_SUBNET_TYPE = 'aws-cdk:subnet-type';

function tierOfTags(tags: Readonly<Record<string, string>>): { tier: Tier; basis: string } | undefined {
  const cdk = tags[CDK_SUBNET_TYPE];
  if (cdk !== undefined) {
    const t = cdk.toLowerCase();
    if (t === 'private' || t === 'isolated') return { tier: 'private', basis: `tag ${CDK_SUBNET_TYPE}=${cdk}` };
    if (t === 'public') return { tier: 'public', basis: `tag ${CDK_SUBNET_TYPE}=${cdk}` };
  }
  const name = tags.Name;
  if (name !== undefined) {
    const tier = tierOfName(name.slice(name.lastIndexOf('/') + 1));
    if (tier) return { tier, basis: `tag Name=${name}` };
  }
  return undefined;
}

/** Decides whether a subnet is private or public, and says which source decided. */
export function subnetTier(resource: Pick<ResourceRef, 'keys' | 'sources'>, subnet: Pick<SubnetNetworkFacts, 'tags' | 'routedTier' | 'routeTable'>): TierDecision {
  const said = namesOf(resource)
    .map((n) => ({ ...n, tier: tierOfName(n.text) }))
    .filter((n): n is { label: string; text: string; tier: Tier } => n.tier !== undefined);
  const tiers = new Set(said.map((n) => n.tier));
  if (tiers.size === 1) return { tier: said[0]!.tier, source: 'name', basis: said.map((n) => n.label).join(', ') };
  const conflicting = tiers.size > 1 ? said.map((n) => `${n.label} (${n.tier})`) : undefined;

  const tagged = tierOfTags(subnet.tags);
  if (tagged) return { tier: tagged.tier, source: 'tag', basis: tagged.basis, ...(conflicting ? { conflicting } : {}) };
  if (conflicting) return { tier: 'ambiguous', source: 'name', basis: 'the stack names it both private and public, and no tag settles it', conflicting };

  const table = `${subnet.routeTable.routeTableId}${subnet.routeTable.main ? ' (the VPC’s main route table)' : ''}`;
  return subnet.routedTier === 'public'
    ? { tier: 'public', source: 'routes', basis: `no name or tag says; its route table ${table} routes to an internet gateway` }
    : { tier: 'private', source: 'routes', basis: `no name or tag says; its route table ${table} routes nothing to an internet gateway` };
}
