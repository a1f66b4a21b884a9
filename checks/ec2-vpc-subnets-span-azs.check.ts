import { defineCheck, error, fail, pass } from '../src/engine/define.js';
import type { SubnetFacts } from '../src/facts/catalogue.js';

const TIERS: ReadonlyArray<SubnetFacts['tier']> = ['public', 'private'];

/**
 * A VPC with both public and private subnets is judged per tier, since an outage of the one zone
 * that holds all of a tier takes that tier down however many zones the other spans. A VPC with one
 * tier only is judged as that tier.
 */
export default defineCheck({
  id: 'ec2-vpc-subnets-span-azs',
  title: 'VPC subnets span enough availability zones in every tier',
  severity: 'medium',
  family: 'availability',
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::EC2::VPC'],
  needs: ['ec2.vpcSubnets'],
  params: {
    minAzs: { type: 'integer', default: 2, min: 1, description: 'The fewest distinct availability zones each subnet tier (public, private) must span.' },
  },
  remediation:
    'Add Subnet resources to the Vpc so that each tier (public subnets routed to the internet gateway, private subnets) has one Subnet per availability zone in at least minAzs zones: set availabilityZone on each from a DataAwsAvailabilityZones data source (names[0], names[1], ...), with a RouteTableAssociation to the tier\'s route table.',
  evaluate: ({ facts, params }) => {
    const f = facts['ec2.vpcSubnets'];
    if (f.state === 'unknown') return error(f.reason);
    const subnets = f.state === 'present' ? f.value : [];
    if (subnets.length === 0) return fail('the VPC has no subnets', { subnets: 0, minAzs: params.minAzs });

    const found = TIERS.filter((t) => subnets.some((s) => s.tier === t));
    const tiers: Record<string, Record<string, string>> = {};
    const azs: Record<string, string[]> = {};
    const short: string[] = [];
    for (const tier of found) {
      const members = subnets.filter((s) => s.tier === tier);
      tiers[tier] = Object.fromEntries(members.map((s) => [s.subnetId, s.availabilityZone]));
      const zones = [...new Set(members.map((s) => s.availabilityZone))].sort();
      azs[tier] = zones;
      if (zones.length < params.minAzs) short.push(tier);
    }
    const evidence = { minAzs: params.minAzs, tiers, azs };
    const summary = found.map((t) => `${t}: ${azs[t]!.length}`).join(', ');
    if (short.length > 0) return fail(`fewer than ${params.minAzs} availability zones in ${short.join(' and ')} subnets (${summary})`, { ...evidence, short });
    return pass(`every tier spans at least ${params.minAzs} availability zones (${summary})`, evidence);
  },
});
