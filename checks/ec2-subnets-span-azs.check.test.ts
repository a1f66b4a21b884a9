import { absent, present, unknown, type Fact } from '../src/facts/fact.js';
import type { SubnetFacts } from '../src/facts/catalogue.js';
import type { ResourceRef, SourceRef } from '../src/types.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './ec2-subnets-span-azs.check.js';

const PUBLIC = 'TapStackdev.public_subnet_ids';
const PRIVATE = 'TapStackdev.private_subnet_ids';

const facts = (id: string, az: string): SubnetFacts => ({ subnetId: id, vpcId: 'vpc-0abc', availabilityZone: az, mapPublicIpOnLaunch: false, tier: 'private' });
const ref = (id: string, ...keys: string[]): ResourceRef => ({ type: 'AWS::EC2::Subnet', id, region: 'us-east-1', keys });
const sibling = (id: string, fact: Fact<SubnetFacts> | undefined, ...keys: string[]) => ({
  resource: ref(id, ...keys),
  facts: fact === undefined ? {} : { 'ec2.subnet': fact },
});

const STATE = 'terraform.tfstate';
const fromState = (address: string): SourceRef => ({ kind: 'state', format: 'tfstate', origin: STATE, name: address, providerType: 'aws_subnet' });
const inVpc = (id: string, vpc: string, az: string): SubnetFacts => ({ ...facts(id, az), vpcId: vpc });
/** A subnet the state deployed and no output names. */
const deployed = (id: string, fact: Fact<SubnetFacts> | undefined) => ({
  resource: { ...ref(id), sources: [fromState(`aws_subnet.${id}`)] },
  facts: fact === undefined ? {} : { 'ec2.subnet': fact },
});
const selfDeployed = { id: 'subnet-a', keys: [] as string[], sources: [fromState('aws_subnet.a')] };
const DEPLOYED = `deployed by ${STATE} in vpc-0abc`;

/** The resource under test: subnet-a, first in the public list unless told otherwise. */
const self = (...keys: string[]) => ({ id: 'subnet-a', keys: keys.length > 0 ? keys : [`${PUBLIC}[0]`] });
const ownA = { 'ec2.subnet': present(facts('subnet-a', 'us-east-1a')) };

runCheckCases(check, {
  pass: [
    {
      name: 'two subnets of one output in two zones',
      resource: self(),
      facts: ownA,
      related: [sibling('subnet-b', present(facts('subnet-b', 'us-east-1b')), `${PUBLIC}[1]`)],
      expectEvidence: { minAzs: 2, outputs: { [PUBLIC]: { subnets: { 'subnet-a': 'us-east-1a', 'subnet-b': 'us-east-1b' }, azs: ['us-east-1a', 'us-east-1b'] } } },
    },
    {
      name: 'the second subnet of the list gets the same verdict',
      resource: self(`${PUBLIC}[1]`),
      facts: ownA,
      related: [sibling('subnet-b', present(facts('subnet-b', 'us-east-1b')), `${PUBLIC}[0]`)],
      expectEvidence: { outputs: { [PUBLIC]: { azs: ['us-east-1a', 'us-east-1b'] } } },
    },
    {
      name: 'subnets of another output are not counted',
      resource: self(),
      facts: ownA,
      related: [
        sibling('subnet-b', present(facts('subnet-b', 'us-east-1b')), `${PUBLIC}[1]`),
        sibling('subnet-c', present(facts('subnet-c', 'us-east-1a')), `${PRIVATE}[0]`),
        sibling('subnet-d', present(facts('subnet-d', 'us-east-1a')), `${PRIVATE}[1]`),
      ],
      expectEvidence: { outputs: { [PUBLIC]: { subnets: { 'subnet-a': 'us-east-1a', 'subnet-b': 'us-east-1b' } } } },
    },
    {
      name: 'minAzs 3 with three subnets in three zones',
      params: { minAzs: 3 },
      resource: self(),
      facts: ownA,
      related: [
        sibling('subnet-b', present(facts('subnet-b', 'us-east-1b')), `${PUBLIC}[1]`),
        sibling('subnet-c', present(facts('subnet-c', 'us-east-1c')), `${PUBLIC}[2]`),
      ],
      expectEvidence: { minAzs: 3, outputs: { [PUBLIC]: { azs: ['us-east-1a', 'us-east-1b', 'us-east-1c'] } } },
    },
    {
      name: 'flat outputs without a stack prefix',
      resource: self('SubnetIds[0]'),
      facts: ownA,
      related: [sibling('subnet-b', present(facts('subnet-b', 'us-east-1b')), 'SubnetIds[1]')],
      expectEvidence: { outputs: { SubnetIds: { azs: ['us-east-1a', 'us-east-1b'] } } },
    },
    {
      name: 'subnets a state deployed in one VPC span two zones, though no output names them',
      resource: selfDeployed,
      facts: ownA,
      related: [deployed('subnet-b', present(facts('subnet-b', 'us-east-1b'))), deployed('subnet-x', present(inVpc('subnet-x', 'vpc-other', 'us-east-1a')))],
      expectEvidence: { outputs: { [DEPLOYED]: { subnets: { 'subnet-a': 'us-east-1a', 'subnet-b': 'us-east-1b' }, azs: ['us-east-1a', 'us-east-1b'] } } },
    },
    {
      name: 'a deployed subnet whose VPC could not be read does not stop a set that already spans the zones',
      resource: selfDeployed,
      facts: ownA,
      related: [deployed('subnet-b', present(facts('subnet-b', 'us-east-1b'))), deployed('subnet-c', unknown('AccessDenied'))],
      expectEvidence: { outputs: { [DEPLOYED]: { azs: ['us-east-1a', 'us-east-1b'] } } },
    },
  ],
  fail: [
    {
      name: 'the subnets a state deployed in one VPC all sit in one zone',
      resource: selfDeployed,
      facts: ownA,
      related: [deployed('subnet-b', present(facts('subnet-b', 'us-east-1a'))), deployed('subnet-x', present(inVpc('subnet-x', 'vpc-other', 'us-east-1b')))],
      expectEvidence: { short: [DEPLOYED], outputs: { [DEPLOYED]: { subnets: { 'subnet-a': 'us-east-1a', 'subnet-b': 'us-east-1a' } } } },
    },
    {
      name: 'the only subnet a state deployed in its VPC gets a result: one zone',
      resource: selfDeployed,
      facts: ownA,
      related: [deployed('subnet-x', present(inVpc('subnet-x', 'vpc-other', 'us-east-1b')))],
      expectEvidence: { short: [DEPLOYED], outputs: { [DEPLOYED]: { subnets: { 'subnet-a': 'us-east-1a' } } } },
    },
    {
      name: 'two subnets of one output in the same zone',
      resource: self(),
      facts: ownA,
      related: [sibling('subnet-b', present(facts('subnet-b', 'us-east-1a')), `${PUBLIC}[1]`)],
      expectEvidence: { short: [PUBLIC], outputs: { [PUBLIC]: { subnets: { 'subnet-a': 'us-east-1a', 'subnet-b': 'us-east-1a' }, azs: ['us-east-1a'] } } },
    },
    {
      name: 'minAzs 3 with subnets in two zones',
      params: { minAzs: 3 },
      resource: self(),
      facts: ownA,
      related: [
        sibling('subnet-b', present(facts('subnet-b', 'us-east-1b')), `${PUBLIC}[1]`),
        sibling('subnet-c', present(facts('subnet-c', 'us-east-1b')), `${PUBLIC}[2]`),
      ],
      expectEvidence: { minAzs: 3, short: [PUBLIC], outputs: { [PUBLIC]: { azs: ['us-east-1a', 'us-east-1b'] } } },
    },
    {
      name: 'minAzs 3 with two subnets fails although a sibling zone could not be read',
      params: { minAzs: 3 },
      resource: self(),
      facts: ownA,
      related: [sibling('subnet-b', unknown('AccessDenied'), `${PUBLIC}[1]`)],
      expectEvidence: { short: [PUBLIC], unread: { 'subnet-b': 'AccessDenied' }, outputs: { [PUBLIC]: { subnets: { 'subnet-b': '(unknown)' } } } },
    },
    {
      name: 'spread in one output, single-zone in another that also lists it',
      resource: self(`${PUBLIC}[0]`, 'TapStackdev.all_subnet_ids[0]'),
      facts: ownA,
      related: [
        sibling('subnet-b', present(facts('subnet-b', 'us-east-1b')), `${PUBLIC}[1]`),
        sibling('subnet-c', present(facts('subnet-c', 'us-east-1a')), 'TapStackdev.all_subnet_ids[1]'),
      ],
      expectEvidence: { short: ['TapStackdev.all_subnet_ids'], outputs: { [PUBLIC]: { azs: ['us-east-1a', 'us-east-1b'] } } },
    },
    {
      name: 'two subnets in one zone fail even when a third could not be described',
      resource: self(),
      facts: { 'ec2.subnet': unknown('AccessDenied: ec2:DescribeSubnets') },
      params: { minAzs: 3 },
      related: [sibling('subnet-b', present(facts('subnet-b', 'us-east-1b')), `${PUBLIC}[1]`)],
      expectEvidence: { short: [PUBLIC], unread: { 'subnet-a': 'AccessDenied: ec2:DescribeSubnets' } },
    },
  ],
  error: [
    {
      name: 'a deployed subnet that could not be described',
      resource: selfDeployed,
      facts: { 'ec2.subnet': unknown('AccessDenied: ec2:DescribeSubnets') },
      related: [deployed('subnet-b', present(facts('subnet-b', 'us-east-1b')))],
      expectEvidence: { deployedBy: [STATE] },
    },
    {
      name: 'one zone so far, and a subnet of the same state whose VPC could not be read',
      resource: selfDeployed,
      facts: ownA,
      related: [deployed('subnet-b', present(facts('subnet-b', 'us-east-1a'))), deployed('subnet-c', unknown('Throttling'))],
      expectEvidence: { unread: { 'subnet-c': 'its VPC and availability zone could not be read' } },
    },
    {
      name: 'the subnet could not be described (AccessDenied)',
      resource: self(),
      facts: { 'ec2.subnet': unknown('AccessDenied: ec2:DescribeSubnets') },
      related: [sibling('subnet-b', present(facts('subnet-b', 'us-east-1b')), `${PUBLIC}[1]`)],
      expectEvidence: { unread: { 'subnet-a': 'AccessDenied: ec2:DescribeSubnets' }, outputs: { [PUBLIC]: { subnets: { 'subnet-a': '(unknown)', 'subnet-b': 'us-east-1b' } } } },
    },
    {
      name: 'no description of the subnet came back',
      resource: self(),
      facts: { 'ec2.subnet': absent() },
      related: [sibling('subnet-b', present(facts('subnet-b', 'us-east-1b')), `${PUBLIC}[1]`)],
      expectEvidence: { unread: { 'subnet-a': 'EC2 returned no description' } },
    },
    {
      name: 'a sibling could not be described',
      resource: self(),
      facts: ownA,
      related: [sibling('subnet-b', unknown('the subnet subnet-b does not exist in us-east-1'), `${PUBLIC}[1]`)],
      expectEvidence: {
        unread: { 'subnet-b': 'the subnet subnet-b does not exist in us-east-1' },
        outputs: { [PUBLIC]: { subnets: { 'subnet-a': 'us-east-1a', 'subnet-b': '(unknown)' } } },
      },
    },
    {
      name: 'a sibling was not collected',
      resource: self(),
      facts: ownA,
      related: [sibling('subnet-b', undefined, `${PUBLIC}[1]`)],
      expectEvidence: { unread: { 'subnet-b': 'not collected' } },
    },
    {
      name: 'a sibling could not be described although two zones are already known',
      resource: self(),
      facts: ownA,
      related: [
        sibling('subnet-b', present(facts('subnet-b', 'us-east-1b')), `${PUBLIC}[1]`),
        sibling('subnet-c', unknown('Throttling'), `${PUBLIC}[2]`),
      ],
      expectEvidence: { unread: { 'subnet-c': 'Throttling' }, outputs: { [PUBLIC]: { azs: ['us-east-1a', 'us-east-1b'] } } },
    },
  ],
  skipped: [
    {
      name: 'named alone by its output',
      resource: self('TapStackdev.bastion_subnet_id'),
      facts: ownA,
      related: [sibling('subnet-b', present(facts('subnet-b', 'us-east-1b')), `${PUBLIC}[0]`)],
      expectEvidence: { outputs: ['TapStackdev.bastion_subnet_id'] },
    },
    {
      name: 'named alone by its output and not described either',
      resource: self('TapStackdev.bastion_subnet_id'),
      facts: { 'ec2.subnet': unknown('AccessDenied: ec2:DescribeSubnets') },
      expectEvidence: { outputs: ['TapStackdev.bastion_subnet_id'] },
    },
    {
      name: 'alone in its list output',
      resource: self(`${PUBLIC}[0]`),
      facts: ownA,
      expectEvidence: { outputs: [PUBLIC] },
    },
  ],
});
