import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';
import { subnetTier } from '../src/judge/subnet-tier.js';

/**
 * A private subnet does not give its instances public IPv4 addresses on launch
 * (`MapPublicIpOnLaunch`). Which subnets are private is what the stack says (see
 * src/judge/subnet-tier.ts); a subnet the stack calls public is skipped.
 *
 * IPv6: `AssignIpv6AddressOnCreation` is reported but not judged. An IPv6 address is globally
 * unique, yet it is reachable from the internet only through a `::/0` route to an internet
 * gateway, which ec2-subnet-private-routes-via-nat fails; with an egress-only internet gateway
 * (what a private subnet with IPv6 uses) nothing from outside can open a connection.
 */
export default defineCheck({
  id: 'ec2-subnet-private-no-public-ip',
  title: 'Private subnet does not assign public IP addresses on launch',
  severity: 'high',
  family: 'network',
  controls: { fsbp: ['EC2.15'], cis: [] },
  appliesTo: ['AWS::EC2::Subnet'],
  needs: ['ec2.subnetNetwork'],
  remediation:
    'Set mapPublicIpOnLaunch (map_public_ip_on_launch, MapPublicIpOnLaunch) to false on the private Subnet; instances that must be reached from the internet belong in a public subnet behind a load balancer.',
  evaluate: ({ resource, facts }) => {
    const f = facts['ec2.subnetNetwork'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('the subnet was not read');
    const s = f.value;
    const tier = subnetTier(resource, s);
    const evidence = {
      subnetId: s.subnetId,
      tier: tier.tier,
      tierSource: tier.source,
      tierBasis: tier.basis,
      ...(tier.conflicting ? { conflictingNames: tier.conflicting } : {}),
      mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
      assignIpv6AddressOnCreation: s.assignIpv6AddressOnCreation,
    };
    if (tier.tier === 'ambiguous') return error(`whether ${s.subnetId} is private is ambiguous: ${tier.basis}`, evidence);
    if (tier.tier === 'public') return skipped(`the stack calls ${s.subnetId} public (${tier.basis})`, evidence);
    if (s.mapPublicIpOnLaunch) return fail(`the private subnet ${s.subnetId} gives every instance launched in it a public IPv4 address (MapPublicIpOnLaunch)`, evidence);
    return pass(`the private subnet ${s.subnetId} assigns no public IPv4 address on launch`, evidence);
  },
});
