import { present, unknown } from '../src/facts/fact.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import { CMK_ARN, OTHER_ARN, cmk, otherCmk, stackKeyNamed } from '../test/helpers/kms-fixtures.js';
import { awsManagedData, cmkData, cmkRoot, device, plainData, unreadKey } from '../test/helpers/ebs-fixtures.js';
import check from './ec2-instance-ebs-encrypted-with-cmk.check.js';

runCheckCases(check, {
  pass: [
    {
      name: 'root and data volumes on the stack CMK',
      facts: { 'ec2.instanceVolumes': present([cmkRoot, cmkData]) },
      related: stackKeyNamed(present(cmk)),
      expectEvidence: { volumes: { '/dev/xvda vol-0aaa1111bbbb2222c': { status: 'pass', keyArn: CMK_ARN }, '/dev/sdf vol-0ddd3333eeee4444f': { status: 'pass' } } },
    },
  ],
  fail: [
    { name: 'a data volume is not encrypted', facts: { 'ec2.instanceVolumes': present([cmkRoot, plainData]) }, expectEvidence: { failing: ['/dev/sdg vol-0fff5555aaaa6666b'] } },
    { name: 'a data volume uses aws/ebs', facts: { 'ec2.instanceVolumes': present([cmkRoot, awsManagedData]) }, expectEvidence: { failing: ['/dev/sdh vol-0bbb7777cccc8888d'] } },
    {
      name: "the root volume uses another team's CMK",
      facts: { 'ec2.instanceVolumes': present([device('/dev/xvda', present(OTHER_ARN), present(otherCmk), 'vol-0aaa1111bbbb2222c')]) },
      related: stackKeyNamed(present(cmk)),
      expectEvidence: { failing: ['/dev/xvda vol-0aaa1111bbbb2222c'] },
    },
    { name: 'one volume fails and another key is unread: the failure decides', facts: { 'ec2.instanceVolumes': present([plainData, unreadKey]) }, expectEvidence: { failing: ['/dev/sdg vol-0fff5555aaaa6666b'] } },
  ],
  error: [
    { name: 'the instance could not be described', facts: { 'ec2.instanceVolumes': unknown('ec2:DescribeInstances AccessDenied') } },
    { name: 'the instance does not exist', facts: { 'ec2.instanceVolumes': unknown('the instance i-0abc does not exist in us-east-1') } },
    { name: 'one key could not be read, the others pass', facts: { 'ec2.instanceVolumes': present([cmkRoot, unreadKey]) }, expectEvidence: { unread: ['/dev/sdi vol-0ccc9999dddd0000e'] } },
  ],
  skipped: [{ name: 'an instance-store-only instance', facts: { 'ec2.instanceVolumes': present([]) } }],
});
