import { defineCheck, error, fail, pass } from '../src/engine/define.js';
import { adminStatements, isAdministratorAccessArn } from '../src/judge/policy.js';

export default defineCheck({
  id: 'iam-role-no-admin-policy',
  title: 'IAM role has no policy that allows every action on every resource',
  severity: 'high',
  family: 'identity',
  controls: { fsbp: ['IAM.1'], cis: ['1.16'] },
  appliesTo: ['AWS::IAM::Role'],
  needs: ['iam.rolePolicies'],
  description:
    'Reads every managed policy attached to the role (its default version) and every inline policy. A statement with Effect Allow, ' +
    'an Action holding "*" (or "*:*") and a Resource holding "*" fails, as does the AWS-managed AdministratorAccess policy (by ARN, in any partition). ' +
    'A NotAction statement allows every action but those it names, which is not every action: it is listed in the evidence (broad), not failed.',
  remediation:
    'Replace the "*" actions with the actions the role needs (or detach AdministratorAccess) in the role\'s policies (IamRolePolicy, IamPolicy and its attachment), then deploy.',
  evaluate: ({ facts }) => {
    const f = facts['iam.rolePolicies'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('IAM returned no policies for the role');
    const admin: Array<{ policy: string; statements: string[] }> = [];
    const broad: Array<{ policy: string; statements: string[] }> = [];
    const unread: string[] = [];
    const judge = (policy: string, doc: (typeof f.value.inline)[number]['document']) => {
      if (doc.state !== 'present') {
        unread.push(`${policy}: ${doc.state === 'unknown' ? doc.reason : 'no document'}`);
        return;
      }
      const found = adminStatements(doc.value);
      if (found.admin.length) admin.push({ policy, statements: found.admin });
      if (found.broad.length) broad.push({ policy, statements: found.broad });
    };
    for (const p of f.value.attached) {
      // AdministratorAccess is admin by name, whatever its document says or whether it could be read.
      if (isAdministratorAccessArn(p.arn)) admin.push({ policy: p.arn, statements: ['AdministratorAccess'] });
      else judge(p.arn, p.document);
    }
    for (const p of f.value.inline) judge(`inline:${p.name}`, p.document);
    const counts = { attached: f.value.attached.length, inline: f.value.inline.length };
    if (admin.length) return fail(`the role has administrative access through ${admin.map((a) => a.policy).join(', ')}`, { admin, ...counts, ...(broad.length ? { broad } : {}) });
    if (unread.length) return error(`some of the role's policies could not be read: ${unread.join('; ')}`, { unread });
    return pass('no policy of the role allows every action on every resource', { ...counts, ...(broad.length ? { broad } : {}) });
  },
});
