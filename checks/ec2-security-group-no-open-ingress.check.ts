import { defineCheck, error, fail, pass } from '../src/engine/define.js';
import { onlyAllowedPorts, ruleEvidence, worldSource } from '../src/judge/ingress.js';

const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

/**
 * Ingress from the whole internet only where the internet is meant to come in: the allowed ports
 * (80 and 443 by default), and those only on a security group that an internet-facing load
 * balancer of the run uses (DescribeLoadBalancers `SecurityGroups`).
 *
 * The run sees the load balancers its outputs, state or stack name. A group open on an allowed
 * port that none of them uses fails, saying so: a load balancer outside the run cannot vouch for
 * it, since the run cannot see that it exists, is internet-facing, or uses the group. When a load
 * balancer of the run could not be read, the group is `error` (that one may use it), unless
 * another, readable, internet-facing one does.
 */
export default defineCheck({
  id: 'ec2-security-group-no-open-ingress',
  title: 'Security group admits traffic from the internet only on the allowed ports of an internet-facing load balancer',
  severity: 'high',
  family: 'network',
  controls: { fsbp: ['EC2.18'], cis: [] },
  appliesTo: ['AWS::EC2::SecurityGroup'],
  needs: ['ec2.securityGroup'],
  relatedNeeds: { [LB]: ['elbv2.loadBalancer'] },
  params: {
    allowedPorts: { type: 'integer[]', default: [80, 443], min: 0, max: 65535, description: 'TCP ports that may be open to 0.0.0.0/0 and ::/0, on the security groups of internet-facing load balancers.' },
    allowedUdpPorts: { type: 'integer[]', default: [], min: 0, max: 65535, description: 'UDP ports that may be open to the internet likewise.' },
  },
  remediation:
    'Admit the internet only on the load balancer: give the internet-facing Lb (aws_lb, LoadBalancer) its own SecurityGroup open on 80 and 443, and open the instances’ and tasks’ groups to that group (source_security_group_id / referenced_security_group_id) rather than to 0.0.0.0/0; name the load balancer in the outputs (or state) so the run can see it.',
  evaluate: ({ facts, params, related }) => {
    const f = facts['ec2.securityGroup'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('the security group was not read');
    const g = f.value;
    const open = g.ingress.filter((r) => worldSource(r) !== undefined);
    const notAllowed = open.filter((r) => !onlyAllowedPorts(r, params.allowedPorts, params.allowedUdpPorts)).map(ruleEvidence);
    const allowed = open.filter((r) => onlyAllowedPorts(r, params.allowedPorts, params.allowedUdpPorts)).map(ruleEvidence);
    const evidence = { groupId: g.groupId, groupName: g.groupName, allowedPorts: [...params.allowedPorts], allowedUdpPorts: [...params.allowedUdpPorts] };

    if (notAllowed.length > 0) {
      return fail(`${notAllowed.length} ingress rule${notAllowed.length === 1 ? '' : 's'} admit${notAllowed.length === 1 ? 's' : ''} the internet beyond the allowed ports`, {
        ...evidence,
        offendingRules: notAllowed,
      });
    }
    if (allowed.length === 0) return pass('no ingress rule admits 0.0.0.0/0 or ::/0', evidence);

    // Open on allowed ports: only an internet-facing load balancer of the run that uses the group vouches for it.
    const users: string[] = [];
    const internal: string[] = [];
    const unread: string[] = [];
    for (const lb of related.resources(LB)) {
      const fact = related.fact(lb, 'elbv2.loadBalancer');
      if (fact?.state !== 'present') {
        unread.push(`${lb.id}: ${fact?.state === 'unknown' ? fact.reason : 'not read'}`);
        continue;
      }
      const uses = (fact.value.securityGroups ?? []).some((sg) => sg.toLowerCase() === g.groupId.toLowerCase());
      if (!uses) continue;
      if (fact.value.scheme === 'internet-facing') users.push(fact.value.arn || lb.id);
      else internal.push(fact.value.arn || lb.id);
    }
    const lbEvidence = { ...evidence, openRules: allowed, internetFacingLoadBalancers: users, ...(internal.length ? { internalLoadBalancers: internal } : {}) };
    if (users.length > 0) return pass(`open to the internet on allowed ports only, as the security group of ${users.join(', ')}`, lbEvidence);
    if (unread.length > 0) return error(`the group is open to the internet on allowed ports, and a load balancer of the run that may use it could not be read (${unread.join('; ')})`, { ...lbEvidence, unreadLoadBalancers: unread });
    return fail(
      internal.length > 0
        ? `open to the internet on ${allowed.map((r) => r.ports).join(', ')}, but only internal load balancers use it`
        : `open to the internet on ${allowed.map((r) => r.ports).join(', ')}, but no internet-facing load balancer of the run uses it`,
      lbEvidence,
    );
  },
});
