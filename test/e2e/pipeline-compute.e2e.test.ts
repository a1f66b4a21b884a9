/**
 * The data-pipeline stack's compute and network tier, judged through the real CLI with one defect
 * at a time: exactly the checks that match the defect fail, on exactly that resource (named in the
 * outputs by NAT gateway ids, an EC2 instance id, a volume id, a network load balancer's DNS name,
 * an Auto Scaling group name and a launch template id). The compliant stack passing them all is
 * asserted with the whole stack in pipeline-stack.e2e.test.ts.
 */
import { COMPUTE_DEFECTS, type ComputeDefect } from '../../fixtures/stacks/pipeline-compute.js';
import { useMoto } from '../helpers/moto.js';
import { expectOnlyDefect, type Pick } from '../helpers/pipeline-e2e.js';

const moto = useMoto();

const EXPECTED: Record<ComputeDefect, Array<[string, Pick]>> = {
  'nat-gateway-one-az': [['ec2-vpc-nat-gateways-span-azs', (i) => [i.vpc, ...i.natGateways]]],
  'nlb-one-az': [['elbv2-load-balancer-spans-azs', (i) => [i.nlb]]],
  'asg-one-az': [['autoscaling-group-spans-azs', (i) => [i.asg]]],
  'asg-template-unencrypted': [
    ['ec2-ebs-volumes-encrypted', (i) => [i.asg, i.launchTemplate]],
    ['autoscaling-group-ebs-encrypted-with-cmk', (i) => [i.asg]],
    ['ec2-launch-template-ebs-encrypted-with-cmk', (i) => [i.launchTemplate]],
  ],
  'instance-volume-unencrypted': [
    ['ec2-ebs-volumes-encrypted', (i) => [i.instance, i.dataVolume]],
    ['ec2-instance-ebs-encrypted-with-cmk', (i) => [i.instance]],
    ['ec2-volume-encrypted-with-cmk', (i) => [i.dataVolume]],
  ],
  'efs-mount-target-one-az': [['efs-file-system-mount-targets-span-azs', (i) => [i.efs]]],
};

describe('the stack with one compute or network defect', () => {
  it.each(COMPUTE_DEFECTS.map((d) => [d]))('%s fails exactly the matching checks on exactly that resource', async (defect) => {
    await expectOnlyDefect(moto(), defect, EXPECTED[defect]);
  }, 120_000);
});
