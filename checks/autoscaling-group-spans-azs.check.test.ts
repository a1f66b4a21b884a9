import { present, unknown } from '../src/facts/fact.js';
import type { AutoScalingGroupFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './autoscaling-group-spans-azs.check.js';

const group = (azs: string[]): { 'autoscaling.group': ReturnType<typeof present<AutoScalingGroupFacts>> } => ({
  'autoscaling.group': present({ name: 'tap-web', availabilityZones: azs, subnetIds: azs.map((_, i) => `subnet-${i}`), instances: [] }),
});

runCheckCases(check, {
  pass: [
    { name: 'two zones', facts: group(['us-east-1b', 'us-east-1a']), expectEvidence: { group: 'tap-web', azs: ['us-east-1a', 'us-east-1b'], subnets: ['subnet-0', 'subnet-1'] } },
    { name: 'one zone with minAzs 1', params: { minAzs: 1 }, facts: group(['us-east-1a']) },
  ],
  fail: [
    { name: 'one zone', facts: group(['us-east-1a']), expectEvidence: { azs: ['us-east-1a'], minAzs: 2 } },
    { name: 'no zone at all', facts: group([]), expectEvidence: { azs: [] } },
    { name: 'two zones with minAzs 3', params: { minAzs: 3 }, facts: group(['us-east-1a', 'us-east-1b']) },
  ],
  error: [
    { name: 'the group could not be described', facts: { 'autoscaling.group': unknown('autoscaling:DescribeAutoScalingGroups AccessDenied') } },
    { name: 'the group does not exist', facts: { 'autoscaling.group': unknown('the Auto Scaling group tap-web does not exist in us-east-1') } },
  ],
});
