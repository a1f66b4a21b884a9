import { runCheckCases } from '../test/helpers/check-cases.js';
import { launchTemplateCmkCases } from '../test/helpers/ebs-fixtures.js';
import check from './ec2-launch-template-ebs-encrypted-with-cmk.check.js';

runCheckCases(check, launchTemplateCmkCases());
