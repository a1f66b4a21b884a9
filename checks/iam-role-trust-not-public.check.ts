import { defineCheck, error, fail, pass } from '../src/engine/define.js';
import { publicGrants } from '../src/judge/policy.js';

export default defineCheck({
  id: 'iam-role-trust-not-public',
  title: 'IAM role trust policy lets no one outside named accounts or organizations assume the role',
  severity: 'critical',
  family: 'identity',
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::IAM::Role'],
  needs: ['iam.role'],
  description:
    'Fails on an Allow statement of the trust policy whose principal is "*" (or {"AWS": "*"}, or a NotPrincipal) unless a condition limits it to fixed accounts or organizations ' +
    '(aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn with an account, aws:SourceAccount, aws:SourceArn with an account, …; not an …IfExists operator, wildcards or policy variables).',
  remediation:
    'Name the accounts, roles or services that may assume the role in its assume_role_policy (or add an aws:PrincipalOrgID / aws:PrincipalAccount condition), then deploy.',
  evaluate: ({ facts }) => {
    const f = facts['iam.role'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('IAM returned no description of the role');
    const { open, limited } = publicGrants(f.value.trustPolicy);
    if (open.length) return fail(`anyone may assume the role: ${open.map((g) => g.statement).join(', ')} allow "*" with no account or organization condition`, { publicStatements: open });
    return pass('only named principals, or "*" limited to accounts or organizations, may assume the role', {
      statements: f.value.trustPolicy.Statement.length,
      ...(limited.length ? { limited: limited.map((g) => ({ statement: g.statement, limits: g.limits })) } : {}),
    });
  },
});
