import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'elbv2-load-balancer-spans-azs',
  title: 'Application or network load balancer is enabled in enough availability zones',
  severity: 'medium',
  family: 'availability',
  controls: { fsbp: ['ELB.13'], cis: [] },
  appliesTo: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  needs: ['elbv2.loadBalancer'],
  params: {
    minAzs: { type: 'integer', default: 2, min: 1, description: 'The fewest distinct availability zones the load balancer must be enabled in.' },
  },
  remediation:
    'Give the Lb (aws_lb, LoadBalancer) subnets in at least minAzs availability zones: one Subnet per zone, e.g. the public subnets of every zone for an internet-facing load balancer (subnets: [publicA.id, publicB.id]). An application load balancer needs two zones at least.',
  evaluate: ({ facts, params }) => {
    const f = facts['elbv2.loadBalancer'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('the load balancer was not read');
    const lb = f.value;
    const zones = [...new Set(lb.availabilityZones.map((z) => z.zoneName))].sort();
    const evidence = {
      loadBalancerArn: lb.arn,
      ...(lb.type ? { type: lb.type } : {}),
      minAzs: params.minAzs,
      azs: zones,
      subnets: Object.fromEntries(lb.availabilityZones.filter((z) => z.subnetId).map((z) => [z.subnetId!, z.zoneName])),
    };
    if (zones.length < params.minAzs) return fail(`enabled in ${zones.length} availability zone${zones.length === 1 ? '' : 's'} (${zones.join(', ') || 'none'}), fewer than ${params.minAzs}`, evidence);
    return pass(`enabled in ${zones.length} availability zones (${zones.join(', ')})`, evidence);
  },
});
