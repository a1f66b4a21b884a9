/**
 * Which subnets are private: the names the stack gives a subnet first, then its tags, and its
 * routes only when neither says. One row per way a stack names a subnet.
 */
import { describe, expect, it } from '@jest/globals';
import { speakingName, subnetTier, tierOfName, type TierDecision } from '../../src/judge/subnet-tier.js';
import type { SubnetNetworkFacts } from '../../src/facts/catalogue.js';
import type { ResourceRef, SourceRef } from '../../src/types.js';

const wired = (over: Partial<SubnetNetworkFacts> = {}): SubnetNetworkFacts => ({
  subnetId: 'subnet-0a1b2c3d4e5f60718',
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  mapPublicIpOnLaunch: false,
  assignIpv6AddressOnCreation: false,
  tags: {},
  routeTable: { routeTableId: 'rtb-0a1b2c3d4e5f60718', main: false, routes: [] },
  routedTier: 'private',
  ...over,
});

const outputs = (name: string, format = 'flat'): SourceRef => ({ kind: 'outputs', format, origin: 'outputs.json', name });
const state = (name: string, format = 'tfstate'): SourceRef => ({ kind: 'state', format, origin: 'terraform.tfstate', name, providerType: 'aws_subnet' });
const stack = (name: string): SourceRef => ({ kind: 'stack', format: 'cloudformation-stack', origin: 'WebStack', name, providerType: 'AWS::EC2::Subnet' });
const ref = (keys: string[], sources?: SourceRef[]): Pick<ResourceRef, 'keys' | 'sources'> => (sources ? { keys, sources } : { keys });

describe('the tier a name speaks of', () => {
  it.each<[string, 'private' | 'public' | undefined]>([
    ['PrivateSubnetIds', 'private'],
    ['private_subnet_ids[0]', 'private'],
    ['private-subnet-ids', 'private'],
    ['PublicSubnet1', 'public'],
    ['public_subnets', 'public'],
    ['IsolatedSubnets', 'private'],
    ['database_subnet_ids', 'private'],
    ['db_subnet_a', 'private'],
    ['intra_subnets', 'private'],
    ['elasticache_subnets', 'private'],
    ['VpcPrivateSubnet1Subnet536B997A', 'private'],
    ['app_subnet_ids', undefined],
    ['SubnetIds', undefined],
    ['public_and_private_subnets', undefined],
    // A word that merely contains one is not it.
    ['publication_subnet', undefined],
    ['privateer', undefined],
  ])('%s → %s', (name, tier) => {
    expect(tierOfName(name)).toBe(tier);
  });
});

describe('the part of a source name that speaks of the resource', () => {
  const rows: Array<[SourceRef, string]> = [
    [outputs('TapStackdev.private_subnet_ids[0]', 'cdktf'), 'private_subnet_ids[0]'],
    // The stack around the outputs is not the subnet: a stack named Public… says nothing of it.
    [outputs('PublicWebStack.app_subnet_ids[1]', 'cdktf'), 'app_subnet_ids[1]'],
    [outputs('network.private_subnets[0]', 'terraform'), 'network.private_subnets[0]'],
    [state('module.vpc.aws_subnet.private["a"]'), 'vpc.private["a"]'],
    [state('aws_subnet.this["10.0.1.0/24"]'), 'this["10.0.1.0/24"]'],
    [state('urn:pulumi:dev::web::aws:ec2/subnet:Subnet::private-a', 'pulumi-export'), 'private-a'],
    [stack('Network.VpcPublicSubnet1SubnetB4246D30'), 'VpcPublicSubnet1SubnetB4246D30'],
  ];
  it.each(rows.map(([source, name]) => [`${source.kind} ${source.format} ${source.name} → ${name}`, source, name] as const))('%s', (_label, source, name) => {
    expect(speakingName(source)).toBe(name);
  });
});

describe('subnetTier', () => {
  const cases: Array<[string, Pick<ResourceRef, 'keys' | 'sources'>, SubnetNetworkFacts, Partial<TierDecision>]> = [
    ['an output key names it private, whatever its routes say', ref(['PrivateSubnetIds[0]']), wired({ routedTier: 'public' }), { tier: 'private', source: 'name', basis: 'output PrivateSubnetIds[0]' }],
    ['a CDKTF output under a stack whose name says public', ref(['PublicStack.private_subnet_ids[1]'], [outputs('PublicStack.private_subnet_ids[1]', 'cdktf')]), wired(), { tier: 'private', source: 'name' }],
    ['a Terraform state address', ref([], [state('aws_subnet.private[0]')]), wired({ routedTier: 'public' }), { tier: 'private', source: 'name', basis: 'state entry aws_subnet.private[0]' }],
    ['a module instance with a for_each key', ref([], [state('module.vpc.aws_subnet.database["a"]')]), wired(), { tier: 'private', source: 'name' }],
    ['a state address that names it public', ref([], [state('module.vpc.aws_subnet.public[1]')]), wired({ routedTier: 'private' }), { tier: 'public', source: 'name' }],
    ['a CloudFormation logical id from CDK', ref([], [stack('VpcIsolatedSubnet2Subnet39217055')]), wired(), { tier: 'private', source: 'name' }],
    ['a Pulumi resource name', ref([], [state('urn:pulumi:dev::web::aws:ec2/subnet:Subnet::public-b', 'pulumi-export')]), wired(), { tier: 'public', source: 'name' }],
    ['an output and a state entry that agree', ref(['private_subnet_ids[0]'], [outputs('private_subnet_ids[0]'), state('aws_subnet.private[0]')]), wired(), { tier: 'private', source: 'name', basis: 'output private_subnet_ids[0], state entry aws_subnet.private[0]' }],
    ['a neutral name leaves it to the CDK subnet-type tag', ref(['app_subnet_ids[0]']), wired({ tags: { 'aws-cdk:subnet-type': 'Isolated' }, routedTier: 'public' }), { tier: 'private', source: 'tag', basis: 'tag aws-cdk:subnet-type=Isolated' }],
    ['the CDK tag says Public', ref(['SubnetA']), wired({ tags: { 'aws-cdk:subnet-type': 'Public' } }), { tier: 'public', source: 'tag' }],
    ['a Name tag, read by its last path segment (not the stack’s name)', ref(['SubnetA']), wired({ tags: { Name: 'PublicApiStack/Vpc/PrivateSubnet1' }, routedTier: 'public' }), { tier: 'private', source: 'tag', basis: 'tag Name=PublicApiStack/Vpc/PrivateSubnet1' }],
    ['a terraform-aws-modules Name tag', ref(['subnet_a']), wired({ tags: { Name: 'web-public-us-east-1a' } }), { tier: 'public', source: 'tag' }],
    ['nothing says: no internet gateway route means private', ref(['SubnetA']), wired({ routedTier: 'private' }), { tier: 'private', source: 'routes' }],
    ['nothing says: a route to an internet gateway means public', ref(['SubnetA']), wired({ routedTier: 'public', routeTable: { routeTableId: 'rtb-1', main: true, routes: [] } }), { tier: 'public', source: 'routes' }],
    ['names that disagree are settled by a tag', ref(['public_subnet_ids[0]', 'private_subnet_ids[0]']), wired({ tags: { 'aws-cdk:subnet-type': 'Private' } }), { tier: 'private', source: 'tag', conflicting: ['output public_subnet_ids[0] (public)', 'output private_subnet_ids[0] (private)'] }],
    ['names that disagree without a tag: ambiguous, never the routes', ref(['public_subnet_ids[0]', 'private_subnet_ids[0]']), wired({ routedTier: 'private' }), { tier: 'ambiguous', source: 'name' }],
  ];
  it.each(cases)('%s', (_name, resource, facts, expected) => {
    expect(subnetTier(resource, facts)).toMatchObject(expected);
  });

  it('says which route table decided, and that it is the main one', () => {
    const d = subnetTier(ref(['SubnetA']), wired({ routeTable: { routeTableId: 'rtb-0main', main: true, routes: [] } }));
    expect(d.basis).toContain('rtb-0main');
    expect(d.basis).toContain('main route table');
  });
});
