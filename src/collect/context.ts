/**
 * What every collector gets: client settings, one shared concurrency limit, per-call timeouts,
 * API-call counting, and the one way to turn an AWS error into the reason of an unknown fact.
 */
import { subscribe } from 'node:diagnostics_channel';
import { Agent as HttpAgent, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import pLimit from 'p-limit';
import { CredentialsError } from '../errors.js';
import { deniedReason } from '../facts/access.js';
import type { Fact } from '../facts/fact.js';
import type { FactKey, FactMap, KmsKeyFacts } from '../facts/catalogue.js';
import type { AppliesTo, ResourceRef } from '../types.js';
import type { DriftSettings, EngineRun } from '../drift/settings.js';

export { DEFAULT_AWS_SETTINGS, type AwsSettings } from './settings.js';
import type { AwsSettings, CredentialsProvider } from './settings.js';

/** The common constructor options of every SDK v3 client. */
export interface ClientConfig {
  region?: string;
  profile?: string;
  credentials?: CredentialsProvider;
  endpoint?: string;
  maxAttempts: number;
  retryMode: 'adaptive';
  requestHandler: NodeHttpHandler;
}

export type CallOptions = { abortSignal: AbortSignal };

export type FactRecord = { [K in FactKey]?: Fact<FactMap[K]> };

export interface CollectContext {
  readonly settings: AwsSettings;
  /** Constructor options for a client in `region` (undefined: the SDK's chain). */
  clientConfig(region: string | undefined): ClientConfig;
  /** One client per (service, region) for the whole run. */
  client<T>(service: string, region: string | undefined, make: () => T): T;
  /**
   * Makes one AWS call under the run's concurrency limit and timeout. `action` is the IAM action
   * (`s3:GetEncryptionConfiguration`): it is counted, and the least-privilege policy lists it.
   */
  call<T>(action: string, send: (options: CallOptions) => Promise<T>): Promise<T>;
  /**
   * The reason an error leaves a fact unknown, in one line. Credential errors are not a fact's
   * business: they end the run (exit 2), so this rethrows them. A denied call names its IAM action
   * (`access to kms:DescribeKey was denied: …`, see facts/access.ts): `call` marks each error it
   * passes on with its action, so no collector has to.
   */
  reason(err: unknown): string;
  /** Resolves a key reference (ARN, id, alias) to the key, once per (region, key) per run. */
  kmsKey(ref: string, region: string | undefined): Promise<Fact<KmsKeyFacts>>;
  /** Counts of calls made so far, by IAM action. */
  readonly calls: ReadonlyMap<string, number>;
  /** What the run decided about drift (`--drift`); undefined without it. */
  readonly drift?: DriftSettings;
  /** Each run of a deploy tool's engine (drift), as it ended: for the run's statistics. */
  readonly engineRuns: EngineRun[];
  /**
   * Settles when the next request of this context has left (its bytes handed to the socket, or it
   * ended before that: refused, aborted), or is on its way: the event loop has had a turn since it
   * started, so a connection still being made (TLS to a far host) is not waited for.
   */
  nextRequest(): Promise<void>;
}

/** A collector turns the refs of its resource types into facts. It never returns a default for an error. */
export interface Collector {
  readonly service: string;
  /** The resource types it serves; `*` for a collector of facts every resource carries. */
  readonly types: readonly AppliesTo[];
  readonly provides: readonly FactKey[];
  /** Every IAM action the collector may call (read-only: Describe/Get/List). */
  readonly actions: readonly string[];
  collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext): Promise<Map<ResourceRef, FactRecord>>;
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'AuthFailure',
  'RequestExpired',
  'TokenRefreshRequired',
]);

interface AwsLikeError {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $fault?: string;
  cause?: unknown;
  /** The raw answer, set by the SDK when it could not deserialize it. */
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

/** Error names AWS gives a call the caller's policies do not allow, by protocol and service. */
const DENIED_ERRORS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AuthorizationErrorException',
  'UnauthorizedException',
  'Forbidden',
  'NotAuthorized',
  'NotAuthorizedException',
]);

/** The IAM action `ctx.call` was making when the error came back. */
const CALL_ACTION = Symbol('postflight.callAction');

function markAction(err: unknown, action: string): void {
  if (typeof err !== 'object' || err === null || CALL_ACTION in err) return;
  try {
    Object.defineProperty(err, CALL_ACTION, { value: action, enumerable: false, configurable: true });
  } catch {
    // A frozen error keeps its reason without the action.
  }
}

function actionOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? ((err as Record<symbol, unknown>)[CALL_ACTION] as string | undefined) : undefined;
}

/**
 * An answer the SDK could not read: a body not in the service's protocol, such as the XML a denial
 * comes as from some proxies, emulators and IAM enforcement in front of a JSON service. The SDK
 * then throws the parser's own error (`SyntaxError: Unexpected token '<'…`) with the raw answer in
 * `$response` and its status in `$metadata`; the body itself has been read and is gone.
 */
function unreadableAnswer(e: AwsLikeError): { status: number; contentType?: string } | undefined {
  // The SDK sets `$response` on the errors it did read too: those are service exceptions, with a `$fault`.
  const status = e.$response?.statusCode ?? e.$metadata?.httpStatusCode;
  if (e.$response === undefined || e.$fault !== undefined || status === undefined || status < 300) return undefined;
  const contentType = e.$response.headers?.['content-type'] ?? e.$response.headers?.['Content-Type'];
  return contentType === undefined ? { status } : { status, contentType: contentType.split(';')[0]!.trim() };
}

/** Whether AWS refused the call for want of permission (not for bad credentials). */
export function isAccessDenied(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || isCredentialError(err)) return false;
  const e = err as AwsLikeError;
  if (e.name !== undefined && DENIED_ERRORS.has(e.name)) return true;
  return unreadableAnswer(e)?.status === 403;
}

/** One line naming an AWS error: its code, its message, and the HTTP status. */
export function describeAwsError(err: unknown): string {
  if (!(err instanceof Error) && (typeof err !== 'object' || err === null)) return `unexpected error: ${String(err)}`;
  const e = err as AwsLikeError;
  const name = e.name && e.name !== 'Error' ? e.name : (e.code ?? e.Code ?? 'Error');
  // The SDK's HTTP handler names every transient network error `TimeoutError` (so that it is
  // retried): the system code says what really happened, so it is read first.
  const sysCode = e.code ?? (e.cause as AwsLikeError | undefined)?.code;
  if (sysCode === 'ECONNREFUSED') return `connection refused (${oneLine(e.message ?? '')})`;
  if (sysCode === 'ECONNRESET' || sysCode === 'EPIPE') return 'the connection was reset';
  if (sysCode === 'ENOTFOUND' || sysCode === 'EAI_AGAIN') return `the endpoint's host name could not be resolved (${oneLine(e.message ?? '')})`;
  if (name === 'AbortError' || name === 'TimeoutError') return 'the call timed out';
  if (sysCode === 'ETIMEDOUT' || name === 'RequestTimeout') return 'the call timed out';
  const unreadable = unreadableAnswer(e);
  if (unreadable) {
    const body = unreadable.contentType ? ` in ${unreadable.contentType}` : '';
    const what = unreadable.status === 403 ? 'AccessDenied' : `HTTP ${unreadable.status}`;
    return `${what}: the service answered HTTP ${unreadable.status}${body}, which is not its protocol, so AWS's own error code is unknown`;
  }
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  const message = oneLine(e.message ?? '');
  const detail = [status ? `HTTP ${status}` : '', attempts && attempts > 1 ? `after ${attempts} attempts` : ''].filter(Boolean).join(', ');
  return `${name}${message && message !== name ? `: ${message}` : ''}${detail ? ` (${detail})` : ''}`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function isCredentialError(err: unknown): boolean {
  const name = (err as AwsLikeError | undefined)?.name;
  return typeof name === 'string' && CREDENTIAL_ERRORS.has(name);
}

export interface ContextOptions {
  /** Resolves KMS keys; injected so the KMS collector stays the only code that calls KMS. */
  kmsResolver?: (ctx: CollectContext, ref: string, region: string | undefined) => Promise<Fact<KmsKeyFacts>>;
  /** What the run decided about drift (`--drift`). */
  drift?: DriftSettings;
}

// Who to tell when a request through a given agent has left, or is on its way. Node publishes
// each HTTP client request as it starts; its 'finish' is the moment its bytes are handed to the
// socket (after the connection is made), and 'close' ends one that never got so far. A connection
// to a far host (AWS over TLS) takes round trips before that, which no one should idle through:
// once the event loop has had a full turn to handle what is ready (a connection to a near host is
// by then made and written to), the request counts as on its way.
const onLeft = new WeakMap<object, () => void>();
let watching = false;
function whenLeft(agents: readonly object[], left: () => void): void {
  if (!watching) {
    watching = true;
    subscribe('http.client.request.start', (message) => {
      // The request carries the agent it was made with (`agent`, not in Node's typings).
      const request = (message as { request: ClientRequest & { agent?: object } }).request;
      const tell = request.agent && onLeft.get(request.agent);
      if (!tell) return;
      let told = false;
      const once = () => {
        if (told) return;
        told = true;
        tell();
      };
      request.once('finish', once);
      request.once('close', once);
      // The second callback runs in the loop's next turn, after its I/O has been handled.
      setImmediate(() => setImmediate(once));
    });
  }
  for (const a of agents) onLeft.set(a, left);
}

export function createContext(settings: AwsSettings, options: ContextOptions = {}): CollectContext {
  // Whoever waits for the next request to leave (see nextRequest).
  let waiting: Array<() => void> = [];
  const left = () => {
    if (waiting.length === 0) return;
    const woken = waiting;
    waiting = [];
    for (const w of woken) w();
  };
  const nextRequest = () => new Promise<void>((r) => waiting.push(r));
  // One limit per service: a throttled or slow service never holds up another's calls. A
  // service's first call goes alone until a request has left: it resolves the client's
  // credentials and endpoint and is written to its socket without first sharing the thread with
  // the middleware of every other call in the limit; the rest then follow at the full limit.
  const limits = new Map<string, ReturnType<typeof pLimit>>();
  const full = Math.max(1, settings.concurrency);
  const limitFor = (action: string) => {
    const service = action.slice(0, action.indexOf(':'));
    let l = limits.get(service);
    if (!l) {
      const limit = pLimit(1);
      limits.set(service, (l = limit));
      if (full > 1) void nextRequest().then(() => (limit.concurrency = full));
    }
    return l;
  };
  const clients = new Map<string, unknown>();
  const calls = new Map<string, number>();
  const kmsCache = new Map<string, Promise<Fact<KmsKeyFacts>>>();

  const ctx: CollectContext = {
    settings,
    calls,
    ...(options.drift ? { drift: options.drift } : {}),
    engineRuns: [],
    clientConfig(region) {
      // HTTP/1.1 with keep-alive for every client, sockets sized to the concurrency limit. (The
      // Kinesis client would default to HTTP/2, which only SubscribeToShard needs and emulators
      // such as moto do not speak.)
      const agent = { keepAlive: true, maxSockets: Math.max(1, settings.concurrency) };
      const httpAgent = new HttpAgent(agent);
      const httpsAgent = new HttpsAgent(agent);
      whenLeft([httpAgent, httpsAgent], left);
      const config: ClientConfig = {
        maxAttempts: settings.maxAttempts,
        retryMode: 'adaptive',
        requestHandler: new NodeHttpHandler({
          connectionTimeout: Math.min(settings.callTimeoutMs, 5_000),
          requestTimeout: settings.callTimeoutMs,
          // Without this the handler only logs a warning when an attempt goes quiet; with it, the
          // attempt fails and the retry strategy decides (the per-call abort still bounds the whole).
          throwOnRequestTimeout: true,
          httpAgent,
          httpsAgent,
        }),
      };
      if (region !== undefined) config.region = region;
      // An assumed role's credentials replace the profile's (the profile signs the AssumeRole call).
      if (settings.credentials !== undefined) config.credentials = settings.credentials;
      else if (settings.profile !== undefined) config.profile = settings.profile;
      if (settings.endpointUrl !== undefined) config.endpoint = settings.endpointUrl;
      return config;
    },
    client<T>(service: string, region: string | undefined, make: () => T): T {
      const key = `${service}|${region ?? ''}`;
      let c = clients.get(key) as T | undefined;
      if (c === undefined) {
        c = make();
        clients.set(key, c);
      }
      return c;
    },
    call(action, send) {
      const observe = settings.onCall;
      const limit = limitFor(action);
      const run = limit(async () => {
        calls.set(action, (calls.get(action) ?? 0) + 1);
        try {
          return await send({ abortSignal: AbortSignal.timeout(settings.callTimeoutMs) });
        } catch (err) {
          markAction(err, action);
          throw err;
        } finally {
          // A first call that ends without a request (an error before sending) opens the limit too.
          limit.concurrency = full;
        }
      });
      if (!observe) return run;
      observe('start', action);
      return run.finally(() => observe('end', action));
    },
    nextRequest,
    reason(err) {
      if ((err as AwsLikeError | undefined)?.name === 'CredentialsProviderError') {
        throw new CredentialsError(
          `No AWS credentials were found (${describeAwsError(err)}); sign in (aws sso login), pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and rerun.`,
        );
      }
      if (isCredentialError(err)) {
        throw new CredentialsError(
          `AWS rejected the credentials (${describeAwsError(err)}); sign in again (aws sso login, or refresh the keys in your environment or --profile) and rerun.`,
        );
      }
      if (isAccessDenied(err)) return deniedReason(actionOf(err), describeAwsError(err));
      return describeAwsError(err);
    },
    kmsKey(ref, region) {
      const resolver = options.kmsResolver;
      if (!resolver) return Promise.resolve({ state: 'unknown', reason: 'KMS keys are not resolved in this run' } as const);
      const keyRegion = /^arn:[^:]+:kms:([^:]+):/.exec(ref)?.[1] ?? region;
      const cacheKey = `${keyRegion ?? ''}|${normaliseKeyRef(ref)}`;
      let p = kmsCache.get(cacheKey);
      if (!p) {
        p = resolver(ctx, ref, keyRegion);
        kmsCache.set(cacheKey, p);
      }
      return p;
    },
  };
  return ctx;
}

/** A key ARN and its bare key id name the same key; aliases stay as written. */
export function normaliseKeyRef(ref: string): string {
  const m = /^arn:[^:]+:kms:[^:]*:\d*:key\/(.+)$/.exec(ref);
  return m ? m[1]! : ref;
}
