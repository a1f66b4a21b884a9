import { defineCheck, error, fail, pass } from '../src/engine/define.js';
import { publicGrants } from '../src/judge/policy.js';

export default defineCheck({
  id: 'kms-key-policy-no-public-principal',
  title: 'KMS key policy grants nothing to "*" unless limited to named accounts or organizations',
  severity: 'critical',
  family: 'identity',
  controls: { fsbp: ['KMS.5'], cis: [] },
  appliesTo: ['AWS::KMS::Key'],
  needs: ['kms.keyPolicy'],
  description:
    'Fails on an Allow statement of the key policy whose principal is "*" (or {"AWS": "*"}, or a NotPrincipal) unless a condition on the caller\'s account or organization limits it, ' +
    'as AWS\'s own key policies for services do: kms:CallerAccount, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn with an account (fixed values only).',
  remediation:
    'Replace the "*" principal in the key policy with the account or roles that use the key, or add a kms:CallerAccount / aws:PrincipalOrgID condition, then deploy.',
  evaluate: ({ facts }) => {
    const f = facts['kms.keyPolicy'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('KMS returned no key policy');
    const { open, limited } = publicGrants(f.value);
    if (open.length) return fail(`the key policy grants to anyone: ${open.map((g) => g.statement).join(', ')}`, { publicStatements: open });
    return pass('the key policy grants nothing to "*" beyond named accounts or organizations', {
      statements: f.value.Statement.length,
      ...(limited.length ? { limited: limited.map((g) => ({ statement: g.statement, limits: g.limits })) } : {}),
    });
  },
});
