import { absent, unknown } from '../src/facts/fact.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import { subnet, toIgw, LOCAL } from '../test/helpers/network-facts.js';
import check from './ec2-subnet-private-no-public-ip.check.js';

const PRIVATE = { keys: ['TapStackdev.private_subnet_ids[0]'] };
const PUBLIC = { keys: ['TapStackdev.public_subnet_ids[0]'] };

runCheckCases(check, {
  pass: [
    { name: 'a subnet the outputs call private, without public IPs', resource: PRIVATE, facts: subnet(), expectEvidence: { tier: 'private', tierSource: 'name', mapPublicIpOnLaunch: false } },
    { name: 'private by its CDK subnet-type tag', resource: { keys: ['AppSubnet'] }, facts: subnet({ tags: { 'aws-cdk:subnet-type': 'Private' } }), expectEvidence: { tierSource: 'tag' } },
    { name: 'private by its routes when nothing else says', resource: { keys: ['AppSubnet'] }, facts: subnet(), expectEvidence: { tierSource: 'routes' } },
    {
      name: 'IPv6 addresses on creation are reported, not judged (egress-only routes keep them unreachable)',
      resource: PRIVATE,
      facts: subnet({ assignIpv6AddressOnCreation: true }),
      expectEvidence: { assignIpv6AddressOnCreation: true },
    },
  ],
  fail: [
    { name: 'a private subnet that maps public IPs', resource: PRIVATE, facts: subnet({ mapPublicIpOnLaunch: true }), expectEvidence: { mapPublicIpOnLaunch: true, tier: 'private' } },
    {
      name: 'private by its state address, though routed to the internet gateway',
      resource: { keys: [], sources: [{ kind: 'state', format: 'tfstate', origin: 'terraform.tfstate', name: 'module.vpc.aws_subnet.private[1]' }] },
      facts: subnet({ mapPublicIpOnLaunch: true, routedTier: 'public', routeTable: { routeTableId: 'rtb-1', main: false, routes: [LOCAL, toIgw()] } }),
      expectEvidence: { tierSource: 'name', tierBasis: 'state entry module.vpc.aws_subnet.private[1]' },
    },
    {
      name: 'names that disagree, settled by a Private tag',
      resource: { keys: ['public_subnet_ids[0]', 'private_subnet_ids[0]'] },
      facts: subnet({ mapPublicIpOnLaunch: true, tags: { 'aws-cdk:subnet-type': 'Private' } }),
      expectEvidence: { tierSource: 'tag', conflictingNames: ['output public_subnet_ids[0] (public)', 'output private_subnet_ids[0] (private)'] },
    },
  ],
  error: [
    { name: 'the subnet or its route tables could not be read', resource: PRIVATE, facts: { 'ec2.subnetNetwork': unknown('could not describe route tables in us-east-1: UnauthorizedOperation') } },
    { name: 'the fact was not collected', resource: PRIVATE, facts: { 'ec2.subnetNetwork': absent() } },
    { name: 'names that disagree, and no tag settles it', resource: { keys: ['public_subnet_ids[0]', 'private_subnet_ids[0]'] }, facts: subnet({ mapPublicIpOnLaunch: true }), expectEvidence: { tier: 'ambiguous' } },
  ],
  skipped: [
    { name: 'a subnet the outputs call public', resource: PUBLIC, facts: subnet({ mapPublicIpOnLaunch: true, routedTier: 'public' }), expectEvidence: { tier: 'public', tierSource: 'name' } },
    { name: 'public by its routes when nothing else says', resource: { keys: ['AppSubnet'] }, facts: subnet({ mapPublicIpOnLaunch: true, routedTier: 'public' }), expectEvidence: { tierSource: 'routes' } },
  ],
});
