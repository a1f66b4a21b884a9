/**
 * The drift collector (`--drift`): whether each resource is what its stack declared, judged by the
 * deploy tool's own engine, once per source, while the other collectors read AWS.
 * - A Terraform / OpenTofu state: `plan -refresh-only` in the stack's working folder, then
 *   `show -json` of the plan (src/drift/runner.ts), read by src/drift/terraform.ts; or the saved
 *   plan `--drift-plan` names.
 * - A CloudFormation stack: `DetectStackDrift`, `DescribeStackDriftDetectionStatus` until it ends
 *   (a bounded wait), then `DescribeStackResourceDrifts`, every page; nested stacks on their own.
 * - A Pulumi export: `pulumi refresh --preview-only --json` in the project folder.
 * An engine that cannot run leaves every resource of its source unknown, with the sentence saying
 * why: drift that could not be read is never a pass.
 */
import type { CloudFormationClient as Client } from '@aws-sdk/client-cloudformation';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import type { DriftFacts, FactKey } from '../facts/catalogue.js';
import { unknown, type Fact } from '../facts/fact.js';
import type { ResourceRef, SourceRef } from '../types.js';
import { driftFact, engineOf, sourceKey, type SourceReading } from '../drift/assemble.js';
import { readStackDrifts, type StackResourceDrift } from '../drift/cloudformation.js';
import { keyIdOf } from '../drift/noise.js';
import { readPulumiRefresh } from '../drift/pulumi.js';
import { configFiles, EngineError, pulumiRefreshPreview, shapeLookup, terraformRefreshPlan, workingFolder } from '../drift/runner.js';
import { dynamicBlocks } from '../drift/dynamic.js';
import type { DriftSettings, EngineRun } from '../drift/settings.js';
import { isTerraformPlan, namesResource, planInstances, readRefreshPlan, type PlanReading, type ReadPlanOptions } from '../drift/terraform.js';
import type { CollectContext, Collector, FactRecord } from './context.js';
import { requireSdk } from './sdk.js';

/**
 * The actions drift detection takes on a CloudFormation stack. `DetectStackDrift` is no Describe,
 * Get or List call, though IAM classes it as a Read action: it starts a detection and changes
 * nothing of the stack. It is called only with --drift, and the IAM policy lists these only then.
 */
export const DRIFT_ACTIONS: readonly string[] = [
  'cloudformation:DetectStackDrift',
  // IAM authorizes a stack's detection per resource as well.
  'cloudformation:DetectStackResourceDrift',
  'cloudformation:DescribeStackDriftDetectionStatus',
  'cloudformation:DescribeStackResourceDrifts',
];

type Sdk = typeof import('@aws-sdk/client-cloudformation');
let sdk: Sdk | undefined;
const load = (): Sdk => (sdk ??= requireSdk('@aws-sdk/client-cloudformation') as Sdk);

function client(ctx: CollectContext, region: string | undefined): Client {
  const { CloudFormationClient } = load();
  return ctx.client('cloudformation', region, () => new CloudFormationClient(ctx.clientConfig(region)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The aliases among the readings' differences, resolved to key ids through the run's KMS resolver. */
async function resolveAliases(ctx: CollectContext, aliases: readonly string[], region: string | undefined): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    aliases.map(async (a) => {
      const f = await ctx.kmsKey(a, region);
      const alias = /(alias\/.+)$/.exec(a)?.[1];
      if (f.state === 'present' && alias) out.set(alias, keyIdOf(f.value.arn) ?? f.value.keyId);
    }),
  );
  return out;
}

/** A plan read, then read again once the aliases among its differences are resolved. */
async function readPlan(ctx: CollectContext, doc: unknown, region: string | undefined, options: ReadPlanOptions): Promise<PlanReading> {
  const first = readRefreshPlan(doc, options);
  if (first.aliases.length === 0) return first;
  const aliases = await resolveAliases(ctx, first.aliases, region);
  return aliases.size ? readRefreshPlan(doc, { ...options, aliases }) : first;
}

class DriftRun {
  private savedPlan: Promise<unknown> | undefined;

  constructor(
    private readonly ctx: CollectContext,
    private readonly settings: DriftSettings,
  ) {}

  private record(run: EngineRun): void {
    this.ctx.engineRuns.push(run);
  }

  /**
   * The environment the deploy tool runs in: the user's, or, for an account reached through a role,
   * the role's credentials in place of the user's (so the engine reads what the run reads).
   */
  private async engineEnv(): Promise<NodeJS.ProcessEnv> {
    const provide = this.ctx.settings.credentials;
    if (!provide) return this.settings.env;
    const c = await provide();
    const env: NodeJS.ProcessEnv = { ...this.settings.env, AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey };
    if (c.sessionToken) env.AWS_SESSION_TOKEN = c.sessionToken;
    else delete env.AWS_SESSION_TOKEN;
    delete env.AWS_PROFILE;
    return env;
  }

  /** The saved plan (`--drift-plan`), parsed once. A file that is no plan stops the run (exit 2). */
  private readSavedPlan(file: string): Promise<unknown> {
    this.savedPlan ??= (async () => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        throw new InputError(`The drift plan ${file} could not be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): check the path given to --drift-plan.`);
      }
      let doc: unknown;
      try {
        doc = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch {
        throw new InputError(`The drift plan ${file} is not JSON: pass the output of \`terraform show -json PLANFILE\` for a plan made with \`terraform plan -refresh-only -out=PLANFILE\`.`);
      }
      if (!isTerraformPlan(doc)) {
        throw new InputError(`The drift plan ${file} is not the JSON of a plan (a state, or something else): pass the output of \`terraform show -json PLANFILE\` for a plan made with \`terraform plan -refresh-only -out=PLANFILE\`.`);
      }
      return doc;
    })();
    return this.savedPlan;
  }

  /**
   * The plan must have read the objects the user's state names: an entry whose instance in the
   * plan is another object (the folder's backend holds another state) cannot be judged.
   */
  private sameObjects(doc: unknown, reading: PlanReading, members: ReadonlyArray<{ source: SourceRef; ref: ResourceRef }>, where: string): void {
    const instances = planInstances(doc);
    for (const { source, ref } of members) {
      const values = instances.get(source.name);
      if (!values || namesResource(values, [ref.id, ref.arn])) continue;
      reading.entries.set(source.name, {
        status: 'unread',
        differences: [],
        reason: `the plan ${where} read another object at ${source.name} than ${ref.id}: it read another state (pass the state the folder's backend holds, or set drift.folders)`,
      });
    }
  }

  async terraform(source: SourceRef, region: string | undefined, members: ReadonlyArray<{ source: SourceRef; ref: ResourceRef }>): Promise<SourceReading> {
    const s = this.settings;
    const started = Date.now();
    if (s.planFile) {
      const doc = await this.readSavedPlan(s.planFile);
      // The folder's configuration, when there is one beside the state, names its dynamic blocks.
      const state = s.states.find((x) => x.shown === source.origin || x.path === source.origin);
      const folder = workingFolder(state?.path ?? source.origin, s.folders[state?.path ?? source.origin]);
      const dynamic = 'folder' in folder ? dynamicBlocks(await configFiles(folder.folder)) : undefined;
      const reading = await readPlan(this.ctx, doc, region, dynamic ? { dynamic } : {});
      this.sameObjects(doc, reading, members, `in ${s.planFile}`);
      this.record({ engine: 'saved plan', ...(reading.version ? { version: reading.version } : {}), source: source.origin, ms: Date.now() - started });
      return { ok: true, engine: `${s.tool}${reading.version ? ` ${reading.version}` : ''} (saved plan)`, entries: reading.entries };
    }
    const state = s.states.find((x) => x.shown === source.origin || x.path === source.origin);
    const statePath = state?.path ?? source.origin;
    const where = workingFolder(statePath, s.folders[statePath]);
    if ('reason' in where) {
      this.record({ engine: s.tool, source: source.origin, ms: Date.now() - started, error: where.reason });
      return { ok: false, reason: where.reason };
    }
    try {
      const run = await terraformRefreshPlan(where.folder, source.format === 'tfstate' ? statePath : undefined, {
        command: s.tool,
        env: await this.engineEnv(),
        ...(s.parallelism ? { parallelism: s.parallelism } : {}),
        ...(s.cacheDir ? { cacheDir: s.cacheDir } : {}),
      });
      const shape = shapeLookup(run.shapes);
      const dynamic = dynamicBlocks(await configFiles(where.folder));
      const reading = await readPlan(this.ctx, run.doc, region, { ...(shape ? { shape } : {}), dynamic });
      this.sameObjects(run.doc, reading, members, `made in ${where.folder}`);
      this.record({ engine: s.tool, version: run.version, source: source.origin, folder: where.folder, ms: Date.now() - started, schema: run.schema });
      return { ok: true, engine: `${s.tool} ${run.version}`, entries: reading.entries };
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      this.record({ engine: s.tool, source: source.origin, folder: where.folder, ms: Date.now() - started, error: err.message });
      return { ok: false, reason: err.message };
    }
  }

  async pulumi(source: SourceRef, refs: readonly ResourceRef[]): Promise<SourceReading> {
    const s = this.settings;
    const started = Date.now();
    const state = s.states.find((x) => x.shown === source.origin || x.path === source.origin);
    const exportPath = state?.path ?? source.origin;
    const folder = s.folders[exportPath] ?? dirname(exportPath);
    if (!existsSync(join(folder, 'Pulumi.yaml')) && !existsSync(join(folder, 'Pulumi.yml'))) {
      const reason = `no Pulumi project (Pulumi.yaml) was found beside ${exportPath}: set drift.folders in the config to the project's folder`;
      this.record({ engine: 'pulumi', source: source.origin, ms: Date.now() - started, error: reason });
      return { ok: false, reason };
    }
    // The stack is the first part of every URN: urn:pulumi:<stack>::<project>::<type>::<name>.
    const urn = refs.flatMap((r) => r.sources ?? []).find((x) => x.origin === source.origin && x.name.startsWith('urn:pulumi:'))?.name;
    const stack = urn?.split(':')[2];
    try {
      const run = await pulumiRefreshPreview(folder, stack, await this.engineEnv());
      const entries = readPulumiRefresh(run.doc);
      this.record({ engine: 'pulumi', version: run.version, source: source.origin, folder, ms: Date.now() - started });
      return { ok: true, engine: `pulumi ${run.version}`, entries };
    } catch (err) {
      const reason = err instanceof EngineError ? err.message : `the output of pulumi refresh could not be read: ${(err as Error).message}`;
      this.record({ engine: 'pulumi', source: source.origin, folder, ms: Date.now() - started, error: reason });
      return { ok: false, reason };
    }
  }

  /** One stack's drift, detected by CloudFormation: every resource drift, every page. */
  private async detect(stack: string, region: string | undefined): Promise<{ drifts: StackResourceDrift[]; failed?: string }> {
    const { DetectStackDriftCommand, DescribeStackDriftDetectionStatusCommand, DescribeStackResourceDriftsCommand } = load();
    const cfn = client(this.ctx, region);
    const started = await this.ctx.call('cloudformation:DetectStackDrift', (o) => cfn.send(new DetectStackDriftCommand({ StackName: stack }), o));
    const id = started.StackDriftDetectionId;
    if (!id) throw new EngineError(`CloudFormation started no drift detection for the stack ${stack} (no StackDriftDetectionId)`);
    const deadline = Date.now() + this.settings.waitMs;
    let failed: string | undefined;
    for (;;) {
      const status = await this.ctx.call('cloudformation:DescribeStackDriftDetectionStatus', (o) =>
        cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id }), o),
      );
      if (status.DetectionStatus === 'DETECTION_COMPLETE') break;
      if (status.DetectionStatus === 'DETECTION_FAILED') {
        // Some resources could not be checked (AWS says why); the others were, and are read below.
        failed = status.DetectionStatusReason ?? '';
        break;
      }
      if (Date.now() >= deadline) {
        throw new EngineError(
          `CloudFormation was still detecting drift on the stack ${stack} after ${Math.round(this.settings.waitMs / 1000)} s: rerun later (detection ${id} goes on by itself)`,
        );
      }
      await sleep(this.settings.pollMs);
    }
    const drifts: StackResourceDrift[] = [];
    let token: string | undefined;
    do {
      const page = await this.ctx.call('cloudformation:DescribeStackResourceDrifts', (o) =>
        cfn.send(new DescribeStackResourceDriftsCommand({ StackName: stack, ...(token ? { NextToken: token } : {}) }), o),
      );
      drifts.push(...(page.StackResourceDrifts ?? []));
      token = page.NextToken;
    } while (token);
    return failed === undefined ? { drifts } : { drifts, failed };
  }

  /**
   * A CloudFormation stack and its nested stacks: detection runs on each stack apart (a parent's
   * detection does not look into its nested stacks), entries keyed by their full logical path.
   */
  async cloudformation(origin: string, sources: ReadonlyArray<{ source: SourceRef; ref: ResourceRef }>): Promise<SourceReading> {
    const started = Date.now();
    // Stacks by their path prefix: '' is the root; `Storage` the nested stack of that logical id.
    const byStack = new Map<string, Map<string, string>>();
    for (const { source, ref } of sources) {
      const cut = source.name.lastIndexOf('.');
      const prefix = cut < 0 ? '' : source.name.slice(0, cut);
      let types = byStack.get(prefix);
      if (!types) byStack.set(prefix, (types = new Map()));
      types.set(source.name.slice(cut + 1), source.providerType ?? ref.type);
    }
    const region = sources[0]?.ref.region ?? this.ctx.settings.region;
    const entries = new Map<string, import('../drift/terraform.js').EntryDrift & { notChecked?: string }>();
    try {
      await Promise.all(
        [...byStack.entries()].map(async ([prefix, types]) => {
          let stack = origin;
          if (prefix) {
            const nested = sources.find((x) => x.source.name === prefix && (x.source.providerType ?? x.ref.type) === 'AWS::CloudFormation::Stack')?.ref;
            if (!nested) throw new EngineError(`the nested stack ${prefix} of ${origin} was not found among its resources, so its drift could not be detected`);
            stack = nested.arn ?? nested.id;
          }
          let detected: { drifts: StackResourceDrift[]; failed?: string };
          try {
            detected = await this.detect(stack, region);
          } catch (err) {
            if (err instanceof EngineError) throw err;
            throw new EngineError(`CloudFormation drift detection failed on the stack ${prefix ? `${origin} (nested ${prefix})` : origin}: ${this.ctx.reason(err)}`);
          }
          const { drifts, failed } = detected;
          let reading = readStackDrifts(drifts, types, undefined, failed);
          if (reading.aliases.length) {
            const aliases = await resolveAliases(this.ctx, reading.aliases, region);
            if (aliases.size) reading = readStackDrifts(drifts, types, aliases, failed);
          }
          for (const [id, e] of reading.entries) entries.set(prefix ? `${prefix}.${id}` : id, e);
        }),
      );
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      this.record({ engine: 'cloudformation', source: origin, ms: Date.now() - started, error: err.message });
      return { ok: false, reason: err.message };
    }
    this.record({ engine: 'cloudformation', source: origin, ms: Date.now() - started });
    return { ok: true, engine: 'cloudformation', entries };
  }
}

const collector: Collector = {
  service: 'drift',
  types: ['*'],
  provides: ['drift.resource'],
  // The Describe calls drift detection makes; DetectStackDrift, which starts one, is in DRIFT_ACTIONS.
  actions: [],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext): Promise<Map<ResourceRef, FactRecord>> {
    const out = new Map<ResourceRef, FactRecord>();
    if (!want.has('drift.resource')) return out;
    const settings = ctx.drift;
    if (!settings) {
      for (const r of refs) out.set(r, { 'drift.resource': unknown('drift was not asked for (--drift)') });
      return out;
    }
    const run = new DriftRun(ctx, settings);
    // Each source once, whatever the number of its resources.
    const groups = new Map<string, { source: SourceRef; members: Array<{ source: SourceRef; ref: ResourceRef }> }>();
    for (const ref of refs) {
      for (const s of ref.sources ?? []) {
        if (!engineOf(s)) continue;
        const key = sourceKey(s);
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { source: s, members: [] }));
        g.members.push({ source: s, ref });
      }
    }
    const readings = new Map<string, SourceReading>();
    await Promise.all(
      [...groups.entries()].map(async ([key, g]) => {
        const region = g.members.find((m) => m.ref.region)?.ref.region ?? ctx.settings.region;
        const engine = engineOf(g.source);
        const reading =
          engine === 'terraform'
            ? await run.terraform(g.source, region, g.members)
            : engine === 'pulumi'
              ? await run.pulumi(g.source, g.members.map((m) => m.ref))
              : await run.cloudformation(g.source.origin, g.members);
        readings.set(key, reading);
      }),
    );
    for (const r of refs) out.set(r, { 'drift.resource': driftFact(r, readings) as Fact<DriftFacts> });
    return out;
  },
};

export default collector;
