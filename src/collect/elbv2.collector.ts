/**
 * ELBv2 load balancers (application, network, gateway), per region. DescribeLoadBalancers takes up
 * to 20 ARNs or 20 names in one call, so N load balancers cost ceil(N/20) calls for those named by
 * ARN plus ceil(N/20) for those named only by DNS name (the name is what a DNS name gives).
 *
 * AWS fails the whole call with LoadBalancerNotFound when one of the ARNs or names does not
 * exist, without always saying which: a chunk that fails so is asked again one by one, so a
 * missing load balancer is reported as missing and cannot hide the others.
 */
import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { requireSdk } from './sdk.js';
import { present, unknown, type Fact } from '../facts/fact.js';
import type { FactKey, LoadBalancerFacts } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext, Collector, FactRecord } from './context.js';
import { allPages, byRegion, chunk } from './batch.js';

const { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } = requireSdk(
  '@aws-sdk/client-elastic-load-balancing-v2',
) as typeof import('@aws-sdk/client-elastic-load-balancing-v2');

/** DescribeLoadBalancers takes at most 20 ARNs or names. */
export const ELB_BATCH = 20;
const NOT_FOUND = new Set(['LoadBalancerNotFoundException', 'LoadBalancerNotFound']);

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

const collector: Collector = {
  service: 'elbv2',
  types: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  provides: ['elbv2.loadBalancer'],
  actions: ['elasticloadbalancing:DescribeLoadBalancers'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    if (!want.has('elbv2.loadBalancer')) {
      for (const ref of refs) out.set(ref, {});
      return out;
    }
    const regions = byRegion(refs, ctx.settings.region);
    await Promise.all(
      [...regions].map(async ([region, rs]) => {
        const found = new Map<string, Fact<LoadBalancer>>();
        const arns = [...new Set(rs.filter((r) => r.id.startsWith('arn:')).map((r) => r.id))];
        const names = [...new Set(rs.filter((r) => !r.id.startsWith('arn:')).map((r) => r.id))];
        await Promise.all([
          ...chunk(arns, ELB_BATCH).map((c) => describe(ctx, region, 'arn', c, found)),
          ...chunk(names, ELB_BATCH).map((c) => describe(ctx, region, 'name', c, found)),
        ]);
        for (const ref of rs) {
          const lb = found.get(ref.id)!;
          out.set(ref, { 'elbv2.loadBalancer': lb.state === 'present' ? present(loadBalancerFacts(lb.value)) : lb });
        }
      }),
    );
    return out;
  },
};
export default collector;
