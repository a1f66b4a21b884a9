import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';
import { subnetTier } from '../src/judge/subnet-tier.js';

const DEFAULTS = ['0.0.0.0/0', '::/0'];

/**
 * A private subnet reaches the internet, if at all, through a NAT gateway (or an egress-only
 * internet gateway for IPv6): no route of its route table goes to an internet gateway. Its route
 * table is the one associated with it, else its VPC's main table. Any active route to an internet
 * gateway fails, whatever its destination: with one, the subnet is public by AWS's own definition.
 * Default routes to other targets (a transit gateway, a firewall endpoint, a NAT instance's
 * interface) pass and are reported; so does a subnet with no default route at all.
 */
export default defineCheck({
  id: 'ec2-subnet-private-routes-via-nat',
  title: 'Private subnet routes to the internet through a NAT gateway or not at all, never an internet gateway',
  severity: 'high',
  family: 'network',
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::EC2::Subnet'],
  needs: ['ec2.subnetNetwork'],
  remediation:
    "Give the private Subnet a RouteTable of its own (RouteTableAssociation, aws_route_table_association) whose 0.0.0.0/0 Route has natGatewayId (nat_gateway_id) set, and ::/0 an egressOnlyInternetGatewayId; never a gatewayId of the InternetGateway. A private subnet without an association uses the VPC's main route table, which must not route to the internet gateway either.",
  evaluate: ({ resource, facts }) => {
    const f = facts['ec2.subnetNetwork'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('the subnet was not read');
    const s = f.value;
    const tier = subnetTier(resource, s);
    const table = s.routeTable;
    const active = table.routes.filter((r) => r.state !== 'blackhole');
    const defaults = Object.fromEntries(active.filter((r) => DEFAULTS.includes(r.destination)).map((r) => [r.destination, `${r.target} (${r.targetType})`]));
    const evidence = {
      subnetId: s.subnetId,
      tier: tier.tier,
      tierSource: tier.source,
      tierBasis: tier.basis,
      ...(tier.conflicting ? { conflictingNames: tier.conflicting } : {}),
      routeTableId: table.routeTableId,
      mainRouteTable: table.main,
      defaultRoutes: defaults,
    };
    if (tier.tier === 'ambiguous') return error(`whether ${s.subnetId} is private is ambiguous: ${tier.basis}`, evidence);
    if (tier.tier === 'public') return skipped(`the stack calls ${s.subnetId} public (${tier.basis})`, evidence);
    const toIgw = active.filter((r) => r.targetType === 'internet-gateway');
    if (toIgw.length > 0) {
      return fail(`the private subnet ${s.subnetId} routes ${toIgw.map((r) => `${r.destination} to ${r.target}`).join(', ')} through ${table.routeTableId}${table.main ? ' (the main route table)' : ''}`, {
        ...evidence,
        internetGatewayRoutes: toIgw.map((r) => ({ destination: r.destination, target: r.target })),
      });
    }
    const v4 = defaults['0.0.0.0/0'];
    return pass(v4 ? `0.0.0.0/0 goes to ${v4}; no route goes to an internet gateway` : 'no default route: the subnet reaches nothing outside its VPC', evidence);
  },
});
