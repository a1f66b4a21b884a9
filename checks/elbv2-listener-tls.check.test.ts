import { absent, present, unknown } from '../src/facts/fact.js';
import type { ListenerActionFacts, ListenerFacts } from '../src/facts/catalogue.js';
import type { ResourceRef } from '../src/types.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './elbv2-listener-tls.check.js';

const LB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/0123456789abcdef';
const arnOf = (port: number) => `arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/0123456789abcdef/${port.toString(16).padStart(16, '0')}`;
const LB = { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' as const, id: LB_ARN };
const LISTENER = (port: number) => ({ type: 'AWS::ElasticLoadBalancingV2::Listener' as const, id: arnOf(port), arn: arnOf(port) });

const forward: ListenerActionFacts = { type: 'forward' };
const toHttps: ListenerActionFacts = { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } };
const keepProtocol: ListenerActionFacts = { type: 'redirect', redirect: { protocol: '#{protocol}', host: 'www.example.com' } };

const listener = (port: number, protocol: string, over: Partial<ListenerFacts> = {}): ListenerFacts => ({
  listenerArn: arnOf(port),
  loadBalancerArn: LB_ARN,
  port,
  protocol,
  certificateArns: protocol === 'HTTPS' || protocol === 'TLS' ? ['arn:aws:acm:us-east-1:111122223333:certificate/abc'] : [],
  defaultActions: [forward],
  ...over,
});
const https = (port = 443, sslPolicy = 'ELBSecurityPolicy-TLS13-1-2-2021-06') => listener(port, 'HTTPS', { sslPolicy });
const redirect = (port = 80, rules: ListenerFacts['rules'] = []) => listener(port, 'HTTP', { defaultActions: [toHttps], rules });
const lb = (...ls: ListenerFacts[]) => ({ 'elbv2.listeners': present(ls) });
const one = (l: ListenerFacts) => ({ 'elbv2.listener': present(l) });
/** Listeners a state names on their own: resources of the run beside the load balancer. */
const named = (...ports: number[]) => ports.map((p) => ({ resource: { ...LISTENER(p), keys: [], region: 'us-east-1' } as ResourceRef, facts: { 'elbv2.listener': present(https(p)) } }));

runCheckCases(check, {
  pass: [
    {
      name: 'an ALB with HTTPS on a recommended policy and HTTP that redirects',
      resource: LB,
      facts: lb(redirect(), https()),
      expectEvidence: { listeners: [{ port: 80, protocol: 'HTTP', verdict: 'ok' }, { port: 443, protocol: 'HTTPS', verdict: 'ok', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }] },
    },
    { name: 'an NLB with a TLS listener on a post-quantum policy', resource: LB, facts: lb(listener(443, 'TLS', { sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09' })) },
    { name: 'an HTTP listener whose rules redirect too', resource: LB, facts: lb(redirect(80, [{ priority: '10', actions: [toHttps] }]), https()) },
    { name: 'a TCP listener allowed by allowedPlainProtocols (TLS passed through)', resource: LB, params: { allowedPlainProtocols: ['TCP'] }, facts: lb(listener(443, 'TCP')) },
    { name: 'a QUIC listener is always encrypted', resource: LB, facts: lb(listener(443, 'QUIC')) },
    { name: 'a policy added by the parameter', resource: LB, params: { policies: ['ELBSecurityPolicy-FS-1-2-Res-2020-10'] }, facts: lb(https(443, 'ELBSecurityPolicy-FS-1-2-Res-2020-10')) },
    {
      name: 'listeners a state names on their own are left out of the load balancer’s result',
      resource: LB,
      facts: lb(redirect(), https(), https(8443, 'ELBSecurityPolicy-2016-08')),
      related: named(8443),
      expectEvidence: { judgedOnTheirOwn: [arnOf(8443)] },
    },
    { name: 'a listener named on its own: HTTPS', resource: LISTENER(443), facts: one(https()), expectEvidence: { listener: { listenerArn: arnOf(443), verdict: 'ok' } } },
    { name: 'a listener named on its own: HTTP that redirects', resource: LISTENER(80), facts: one(redirect()) },
  ],
  fail: [
    { name: 'HTTPS on the 2016 policy (TLS 1.0)', resource: LB, facts: lb(https(443, 'ELBSecurityPolicy-2016-08')), expectEvidence: { listeners: [{ verdict: 'bad', sslPolicy: 'ELBSecurityPolicy-2016-08' }] } },
    { name: 'an HTTP listener that forwards', resource: LB, facts: lb(listener(80, 'HTTP'), https()), expectEvidence: { listeners: [{ port: 80, verdict: 'bad' }, { port: 443, verdict: 'ok' }] } },
    { name: 'an HTTP listener that redirects to HTTP (#{protocol})', resource: LB, facts: lb(listener(80, 'HTTP', { defaultActions: [keepProtocol] })) },
    { name: 'an HTTP listener with no action at all', resource: LB, facts: lb(listener(80, 'HTTP', { defaultActions: [] })) },
    {
      name: 'an HTTP listener that redirects by default but forwards /api',
      resource: LB,
      facts: lb(redirect(80, [{ ruleArn: 'arn:rule/1', priority: '5', actions: [forward] }]), https()),
      expectEvidence: { listeners: [{ port: 80, verdict: 'bad', why: 'plain HTTP that redirects by default, but its rule priority 5 (forward) does not' }, { port: 443, verdict: 'ok' }] },
    },
    { name: 'a TCP listener without TLS', resource: LB, facts: lb(listener(6379, 'TCP')), expectEvidence: { listeners: [{ protocol: 'TCP', verdict: 'bad' }] } },
    { name: 'an HTTPS listener that reports no policy', resource: LB, facts: lb(listener(443, 'HTTPS')) },
    { name: 'a listener with no protocol reported', resource: LB, facts: lb(listener(443, '')) },
    { name: 'a listener named on its own that forwards plain HTTP', resource: LISTENER(80), facts: one(listener(80, 'HTTP')), expectEvidence: { listener: { verdict: 'bad', protocol: 'HTTP' } } },
    { name: 'a listener named on its own on an old policy', resource: LISTENER(443), facts: one(https(443, 'ELBSecurityPolicy-TLS-1-1-2017-01')) },
  ],
  error: [
    { name: 'the listeners could not be described', resource: LB, facts: { 'elbv2.listeners': unknown('could not describe the listeners of arn:…: AccessDenied') } },
    { name: 'an HTTP listener’s rules could not be read', resource: LB, facts: { 'elbv2.listeners': unknown('could not describe the rules of the listener arn:…: AccessDenied') } },
    { name: 'the load balancer’s listeners were not collected', resource: LB, facts: { 'elbv2.listeners': absent() } },
    { name: 'a listener named on its own that no longer exists', resource: LISTENER(443), facts: { 'elbv2.listener': unknown(`the listener ${arnOf(443)} does not exist in us-east-1`) } },
    { name: 'a listener named on its own, not collected', resource: LISTENER(443), facts: { 'elbv2.listener': absent() } },
  ],
  skipped: [
    { name: 'a load balancer without listeners', resource: LB, facts: lb(), expectEvidence: { listeners: [] } },
    { name: 'every listener is named on its own', resource: LB, facts: lb(https(443), https(8443)), related: named(443, 8443), expectEvidence: { judgedOnTheirOwn: [arnOf(443), arnOf(8443)] } },
    { name: 'a gateway load balancer’s GENEVE listener', resource: LB, facts: lb(listener(6081, 'GENEVE')) },
    { name: 'a GENEVE listener named on its own', resource: LISTENER(6081), facts: one(listener(6081, 'GENEVE')) },
  ],
});
