/**
 * The identifier of one state entry or stack resource, as the collectors need it (see the
 * identifier conventions in docs/architecture.md): a bucket's name, a key's id, a queue's URL, a
 * topic's ARN, and for any other type the name its own service gives it (the last segment of the
 * ARN's resource part), with the ARN kept.
 */
import { idFromArn, queueUrl, splitArn } from '../discover/arn.js';
import { ALIAS_ATTRIBUTES } from '../discover/identity.js';
export { identityKey } from '../discover/identity.js';
import { looksSecret } from '../outputs/secrets.js';
import type { ResourceType } from '../types.js';
import { FOLD_RULES, TYPE_RULES, type Classified } from './provider-types.js';
import { regionOfZone, REGION_NAME, type RegionFrom } from './regions.js';

/**
 * Attributes naming another resource by its id, which lives in the same region: where a file names
 * no provider configuration's region (`terraform show -json`), an entry without a region of its own
 * (a NAT gateway) takes the region of the entry it names (its subnet).
 */
export const REFERENCE_ATTRIBUTES: readonly string[] = ['subnet_id', 'vpc_id', 'allocation_id', 'network_interface_id', 'instance_id', 'security_group_id', 'route_table_id', 'internet_gateway_id', 'transit_gateway_id'];

/** Every attribute any rule reads: the only attributes ever taken out of a state file. */
export const IDENTITY_ATTRIBUTES: readonly string[] = [
  ...new Set([
    'id',
    'arn',
    'region',
    ...Object.values(TYPE_RULES).flatMap((r) => r.id.filter((a) => a !== 'arn-tail')),
    ...Object.values(FOLD_RULES).flatMap((r) => r.via),
    'bucket',
    // Where the entry lives, when no ARN says it.
    'availability_zone',
    ...REFERENCE_ATTRIBUTES,
    ...Object.values(ALIAS_ATTRIBUTES).flatMap((attrs) => attrs ?? []),
  ]),
];

export interface Identity {
  type: ResourceType;
  id: string;
  arn?: string;
  region?: string;
  /** What named the region (see regions.ts). */
  regionFrom?: RegionFrom;
  /** Other identifiers the entry records that an outputs file may name it by (ALIAS_ATTRIBUTES): a domain, an endpoint, a name. */
  aliases?: string[];
}

/** The last segment of an ARN's resource part: `function:name` → `name`, `role/path/name` → `name`. */
export function arnTail(arn: string): string | undefined {
  const a = splitArn(arn);
  if (!a) return undefined;
  const tail = a.resource.split(/[:/]/).filter(Boolean).at(-1);
  return tail && tail !== '*' ? tail : undefined;
}

const WAFV2_TYPES: ReadonlySet<string> = new Set(['AWS::WAFv2::WebACL', 'AWS::WAFv2::IPSet', 'AWS::WAFv2::RuleGroup', 'AWS::WAFv2::RegexPatternSet']);
const SQS_URL = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/([A-Za-z0-9_-]+(?:\.fifo)?)$/;
const KMS_KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i;

/** A queue URL from its ARN (`arn:aws:sqs:us-east-1:123456789012:jobs` → `https://sqs.us-east-1.amazonaws.com/123456789012/jobs`). */
export function queueUrlFromArn(arn: string): string | undefined {
  const a = splitArn(arn);
  if (!a || a.service !== 'sqs' || !a.region || !a.account) return undefined;
  return queueUrl(a.partition, a.region, a.account, a.resource);
}

/** Turns a reference (an id, a name, an ARN, a URL) into the identifier `type` takes. */
export function identifierFor(type: ResourceType, value: string, lower = false): Identity {
  const a = value.startsWith('arn:') ? splitArn(value) : undefined;
  const out: Identity = { type, id: value };
  if (a) {
    out.arn = value;
    if (a.region) {
      out.region = a.region;
      out.regionFrom = 'arn';
    }
    switch (type) {
      case 'AWS::SecretsManager::Secret':
      case 'AWS::SNS::Topic':
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      case 'AWS::ElasticLoadBalancingV2::TargetGroup':
      case 'AWS::ElasticLoadBalancingV2::Listener':
        out.id = value;
        break;
      case 'AWS::SQS::Queue':
        out.id = queueUrlFromArn(value) ?? value;
        break;
      case 'AWS::KMS::Key':
        out.id = a.resource.replace(/^key\//, '');
        break;
      case 'AWS::Logs::LogGroup':
        out.id = a.resource.replace(/^log-group:/, '').replace(/:\*$/, '');
        out.arn = value.replace(/:\*$/, '');
        break;
      case 'AWS::S3::Bucket':
        out.id = a.resource.split('/')[0] ?? value;
        break;
      default:
        // The id the ARN table gives outputs (a WAFv2 web ACL's id, an OIDC provider's ARN, a stage as
        // `<api>/<stage>`), so that an output and a state entry of one resource agree.
        out.id = idFromArn(type, value) ?? arnTail(value) ?? value;
    }
  } else if (type === 'AWS::SQS::Queue') {
    const m = SQS_URL.exec(value);
    if (m) {
      out.region = m[1];
      out.regionFrom = 'arn';
    }
  } else if (WAFV2_TYPES.has(type) && /^[^|]+\|[^|]+\|(?:REGIONAL|CLOUDFRONT)$/.test(value)) {
    // CloudFormation's physical id of a WAFv2 resource is `<name>|<id>|<scope>`; its ARN ends in the id.
    out.id = value.split('|')[1]!;
  } else if (type === 'AWS::ApiGateway::Stage') {
    // Terraform's id of a stage is `ags-<rest-api-id>-<stage-name>`.
    const m = /^ags-([A-Za-z0-9]+)-(.+)$/.exec(value);
    if (m) out.id = `${m[1]}/${m[2]}`;
  }
  if (type === 'AWS::KMS::Key' && KMS_KEY_ID.test(out.id)) out.id = out.id.toLowerCase();
  if (lower) out.id = out.id.toLowerCase();
  return out;
}

/** The region an entry's own attributes name: its `region`, else its availability zone's. */
function regionOfAttributes(attrs: Readonly<Record<string, string>>): Pick<Identity, 'region' | 'regionFrom'> {
  if (attrs.region && REGION_NAME.test(attrs.region)) return { region: attrs.region, regionFrom: 'attribute' };
  const zone = attrs.availability_zone ? regionOfZone(attrs.availability_zone) : undefined;
  return zone ? { region: zone, regionFrom: 'zone' } : {};
}

/** The region of an entry's own ARN, when it names one (IAM's, S3's and CloudFront's do not). */
function regionOfArn(arn: string | undefined): Pick<Identity, 'region' | 'regionFrom'> {
  const region = arn?.startsWith('arn:') ? splitArn(arn)?.region : undefined;
  return region ? { region, regionFrom: 'arn' } : {};
}

/**
 * The resource a classified entry names, from its identifying attributes, or why it names none.
 * Its region, strongest first: the ARN that identifies it (for a fold, the ARN of what it
 * configures, else the entry's own ARN, which lives in the same region), its `region` attribute,
 * its availability zone.
 */
export function identifyEntry(cls: Exclude<Classified, { kind: 'other' }>, attrs: Readonly<Record<string, string>>): Identity | { reason: string } {
  if (cls.kind === 'fold') {
    const via = cls.rule.via.map((k) => attrs[k]).find((v) => v !== undefined);
    if (via === undefined) return { reason: `configures a ${cls.rule.into} but names none (no ${cls.rule.via.join(' or ')} attribute)` };
    const found = identifierFor(cls.rule.into, via, cls.rule.lower);
    if (found.region === undefined) Object.assign(found, cls.rule.foreignArn ? {} : regionOfArn(attrs.arn));
    if (found.region === undefined) Object.assign(found, regionOfAttributes(attrs));
    return found;
  }
  const rule = cls.rule;
  let value: string | undefined;
  for (const k of rule.id) {
    value = k === 'arn-tail' ? (attrs.arn ? arnTail(attrs.arn) : undefined) : attrs[k];
    if (value !== undefined) break;
  }
  if (value === undefined) return { reason: `has no identifier (none of ${rule.id.map((k) => (k === 'arn-tail' ? 'arn' : k)).join(', ')} is set)` };
  const found = identifierFor(rule.type, value, rule.lower);
  if (found.arn === undefined && attrs.arn?.startsWith('arn:')) {
    found.arn = attrs.arn;
    Object.assign(found, regionOfArn(attrs.arn));
  }
  if (found.region === undefined) Object.assign(found, regionOfAttributes(attrs));
  const aliases = (ALIAS_ATTRIBUTES[rule.type] ?? []).map((k) => attrs[k]).filter((v): v is string => v !== undefined && v !== found.id && !looksSecret('id', v));
  if (aliases.length > 0) found.aliases = [...new Set(aliases)];
  return found;
}
