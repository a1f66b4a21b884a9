import { present, unknown } from '../src/facts/fact.js';
import type { LoadBalancerFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './elbv2-load-balancer-spans-azs.check.js';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/tap-alb/50dc6c495c0c9188';
const lb = (zones: string[], type = 'application'): { 'elbv2.loadBalancer': ReturnType<typeof present<LoadBalancerFacts>> } => ({
  'elbv2.loadBalancer': present({ arn: ARN, name: 'tap-alb', type, availabilityZones: zones.map((z, i) => ({ zoneName: z, subnetId: `subnet-${i}` })) }),
});

runCheckCases(check, {
  pass: [
    { name: 'an ALB in two zones', facts: lb(['us-east-1a', 'us-east-1b']), expectEvidence: { azs: ['us-east-1a', 'us-east-1b'], subnets: { 'subnet-0': 'us-east-1a' }, loadBalancerArn: ARN } },
    { name: 'an NLB in three zones, minAzs 3', params: { minAzs: 3 }, facts: lb(['us-east-1a', 'us-east-1b', 'us-east-1c'], 'network'), expectEvidence: { type: 'network', minAzs: 3 } },
  ],
  fail: [
    { name: 'an NLB in one zone', facts: lb(['us-east-1a'], 'network'), expectEvidence: { azs: ['us-east-1a'] } },
    { name: 'two subnets in the same zone', facts: lb(['us-east-1a', 'us-east-1a']), expectEvidence: { azs: ['us-east-1a'] } },
    { name: 'minAzs 3 with two zones', params: { minAzs: 3 }, facts: lb(['us-east-1a', 'us-east-1b']) },
  ],
  error: [
    { name: 'the load balancer could not be described', facts: { 'elbv2.loadBalancer': unknown('elasticloadbalancing:DescribeLoadBalancers AccessDenied') } },
    { name: 'the load balancer does not exist', facts: { 'elbv2.loadBalancer': unknown('the load balancer tap-alb does not exist in us-east-1') } },
  ],
});
