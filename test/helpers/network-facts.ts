/** Fact builders for the network checks' tables: a subnet as it is wired, routes, listeners. */
import { present } from '../../src/facts/fact.js';
import type { RouteFacts, SubnetNetworkFacts } from '../../src/facts/catalogue.js';

export const LOCAL: RouteFacts = { destination: '10.0.0.0/16', target: 'local', targetType: 'local', state: 'active' };
export const toNat = (id = 'nat-0a1b2c3d4e5f60718'): RouteFacts => ({ destination: '0.0.0.0/0', target: id, targetType: 'nat-gateway', state: 'active' });
export const toIgw = (destination = '0.0.0.0/0', id = 'igw-0a1b2c3d4e5f60718', state = 'active'): RouteFacts => ({ destination, target: id, targetType: 'internet-gateway', state });
export const toEigw = (id = 'eigw-0a1b2c3d4e5f60718'): RouteFacts => ({ destination: '::/0', target: id, targetType: 'egress-only-internet-gateway', state: 'active' });

/** A subnet's wiring, private by default: routes through a NAT gateway, no public IPs. */
export function subnet(over: Partial<SubnetNetworkFacts> = {}) {
  return {
    'ec2.subnetNetwork': present<SubnetNetworkFacts>({
      subnetId: 'subnet-0a1b2c3d4e5f60718',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      mapPublicIpOnLaunch: false,
      assignIpv6AddressOnCreation: false,
      tags: {},
      routeTable: { routeTableId: 'rtb-0a1b2c3d4e5f60718', main: false, routes: [LOCAL, toNat()] },
      routedTier: 'private',
      ...over,
    }),
  };
}
