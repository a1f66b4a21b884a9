import { unknown } from '../src/facts/fact.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import { launchTemplateCmkCases } from '../test/helpers/ebs-fixtures.js';
import check from './autoscaling-group-ebs-encrypted-with-cmk.check.js';

// A group is judged by the launch template version it launches from: the template's own table,
// and a group that launches from a launch configuration, whose EBS settings are not read.
const cases = launchTemplateCmkCases();
runCheckCases(check, {
  ...cases,
  error: [
    ...cases.error,
    { name: 'the group launches from a launch configuration', facts: { 'ec2.launchTemplateVolumes': unknown('the group launches from the launch configuration web-lc; postflight reads the EBS settings of launch templates only') } },
  ],
});
