import { absent, present, unknown } from '../src/facts/fact.js';
import type { LoadBalancerFacts, SecurityGroupFacts, SecurityGroupRuleFacts } from '../src/facts/catalogue.js';
import type { ResourceRef } from '../src/types.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './ec2-security-group-no-open-ingress.check.js';

const SG = 'sg-0a1b2c3d4e5f60718';
const group = (...ingress: SecurityGroupRuleFacts[]) => ({ 'ec2.securityGroup': present<SecurityGroupFacts>({ groupId: SG, groupName: 'alb', vpcId: 'vpc-1', ingress }) });
const tcp = (from: number, to: number, source: Partial<SecurityGroupRuleFacts>): SecurityGroupRuleFacts => ({ ruleId: `sgr-${from}`, protocol: 'tcp', fromPort: from, toPort: to, ...source });
const WORLD4 = { cidrIpv4: '0.0.0.0/0' };
const WORLD6 = { cidrIpv6: '::/0' };
const WEB = [tcp(80, 80, WORLD4), tcp(443, 443, WORLD4), tcp(443, 443, WORLD6)];

const lbRef = (name: string): ResourceRef => ({ type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: `arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/${name}/0123456789abcdef`, keys: [name], region: 'us-east-1' });
const lb = (name: string, scheme: string, securityGroups: string[]) => ({
  resource: lbRef(name),
  facts: { 'elbv2.loadBalancer': present<LoadBalancerFacts>({ arn: lbRef(name).id, name, type: 'application', scheme, availabilityZones: [], securityGroups }) },
});
const unreadLb = (name: string) => ({ resource: lbRef(name), facts: { 'elbv2.loadBalancer': unknown('could not describe load balancers in us-east-1: AccessDenied') } });

runCheckCases(check, {
  pass: [
    { name: 'no rule admits the world', facts: group(tcp(8080, 8080, { referencedGroupId: 'sg-0alb' })) },
    { name: 'a VPC-only group', facts: group(tcp(443, 443, { cidrIpv4: '10.0.0.0/16' })) },
    {
      name: 'the group of an internet-facing ALB open on 80 and 443',
      facts: group(...WEB),
      related: [lb('web', 'internet-facing', [SG.toUpperCase().replace('SG-', 'sg-')])],
      expectEvidence: { internetFacingLoadBalancers: [lbRef('web').id], openRules: [{ ports: '80' }, { ports: '443', source: '0.0.0.0/0' }, { ports: '443', source: '::/0' }] },
    },
    {
      name: 'one readable internet-facing user is enough, even beside an unreadable load balancer',
      facts: group(...WEB),
      related: [lb('web', 'internet-facing', [SG]), unreadLb('other')],
    },
    {
      name: 'an allowed port added by the parameter',
      params: { allowedPorts: [443, 8443] },
      facts: group(tcp(8443, 8443, WORLD4)),
      related: [lb('web', 'internet-facing', [SG])],
      expectEvidence: { allowedPorts: [443, 8443] },
    },
    { name: 'UDP allowed by allowedUdpPorts (QUIC on 443)', params: { allowedUdpPorts: [443] }, facts: group({ protocol: 'udp', fromPort: 443, toPort: 443, ...WORLD4 }), related: [lb('web', 'internet-facing', [SG])] },
  ],
  fail: [
    { name: 'SSH open to the world', facts: group(tcp(22, 22, WORLD4)), related: [lb('web', 'internet-facing', [SG])], expectEvidence: { offendingRules: [{ ports: '22', source: '0.0.0.0/0' }] } },
    { name: 'all traffic from ::/0', facts: group({ protocol: '-1', ...WORLD6 }), expectEvidence: { offendingRules: [{ protocol: 'all traffic (-1)', ports: 'all' }] } },
    { name: 'a range wider than the allowed ports (80-443)', facts: group(tcp(80, 443, WORLD4)), related: [lb('web', 'internet-facing', [SG])], expectEvidence: { offendingRules: [{ ports: '80-443' }] } },
    { name: 'ICMP from the world is not an allowed port', facts: group({ protocol: 'icmp', fromPort: 8, toPort: 0, ...WORLD4 }), expectEvidence: { offendingRules: [{ protocol: 'icmp', ports: 'n/a' }] } },
    { name: 'UDP 443 with no UDP port allowed', facts: group({ protocol: 'udp', fromPort: 443, toPort: 443, ...WORLD4 }), related: [lb('web', 'internet-facing', [SG])] },
    { name: '443 open, but no load balancer in the run', facts: group(...WEB), expectEvidence: { internetFacingLoadBalancers: [] } },
    { name: '443 open, and the run’s load balancer uses another group', facts: group(...WEB), related: [lb('web', 'internet-facing', ['sg-0other'])], expectEvidence: { internetFacingLoadBalancers: [] } },
    { name: '443 open on the group of an internal load balancer', facts: group(...WEB), related: [lb('intra', 'internal', [SG])], expectEvidence: { internalLoadBalancers: [lbRef('intra').id] } },
    { name: 'an unreadable load balancer does not excuse a rule beyond the allowed ports', facts: group(tcp(22, 22, WORLD4)), related: [unreadLb('web')], expectEvidence: { offendingRules: [{ ports: '22' }] } },
  ],
  error: [
    { name: 'the security group could not be described', facts: { 'ec2.securityGroup': unknown('could not describe security group rules in us-east-1: UnauthorizedOperation') } },
    { name: 'the fact was not collected', facts: { 'ec2.securityGroup': absent() } },
    {
      name: '443 open, and a load balancer of the run that may use the group could not be read',
      facts: group(...WEB),
      related: [unreadLb('web')],
      expectEvidence: { unreadLoadBalancers: [`${lbRef('web').id}: could not describe load balancers in us-east-1: AccessDenied`] },
    },
  ],
});
