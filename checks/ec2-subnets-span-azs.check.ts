import { defineCheck, error, fail, pass, skipped } from '../src/engine/define.js';
import type { Fact } from '../src/facts/fact.js';
import type { SubnetFacts } from '../src/facts/catalogue.js';
import type { RelatedView } from '../src/engine/define.js';
import { resourceKey, type ResourceRef } from '../src/types.js';

const UNKNOWN_AZ = '(unknown)';
const INDEX = /\[(\d+)\]$/;

/** The output a key belongs to, without the list index (`Stack.public_subnet_ids[1]` → `Stack.public_subnet_ids`). */
function outputOf(key: string): string {
  return key.replace(INDEX, '');
}

/** The list position a key gives, for listing the set in output order. */
function indexOf(key: string): number {
  const m = INDEX.exec(key);
  return m ? Number(m[1]) : 0;
}

interface Member {
  ref: ResourceRef;
  index: number;
}

/** The state files and stacks that named a subnet. */
function deployers(ref: ResourceRef): string[] {
  return [...new Set((ref.sources ?? []).filter((s) => s.kind !== 'outputs').map((s) => (s.kind === 'stack' ? `stack ${s.origin}` : s.origin)))];
}

interface Deployed {
  /** `deployed by <origin> in <vpc>` → the subnets that source deployed in that VPC. */
  sets: Map<string, Member[]>;
  /** Per set: subnets of the same source whose VPC could not be read. */
  maybe: Map<string, ResourceRef[]>;
  origins: string[];
  error?: string;
}

/**
 * The sets of subnets deployed together with this one: for each state file or stack that named
 * it, the subnets the same source named in the same VPC.
 */
function deployedSets(resource: ResourceRef, own: Fact<SubnetFacts>, related: RelatedView): Deployed {
  const origins = deployers(resource);
  const out: Deployed = { sets: new Map(), maybe: new Map(), origins };
  if (origins.length === 0) return out;
  if (own.state !== 'present') {
    out.error = `the subnet could not be described, so the subnets deployed with it in its VPC cannot be judged: ${own.state === 'unknown' ? own.reason : 'EC2 returned no description'}`;
    return out;
  }
  const vpc = own.value.vpcId;
  const self = resourceKey(resource);
  for (const origin of origins) {
    const label = `deployed by ${origin} in ${vpc}`;
    const members: Member[] = [{ ref: resource, index: 0 }];
    const maybe: ResourceRef[] = [];
    for (const ref of related.resources('AWS::EC2::Subnet')) {
      if (resourceKey(ref) === self || !deployers(ref).includes(origin)) continue;
      const f = related.fact(ref, 'ec2.subnet');
      if (f?.state !== 'present') maybe.push(ref);
      else if (f.value.vpcId === vpc) members.push({ ref, index: members.length });
    }
    out.sets.set(label, members);
    if (maybe.length > 0) out.maybe.set(label, maybe);
  }
  return out;
}

/**
 * The subnets one output lists together (`public_subnet_ids`, `private_subnet_ids`) are a tier the
 * stack built as a set: the set, not each subnet, must span the zones. Every subnet of the set gets
 * the same verdict. A subnet in several such sets must pass in each. The subnets a state file or
 * CloudFormation stack deployed in one VPC are such a set too, however many they are, so every
 * subnet of the stack gets a result.
 */
export default defineCheck({
  id: 'ec2-subnets-span-azs',
  title: 'Subnets listed by the same output, or deployed together in one VPC, span enough availability zones',
  severity: 'medium',
  family: 'availability',
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::EC2::Subnet'],
  needs: ['ec2.subnet'],
  params: {
    minAzs: { type: 'integer', default: 2, min: 1, description: 'The fewest distinct availability zones the subnets one output lists must span.' },
  },
  remediation:
    'Create the Subnet resources behind the output in at least minAzs availability zones: set availabilityZone on each from a DataAwsAvailabilityZones data source (names[0], names[1], ...) instead of one fixed zone, and output all of them.',
  evaluate: ({ resource, facts, params, related }) => {
    // The other subnets of each output that names this one.
    const self = resourceKey(resource);
    const own = facts['ec2.subnet'];
    const sets = new Map<string, Member[]>();
    const inSet = new Map<string, Set<string>>();
    for (const key of resource.keys) {
      sets.set(outputOf(key), [{ ref: resource, index: indexOf(key) }]);
      inSet.set(outputOf(key), new Set([self]));
    }
    for (const ref of related.resources('AWS::EC2::Subnet')) {
      const rk = resourceKey(ref);
      if (rk === self) continue;
      for (const key of ref.keys) {
        const output = outputOf(key);
        const members = inSet.get(output);
        if (members && !members.has(rk)) {
          members.add(rk);
          sets.get(output)!.push({ ref, index: indexOf(key) });
        }
      }
    }
    // The subnets a state file or stack deployed together, per VPC: judged as a set however many.
    const deployed = deployedSets(resource, own, related);
    if (deployed.error) return error(deployed.error, { deployedBy: deployed.origins });
    for (const [label, members] of deployed.sets) sets.set(label, members);
    const judged = [...sets].filter(([label, members]) => members.length > 1 || deployed.sets.has(label));
    if (judged.length === 0) {
      const named = [...sets.keys()];
      return skipped(
        named.length > 0 ? `named alone by output ${named.join(', ')}: judged with its VPC` : 'named by no output: judged with its VPC',
        { outputs: named },
      );
    }

    const outputs: Record<string, { subnets: Record<string, string>; azs: string[] }> = {};
    const short: string[] = [];
    const unread: Record<string, string> = {};
    const unreadOutputs: string[] = [];
    for (const [output, members] of judged) {
      const maybe = deployed.maybe.get(output) ?? [];
      members.sort((a, b) => a.index - b.index);
      const subnets: Record<string, string> = {};
      const blind: string[] = [];
      for (const { ref } of members) {
        const f = resourceKey(ref) === self ? own : related.fact(ref, 'ec2.subnet');
        if (f?.state === 'present') subnets[f.value.subnetId] = f.value.availabilityZone;
        else {
          subnets[ref.id] = UNKNOWN_AZ;
          blind.push(ref.id);
          unread[ref.id] = f === undefined ? 'not collected' : f.state === 'unknown' ? f.reason : 'EC2 returned no description';
        }
      }
      const azs = [...new Set(Object.values(subnets).filter((az) => az !== UNKNOWN_AZ))].sort();
      outputs[output] = { subnets, azs };
      // Fewer subnets than minAzs cannot span minAzs zones, whatever the unread ones hold. A subnet
      // of the same source whose VPC could not be read may belong to the set: it can only add zones.
      if (members.length + maybe.length < params.minAzs) short.push(output);
      else if (blind.length > 0) unreadOutputs.push(output);
      else if (azs.length >= params.minAzs) continue;
      else if (maybe.length > 0) {
        for (const ref of maybe) unread[ref.id] = 'its VPC and availability zone could not be read';
        unreadOutputs.push(output);
      } else short.push(output);
    }

    const evidence = { minAzs: params.minAzs, outputs };
    const list = (names: string[]): string => names.join(', ');
    if (short.length > 0) {
      return fail(`the subnets of ${list(short)} span fewer than ${params.minAzs} availability zones`, {
        ...evidence,
        short,
        ...(Object.keys(unread).length > 0 ? { unread } : {}),
      });
    }
    if (unreadOutputs.length > 0) {
      return error(`the availability zone of ${list(Object.keys(unread))} (listed by ${list(unreadOutputs)}) could not be read`, { ...evidence, unread });
    }
    return pass(`the subnets of ${list(judged.map(([o]) => o))} span at least ${params.minAzs} availability zones`, evidence);
  },
});
