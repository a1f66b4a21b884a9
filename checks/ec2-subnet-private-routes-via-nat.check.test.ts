import { absent, unknown } from '../src/facts/fact.js';
import type { RouteFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import { LOCAL, subnet, toEigw, toIgw, toNat } from '../test/helpers/network-facts.js';
import check from './ec2-subnet-private-routes-via-nat.check.js';

const PRIVATE = { keys: ['PrivateSubnetIds[0]'] };
const table = (routes: RouteFacts[], main = false) => ({ routeTable: { routeTableId: main ? 'rtb-0main' : 'rtb-0priv', main, routes } });

runCheckCases(check, {
  pass: [
    { name: '0.0.0.0/0 through a NAT gateway', resource: PRIVATE, facts: subnet(), expectEvidence: { routeTableId: 'rtb-0a1b2c3d4e5f60718', mainRouteTable: false, defaultRoutes: { '0.0.0.0/0': 'nat-0a1b2c3d4e5f60718 (nat-gateway)' } } },
    { name: 'IPv6 through an egress-only internet gateway', resource: PRIVATE, facts: subnet(table([LOCAL, toNat(), toEigw()])), expectEvidence: { defaultRoutes: { '::/0': 'eigw-0a1b2c3d4e5f60718 (egress-only-internet-gateway)' } } },
    { name: 'an isolated subnet with no default route', resource: { keys: ['IsolatedSubnetIds[0]'] }, facts: subnet(table([LOCAL])), expectEvidence: { defaultRoutes: {} } },
    {
      name: 'no association: the main route table, which routes through NAT',
      resource: PRIVATE,
      facts: subnet(table([LOCAL, toNat()], true)),
      expectEvidence: { routeTableId: 'rtb-0main', mainRouteTable: true },
    },
    { name: 'centralised egress through a transit gateway', resource: PRIVATE, facts: subnet(table([LOCAL, { destination: '0.0.0.0/0', target: 'tgw-0123', targetType: 'transit-gateway', state: 'active' }])) },
    { name: 'a blackholed route to a deleted internet gateway sends nothing', resource: PRIVATE, facts: subnet(table([LOCAL, toIgw('0.0.0.0/0', 'igw-0gone', 'blackhole')])) },
  ],
  fail: [
    {
      name: 'a private subnet routed to the internet gateway (routes would call it public)',
      resource: PRIVATE,
      facts: subnet({ routedTier: 'public', ...table([LOCAL, toIgw()]) }),
      expectEvidence: { tier: 'private', tierSource: 'name', internetGatewayRoutes: [{ destination: '0.0.0.0/0', target: 'igw-0a1b2c3d4e5f60718' }] },
    },
    {
      name: 'no association, and the main route table goes to the internet gateway',
      resource: { keys: [], sources: [{ kind: 'state', format: 'tfstate', origin: 'terraform.tfstate', name: 'aws_subnet.private[0]' }] },
      facts: subnet({ routedTier: 'public', ...table([LOCAL, toIgw()], true) }),
      expectEvidence: { mainRouteTable: true, routeTableId: 'rtb-0main' },
    },
    { name: 'IPv6 default route to an internet gateway (not egress-only)', resource: PRIVATE, facts: subnet({ routedTier: 'public', ...table([LOCAL, toNat(), toIgw('::/0')]) }), expectEvidence: { internetGatewayRoutes: [{ destination: '::/0' }] } },
    { name: 'a narrower route to the internet gateway still makes it public', resource: PRIVATE, facts: subnet(table([LOCAL, toNat(), toIgw('198.51.100.0/24')])), expectEvidence: { internetGatewayRoutes: [{ destination: '198.51.100.0/24' }] } },
  ],
  error: [
    { name: 'the route tables could not be read', resource: PRIVATE, facts: { 'ec2.subnetNetwork': unknown('the routes of subnet-0a1b2c3d4e5f60718 are unknown: could not describe route tables') } },
    { name: 'the fact was not collected', resource: PRIVATE, facts: { 'ec2.subnetNetwork': absent() } },
    { name: 'the stack calls it private and public, no tag says which', resource: { keys: ['PublicSubnetIds[0]', 'PrivateSubnetIds[0]'] }, facts: subnet(), expectEvidence: { tier: 'ambiguous' } },
  ],
  skipped: [
    { name: 'a subnet the outputs call public', resource: { keys: ['PublicSubnetIds[0]'] }, facts: subnet({ routedTier: 'public', ...table([LOCAL, toIgw()]) }), expectEvidence: { tier: 'public' } },
    { name: 'public by its Public tag', resource: { keys: ['SubnetA'] }, facts: subnet({ tags: { 'aws-cdk:subnet-type': 'Public' }, routedTier: 'public', ...table([LOCAL, toIgw()]) }), expectEvidence: { tierSource: 'tag' } },
  ],
});
