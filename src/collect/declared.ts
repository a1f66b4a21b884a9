/**
 * The facts checks declare themselves (`reads`): one read-only SDK v3 call per (check, resource),
 * made through the run's collect context (one concurrency limit, adaptive retry, per-call
 * timeout, counting by IAM action). Identical reads (same package, command, region and input)
 * are made once per run however many checks and resources ask for them. Every answer becomes a
 * three-state fact; an error is never turned into a default.
 *
 * The client package is the user's: it is looked up from the check module's folder, the config's
 * folder and the working folder, then from postflight's own dependencies. postflight does not
 * carry a client for every service a check might read.
 */
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { absent, present, unknown, type Fact } from '../facts/fact.js';
import type { DeclaredRead } from '../engine/define.js';
import type { DeclaredFactSource } from '../engine/evaluate.js';
import { readAction } from '../engine/reads.js';
import type { LoadedCheck } from '../engine/registry.js';
import { appliesToType, resourceKey, type ResourceRef } from '../types.js';
import type { CollectContext } from './context.js';
import { requireSdk } from './sdk.js';
import { byCodeUnit } from '../compare.js';

type Sendable = { send(command: unknown, options?: unknown): Promise<Record<string, unknown>> };
type ClientClass = new (config: object) => Sendable;
type CommandClass = new (input: object) => unknown;

/** One client package as loaded: its client class and its exports (the command classes). */
export interface LoadedClient {
  pkg: string;
  Client: ClientClass;
  exports: Readonly<Record<string, unknown>>;
}

/** Where to look for a client package, in order: the user's folders first, then postflight's own. */
export interface ResolveOptions {
  /** The config's folder and the working folder (the check module's own folder is tried first). */
  folders: readonly string[];
  /** Tried last; postflight's own require by default. Injected by tests. */
  fallback?: NodeJS.Require | null;
}

function tryRequire(req: NodeJS.Require, pkg: string, file: string): Record<string, unknown> | undefined {
  let path: string;
  try {
    path = req.resolve(pkg);
  } catch {
    return undefined;
  }
  try {
    return req(path) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`The check module ${file} reads with the package ${pkg}, which failed to load (${(err as Error)?.message ?? String(err)}): reinstall it (npm install --save-dev ${pkg}) and rerun.`);
  }
}

/**
 * Loads the client packages the selected checks' reads name, and checks each command exists,
 * before any AWS call: a missing package or command is a ConfigError naming the module.
 */
export function resolveReadClients(checks: readonly LoadedCheck[], options: ResolveOptions): Map<string, LoadedClient> {
  const clients = new Map<string, LoadedClient>();
  const fallback = options.fallback === undefined ? requireSdk : options.fallback;
  for (const { check, file } of checks) {
    for (const [name, read] of Object.entries(check.reads ?? {})) {
      let loaded = clients.get(read.client);
      if (!loaded) {
        const requires = [dirname(file), ...options.folders].map((d) => createRequire(resolve(d, 'postflight-resolve.js')));
        if (fallback) requires.push(fallback);
        let exports: Record<string, unknown> | undefined;
        for (const req of requires) if ((exports = tryRequire(req, read.client, file))) break;
        if (!exports) {
          throw new ConfigError(
            `The check module ${file} reads with the package ${read.client}, which is not installed: run \`npm install --save-dev ${read.client}\` in your project and rerun.`,
          );
        }
        const clientName = Object.keys(exports).find((k) => k.endsWith('Client') && !k.startsWith('_') && typeof exports![k] === 'function');
        if (!clientName) throw new ConfigError(`The check module ${file} reads with the package ${read.client}, which exports no AWS SDK v3 client: name an @aws-sdk/client-* package.`);
        loaded = { pkg: read.client, Client: exports[clientName] as ClientClass, exports };
        clients.set(read.client, loaded);
      }
      if (typeof loaded.exports[`${read.command}Command`] !== 'function') {
        throw new ConfigError(
          `The check module ${file} declares the command ${read.command} (fact "${name}"), which ${read.client} does not have: fix the command's name (without "Command") and rerun.`,
        );
      }
    }
  }
  return clients;
}

/** JSON with sorted keys, so that two equal inputs make one read. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => byCodeUnit(a, b))) : v,
  );
}

type Answer = { ok: true; output: Record<string, unknown> } | { ok: false; name: string; reason: string };

/** Reads the checks' declared facts and holds them for the engine. */
export class DeclaredReads implements DeclaredFactSource {
  private readonly answers = new Map<string, Promise<Answer>>();
  private readonly facts = new Map<string, Record<string, Fact<unknown>>>();

  constructor(
    private readonly ctx: CollectContext,
    private readonly clients: ReadonlyMap<string, LoadedClient>,
  ) {}

  get(checkId: string, ref: ResourceRef): Readonly<Record<string, Fact<unknown>>> | undefined {
    return this.facts.get(`${checkId}|${resourceKey(ref)}`);
  }

  /** Reads every declared fact of `checks` for each of `refs` the check applies to. */
  async read(checks: readonly LoadedCheck[], refs: readonly ResourceRef[]): Promise<void> {
    const jobs: Array<Promise<void>> = [];
    for (const { check, file } of checks) {
      const reads = Object.entries(check.reads ?? {});
      if (reads.length === 0) continue;
      for (const ref of refs) {
        if (!appliesToType(check.appliesTo, ref.type)) continue;
        const key = `${check.id}|${resourceKey(ref)}`;
        let rec = this.facts.get(key);
        if (!rec) this.facts.set(key, (rec = {}));
        for (const [name, read] of reads) {
          jobs.push(this.fact(read, ref, file).then((f) => void (rec![name] = f)));
        }
      }
    }
    await Promise.all(jobs);
  }

  private async fact(read: DeclaredRead, ref: ResourceRef, file: string): Promise<Fact<unknown>> {
    let input: object;
    try {
      input = read.input(ref);
      if (typeof input !== 'object' || input === null) return unknown(`the input of ${read.command} in ${file} is not an object`);
    } catch (err) {
      return unknown(`building the input of ${read.command} in ${file} threw: ${(err as Error)?.message ?? String(err)}`);
    }
    const answer = await this.answer(read, ref.region ?? this.ctx.settings.region, input);
    if (!answer.ok) {
      if (read.absentOn?.includes(answer.name)) return absent(answer.reason);
      return unknown(`${read.command} failed: ${answer.reason}`);
    }
    if (!read.keep) return present(answer.output);
    let kept: unknown;
    try {
      kept = read.keep(answer.output);
    } catch (err) {
      return unknown(`keeping the answer of ${read.command} in ${file} threw: ${(err as Error)?.message ?? String(err)}`);
    }
    return kept === undefined ? absent(`${read.command} returned no value for it`) : present(kept);
  }

  /** One call per (package, command, region, input), shared by everyone who asks. */
  private answer(read: DeclaredRead, region: string | undefined, input: object): Promise<Answer> {
    const key = `${read.client}|${read.command}|${region ?? ''}|${stableJson(input)}`;
    let p = this.answers.get(key);
    if (!p) {
      p = this.call(read, region, input);
      this.answers.set(key, p);
    }
    return p;
  }

  private async call(read: DeclaredRead, region: string | undefined, input: object): Promise<Answer> {
    const loaded = this.clients.get(read.client);
    if (!loaded) return { ok: false, name: 'NotLoaded', reason: `the package ${read.client} was not loaded` };
    const Command = loaded.exports[`${read.command}Command`] as CommandClass;
    const client = this.ctx.client(`declared:${read.client}`, region, () => {
      const config = this.ctx.clientConfig(region);
      // Path-style addressing against an emulator, as the built-in S3 collector does.
      return new loaded.Client(read.client === '@aws-sdk/client-s3' ? { ...config, forcePathStyle: config.endpoint !== undefined } : config);
    });
    try {
      const output = await this.ctx.call(readAction(read), (o) => client.send(new Command(input), o));
      const { $metadata: _meta, ...rest } = output;
      return { ok: true, output: rest };
    } catch (err) {
      // Credential errors end the run here (ctx.reason rethrows them).
      return { ok: false, name: (err as Error)?.name ?? 'Error', reason: this.ctx.reason(err) };
    }
  }
}
