import { defineCheck, error, fail, pass } from '../src/engine/define.js';
import { portsOpened, ruleEvidence, worldSource } from '../src/judge/ingress.js';

/**
 * No ingress from the whole internet (`0.0.0.0/0`, `::/0`) to remote administration or database
 * ports. A rule opens a port when its tcp or udp range covers it, or when it admits all traffic
 * (`-1`): the CIS recommendation counts TCP, UDP and ALL alike.
 */
export default defineCheck({
  id: 'ec2-security-group-no-open-admin-ports',
  title: 'Security group admits no traffic from the internet to administration or database ports',
  severity: 'high',
  family: 'network',
  // Security Hub's EC2.13, EC2.14, EC2.53 and EC2.54 (22 and 3389 from the internet) belong to the CIS standards, not to
  // FSBP: CIS 5.2 and 5.3 carry them. FSBP's EC2.19 lists more ports (FTP, Telnet, SMTP...) than this check judges by default.
  controls: { fsbp: [], cis: ['5.2', '5.3'] },
  appliesTo: ['AWS::EC2::SecurityGroup'],
  needs: ['ec2.securityGroup'],
  params: {
    ports: {
      type: 'integer[]',
      default: [22, 3389, 3306, 5432, 1433, 1521, 6379, 27017, 9200],
      min: 0,
      max: 65535,
      description: 'Ports no rule may open to 0.0.0.0/0 or ::/0: SSH, RDP, MySQL, PostgreSQL, SQL Server, Oracle, Redis, MongoDB and Elasticsearch by default.',
    },
  },
  remediation:
    'Remove the ingress rules that open these ports to 0.0.0.0/0 or ::/0 (the ingress blocks of the SecurityGroup, or its SecurityGroupIngress / aws_vpc_security_group_ingress_rule resources): admit a bastion or VPN security group or a known CIDR instead, or reach instances through Systems Manager Session Manager.',
  evaluate: ({ facts, params }) => {
    const f = facts['ec2.securityGroup'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('the security group was not read');
    const g = f.value;
    const offending = g.ingress.flatMap((rule) => {
      const world = worldSource(rule);
      const opened = world ? portsOpened(rule, params.ports) : [];
      return opened.length > 0 ? [{ ...ruleEvidence(rule), opens: opened }] : [];
    });
    const evidence = { groupId: g.groupId, groupName: g.groupName, ports: [...params.ports] };
    if (offending.length > 0) {
      const opened = [...new Set(offending.flatMap((r) => r.opens))].sort((a, b) => a - b);
      return fail(`${offending.length} ingress rule${offending.length === 1 ? '' : 's'} open${offending.length === 1 ? 's' : ''} port${opened.length === 1 ? '' : 's'} ${opened.join(', ')} to the internet`, {
        ...evidence,
        offendingRules: offending,
      });
    }
    const worldRules = g.ingress.filter((r) => worldSource(r) !== undefined).map(ruleEvidence);
    return pass(`no ingress rule opens ${params.ports.join(', ')} to 0.0.0.0/0 or ::/0`, { ...evidence, worldRules });
  },
});
