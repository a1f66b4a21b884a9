/**
 * A live CloudFormation stack as a source: each resource's physical id (a name, an id, a URL or an
 * ARN depending on the type) turned into the identifier the collectors need. The AWS calls are in
 * collect/ (`cloudformation.stack.ts`); this part is pure.
 */
import { parseOutputs } from '../outputs/parse.js';
import { looksSecret } from '../outputs/secrets.js';
import { isCloudFormationTypeName, type SourceRef } from '../types.js';
import type { StackListing } from '../collect/cloudformation.stack.js';
import { identifierFor } from './identify.js';
import type { SourceRead, SourcedResource, UnplacedEntry } from './model.js';

/** Types whose identifiers the services compare without case. */
const LOWER = new Set(['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster']);

/** Statuses after which the resource no longer exists, or never did. */
const GONE = new Set(['DELETE_COMPLETE', 'CREATE_FAILED', 'DELETE_IN_PROGRESS']);

/** The rows of a stack listing as a source. */
export function stackSource(listing: StackListing): SourceRead {
  const origin = listing.name;
  const resources: SourcedResource[] = [];
  const unplaced: UnplacedEntry[] = [];
  for (const row of listing.rows) {
    const entry = { origin, name: row.path, providerType: row.type };
    if (row.status && GONE.has(row.status)) {
      unplaced.push({ ...entry, reason: `not deployed (${row.status})` });
      continue;
    }
    if (row.type === 'AWS::CDK::Metadata') {
      unplaced.push({ ...entry, reason: "CDK's metadata about the stack, not an AWS resource" });
      continue;
    }
    if (!isCloudFormationTypeName(row.type)) {
      unplaced.push({ ...entry, reason: row.type.startsWith('Custom::') || row.type === 'AWS::CloudFormation::CustomResource' ? 'a custom resource, whose type names no AWS resource' : 'a type that names no AWS resource' });
      continue;
    }
    if (!row.physicalId) {
      unplaced.push({ ...entry, reason: 'CloudFormation gives no physical id for it' });
      continue;
    }
    if (looksSecret('id', row.physicalId)) {
      unplaced.push({ ...entry, reason: 'its physical id looks like a secret, so it is neither shown nor verified' });
      continue;
    }
    const found = identifierFor(row.type, row.physicalId, LOWER.has(row.type));
    if (found.region === undefined && listing.region) found.region = listing.region;
    const source: SourceRef = { kind: 'stack', format: 'cloudformation-stack', origin, name: row.path, providerType: row.type };
    resources.push({ ...found, source });
  }
  const doc = listing.outputs.map((o) => ({ OutputKey: o.key, OutputValue: o.value }));
  const outputs = doc.length > 0 ? parseOutputs(JSON.stringify(doc), `the outputs of the stack ${origin}`, 'cloudformation').entries : [];
  return { kind: 'stack', format: 'cloudformation-stack', origin, resources, outputs, outputLines: new Map(), unplaced };
}
