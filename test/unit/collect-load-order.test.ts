/**
 * Collector modules load one at a time, and each next one only once the service before it has
 * sent its first request, or it is on its way (or the service finished): compiling the next
 * module must not hold back the first requests of the one just loaded. A module that fails to load, or a
 * collector that makes no request, never holds up the ones after it.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { collect, type CollectorModule } from '../../src/collect/index.js';
import { createContext, type Collector, type CollectContext, type FactRecord } from '../../src/collect/context.js';
import { DEFAULT_AWS_SETTINGS } from '../../src/collect/settings.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import { present } from '../../src/facts/fact.js';
import type { AppliesTo, ResourceRef } from '../../src/types.js';

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  // The contexts' keep-alive sockets would hold the server (and Jest's worker) open.
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One GET to the local server through the context's HTTP handler, as an SDK client sends it. */
async function request(ctx: CollectContext): Promise<void> {
  const handler = ctx.clientConfig('us-east-1').requestHandler;
  const { response } = await handler.handle({ protocol: 'http:', hostname: '127.0.0.1', port, method: 'GET', path: '/', query: {}, headers: { host: `127.0.0.1:${port}` } } as never);
  (response.body as NodeJS.ReadableStream).resume();
}

type Step = 'request' | 'none';

function fakeCollector(service: string, type: AppliesTo, fact: FactKey, events: string[], opts: { delayMs?: number; step?: Step }): Collector {
  return {
    service,
    types: [type],
    provides: [fact],
    actions: [],
    async collect(refs, _want, ctx) {
      events.push(`${service} collects`);
      if (opts.delayMs) await sleep(opts.delayMs);
      if ((opts.step ?? 'request') === 'request') {
        events.push(`${service} sends`);
        await request(ctx);
      }
      return new Map<ResourceRef, FactRecord>(refs.map((r) => [r, { [fact]: present(`${service}:${r.id}`) } as FactRecord]));
    },
  };
}

const bucket: ResourceRef = { type: 'AWS::S3::Bucket', id: 'data', region: 'us-east-1', keys: [] };
const key: ResourceRef = { type: 'AWS::KMS::Key', id: 'k', region: 'us-east-1', keys: [] };
const queue: ResourceRef = { type: 'AWS::SQS::Queue', id: 'q', region: 'us-east-1', keys: [] };
const needs = new Map<AppliesTo, Set<FactKey>>([
  ['AWS::S3::Bucket', new Set<FactKey>(['s3.versioning'])],
  ['AWS::KMS::Key', new Set<FactKey>(['kms.key'])],
  ['AWS::SQS::Queue', new Set<FactKey>(['sqs.queue'])],
]);

function modules(events: string[], s3: { delayMs?: number; step?: Step; fails?: boolean }): Record<string, CollectorModule> {
  const module = (service: string, type: AppliesTo, fact: FactKey, o: { delayMs?: number; step?: Step; fails?: boolean }): CollectorModule => ({
    types: [type],
    load: async () => {
      events.push(`${service} loads`);
      if (o.fails) throw new Error(`cannot load ${service}`);
      return { default: fakeCollector(service, type, fact, events, o) };
    },
  });
  // Asked for in the engine's load order: s3, then kms, then sqs.
  return {
    s3: module('s3', 'AWS::S3::Bucket', 's3.versioning', s3),
    kms: module('kms', 'AWS::KMS::Key', 'kms.key', {}),
    sqs: module('sqs', 'AWS::SQS::Queue', 'sqs.queue', {}),
  };
}

describe('collector module loading', () => {
  it('loads the next module only after the service before it has handed over its first request', async () => {
    const events: string[] = [];
    // S3 waits before its first request: the KMS module must not load during that wait.
    const { facts } = await collect([bucket, key, queue], needs, DEFAULT_AWS_SETTINGS, modules(events, { delayMs: 40 }));
    expect(events.indexOf('s3 sends')).toBeLessThan(events.indexOf('kms loads'));
    expect(events.indexOf('kms sends')).toBeLessThan(events.indexOf('sqs loads'));
    expect(events.filter((e) => e.endsWith('loads'))).toEqual(['s3 loads', 'kms loads', 'sqs loads']);
    expect(facts.get(bucket, 's3.versioning')).toEqual(present('s3:data'));
    expect(facts.get(queue, 'sqs.queue')).toEqual(present('sqs:q'));
  });

  it('lets the next module load once a collector that makes no request has finished', async () => {
    const events: string[] = [];
    const { facts } = await collect([bucket, key, queue], needs, DEFAULT_AWS_SETTINGS, modules(events, { delayMs: 20, step: 'none' }));
    expect(events.indexOf('s3 collects')).toBeLessThan(events.indexOf('kms loads'));
    expect(facts.get(key, 'kms.key')).toEqual(present('kms:k'));
    expect(facts.get(queue, 'sqs.queue')).toEqual(present('sqs:q'));
  });

  it('lets the next module load after one that failed to load, whose facts are unknown', async () => {
    const events: string[] = [];
    const { facts } = await collect([bucket, key, queue], needs, DEFAULT_AWS_SETTINGS, modules(events, { fails: true }));
    expect(events.filter((e) => e.endsWith('loads'))).toEqual(['s3 loads', 'kms loads', 'sqs loads']);
    expect(facts.get(bucket, 's3.versioning')).toEqual({ state: 'unknown', reason: 'the s3 collector failed: cannot load s3' });
    expect(facts.get(queue, 'sqs.queue')).toEqual(present('sqs:q'));
  });
});

describe('a collector that waits on a key before its first request', () => {
  it('gets the key instead of waiting forever: the KMS module loads after the import running now, not after the modules waiting their turn', async () => {
    const events: string[] = [];
    const keyFirst: Collector = {
      service: 's3',
      types: ['AWS::S3::Bucket'],
      provides: ['s3.versioning'],
      actions: [],
      async collect(refs, _want, ctx) {
        events.push('s3 asks for its key');
        const k = await ctx.kmsKey('arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'us-east-1');
        events.push(`s3 has its key (${k.state})`);
        return new Map<ResourceRef, FactRecord>(refs.map((r) => [r, { 's3.versioning': present(`s3:${r.id}`) } as FactRecord]));
      },
    };
    const mods: Record<string, CollectorModule> = {
      ...modules(events, {}),
      s3: { types: ['AWS::S3::Bucket'], load: async () => (events.push('s3 loads'), { default: keyFirst }) },
    };
    // The key is asked of the local server, whose answer is no KMS answer: the key is unknown, but asked.
    const settings = { ...DEFAULT_AWS_SETTINGS, endpointUrl: `http://127.0.0.1:${port}`, maxAttempts: 1, credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }) };
    const { facts } = await collect([bucket, key, queue], needs, settings, mods);
    expect(events.indexOf('s3 has its key (unknown)')).toBeGreaterThan(events.indexOf('s3 asks for its key'));
    expect(facts.get(bucket, 's3.versioning')).toEqual(present('s3:data'));
    expect(facts.get(queue, 'sqs.queue')).toEqual(present('sqs:q'));
  }, 15_000);
});

describe("a service's first call", () => {
  it('goes alone until its request has left; the rest then run side by side up to the limit', async () => {
    const ctx = createContext({ ...DEFAULT_AWS_SETTINGS, concurrency: 4 });
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inFlight = 0;
    let most = 0;
    const first = ctx.call('s3:GetBucketVersioning', async () => {
      events.push('first starts');
      await sleep(30);
      events.push('first sends');
      await request(ctx);
    });
    const rest = Array.from({ length: 6 }, (_, i) =>
      ctx.call('s3:GetBucketEncryption', async () => {
        events.push(`call ${i} starts`);
        inFlight += 1;
        most = Math.max(most, inFlight);
        await held;
        inFlight -= 1;
      }),
    );
    await sleep(60);
    release();
    await Promise.all([first, ...rest]);
    expect(events.slice(0, 3)).toEqual(['first starts', 'first sends', 'call 0 starts']);
    // The limit is 4, and the first call had settled or was in flight beside them.
    expect(most).toBeGreaterThanOrEqual(3);
    expect(most).toBeLessThanOrEqual(4);
  });

  it('opens the limit when the first call fails before any request', async () => {
    const ctx = createContext({ ...DEFAULT_AWS_SETTINGS, concurrency: 3 });
    let inFlight = 0;
    let most = 0;
    const failing = ctx.call('kms:DescribeKey', async () => {
      throw new Error('no credentials');
    });
    await expect(failing).rejects.toThrow('no credentials');
    await Promise.all(
      Array.from({ length: 5 }, () =>
        ctx.call('kms:DescribeKey', async () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await sleep(10);
          inFlight -= 1;
        }),
      ),
    );
    expect(most).toBe(3);
  });
});

describe('a request on its way', () => {
  it('counts once the event loop has turned, without waiting out a connection still being made (a TLS handshake held open)', async () => {
    // Accepts each connection and never answers its TLS hello, as a far host not yet answering.
    const held: Socket[] = [];
    const tls = createTcpServer((socket) => held.push(socket));
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    const tlsPort = (tls.address() as AddressInfo).port;
    const ctx = createContext({ ...DEFAULT_AWS_SETTINGS, concurrency: 2 });
    const handler = ctx.clientConfig('us-east-1').requestHandler;
    const controller = new AbortController();
    const next = ctx.nextRequest().then(() => 'on its way');
    const sent = handler
      .handle({ protocol: 'https:', hostname: '127.0.0.1', port: tlsPort, method: 'GET', path: '/', query: {}, headers: { host: `127.0.0.1:${tlsPort}` } } as never, { abortSignal: controller.signal })
      .then(() => 'answered', () => 'failed');
    const outcome = await Promise.race([next, sent, sleep(5_000).then(() => 'still waiting')]);
    controller.abort();
    for (const socket of held) socket.destroy();
    await new Promise((r) => tls.close(r));
    expect(outcome).toBe('on its way');
    expect(await sent).toBe('failed');
  });
});
