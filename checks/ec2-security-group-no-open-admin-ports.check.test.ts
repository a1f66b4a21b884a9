import { absent, present, unknown } from '../src/facts/fact.js';
import type { SecurityGroupFacts, SecurityGroupRuleFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './ec2-security-group-no-open-admin-ports.check.js';

const group = (...ingress: SecurityGroupRuleFacts[]) => ({ 'ec2.securityGroup': present<SecurityGroupFacts>({ groupId: 'sg-0a1b2c3d4e5f60718', groupName: 'web', vpcId: 'vpc-1', ingress }) });
const tcp = (from: number, to: number, source: Partial<SecurityGroupRuleFacts>, ruleId = 'sgr-0123456789abcdef0'): SecurityGroupRuleFacts => ({ ruleId, protocol: 'tcp', fromPort: from, toPort: to, ...source });
const WORLD4 = { cidrIpv4: '0.0.0.0/0' };
const WORLD6 = { cidrIpv6: '::/0' };

runCheckCases(check, {
  pass: [
    { name: 'no ingress rule at all', facts: group(), expectEvidence: { groupId: 'sg-0a1b2c3d4e5f60718', worldRules: [] } },
    { name: 'HTTPS open to the world (not an admin port)', facts: group(tcp(443, 443, WORLD4), tcp(443, 443, WORLD6)), expectEvidence: { worldRules: [{ protocol: 'tcp', ports: '443', source: '0.0.0.0/0' }, { ports: '443', source: '::/0' }] } },
    { name: 'SSH from the corporate network only', facts: group(tcp(22, 22, { cidrIpv4: '203.0.113.0/24' })) },
    { name: 'PostgreSQL from the application security group', facts: group(tcp(5432, 5432, { referencedGroupId: 'sg-0app' })) },
    { name: 'all traffic from a prefix list (not the world)', facts: group({ protocol: '-1', prefixListId: 'pl-0123' }) },
    { name: 'ICMP from the world carries no port', facts: group({ protocol: 'icmp', fromPort: 8, toPort: 0, ...WORLD4 }) },
    { name: 'a range that stops short of 22', facts: group(tcp(23, 1000, WORLD4)) },
    { name: 'ports narrowed by the parameter: 22 is no longer listed', params: { ports: [3389] }, facts: group(tcp(22, 22, WORLD4)), expectEvidence: { ports: [3389] } },
  ],
  fail: [
    { name: 'SSH open to 0.0.0.0/0', facts: group(tcp(22, 22, WORLD4)), expectEvidence: { offendingRules: [{ protocol: 'tcp', ports: '22', source: '0.0.0.0/0', ruleId: 'sgr-0123456789abcdef0', opens: [22] }] } },
    { name: 'RDP open to ::/0', facts: group(tcp(3389, 3389, WORLD6)), expectEvidence: { offendingRules: [{ source: '::/0', opens: [3389] }] } },
    { name: 'a port range that covers RDP, MySQL and PostgreSQL', facts: group(tcp(3000, 6000, WORLD4)), expectEvidence: { offendingRules: [{ ports: '3000-6000', opens: [3389, 3306, 5432] }] } },
    { name: 'all traffic from the world opens every listed port', facts: group({ ruleId: 'sgr-all', protocol: '-1', ...WORLD4 }), expectEvidence: { offendingRules: [{ protocol: 'all traffic (-1)', ports: 'all', opens: [22, 3389, 3306, 5432, 1433, 1521, 6379, 27017, 9200] }] } },
    { name: 'all traffic given as protocol number -1 without ports', facts: group({ protocol: '-1', ...WORLD6 }), expectEvidence: { offendingRules: [{ source: '::/0' }] } },
    { name: 'UDP counts too (CIS: TCP, UDP or ALL)', facts: group({ protocol: 'udp', fromPort: 0, toPort: 65535, ...WORLD4 }), expectEvidence: { offendingRules: [{ protocol: 'udp', ports: '0-65535' }] } },
    { name: 'protocol given by number (6 is tcp)', facts: group({ protocol: '6', fromPort: 6379, toPort: 6379, ...WORLD4 }), expectEvidence: { offendingRules: [{ protocol: 'tcp', opens: [6379] }] } },
    { name: 'a rule without a rule id (evidence without it)', facts: group({ protocol: 'tcp', fromPort: 27017, toPort: 27017, ...WORLD4, description: 'mongo' }), expectEvidence: { offendingRules: [{ ports: '27017', description: 'mongo' }] } },
    { name: 'a port added by the parameter', params: { ports: [8080] }, facts: group(tcp(8080, 8080, WORLD4)), expectEvidence: { ports: [8080], offendingRules: [{ opens: [8080] }] } },
  ],
  error: [
    { name: 'the security group could not be described', facts: { 'ec2.securityGroup': unknown('could not describe security groups in us-east-1: UnauthorizedOperation') } },
    { name: 'the group does not exist', facts: { 'ec2.securityGroup': unknown('the security group sg-0a1b2c3d4e5f60718 does not exist in us-east-1') } },
    { name: 'a name two VPCs share', facts: { 'ec2.securityGroup': unknown('2 security groups are named web-sg in us-east-1') } },
    { name: 'the fact was not collected', facts: { 'ec2.securityGroup': absent() } },
  ],
});
