/**
 * The rules for facts a check declares itself (`reads`): which commands are reads, and the IAM
 * action each one needs. Pure: no SDK is loaded here (see src/collect/declared.ts for the calls).
 */
import type { AnyCheck, DeclaredRead } from './define.js';

/** A command may only read: its name begins with one of these verbs. */
export const READ_VERBS = ['Describe', 'Get', 'List', 'Head', 'BatchGet'] as const;

const READ_COMMAND = new RegExp(`^(?:${READ_VERBS.join('|')})[A-Z0-9][A-Za-z0-9]*$`);

/**
 * Reads that begin with a read verb but hand back secrets or mint credentials: their answers
 * would sit in a check's evidence, and so in the reports. Refused like a write.
 */
const SECRET_READS = new Set([
  'GetSecretValue',
  'BatchGetSecretValue',
  'GetParameter',
  'GetParameters',
  'GetParametersByPath',
  'GetAuthorizationToken',
  'GetSessionToken',
  'GetFederationToken',
  'GetCredentialsForIdentity',
  'GetOpenIdToken',
  'GetClusterCredentials',
  'GetRoleCredentials',
]);

/** Why the command is not allowed, or undefined when it is a plain read. */
export function refusedCommand(command: string): string | undefined {
  if (!READ_COMMAND.test(command)) {
    return `${command} is not a read (postflight only makes calls whose names begin ${READ_VERBS.slice(0, -1).join(', ')} or ${READ_VERBS.at(-1)})`;
  }
  if (SECRET_READS.has(command)) return `${command} returns secrets or credentials, which postflight never reads`;
  return undefined;
}

export const CLIENT_PACKAGE = /^@aws-sdk\/client-[a-z0-9-]+$/;

/**
 * The IAM service prefix of each client package whose prefix is not its name: the package
 * suffix is the SDK's name for the service, the prefix is IAM's.
 */
const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  'api-gateway': 'apigateway',
  apigatewayv2: 'apigateway',
  'application-auto-scaling': 'application-autoscaling',
  'auto-scaling': 'autoscaling',
  'cloudwatch-events': 'events',
  'cloudwatch-logs': 'logs',
  'cognito-identity-provider': 'cognito-idp',
  'config-service': 'config',
  'cost-explorer': 'ce',
  'database-migration-service': 'dms',
  'directory-service': 'ds',
  docdb: 'rds',
  efs: 'elasticfilesystem',
  'elastic-beanstalk': 'elasticbeanstalk',
  'elastic-load-balancing': 'elasticloadbalancing',
  'elastic-load-balancing-v2': 'elasticloadbalancing',
  'elasticsearch-service': 'es',
  emr: 'elasticmapreduce',
  eventbridge: 'events',
  'iot-data-plane': 'iot',
  'kinesis-firehose': 'firehose',
  'kinesis-video': 'kinesisvideo',
  'lex-model-building-service': 'lex',
  'lex-models-v2': 'lex',
  neptune: 'rds',
  opensearch: 'es',
  opensearchserverless: 'aoss',
  'resource-groups-tagging-api': 'tag',
  'route-53': 'route53',
  'route-53-domains': 'route53domains',
  'secrets-manager': 'secretsmanager',
  sesv2: 'ses',
  sfn: 'states',
  'service-catalog': 'servicecatalog',
  'storage-gateway': 'storagegateway',
  'timestream-query': 'timestream',
  'timestream-write': 'timestream',
};

/** S3 authorises many calls under an action named otherwise (`GetBucketEncryption` is `s3:GetEncryptionConfiguration`). */
const S3_ACTIONS: Readonly<Record<string, string>> = {
  HeadBucket: 'ListBucket',
  HeadObject: 'GetObject',
  ListObjects: 'ListBucket',
  ListObjectsV2: 'ListBucket',
  ListObjectVersions: 'ListBucketVersions',
  ListBuckets: 'ListAllMyBuckets',
  ListMultipartUploads: 'ListBucketMultipartUploads',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
  GetBucketReplication: 'GetReplicationConfiguration',
  GetBucketIntelligentTieringConfiguration: 'GetIntelligentTieringConfiguration',
  GetBucketInventoryConfiguration: 'GetInventoryConfiguration',
  GetBucketMetricsConfiguration: 'GetMetricsConfiguration',
  GetBucketAnalyticsConfiguration: 'GetAnalyticsConfiguration',
  GetBucketOwnershipControls: 'GetBucketOwnershipControls',
  GetObjectLockConfiguration: 'GetBucketObjectLockConfiguration',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
};

/** The IAM service prefix of a client package: `@aws-sdk/client-cloudwatch-logs` → `logs`. */
export function servicePrefix(pkg: string): string {
  const suffix = pkg.replace(/^@aws-sdk\/client-/, '');
  return SERVICE_PREFIX[suffix] ?? suffix.replace(/-/g, '');
}

/** The IAM action one declared read needs: the module's own `action`, else derived from package and command. */
export function readAction(read: Pick<DeclaredRead, 'client' | 'command' | 'action'>): string {
  if (read.action) return read.action;
  const prefix = servicePrefix(read.client);
  const name = prefix === 's3' ? (S3_ACTIONS[read.command] ?? read.command) : read.command;
  return `${prefix}:${name}`;
}

/** Every IAM action the checks' declared reads need, sorted. */
export function declaredActions(checks: readonly AnyCheck[]): string[] {
  const actions = new Set<string>();
  for (const c of checks) for (const r of Object.values(c.reads ?? {})) actions.add(readAction(r));
  return [...actions].sort();
}
