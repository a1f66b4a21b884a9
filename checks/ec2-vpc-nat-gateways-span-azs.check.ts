import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';

/**
 * A VPC whose subnets reach the internet through NAT gateways loses that path with the zone of a
 * lone NAT gateway. Judged on the VPC (and on a NAT gateway the outputs name, by its VPC): the NAT
 * gateways its routes use sit in at least `minAzs` zones, every zone with public subnets has one,
 * and a subnet whose zone has a NAT gateway routes through that one, not another zone's.
 */
export default defineCheck({
  id: 'ec2-vpc-nat-gateways-span-azs',
  title: 'NAT gateways of the VPC are spread over enough availability zones, one per zone with public subnets',
  severity: 'medium',
  family: 'availability',
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::EC2::VPC', 'AWS::EC2::NatGateway'],
  needs: ['ec2.vpcNat'],
  params: {
    minAzs: { type: 'integer', default: 2, min: 1, description: 'The fewest distinct availability zones the NAT gateways the routes use must sit in.' },
    onePerPublicAz: { type: 'boolean', default: true, description: 'Every availability zone with a public subnet must hold an available NAT gateway.' },
    sameAzRoutes: { type: 'boolean', default: true, description: "A subnet in a zone that holds a NAT gateway must route through that zone's NAT gateway, not another zone's." },
  },
  remediation:
    "Create one NatGateway (with its Eip) in the public Subnet of each availability zone, and give the private Subnets of each zone their own RouteTable whose 0.0.0.0/0 Route has natGatewayId set to the NatGateway of the same zone (in CDK: natGateways: <number of AZs> on the Vpc).",
  evaluate: ({ facts, params }) => {
    const f = facts['ec2.vpcNat'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('the NAT gateways of the VPC were not read');
    const { vpcId, natGateways, subnets } = f.value;
    const routed = subnets.filter((s) => s.natGatewayId !== undefined);
    const natGatewaysEvidence = Object.fromEntries(natGateways.map((n) => [n.natGatewayId, { availabilityZone: n.availabilityZone, state: n.state, connectivityType: n.connectivityType }]));
    if (routed.length === 0) {
      return skipped(`no subnet of ${vpcId} routes 0.0.0.0/0 through a NAT gateway`, { vpcId, natGateways: natGatewaysEvidence });
    }
    const byId = new Map(natGateways.map((n) => [n.natGatewayId, n]));
    const routes = Object.fromEntries(routed.map((s) => [s.subnetId, { availabilityZone: s.availabilityZone, natGatewayId: s.natGatewayId }]));
    const problems: string[] = [];

    const dead = [...new Set(routed.map((s) => s.natGatewayId!))].filter((id) => byId.get(id)?.state !== 'available');
    if (dead.length > 0) problems.push(`subnets route through NAT gateways that are not available: ${dead.map((id) => `${id} (${byId.get(id)?.state ?? 'not found'})`).join(', ')}`);

    const used = [...new Set(routed.map((s) => s.natGatewayId!))].map((id) => byId.get(id)).filter((n) => n?.state === 'available');
    const usedAzs = [...new Set(used.map((n) => n!.availabilityZone))].sort();
    if (usedAzs.length < params.minAzs) problems.push(`the NAT gateways in use sit in ${usedAzs.length} availability zone${usedAzs.length === 1 ? '' : 's'} (${usedAzs.join(', ') || 'none'}), fewer than ${params.minAzs}`);

    const available = natGateways.filter((n) => n.state === 'available');
    const natAzs = new Set(available.map((n) => n.availabilityZone));
    const publicAzs = [...new Set(subnets.filter((s) => s.tier === 'public').map((s) => s.availabilityZone))].sort();
    const missing = publicAzs.filter((az) => !natAzs.has(az));
    if (params.onePerPublicAz && missing.length > 0) problems.push(`zones with public subnets but no NAT gateway: ${missing.join(', ')}`);

    const crossZone = params.sameAzRoutes
      ? routed.filter((s) => natAzs.has(s.availabilityZone) && byId.get(s.natGatewayId!)?.availabilityZone !== s.availabilityZone).map((s) => s.subnetId)
      : [];
    if (crossZone.length > 0) problems.push(`subnets routed through another zone's NAT gateway though their own zone has one: ${crossZone.join(', ')}`);

    const evidence = { vpcId, minAzs: params.minAzs, natGateways: natGatewaysEvidence, natAzs: usedAzs, publicAzs, routes };
    if (problems.length > 0) return fail(problems.join('; '), { ...evidence, ...(missing.length ? { zonesWithoutNat: missing } : {}), ...(crossZone.length ? { crossZoneRoutes: crossZone } : {}) });
    return pass(`the NAT gateways in use sit in ${usedAzs.length} availability zones (${usedAzs.join(', ')}), one in each zone with public subnets`, evidence);
  },
});
