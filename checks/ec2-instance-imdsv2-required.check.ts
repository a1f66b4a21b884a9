import { defineCheck, error, fail, pass } from '../src/engine/define.js';

/**
 * Instances answer only IMDSv2 (session-token) metadata requests: `HttpTokens` `required`, or the
 * metadata endpoint turned off (`HttpEndpoint` `disabled`). Judged on instances (the options they
 * run with), on launch templates (their default version) and on Auto Scaling groups (the template
 * version they launch). A template that sets no `HttpTokens` fails: its instances then take the
 * AMI's or the account's default, which the stack does not fix.
 */
export default defineCheck({
  id: 'ec2-instance-imdsv2-required',
  title: 'Instances require IMDSv2 (session tokens) for instance metadata',
  severity: 'high',
  family: 'network',
  controls: { fsbp: ['EC2.8', 'EC2.170'], cis: ['5.6'] },
  appliesTo: ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::AutoScalingGroup'],
  needs: ['ec2.instanceMetadata', 'ec2.launchTemplateMetadata'],
  remediation:
    'Set metadataOptions { httpTokens: "required" } (metadata_options { http_tokens = "required" }; in CDK requireImdsv2: true) on the Instance and in the LaunchTemplate data, and make the version with it the template’s default (or the version the Auto Scaling group launches).',
  evaluate: ({ resource, facts }) => {
    const instance = resource.type === 'AWS::EC2::Instance';
    const f = instance ? facts['ec2.instanceMetadata'] : facts['ec2.launchTemplateMetadata'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('the instance metadata options were not read');
    const m = f.value;
    const where =
      'instanceId' in m ? `the instance ${m.instanceId}` : `the launch template ${m.launchTemplateName ?? m.launchTemplateId} version ${m.version}`;
    const evidence = {
      ...('instanceId' in m ? { instanceId: m.instanceId } : { launchTemplateId: m.launchTemplateId, version: m.version }),
      httpTokens: m.httpTokens ?? '(not set)',
      httpEndpoint: m.httpEndpoint ?? '(not set)',
      ...(m.httpPutResponseHopLimit !== undefined ? { httpPutResponseHopLimit: m.httpPutResponseHopLimit } : {}),
    };
    if (m.httpEndpoint === 'disabled') return pass(`${where} has the instance metadata endpoint turned off`, evidence);
    if (m.httpTokens === 'required') return pass(`${where} requires IMDSv2 session tokens`, evidence);
    if (m.httpTokens === undefined) return fail(`${where} does not set HttpTokens: instances take the AMI’s or the account’s default, which may allow IMDSv1`, evidence);
    return fail(`${where} allows IMDSv1 (HttpTokens ${m.httpTokens})`, evidence);
  },
});
