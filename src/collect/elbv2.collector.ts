/**
 * ELBv2 load balancers (application, network, gateway) and their listeners, per region.
 * DescribeLoadBalancers takes up to 20 ARNs or 20 names in one call, so N load balancers cost
 * ceil(N/20) calls for those named by ARN plus ceil(N/20) for those named only by DNS name (the
 * name is what a DNS name gives).
 *
 * AWS fails the whole call with LoadBalancerNotFound when one of the ARNs or names does not
 * exist, without always saying which: a chunk that fails so is asked again one by one, so a
 * missing load balancer is reported as missing and cannot hide the others.
 *
 * Listeners: DescribeListeners takes one load balancer per call, so each load balancer whose
 * listeners are judged costs one paged call, however many of its listeners a state or stack names
 * on their own (a listener's ARN names its load balancer). An HTTP listener whose default action
 * redirects to HTTPS also has its rules read (DescribeRules, one paged call per such listener):
 * a rule may still forward some requests over HTTP.
 */
import type { Action, Listener, LoadBalancer, Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import { requireSdk } from './sdk.js';
import { present, unknown, type Fact, allPresent } from '../facts/fact.js';
import type { FactKey, ListenerActionFacts, ListenerFacts, LoadBalancerFacts } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext, Collector, FactRecord } from './context.js';
import { allPages, byRegion, chunk } from './batch.js';
import { redirectsToHttps } from '../judge/listener.js';

const { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeRulesCommand, ElasticLoadBalancingV2Client } = requireSdk(
  '@aws-sdk/client-elastic-load-balancing-v2',
) as typeof import('@aws-sdk/client-elastic-load-balancing-v2');

/** DescribeLoadBalancers takes at most 20 ARNs or names. */
export const ELB_BATCH = 20;
const NOT_FOUND = new Set(['LoadBalancerNotFoundException', 'LoadBalancerNotFound']);
const LISTENER_NOT_FOUND = new Set(['ListenerNotFoundException', 'ListenerNotFound']);
/** DescribeListeners and DescribeRules return at most 400 items a page. */
const PAGE_SIZE = 400;

function elbv2(ctx: CollectContext, region: string | undefined): InstanceType<typeof ElasticLoadBalancingV2Client> {
  return ctx.client('elbv2', region, () => new ElasticLoadBalancingV2Client(ctx.clientConfig(region)));
}

export function loadBalancerFacts(lb: LoadBalancer): LoadBalancerFacts {
  const facts: LoadBalancerFacts = {
    arn: lb.LoadBalancerArn ?? '',
    name: lb.LoadBalancerName ?? '',
    availabilityZones: (lb.AvailabilityZones ?? [])
      .filter((z) => !!z.ZoneName)
      .map((z) => (z.SubnetId ? { zoneName: z.ZoneName!, subnetId: z.SubnetId } : { zoneName: z.ZoneName! })),
  };
  if (lb.Type) facts.type = lb.Type;
  if (lb.Scheme) facts.scheme = lb.Scheme;
  if (lb.State?.Code) facts.state = lb.State.Code;
  if (lb.DNSName) facts.dnsName = lb.DNSName;
  facts.securityGroups = [...(lb.SecurityGroups ?? [])];
  return facts;
}

/** The load balancer a listener (or listener rule) ARN names: `…:listener/app/<name>/<id>/<listener>` → `…:loadbalancer/app/<name>/<id>`. */
export function loadBalancerArnOf(listenerArn: string): string | undefined {
  const m = /^(arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:)listener(?:-rule)?\/((?:app|net|gwy)\/[^/]+\/[^/]+)\/[^/]+(?:\/[^/]+)?$/.exec(listenerArn);
  return m ? `${m[1]}loadbalancer/${m[2]}` : undefined;
}

function actionFacts(a: Action): ListenerActionFacts {
  const facts: ListenerActionFacts = { type: a.Type ?? '' };
  if (a.Order !== undefined) facts.order = a.Order;
  const r = a.RedirectConfig;
  if (r) {
    facts.redirect = {};
    if (r.Protocol) facts.redirect.protocol = r.Protocol;
    if (r.Port) facts.redirect.port = r.Port;
    if (r.Host) facts.redirect.host = r.Host;
    if (r.Path) facts.redirect.path = r.Path;
    if (r.Query) facts.redirect.query = r.Query;
    if (r.StatusCode) facts.redirect.statusCode = r.StatusCode;
  }
  return facts;
}

/**
 * A listener as a fact. moto reports `ELBSecurityPolicy-2016-08` for HTTP listeners too; AWS
 * reports a security policy for HTTPS and TLS listeners only, and only those keep it here.
 */
export function listenerFacts(l: Listener): ListenerFacts {
  const facts: ListenerFacts = {
    listenerArn: l.ListenerArn ?? '',
    loadBalancerArn: l.LoadBalancerArn ?? '',
    certificateArns: (l.Certificates ?? []).map((c) => c.CertificateArn ?? '').filter(Boolean),
    defaultActions: (l.DefaultActions ?? []).map(actionFacts),
  };
  if (l.Port !== undefined) facts.port = l.Port;
  if (l.Protocol) facts.protocol = l.Protocol;
  if (l.SslPolicy && (l.Protocol === 'HTTPS' || l.Protocol === 'TLS')) facts.sslPolicy = l.SslPolicy;
  return facts;
}


type By = 'arn' | 'name';

/** What one batch of ARNs or names found: each value's load balancer, or the reason it is unknown. */
async function describe(ctx: CollectContext, region: string | undefined, by: By, values: string[], out: Map<string, Fact<LoadBalancer>>): Promise<void> {
  const where = region ?? 'the default region';
  try {
    const lbs = await allPages(ctx, 'elasticloadbalancing:DescribeLoadBalancers', async (marker, o) => {
      const page = await elbv2(ctx, region).send(
        new DescribeLoadBalancersCommand(by === 'arn' ? { LoadBalancerArns: values, Marker: marker } : { Names: values, Marker: marker }),
        o,
      );
      return { items: page.LoadBalancers, next: page.NextMarker };
    });
    for (const v of values) {
      const lb = lbs.find((l) => (by === 'arn' ? l.LoadBalancerArn === v : l.LoadBalancerName?.toLowerCase() === v.toLowerCase()));
      out.set(v, lb ? present(lb) : unknown(`the load balancer ${v} does not exist in ${where}`));
    }
  } catch (err) {
    const reason = ctx.reason(err);
    if (NOT_FOUND.has((err as Error).name)) {
      if (values.length === 1) {
        out.set(values[0]!, unknown(`the load balancer ${values[0]} does not exist in ${where} (${reason})`));
        return;
      }
      await Promise.all(values.map((v) => describe(ctx, region, by, [v], out)));
      return;
    }
    for (const v of values) out.set(v, unknown(`could not describe load balancers in ${where}: ${reason}`));
  }
}

/** One listener of a listing: its ARN, and its fact (unknown when its rules could not be read). */
interface Listed {
  arn: string;
  fact: Fact<ListenerFacts>;
}

/**
 * An HTTP listener whose default action redirects to HTTPS, with its other rules: a rule may
 * still forward some requests over HTTP. Other listeners are judged by their default action alone.
 */
async function withRules(ctx: CollectContext, region: string | undefined, facts: ListenerFacts): Promise<Fact<ListenerFacts>> {
  if (facts.protocol !== 'HTTP' || !redirectsToHttps(facts.defaultActions)) return present(facts);
  try {
    const rules: Rule[] = await allPages(ctx, 'elasticloadbalancing:DescribeRules', async (marker, o) => {
      const page = await elbv2(ctx, region).send(new DescribeRulesCommand({ ListenerArn: facts.listenerArn, Marker: marker, PageSize: PAGE_SIZE }), o);
      return { items: page.Rules, next: page.NextMarker };
    });
    facts.rules = rules
      .filter((r) => r.IsDefault !== true)
      .map((r) => ({ ...(r.RuleArn ? { ruleArn: r.RuleArn } : {}), priority: r.Priority ?? '', actions: (r.Actions ?? []).map(actionFacts) }));
    return present(facts);
  } catch (err) {
    const reason = ctx.reason(err);
    if (LISTENER_NOT_FOUND.has((err as Error).name)) return unknown(`the listener ${facts.listenerArn} does not exist in ${region ?? 'the default region'} (${reason})`);
    return unknown(`could not describe the rules of the listener ${facts.listenerArn}: ${reason}`);
  }
}

/** Every listener of one load balancer (one paged DescribeListeners), each with its own fact. */
async function listLoadBalancer(ctx: CollectContext, region: string | undefined, arn: string): Promise<Fact<Listed[]>> {
  let listeners: Listener[];
  try {
    listeners = await allPages(ctx, 'elasticloadbalancing:DescribeListeners', async (marker, o) => {
      const page = await elbv2(ctx, region).send(new DescribeListenersCommand({ LoadBalancerArn: arn, Marker: marker, PageSize: PAGE_SIZE }), o);
      return { items: page.Listeners, next: page.NextMarker };
    });
  } catch (err) {
    const reason = ctx.reason(err);
    if (NOT_FOUND.has((err as Error).name)) return unknown(`the load balancer ${arn} does not exist in ${region ?? 'the default region'} (${reason})`);
    return unknown(`could not describe the listeners of ${arn}: ${reason}`);
  }
  return present(await Promise.all(listeners.map(async (l): Promise<Listed> => ({ arn: l.ListenerArn ?? '', fact: await withRules(ctx, region, listenerFacts(l)) }))));
}


const LB_TYPE = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const LISTENER_TYPE = 'AWS::ElasticLoadBalancingV2::Listener';

const collector: Collector = {
  service: 'elbv2',
  types: [LB_TYPE, LISTENER_TYPE],
  provides: ['elbv2.loadBalancer', 'elbv2.listeners', 'elbv2.listener'],
  actions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    for (const ref of refs) out.set(ref, {});
    const wantLb = want.has('elbv2.loadBalancer');
    const wantListeners = want.has('elbv2.listeners');
    const regions = byRegion(refs, ctx.settings.region);
    await Promise.all(
      [...regions].map(async ([region, rs]) => {
        const where = region ?? 'the default region';
        // One listing per load balancer, shared by the load balancer and the listeners named on their own.
        const listings = new Map<string, Promise<Fact<Listed[]>>>();
        const listing = (arn: string) => {
          let p = listings.get(arn);
          if (!p) listings.set(arn, (p = listLoadBalancer(ctx, region, arn)));
          return p;
        };

        const listenerRefs = want.has('elbv2.listener') ? rs.filter((r) => r.type === LISTENER_TYPE) : [];
        const ofListeners = Promise.all(
          listenerRefs.map(async (ref) => {
            const arn = ref.arn ?? ref.id;
            const lbArn = loadBalancerArnOf(arn);
            if (!lbArn) {
              out.set(ref, { 'elbv2.listener': unknown(`${ref.id} is not a listener ARN (arn:aws:elasticloadbalancing:<region>:<account>:listener/…), so its load balancer is unknown`) });
              return;
            }
            const all = await listing(lbArn);
            const own = all.state === 'present' ? all.value.find((l) => l.arn === arn) : undefined;
            const fact: Fact<ListenerFacts> =
              all.state !== 'present' ? (all.state === 'unknown' ? all : unknown(`the listeners of ${lbArn} could not be read`)) : own ? own.fact : unknown(`the listener ${arn} does not exist in ${where}`);
            out.set(ref, { 'elbv2.listener': fact });
          }),
        );

        const lbRefs = rs.filter((r) => r.type === LB_TYPE);
        const ofLoadBalancers = (async () => {
          if (lbRefs.length === 0 || (!wantLb && !wantListeners)) return;
          const found = new Map<string, Fact<LoadBalancer>>();
          const arns = [...new Set(lbRefs.filter((r) => r.id.startsWith('arn:')).map((r) => r.id))];
          const names = [...new Set(lbRefs.filter((r) => !r.id.startsWith('arn:')).map((r) => r.id))];
          await Promise.all([
            ...chunk(arns, ELB_BATCH).map((c) => describe(ctx, region, 'arn', c, found)),
            ...chunk(names, ELB_BATCH).map((c) => describe(ctx, region, 'name', c, found)),
          ]);
          await Promise.all(
            lbRefs.map(async (ref) => {
              const lb = found.get(ref.id)!;
              const rec: FactRecord = {};
              if (wantLb) rec['elbv2.loadBalancer'] = lb.state === 'present' ? present(loadBalancerFacts(lb.value)) : lb;
              if (wantListeners) {
                if (lb.state !== 'present') rec['elbv2.listeners'] = lb;
                else {
                  const all = await listing(lb.value.LoadBalancerArn!);
                  rec['elbv2.listeners'] = all.state === 'present' ? allPresent(all.value.map((l) => l.fact)) : all;
                }
              }
              out.set(ref, rec);
            }),
          );
        })();
        await Promise.all([ofListeners, ofLoadBalancers]);
      }),
    );
    return out;
  },
};
export default collector;
