/**
 * The evaluate loop: each selected check against each resource of a type it applies to.
 * Checks are pure; the engine holds them to the contract: a throw or a malformed verdict becomes
 * `error` naming the module, and a `pass` over an unknown fact becomes `error`. An `error` that
 * comes from a fact postflight could not read carries a remediation about the read (the permission
 * that was denied), not the check's own fix, which is about a configuration nobody saw.
 */
import { deniedActions } from '../facts/access.js';
import type { Fact } from '../facts/fact.js';
import { factApplies, type FactKey, type FactMap } from '../facts/catalogue.js';
import { appliesToType, type AppliesTo, type Evidence, type ResourceRef, type Result, type Status } from '../types.js';
import type { AnyCheck, ParamSpecs, RelatedView, StackKeys, Verdict } from './define.js';
import type { LoadedCheck } from './registry.js';
import { isKeyArn } from '../judge/cmk.js';

export interface FactSource {
  get<K extends FactKey>(ref: ResourceRef, key: K): Fact<FactMap[K]> | undefined;
}

/** The facts checks declared themselves (`reads`), as read for one check and one resource. */
export interface DeclaredFactSource {
  get(checkId: string, ref: ResourceRef): Readonly<Record<string, Fact<unknown>>> | undefined;
}

export interface Waiver {
  check: string;
  /** A resource id, ARN, or an output key that names it. */
  resource: string;
  reason: string;
  /** ISO date after which the waiver no longer applies. */
  expires?: string;
  /** One attribute of the resource (`desired_count`): only its difference is waived, not the whole result. */
  attribute?: string;
}

export interface EvaluateOptions {
  /** Parameter values from the config, by check id; defaults fill the rest. */
  params?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  waivers?: readonly Waiver[];
  /** Today, as YYYY-MM-DD, for waiver expiry and the checks that compare with a date (passed in: the engine reads no clock). */
  today?: string;
  /** The stack's CMK from the config: a literal ARN, or the output key naming it. */
  stackCmk?: { arn?: string; outputKey?: string };
  /** The facts the checks declared themselves, as read (src/collect/declared.ts). */
  declared?: DeclaredFactSource;
}

/** Whether an output key names the configured output: in full, by its bare name, or as an item of it (`name[0]`). */
function namesOutput(key: string, outputKey: string): boolean {
  const path = key.replace(/\[\d+\]$/, '');
  return key === outputKey || path === outputKey || path.endsWith(`.${outputKey}`);
}

/** Where the stack's keys were named: a state file or stack when one deployed them, else the outputs. */
function keysFrom(keys: readonly ResourceRef[]): 'outputs' | 'state' | 'stack' {
  const kinds = new Set(keys.flatMap((k) => (k.sources ?? []).map((s) => s.kind)));
  return kinds.has('state') ? 'state' : kinds.has('stack') ? 'stack' : 'outputs';
}

/**
 * The stack's CMKs: the config's choice (a key ARN, or the output key naming the key), else every
 * customer-managed KMS key the outputs name or a state file or CloudFormation stack deployed
 * (`aws_kms_key`, `AWS::KMS::Key`). Keys only found in use (`usedBy`) never count: they
 * are what is being judged. An AWS-managed key the outputs happen to name is no stack CMK.
 */
export function stackKeys(resources: readonly ResourceRef[], facts: FactSource, stackCmk: EvaluateOptions['stackCmk']): StackKeys {
  if (stackCmk?.arn) {
    if (isKeyArn(stackCmk.arn)) return { source: 'config', arns: [stackCmk.arn], unresolved: [] };
    return {
      source: 'config',
      arns: [],
      unresolved: [`stackCmk.arn "${stackCmk.arn}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>): set the key's full ARN, or name the output that holds it with stackCmk.outputKey`],
    };
  }
  const outputKey = stackCmk?.outputKey;
  const keys = resources.filter((r) => r.type === 'AWS::KMS::Key' && !r.usedBy && (!outputKey || r.keys.some((k) => namesOutput(k, outputKey))));
  if (outputKey && keys.length === 0) return { source: 'config', arns: [], unresolved: [`no KMS key is named by the output ${outputKey}`] };
  const arns = new Set<string>();
  const unresolved: string[] = [];
  for (const k of keys) {
    const f = facts.get(k, 'kms.key');
    if (f?.state !== 'present') unresolved.push(`${k.id}: ${f?.state === 'unknown' ? f.reason : 'not described'}`);
    else if (f.value.keyManager === 'CUSTOMER') arns.add(f.value.arn);
    else if (f.value.keyManager !== 'AWS' || outputKey) unresolved.push(`${k.id}: ${f.value.arn} is not a customer-managed key (KeyManager ${f.value.keyManager})`);
  }
  if (arns.size === 0 && unresolved.length === 0) return { source: 'none', arns: [], unresolved: [] };
  return { source: outputKey ? 'config' : keysFrom(keys), arns: [...arns], unresolved };
}

const STATUSES: readonly Status[] = ['pass', 'fail', 'error', 'skipped'];

export function resolveParams(check: AnyCheck, given: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const specs: ParamSpecs = check.params ?? {};
  for (const [name, spec] of Object.entries(specs)) out[name] = name in given ? given[name] : spec.default;
  return out;
}

function waiversOf(waivers: readonly Waiver[], checkId: string, ref: ResourceRef, today?: string): Waiver[] {
  return waivers.filter(
    (w) =>
      (w.check === checkId || w.check === '*') &&
      (w.resource === ref.id || w.resource === ref.arn || ref.keys.includes(w.resource) || (ref.sources ?? []).some((s) => s.kind !== 'outputs' && s.name === w.resource)) &&
      !(w.expires && today && w.expires < today),
  );
}

function isVerdict(v: unknown): v is Verdict {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return STATUSES.includes(o.status as Status) && typeof o.message === 'string' && (o.evidence === undefined || (typeof o.evidence === 'object' && o.evidence !== null));
}

/**
 * The remediation of an `error` result: the denied IAM actions its facts or its message name (see
 * facts/access.ts), else, when one of its facts could not be read, what to do about the read; the
 * check's own remediation only when the error is not about reading (a check that threw).
 */
export function errorRemediation(checkRemediation: string, message: string, evidence: Evidence, facts: Readonly<Record<string, Fact<unknown>>>): string {
  const unread = Object.values(facts).filter((f): f is Extract<Fact<unknown>, { state: 'unknown' }> => f.state === 'unknown');
  const actions = [...new Set([message, JSON.stringify(evidence), ...unread.map((f) => f.reason)].flatMap(deniedActions))];
  if (actions.includes('sts:AssumeRole')) {
    return 'Nothing of this account was read: let the identity postflight runs as assume its role (sts:AssumeRole on the role: `postflight iam-policy --runner`), and the role trust it (`postflight iam-policy --trust`), then rerun.';
  }
  if (actions.length > 0) {
    const list = actions.length === 1 ? actions[0] : `${actions.slice(0, -1).join(', ')} and ${actions.at(-1)}`;
    return `Grant ${list} to the role postflight runs as (\`postflight iam-policy\` prints the whole policy), then rerun.`;
  }
  if (unread.length > 0) {
    return 'Nothing was judged: a fact this check needs could not be read (the message says why). Fix what stopped the read (the resource missing from its region, the endpoint or network, throttling) and rerun.';
  }
  return checkRemediation;
}

export function evaluateAll(
  checks: readonly LoadedCheck[],
  resources: readonly ResourceRef[],
  facts: FactSource,
  options: EvaluateOptions = {},
): Result[] {
  let keys: StackKeys | undefined;
  const related: RelatedView = {
    resources: (type) => (type ? resources.filter((r) => r.type === type) : resources),
    fact: (ref, key) => facts.get(ref, key),
    stackKeys: () => (keys ??= stackKeys(resources, facts, options.stackCmk)),
  };
  const results: Result[] = [];
  for (const { check, file } of checks) {
    const params = resolveParams(check, options.params?.[check.id]);
    for (const resource of resources) {
      if (!appliesToType(check.appliesTo, resource.type)) continue;
      const base = {
        checkId: check.id,
        title: check.title,
        severity: check.severity,
        family: check.family ?? 'custom',
        ...(check.controls ? { controls: check.controls } : {}),
        resource,
        remediation: check.remediation,
      };
      const matching = waiversOf(options.waivers ?? [], check.id, resource, options.today);
      const waiver = matching.find((w) => w.attribute === undefined);
      // A waiver naming an attribute goes to the check, which shows that difference as waived.
      const waived = matching.filter((w) => w.attribute !== undefined).map((w) => ({ attribute: w.attribute!, reason: w.reason, ...(w.expires ? { expires: w.expires } : {}) }));
      if (waiver) {
        results.push({ ...base, status: 'skipped', message: `waived: ${waiver.reason}`, evidence: waiver.expires ? { waiverExpires: waiver.expires } : {} });
        continue;
      }
      const own: Record<string, Fact<unknown>> = {};
      for (const key of check.needs) {
        // A check for several types may need facts only some of them carry.
        own[key] = factApplies(key, resource.type)
          ? (facts.get(resource, key) ?? { state: 'unknown', reason: `${key} was not collected` })
          : { state: 'absent', reason: `${key} does not apply to ${resource.type}` };
      }
      const read = Object.keys(check.reads ?? {}).length ? options.declared?.get(check.id, resource) : undefined;
      for (const name of Object.keys(check.reads ?? {})) own[name] = read?.[name] ?? { state: 'unknown', reason: `${name} was not read` };
      let verdict: Verdict;
      // A check that broke its contract keeps its own remediation: the error is not about reading.
      let broken = false;
      try {
        const v: unknown = check.evaluate({ resource, facts: own as never, params: params as never, related, ...(options.today !== undefined ? { today: options.today } : {}), ...(waived.length ? { waived } : {}) });
        broken = !isVerdict(v);
        verdict = isVerdict(v) ? v : { status: 'error', message: `the check ${check.id} (${file}) returned something that is not a verdict` };
      } catch (err) {
        broken = true;
        verdict = { status: 'error', message: `the check ${check.id} (${file}) threw: ${(err as Error)?.message ?? String(err)}` };
      }
      const evidence: Evidence = { ...(verdict.evidence ?? {}) };
      if (verdict.status === 'pass') {
        const blind = Object.entries(own).find(([, f]) => f.state === 'unknown');
        if (blind) {
          const [key, f] = blind as [string, { reason: string }];
          verdict = { status: 'error', message: `${key} could not be read: ${f.reason}` };
        }
      }
      const remediation = verdict.status === 'error' && !broken ? errorRemediation(check.remediation, verdict.message, evidence, own) : check.remediation;
      results.push({ ...base, status: verdict.status, message: verdict.message, evidence, remediation });
    }
  }
  return results;
}

/**
 * Which facts each resource type needs (`*`: every resource), over the selected checks. A check
 * whose `needsWhen` says its parameters leave it nothing to judge (required tags, none configured)
 * needs nothing, so no AWS call is made for it.
 */
export function factNeeds(checks: readonly LoadedCheck[], params: EvaluateOptions['params'] = {}): Map<AppliesTo, Set<FactKey>> {
  const needs = new Map<AppliesTo, Set<FactKey>>();
  for (const { check } of checks) {
    if (check.needsWhen && !check.needsWhen(resolveParams(check, params[check.id]) as never)) continue;
    for (const type of check.appliesTo) {
      let s = needs.get(type);
      if (!s) needs.set(type, (s = new Set()));
      for (const k of check.needs ?? []) s.add(k);
    }
    for (const [type, keys] of Object.entries(check.relatedNeeds ?? {})) {
      let s = needs.get(type as ResourceRef['type']);
      if (!s) needs.set(type as ResourceRef['type'], (s = new Set()));
      for (const k of keys ?? []) s.add(k);
    }
  }
  return needs;
}
