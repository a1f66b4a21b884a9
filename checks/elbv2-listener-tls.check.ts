import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';
import type { ListenerActionFacts, ListenerFacts } from '../src/facts/catalogue.js';
import { redirectsToHttps } from '../src/judge/listener.js';

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';

/**
 * AWS's recommended security policies: those of Security Hub's ELB.17 (its 2023 and 2025
 * lists), and the post-quantum forms of the TLS 1.3 / 1.2 ones. Each negotiates TLS 1.2 or 1.3
 * with forward-secret ciphers only.
 */
export const RECOMMENDED_POLICIES: readonly string[] = [
  'ELBSecurityPolicy-TLS13-1-2-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09',
];

type Judged = { listenerArn: string; port?: number; protocol: string; verdict: 'ok' | 'bad' | 'n/a'; why: string; sslPolicy?: string };

const describeActions = (actions: readonly ListenerActionFacts[]) =>
  actions.map((a) => (a.type === 'redirect' ? `redirect to ${a.redirect?.protocol ?? '#{protocol}'}` : a.type)).join(' + ') || 'none';

/** One listener against the rules: TLS with an allowed policy, or HTTP that only redirects to HTTPS. */
function judge(l: ListenerFacts, policies: readonly string[], plain: readonly string[]): Judged {
  const protocol = l.protocol ?? '(none)';
  const base = { listenerArn: l.listenerArn, ...(l.port !== undefined ? { port: l.port } : {}), protocol };
  switch (protocol) {
    case 'HTTPS':
    case 'TLS':
      if (!l.sslPolicy) return { ...base, verdict: 'bad', why: 'reports no security policy' };
      return policies.includes(l.sslPolicy)
        ? { ...base, sslPolicy: l.sslPolicy, verdict: 'ok', why: `security policy ${l.sslPolicy}` }
        : { ...base, sslPolicy: l.sslPolicy, verdict: 'bad', why: `security policy ${l.sslPolicy} is not one of the allowed policies` };
    case 'HTTP': {
      if (!redirectsToHttps(l.defaultActions)) return { ...base, verdict: 'bad', why: `plain HTTP whose default action is ${describeActions(l.defaultActions)}, not a redirect to HTTPS` };
      const stray = (l.rules ?? []).filter((r) => !redirectsToHttps(r.actions));
      if (stray.length > 0) {
        const which = stray.map((r) => `priority ${r.priority} (${describeActions(r.actions)})`).join(', ');
        return { ...base, verdict: 'bad', why: `plain HTTP that redirects by default, but its rule${stray.length === 1 ? '' : 's'} ${which} ${stray.length === 1 ? 'does' : 'do'} not` };
      }
      return { ...base, verdict: 'ok', why: 'plain HTTP that only redirects to HTTPS' };
    }
    case 'QUIC':
    case 'TCP_QUIC':
      return { ...base, verdict: 'ok', why: 'QUIC, which is always encrypted (TLS 1.3, ended at the targets)' };
    case 'GENEVE':
      return { ...base, verdict: 'n/a', why: 'GENEVE carries packets to appliances unchanged: TLS does not apply' };
    default:
      return plain.includes(protocol)
        ? { ...base, verdict: 'ok', why: `${protocol}, allowed without TLS by allowedPlainProtocols` }
        : { ...base, verdict: 'bad', why: `${protocol} without TLS` };
  }
}

/**
 * Each listener of an application or network load balancer encrypts: HTTPS or TLS with one of the
 * allowed security policies, or plain HTTP that does nothing but redirect to HTTPS (its default
 * action and every rule). Judged on the load balancer (all its listeners) and on each listener a
 * state or stack names on its own; such a listener is judged there and left out of its load
 * balancer's result, so no listener is judged twice.
 */
export default defineCheck({
  id: 'elbv2-listener-tls',
  title: 'Load balancer listeners use TLS with a recommended security policy, and plain HTTP only redirects to HTTPS',
  severity: 'high',
  family: 'network',
  controls: { fsbp: ['ELB.1', 'ELB.17'], cis: [] },
  appliesTo: ['AWS::ElasticLoadBalancingV2::LoadBalancer', LISTENER],
  needs: ['elbv2.listeners', 'elbv2.listener'],
  params: {
    policies: { type: 'string[]', default: RECOMMENDED_POLICIES, description: 'Security policies an HTTPS or TLS listener may use (default: AWS’s recommended TLS 1.3 / 1.2 policies).' },
    allowedPlainProtocols: {
      type: 'string[]',
      default: [],
      description: 'Listener protocols accepted without TLS, such as TCP for a network load balancer that passes TLS through to its targets.',
    },
  },
  remediation:
    'Serve HTTPS (application) or TLS (network) listeners with a certificate and sslPolicy (ssl_policy, SslPolicy) ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 or another recommended policy, and make every HTTP listener’s default action a redirect with protocol HTTPS (status HTTP_301), with no rule that forwards.',
  evaluate: ({ resource, facts, params, related }) => {
    if (resource.type === LISTENER) {
      const f = facts['elbv2.listener'];
      if (f.state === 'unknown') return error(f.reason);
      if (f.state === 'absent') return error('the listener was not read');
      const j = judge(f.value, params.policies, params.allowedPlainProtocols);
      if (j.verdict === 'n/a') return skipped(`listener on port ${j.port ?? '?'}: ${j.why}`, { listener: j });
      return j.verdict === 'ok' ? pass(`${j.protocol} listener on port ${j.port ?? '?'}: ${j.why}`, { listener: j }) : fail(`${j.protocol} listener on port ${j.port ?? '?'}: ${j.why}`, { listener: j });
    }

    const f = facts['elbv2.listeners'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('the listeners of the load balancer were not read');
    // Listeners the run names on their own are judged there, not here too.
    const named = new Set(related.resources(LISTENER).map((r) => r.arn ?? r.id));
    const own = f.value.filter((l) => !named.has(l.listenerArn));
    const elsewhere = f.value.filter((l) => named.has(l.listenerArn)).map((l) => l.listenerArn);
    const evidenceElsewhere = elsewhere.length ? { judgedOnTheirOwn: elsewhere } : {};
    if (f.value.length === 0) return skipped('the load balancer has no listeners: it accepts no traffic', { listeners: [] });
    if (own.length === 0) return skipped('every listener of the load balancer is named on its own and judged there', evidenceElsewhere);
    const judged = own.map((l) => judge(l, params.policies, params.allowedPlainProtocols)).sort((a, b) => (a.port ?? 0) - (b.port ?? 0));
    const evidence = { listeners: judged, ...evidenceElsewhere };
    const bad = judged.filter((j) => j.verdict === 'bad');
    if (bad.length > 0) return fail(bad.map((j) => `${j.protocol} listener on port ${j.port ?? '?'}: ${j.why}`).join('; '), evidence);
    if (judged.every((j) => j.verdict === 'n/a')) return skipped(`its listeners carry GENEVE traffic: TLS does not apply`, evidence);
    return pass(judged.filter((j) => j.verdict === 'ok').map((j) => `${j.protocol} on ${j.port ?? '?'}: ${j.why}`).join('; '), evidence);
  },
});
