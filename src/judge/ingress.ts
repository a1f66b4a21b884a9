/**
 * What a security group's ingress rules open to the world, shared by the security-group checks.
 * A rule is open to the world when its source is `0.0.0.0/0` or `::/0`; a rule whose source is a
 * prefix list or another security group is judged by what it names, never as the world.
 *
 * Ports: a tcp or udp rule opens its range (`FromPort`–`ToPort`); "all traffic" (`-1`) opens every
 * port of every protocol. Other protocols (icmp, esp, …) carry no ports.
 */
import type { SecurityGroupRuleFacts } from '../facts/catalogue.js';

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

/** The protocol as EC2 names it: `tcp`, `udp`, `icmp`, `icmpv6`, `-1`, or another protocol's number. */
export function protocolName(protocol: string): string {
  const p = protocol.toLowerCase();
  return PROTOCOL_NAMES[p] ?? p;
}

/** The world source of a rule (`0.0.0.0/0` or `::/0`), if it has one. */
export function worldSource(rule: SecurityGroupRuleFacts): string | undefined {
  if (rule.cidrIpv4 === '0.0.0.0/0') return rule.cidrIpv4;
  if (rule.cidrIpv6 !== undefined && /^::\/0$/.test(rule.cidrIpv6.trim())) return '::/0';
  return undefined;
}

/** Whether the rule admits every protocol. */
export function allTraffic(rule: SecurityGroupRuleFacts): boolean {
  return protocolName(rule.protocol) === '-1';
}

/** The port range a tcp or udp rule opens; every port when EC2 reports none (or -1). */
export function portRange(rule: SecurityGroupRuleFacts): [number, number] {
  const from = rule.fromPort === undefined || rule.fromPort < 0 ? 0 : rule.fromPort;
  const to = rule.toPort === undefined || rule.toPort < 0 ? 65535 : rule.toPort;
  return [from, to];
}

/** Which of `ports` the rule opens (tcp, udp, or all traffic). */
export function portsOpened(rule: SecurityGroupRuleFacts, ports: readonly number[]): number[] {
  if (allTraffic(rule)) return [...ports];
  const p = protocolName(rule.protocol);
  if (p !== 'tcp' && p !== 'udp') return [];
  const [from, to] = portRange(rule);
  return ports.filter((port) => port >= from && port <= to);
}

/** Whether every port the rule opens is in the allowed list for its protocol (never for all traffic or portless protocols). */
export function onlyAllowedPorts(rule: SecurityGroupRuleFacts, allowedTcp: readonly number[], allowedUdp: readonly number[]): boolean {
  const p = protocolName(rule.protocol);
  const allowed = p === 'tcp' ? allowedTcp : p === 'udp' ? allowedUdp : undefined;
  if (!allowed) return false;
  const [from, to] = portRange(rule);
  // A range wider than the list cannot be inside it; this also bounds the loop.
  if (to < from || to - from + 1 > new Set(allowed).size) return false;
  for (let port = from; port <= to; port++) if (!allowed.includes(port)) return false;
  return true;
}

/** A rule as evidence: protocol, port range, source and rule id, in the terms of the console. */
export function ruleEvidence(rule: SecurityGroupRuleFacts): Record<string, string> {
  const p = protocolName(rule.protocol);
  const [from, to] = portRange(rule);
  const ports = p === '-1' ? 'all' : p === 'tcp' || p === 'udp' ? (from === to ? String(from) : `${from}-${to}`) : 'n/a';
  const source = rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.prefixListId ?? rule.referencedGroupId ?? '(none)';
  return {
    protocol: p === '-1' ? 'all traffic (-1)' : p,
    ports,
    source,
    ...(rule.ruleId ? { ruleId: rule.ruleId } : {}),
    ...(rule.description ? { description: rule.description } : {}),
  };
}
