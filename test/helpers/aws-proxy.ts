/**
 * A fault- and latency-injecting HTTP proxy for AWS SDK v3 traffic, put between the SDK and an
 * emulator (moto_server). It listens on 127.0.0.1 on a free port, forwards every request to the
 * target, and per request can add latency, count the call, and answer in the target's place with
 * the error AWS itself sends: throttling, access denied, a 5xx, or no answer at all (hang, reset).
 *
 * Each call is named by service and action, as the SDK's request carries them:
 * - the service: the SigV4 credential scope (`Credential=AKID/date/region/<service>/aws4_request`),
 *   so EFS is `elasticfilesystem`; rules may also say `efs`;
 * - the action: `Action=` in the form body (query protocol: EC2, RDS, ElastiCache), the
 *   `X-Amz-Target` header (JSON 1.0/1.1: KMS, Kinesis, DynamoDB, Secrets Manager), or the method and
 *   path (REST: S3 `GET /bucket?encryption` is `GetBucketEncryption`, EFS
 *   `GET /2015-02-01/file-systems` is `DescribeFileSystems`).
 *
 * Error bodies follow each protocol's wire shape, so the SDK parses them into the same named
 * errors, with the same retry behaviour, as AWS's own answers:
 * - EC2 query: `<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>…</RequestID></Response>`;
 * - AWS query (RDS, ElastiCache): `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`;
 * - JSON 1.0/1.1: `{"__type":"…","message":"…"}` with `x-amzn-RequestId`;
 * - REST-XML (S3): `<Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId><HostId>…</HostId></Error>`;
 * - REST-JSON (EFS): the `x-amzn-ErrorType` header and `{"ErrorCode":"…","Message":"…"}`.
 *
 * It can also record the target's answers and replay them, so that a benchmark measures the
 * injected latency alone, without the emulator's own service time (see ReplayMode).
 *
 * With `shards` it sends each account's requests to that account's own emulator, as AWS serves
 * each account apart (one moto_server answers one request at a time, so accounts sharing one would
 * queue behind each other). The account of a request is that of its access key: the proxy learns
 * which key belongs to which account from the STS AssumeRole answers it relays (`<AccessKeyId>`
 * and the account in `<Arn>arn:aws:sts::<account>:assumed-role/…`). An AssumeRole goes to the
 * emulator of the role's account (`RoleArn` in the form body), so the keys it hands out are that
 * emulator's own: moto puts a request in the account of the assumed role whose key signed it, and
 * in its default account (123456789012) when it did not issue the key. Every other request (unknown
 * keys, e.g. the caller's own) goes to `target`.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What a rule does to a matching request: `delay` adds `ms` on top of the latency and then
 * forwards; `hang` never answers; `reset` drops the connection (RST); `throttle`, `deny` and
 * `status` answer in the target's place with AWS's throttling, access-denied or 5xx error for the
 * request's protocol and service.
 */
export type Fault =
  | { kind: 'delay'; ms: number }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'throttle' }
  | { kind: 'deny' }
  | { kind: 'status'; code: 500 | 502 | 503 };

export interface ProxyRule {
  /** SigV4 service name (`kms`, `s3`, `ec2`, `rds`, `elasticfilesystem` or `efs`, …); any service when left out. */
  service?: string;
  /** The API action (`DescribeKey`, `GetBucketEncryption`); any action when left out. */
  action?: string;
  /** Applies to the first `times` matching requests, then lets them pass; every match when left out. */
  times?: number;
  fault: Fault;
}

export interface ProxyCall {
  service: string;
  action: string;
  /** HTTP status sent back; 0 when the request got no answer (hang, reset) or is still in flight. */
  status: number;
  /** From the request's arrival to the end of its answer (or the connection's end). */
  ms: number;
  /** When the request arrived, in ms since the proxy started (or was last reset). */
  at: number;
  /** The fault applied, if any. */
  fault?: Fault['kind'];
  /** Answered from the recording (replay mode) instead of by the target. */
  replayed?: true;
  /** The account whose shard the request went to (with `shards`; left out for the default target). */
  shard?: string;
}

/**
 * `off`: forward every request. `record`: forward, and remember each answer by its request
 * (service, action, method, path and body; not the signature or date). `replay`: answer a remembered request from
 * the recording (after the latency, without asking the target), forward and record the rest. With
 * the target's own service time out of the way, only the injected latency remains.
 */
export type ReplayMode = 'off' | 'record' | 'replay';

export type CallFilter = { service?: string; action?: string } | ((call: ProxyCall) => boolean);

export interface AwsProxyOptions {
  /** The emulator's endpoint, e.g. moto's `http://127.0.0.1:5000`. Loopback only. */
  target: string;
  /** Latency added to every request, faults included (default 0). */
  latencyMs?: number;
  rules?: ProxyRule[];
  replay?: ReplayMode;
  /** One emulator per account: account id → endpoint (loopback only); see the module's comment. */
  shards?: Readonly<Record<string, string>>;
}

export interface AwsProxy {
  /** `http://127.0.0.1:<port>`: give it to the SDK (`endpoint`) or the CLI (`--endpoint-url`). */
  readonly endpoint: string;
  /** Every request seen so far, in arrival order (copies). */
  calls(): ProxyCall[];
  /** How many requests matched the filter (all of them without one), retries included. */
  count(filter?: CallFilter): number;
  /** Replaces the rules; each rule's `times` counts afresh. */
  setRules(rules: ProxyRule[]): void;
  /** Changes the latency added to every request. */
  setLatency(ms: number): void;
  /** Switches recording and replaying of answers; the recording is kept until `clearRecording()`. */
  setReplay(mode: ReplayMode): void;
  /** Forgets the calls seen and goes back to the rules, latency and replay mode given at start; keeps the recording. */
  reset(): void;
  /** Forgets the recorded answers. */
  clearRecording(): void;
  /** Closes the server and every open connection, hung ones included. */
  stop(): Promise<void>;
}

export type Protocol = 'ec2' | 'query' | 'json' | 'rest-xml' | 'rest-json';

/** What the proxy knows about one request. */
export interface RequestInfo {
  service: string;
  action: string;
  protocol: Protocol;
  /** The JSON protocol's content type (`application/x-amz-json-1.0` or `-1.1`), answered in kind. */
  contentType?: string;
}

const SERVICE_ALIASES: Readonly<Record<string, string>> = { efs: 'elasticfilesystem' };

function canonicalService(name: string): string {
  const lower = name.toLowerCase();
  return SERVICE_ALIASES[lower] ?? lower;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The access key id that signed the request (SigV4 header or presigned `X-Amz-Credential`), if any. */
export function accessKeyOf(headers: IncomingHttpHeaders, url: URL): string | undefined {
  const auth = header(headers, 'authorization') ?? '';
  const scope = /Credential=([^,\s]+)/.exec(auth)?.[1] ?? url.searchParams.get('X-Amz-Credential') ?? '';
  const akid = scope.split('/')[0];
  return akid ? akid : undefined;
}

/** The account of the role an STS AssumeRole form body asks for (`RoleArn=arn:aws:iam::<account>:role/…`). */
export function assumedAccountOf(body: Buffer): string | undefined {
  const arn = new URLSearchParams(body.toString('utf8')).get('RoleArn') ?? '';
  return /^arn:[^:]+:iam::(\d{12}):role\//.exec(arn)?.[1];
}

/** The access key id and account an STS AssumeRole answer (XML) hands out, if it is one. */
export function assumedKeyOf(xml: string): { accessKeyId: string; account: string } | undefined {
  const accessKeyId = /<AccessKeyId>\s*([^<\s]+)\s*<\/AccessKeyId>/.exec(xml)?.[1];
  const account = /<Arn>\s*arn:[^:]+:sts::(\d{12}):assumed-role\//.exec(xml)?.[1];
  return accessKeyId && account ? { accessKeyId, account } : undefined;
}

/** The service from the SigV4 credential scope, or from a presigned URL's `X-Amz-Credential`. */
export function serviceOf(headers: IncomingHttpHeaders, url: URL): string {
  const auth = header(headers, 'authorization') ?? '';
  const scope = /Credential=([^,\s]+)/.exec(auth)?.[1] ?? url.searchParams.get('X-Amz-Credential') ?? '';
  const parts = scope.split('/');
  return parts.length >= 5 ? (parts[3] ?? 'unknown') : 'unknown';
}

/** S3 sub-resources by query parameter, as `[GET, PUT, DELETE]` actions. */
const S3_SUBRESOURCES: ReadonlyArray<[string, string | undefined, string | undefined, string | undefined]> = [
  ['encryption', 'GetBucketEncryption', 'PutBucketEncryption', 'DeleteBucketEncryption'],
  ['lifecycle', 'GetBucketLifecycleConfiguration', 'PutBucketLifecycleConfiguration', 'DeleteBucketLifecycle'],
  ['location', 'GetBucketLocation', undefined, undefined],
  ['policyStatus', 'GetBucketPolicyStatus', undefined, undefined],
  ['policy', 'GetBucketPolicy', 'PutBucketPolicy', 'DeleteBucketPolicy'],
  ['versioning', 'GetBucketVersioning', 'PutBucketVersioning', undefined],
  ['tagging', 'GetBucketTagging', 'PutBucketTagging', 'DeleteBucketTagging'],
  ['publicAccessBlock', 'GetPublicAccessBlock', 'PutPublicAccessBlock', 'DeletePublicAccessBlock'],
  ['ownershipControls', 'GetBucketOwnershipControls', 'PutBucketOwnershipControls', 'DeleteBucketOwnershipControls'],
  ['acl', 'GetBucketAcl', 'PutBucketAcl', undefined],
  ['logging', 'GetBucketLogging', 'PutBucketLogging', undefined],
  ['cors', 'GetBucketCors', 'PutBucketCors', 'DeleteBucketCors'],
  ['website', 'GetBucketWebsite', 'PutBucketWebsite', 'DeleteBucketWebsite'],
  ['replication', 'GetBucketReplication', 'PutBucketReplication', 'DeleteBucketReplication'],
  ['notification', 'GetBucketNotificationConfiguration', 'PutBucketNotificationConfiguration', undefined],
  ['object-lock', 'GetObjectLockConfiguration', 'PutObjectLockConfiguration', undefined],
  ['accelerate', 'GetBucketAccelerateConfiguration', 'PutBucketAccelerateConfiguration', undefined],
  ['requestPayment', 'GetBucketRequestPayment', 'PutBucketRequestPayment', undefined],
  ['uploads', 'ListMultipartUploads', undefined, undefined],
  ['versions', 'ListObjectVersions', undefined, undefined],
];

/** The S3 action of a path-style request (`/bucket`, `/bucket/key`) or, for `/`, ListBuckets. */
export function s3Action(method: string, url: URL, headers: IncomingHttpHeaders = {}): string {
  const segments = url.pathname.split('/').filter(Boolean);
  const q = url.searchParams;
  if (segments.length === 0) return method === 'GET' ? 'ListBuckets' : `${method} /`;
  if (segments.length === 1) {
    for (const [param, get, put, del] of S3_SUBRESOURCES) {
      if (!q.has(param)) continue;
      const action = method === 'GET' ? get : method === 'PUT' ? put : method === 'DELETE' ? del : undefined;
      if (action) return action;
    }
    if (method === 'POST' && q.has('delete')) return 'DeleteObjects';
    switch (method) {
      case 'PUT':
        return 'CreateBucket';
      case 'DELETE':
        return 'DeleteBucket';
      case 'HEAD':
        return 'HeadBucket';
      case 'GET':
        return q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
      default:
        return `${method} /{Bucket}`;
    }
  }
  if (q.has('tagging')) return method === 'GET' ? 'GetObjectTagging' : method === 'PUT' ? 'PutObjectTagging' : 'DeleteObjectTagging';
  if (q.has('acl')) return method === 'GET' ? 'GetObjectAcl' : 'PutObjectAcl';
  switch (method) {
    case 'GET':
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      return 'DeleteObject';
    case 'PUT':
      return header(headers, 'x-amz-copy-source') ? 'CopyObject' : 'PutObject';
    default:
      return `${method} /{Bucket}/{Key}`;
  }
}

/** EFS REST-JSON routes under `/2015-02-01/`. */
const EFS_ROUTES: ReadonlyArray<[RegExp, Readonly<Record<string, string>>]> = [
  [/^file-systems$/, { GET: 'DescribeFileSystems', POST: 'CreateFileSystem' }],
  [/^file-systems\/[^/]+$/, { DELETE: 'DeleteFileSystem', PUT: 'UpdateFileSystem' }],
  [/^file-systems\/[^/]+\/lifecycle-configuration$/, { GET: 'DescribeLifecycleConfiguration', PUT: 'PutLifecycleConfiguration' }],
  [/^file-systems\/[^/]+\/backup-policy$/, { GET: 'DescribeBackupPolicy', PUT: 'PutBackupPolicy' }],
  [/^file-systems\/[^/]+\/policy$/, { GET: 'DescribeFileSystemPolicy', PUT: 'PutFileSystemPolicy', DELETE: 'DeleteFileSystemPolicy' }],
  [/^file-systems\/[^/]+\/protection$/, { PUT: 'UpdateFileSystemProtection' }],
  [/^file-systems\/[^/]+\/replication-configuration$/, { POST: 'CreateReplicationConfiguration', DELETE: 'DeleteReplicationConfiguration' }],
  [/^file-systems\/replication-configurations$/, { GET: 'DescribeReplicationConfigurations' }],
  [/^mount-targets$/, { GET: 'DescribeMountTargets', POST: 'CreateMountTarget' }],
  [/^mount-targets\/[^/]+$/, { DELETE: 'DeleteMountTarget' }],
  [/^mount-targets\/[^/]+\/security-groups$/, { GET: 'DescribeMountTargetSecurityGroups', PUT: 'ModifyMountTargetSecurityGroups' }],
  [/^access-points$/, { GET: 'DescribeAccessPoints', POST: 'CreateAccessPoint' }],
  [/^access-points\/[^/]+$/, { DELETE: 'DeleteAccessPoint' }],
  [/^resource-tags\/[^/]+$/, { GET: 'ListTagsForResource', POST: 'TagResource', DELETE: 'UntagResource' }],
  [/^account-preferences$/, { GET: 'DescribeAccountPreferences', PUT: 'PutAccountPreferences' }],
];

export function efsAction(method: string, url: URL): string {
  const rest = url.pathname.replace(/^\/2015-02-01\//, '').replace(/\/$/, '');
  for (const [pattern, byMethod] of EFS_ROUTES) if (pattern.test(rest) && byMethod[method]) return byMethod[method]!;
  return `${method} ${url.pathname}`;
}

/** Service, action and protocol of one request, from its headers, URL and body. */
export function identify(method: string, url: URL, headers: IncomingHttpHeaders, body: Buffer): RequestInfo {
  const service = serviceOf(headers, url);
  const target = header(headers, 'x-amz-target');
  if (target) {
    const contentType = header(headers, 'content-type') ?? 'application/x-amz-json-1.1';
    return { service, action: target.slice(target.lastIndexOf('.') + 1), protocol: 'json', contentType };
  }
  if (service === 's3') return { service, action: s3Action(method, url, headers), protocol: 'rest-xml' };
  const contentType = header(headers, 'content-type') ?? '';
  const form = contentType.includes('x-www-form-urlencoded') ? new URLSearchParams(body.toString('utf8')) : undefined;
  const queryAction = form?.get('Action') ?? url.searchParams.get('Action');
  if (queryAction) return { service, action: queryAction, protocol: service === 'ec2' ? 'ec2' : 'query' };
  if (service === 'elasticfilesystem') return { service, action: efsAction(method, url), protocol: 'rest-json' };
  return { service, action: `${method} ${url.pathname}`, protocol: 'rest-json' };
}

interface ErrorSpec {
  status: number;
  code: string;
  message: string;
  /** Who is at fault, for the AWS query protocol's `<Type>`. */
  type: 'Sender' | 'Receiver';
}

const ACCOUNT = '123456789012';

/** The error AWS sends for a fault, by protocol and service. */
export function errorFor(fault: Extract<Fault, { kind: 'throttle' | 'deny' | 'status' }>, info: RequestInfo): ErrorSpec {
  const { protocol, service, action } = info;
  const denied = `User: arn:aws:iam::${ACCOUNT}:user/postflight is not authorized to perform: ${service}:${action} because no identity-based policy allows the ${service}:${action} action`;
  if (fault.kind === 'throttle') {
    switch (protocol) {
      case 'ec2':
        return { status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.', type: 'Sender' };
      case 'query':
        return { status: 400, code: 'Throttling', message: 'Rate exceeded', type: 'Sender' };
      case 'json':
        return service === 'kinesis'
          ? { status: 400, code: 'LimitExceededException', message: 'Rate exceeded for stream.', type: 'Sender' }
          : { status: 400, code: 'ThrottlingException', message: 'Rate exceeded', type: 'Sender' };
      case 'rest-xml':
        return { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.', type: 'Receiver' };
      case 'rest-json':
        return { status: 429, code: 'ThrottlingException', message: 'Rate exceeded', type: 'Sender' };
    }
  }
  if (fault.kind === 'deny') {
    switch (protocol) {
      case 'ec2':
        return { status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', type: 'Sender' };
      case 'query':
        return { status: 403, code: 'AccessDenied', message: denied, type: 'Sender' };
      case 'json':
        return { status: 400, code: 'AccessDeniedException', message: denied, type: 'Sender' };
      case 'rest-xml':
        return { status: 403, code: 'AccessDenied', message: 'Access Denied', type: 'Sender' };
      case 'rest-json':
        return { status: 403, code: 'AccessDeniedException', message: denied, type: 'Sender' };
    }
  }
  const status = fault.code;
  if (status === 502) return { status, code: 'BadGateway', message: 'Bad Gateway', type: 'Receiver' };
  switch (protocol) {
    case 'ec2':
      return status === 503
        ? { status, code: 'Unavailable', message: 'The server is overloaded and cannot handle the request.', type: 'Receiver' }
        : { status, code: 'InternalError', message: 'An internal error has occurred.', type: 'Receiver' };
    case 'query':
      return status === 503
        ? { status, code: 'ServiceUnavailable', message: 'Service is unavailable.', type: 'Receiver' }
        : { status, code: 'InternalFailure', message: 'An internal error occurred.', type: 'Receiver' };
    case 'json':
      return status === 503
        ? { status, code: 'ServiceUnavailableException', message: 'Service is unavailable.', type: 'Receiver' }
        : { status, code: 'InternalFailure', message: 'An internal error occurred.', type: 'Receiver' };
    case 'rest-xml':
      return status === 503
        ? { status, code: 'ServiceUnavailable', message: 'Service is unable to handle request.', type: 'Receiver' }
        : { status, code: 'InternalError', message: 'We encountered an internal error. Please try again.', type: 'Receiver' };
    case 'rest-json':
      return status === 503
        ? { status, code: 'ServiceUnavailable', message: 'Service is unavailable.', type: 'Receiver' }
        : { status, code: 'InternalServerError', message: 'An internal error occurred.', type: 'Receiver' };
  }
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Status, headers and body of an error answer, in the protocol's wire shape. */
export function errorResponse(spec: ErrorSpec, info: RequestInfo): { status: number; headers: Record<string, string>; body: string } {
  const requestId = randomUUID();
  const code = xmlEscape(spec.code);
  const message = xmlEscape(spec.message);
  const xml = '<?xml version="1.0" encoding="UTF-8"?>\n';
  switch (info.protocol) {
    case 'ec2':
      return {
        status: spec.status,
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body: `${xml}<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'query':
      return {
        status: spec.status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body: `${xml}<ErrorResponse xmlns="http://${info.service}.amazonaws.com/doc/"><Error><Type>${spec.type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'json':
      return {
        status: spec.status,
        headers: { 'content-type': info.contentType ?? 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: spec.code, message: spec.message }),
      };
    case 'rest-xml': {
      const hostId = randomBytes(48).toString('base64');
      return {
        status: spec.status,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId, 'x-amz-id-2': hostId },
        body: `${xml}<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`,
      };
    }
    case 'rest-json':
      return {
        status: spec.status,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': spec.code, 'x-amzn-requestid': requestId },
        body: JSON.stringify({ ErrorCode: spec.code, Message: spec.message }),
      };
  }
}

/** One remembered answer. */
interface Recorded {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * What identifies a request for replay: service, action (JSON APIs name it only in a header, so
 * DescribeKey and GetKeyRotationStatus can share a body), method, path with query, and body;
 * never the signature or date.
 */
function requestKey(info: RequestInfo, method: string, url: string, body: Buffer, shard = ''): string {
  return `${shard} ${info.service} ${info.action} ${method} ${url} ${createHash('sha256').update(body).digest('hex')}`;
}

interface LiveRule {
  rule: ProxyRule;
  left: number;
}

function matches(rule: ProxyRule, info: RequestInfo): boolean {
  if (rule.service !== undefined && canonicalService(rule.service) !== canonicalService(info.service)) return false;
  if (rule.action !== undefined && rule.action.toLowerCase() !== info.action.toLowerCase()) return false;
  return true;
}

function filterOf(filter: CallFilter | undefined): (c: ProxyCall) => boolean {
  if (filter === undefined) return () => true;
  if (typeof filter === 'function') return filter;
  return (c) =>
    (filter.service === undefined || canonicalService(filter.service) === canonicalService(c.service)) &&
    (filter.action === undefined || filter.action.toLowerCase() === c.action.toLowerCase());
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'expect']);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function loopback(endpoint: string): URL {
  const url = new URL(endpoint);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`the AWS proxy forwards to loopback only, not ${url.hostname}`);
  }
  return url;
}

export async function startAwsProxy(options: AwsProxyOptions): Promise<AwsProxy> {
  const target = loopback(options.target);
  const shards = new Map(Object.entries(options.shards ?? {}).map(([account, endpoint]) => [account, loopback(endpoint)]));
  /** Access key id → account, from the AssumeRole answers relayed (kept for the proxy's life). */
  const keyAccounts = new Map<string, string>();
  /** The account whose shard answers a request; undefined for the default target. */
  const shardOf = (info: RequestInfo, headers: IncomingHttpHeaders, url: URL, body: Buffer): string | undefined => {
    if (shards.size === 0) return undefined;
    if (info.service === 'sts' && info.action === 'AssumeRole') {
      const account = assumedAccountOf(body);
      if (account !== undefined && shards.has(account)) return account;
    }
    const akid = accessKeyOf(headers, url);
    const account = akid === undefined ? undefined : keyAccounts.get(akid);
    return account !== undefined && shards.has(account) ? account : undefined;
  };
  const initialRules = options.rules ?? [];
  const initialLatency = options.latencyMs ?? 0;
  let latencyMs = initialLatency;
  let rules: LiveRule[] = initialRules.map((rule) => ({ rule, left: rule.times ?? Infinity }));
  let log: ProxyCall[] = [];
  let epoch = performance.now();
  const initialReplay = options.replay ?? 'off';
  let replay: ReplayMode = initialReplay;
  const recording = new Map<string, Recorded>();
  const sockets = new Set<Socket>();
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });

  const pick = (info: RequestInfo): Fault | undefined => {
    for (const live of rules) {
      if (live.left <= 0 || !matches(live.rule, info)) continue;
      live.left -= 1;
      return live.rule.fault;
    }
    return undefined;
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, done: (status: number) => void, recordAs?: string, shard?: string, learn = false): void => {
    const to = (shard !== undefined ? shards.get(shard) : undefined) ?? target;
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    headers['content-length'] = String(body.length);
    const upstream = httpRequest(
      { protocol: 'http:', hostname: to.hostname, port: to.port, method: req.method, path: req.url, headers, agent },
      (up) => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
        res.writeHead(up.statusCode ?? 502, out);
        const ok = (up.statusCode ?? 502) < 500;
        if ((recordAs !== undefined && ok) || (learn && up.statusCode === 200)) {
          const chunks: Buffer[] = [];
          up.on('data', (c: Buffer) => chunks.push(c));
          // Before the pipe's own 'end': the key is known before the caller can use it.
          up.on('end', () => {
            const answer = Buffer.concat(chunks);
            if (recordAs !== undefined && ok) recording.set(recordAs, { status: up.statusCode ?? 200, headers: out, body: answer });
            if (learn && up.statusCode === 200) {
              const key = assumedKeyOf(answer.toString('utf8'));
              if (key) keyAccounts.set(key.accessKeyId, key.account);
            }
          });
        }
        up.pipe(res);
        res.on('finish', () => done(up.statusCode ?? 502));
      },
    );
    upstream.on('error', (err) => {
      if (res.headersSent) return void res.destroy(err);
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: the target did not answer: ${err.message}`);
      done(502);
    });
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const started = performance.now();
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://proxy.invalid');
      const info = identify(req.method ?? 'GET', url, req.headers, body);
      const fault = pick(info);
      const shard = shardOf(info, req.headers, url, body);
      const call: ProxyCall = {
        service: info.service,
        action: info.action,
        status: 0,
        ms: 0,
        at: Math.round(started - epoch),
        ...(fault ? { fault: fault.kind } : {}),
        ...(shard !== undefined ? { shard } : {}),
      };
      log.push(call);
      let finished = false;
      const done = (status: number) => {
        if (finished) return;
        finished = true;
        call.status = status;
        call.ms = Math.round(performance.now() - started);
      };
      res.on('close', () => done(call.status));

      const delay = latencyMs + (fault?.kind === 'delay' ? fault.ms : 0);
      if (delay > 0) await sleep(delay);
      if (req.socket.destroyed) return done(0);

      switch (fault?.kind) {
        case 'hang':
          // Never answers; the connection closes when the client gives up or the proxy stops.
          return;
        case 'reset': {
          const socket = req.socket as Socket & { resetAndDestroy?: () => void };
          if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
          else socket.destroy();
          return done(0);
        }
        case 'throttle':
        case 'deny':
        case 'status': {
          const answer = errorResponse(errorFor(fault, info), info);
          res.writeHead(answer.status, { ...answer.headers, date: new Date().toUTCString(), 'content-length': String(Buffer.byteLength(answer.body)) });
          res.end(answer.body, () => done(answer.status));
          return;
        }
        default: {
          const key = replay === 'off' ? undefined : requestKey(info, req.method ?? 'GET', req.url ?? '/', body, shard);
          const recorded = replay === 'replay' && key !== undefined ? recording.get(key) : undefined;
          if (recorded) {
            call.replayed = true;
            res.writeHead(recorded.status, { ...recorded.headers, date: new Date().toUTCString(), 'content-length': String(recorded.body.length) });
            res.end(recorded.body, () => done(recorded.status));
            return;
          }
          forward(req, res, body, done, key, shard, shards.size > 0 && info.service === 'sts' && info.action === 'AssumeRole');
        }
      }
    })().catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`proxy error: ${(err as Error)?.message ?? String(err)}`);
      } else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // SDK clients keep connections alive; many concurrent calls need a deep accept queue.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, backlog: 1024 }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls: () => log.map((c) => ({ ...c })),
    count: (filter) => log.filter(filterOf(filter)).length,
    setRules(next) {
      rules = next.map((rule) => ({ rule, left: rule.times ?? Infinity }));
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    setReplay(mode) {
      replay = mode;
    },
    clearRecording() {
      recording.clear();
    },
    reset() {
      log = [];
      epoch = performance.now();
      latencyMs = initialLatency;
      replay = initialReplay;
      rules = initialRules.map((rule) => ({ rule, left: rule.times ?? Infinity }));
    },
    stop() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        agent.destroy();
      });
    },
  };
}
