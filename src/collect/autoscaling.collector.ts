/**
 * Auto Scaling groups, per region: one DescribeAutoScalingGroups per 50 names (AWS leaves names
 * that do not exist out of the answer), and, for the EBS keys and the instance metadata options,
 * one DescribeLaunchTemplateVersions per distinct (launch template, version) the groups use (see
 * ebs.ts), whichever facts it serves.
 */
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { requireSdk } from './sdk.js';
import { present, unknown, type Fact } from '../facts/fact.js';
import type { AutoScalingGroupFacts, FactKey, LaunchTemplateMetadataFacts, LaunchTemplateVolumesFacts } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import type { CollectContext, Collector, FactRecord } from './context.js';
import { byRegion, describeBatched } from './batch.js';
import { EBS_ACTIONS, describeTemplateMetadata, describeTemplateVersion, type TemplateSpec } from './ebs.js';

const { AutoScalingClient, DescribeAutoScalingGroupsCommand } = requireSdk('@aws-sdk/client-auto-scaling') as typeof import('@aws-sdk/client-auto-scaling');

/** Names asked for in one DescribeAutoScalingGroups. */
export const ASG_BATCH = 50;
const PAGE_SIZE = 100;

function autoscaling(ctx: CollectContext, region: string | undefined): InstanceType<typeof AutoScalingClient> {
  return ctx.client('autoscaling', region, () => new AutoScalingClient(ctx.clientConfig(region)));
}

/** The group's name, from the name itself or its ARN (`…:autoScalingGroupName/<name>`). */
export function groupName(ref: Pick<ResourceRef, 'id'>): string {
  return /:autoScalingGroupName\/(.+)$/.exec(ref.id)?.[1] ?? ref.id;
}

export function groupFacts(g: AutoScalingGroup): AutoScalingGroupFacts {
  const lt = g.LaunchTemplate ?? g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  const facts: AutoScalingGroupFacts = {
    name: g.AutoScalingGroupName ?? '',
    availabilityZones: [...(g.AvailabilityZones ?? [])].sort(),
    subnetIds: (g.VPCZoneIdentifier ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    instances: (g.Instances ?? []).map((i) => ({ instanceId: i.InstanceId ?? '', ...(i.AvailabilityZone ? { availabilityZone: i.AvailabilityZone } : {}) })),
  };
  if (g.AutoScalingGroupARN) facts.arn = g.AutoScalingGroupARN;
  if (lt) {
    facts.launchTemplate = {};
    if (lt.LaunchTemplateId) facts.launchTemplate.id = lt.LaunchTemplateId;
    if (lt.LaunchTemplateName) facts.launchTemplate.name = lt.LaunchTemplateName;
    if (lt.Version) facts.launchTemplate.version = lt.Version;
  }
  if (g.LaunchConfigurationName) facts.launchConfigurationName = g.LaunchConfigurationName;
  if (g.DesiredCapacity !== undefined) facts.desiredCapacity = g.DesiredCapacity;
  return facts;
}

/** What the group launches from, read through the launch template version it names. */
async function fromTemplate<T>(g: AutoScalingGroupFacts, what: string, read: (spec: TemplateSpec) => Promise<Fact<T>>): Promise<Fact<T>> {
  const lt = g.launchTemplate;
  if (lt && (lt.id || lt.name)) return read(lt);
  if (g.launchConfigurationName) {
    return unknown(`the group launches from the launch configuration ${g.launchConfigurationName}; postflight reads the ${what} of launch templates only`);
  }
  return unknown('the group names no launch template');
}

/** The EBS devices the group launches: those of the launch template version it names. */
function groupVolumes(ctx: CollectContext, g: AutoScalingGroupFacts, region: string | undefined): Promise<Fact<LaunchTemplateVolumesFacts>> {
  return fromTemplate(g, 'EBS settings', (spec) => describeTemplateVersion(ctx, spec, region));
}

/** The instance metadata options the group's instances launch with. */
function groupMetadata(ctx: CollectContext, g: AutoScalingGroupFacts, region: string | undefined): Promise<Fact<LaunchTemplateMetadataFacts>> {
  return fromTemplate(g, 'instance metadata options', (spec) => describeTemplateMetadata(ctx, spec, region));
}

const collector: Collector = {
  service: 'autoscaling',
  types: ['AWS::AutoScaling::AutoScalingGroup'],
  provides: ['autoscaling.group', 'ec2.launchTemplateVolumes', 'ec2.launchTemplateMetadata'],
  actions: ['autoscaling:DescribeAutoScalingGroups', ...EBS_ACTIONS],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    const regions = byRegion(refs, ctx.settings.region);
    await Promise.all(
      [...regions].map(async ([region, rs]) => {
        const where = region ?? 'the default region';
        const names = [...new Set(rs.map(groupName))];
        const batch = await describeBatched(
          ctx,
          { action: 'autoscaling:DescribeAutoScalingGroups', what: `Auto Scaling groups in ${where}`, values: names, chunkSize: ASG_BATCH, notFound: new Set() },
          async (values, token, o) => {
            const page = await autoscaling(ctx, region).send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: values, MaxRecords: PAGE_SIZE, NextToken: token }), o);
            return { items: page.AutoScalingGroups, next: page.NextToken };
          },
        );
        await Promise.all(
          rs.map(async (ref) => {
            const name = groupName(ref);
            const g = batch.items.find((x) => x.AutoScalingGroupName === name);
            const failed = batch.failed.get(name);
            const fact: Fact<AutoScalingGroupFacts> = g ? present(groupFacts(g)) : unknown(failed ?? `the Auto Scaling group ${name} does not exist in ${where}`);
            const rec: FactRecord = {};
            if (want.has('autoscaling.group')) rec['autoscaling.group'] = fact;
            if (want.has('ec2.launchTemplateVolumes')) rec['ec2.launchTemplateVolumes'] = fact.state === 'present' ? await groupVolumes(ctx, fact.value, region) : fact;
            if (want.has('ec2.launchTemplateMetadata')) rec['ec2.launchTemplateMetadata'] = fact.state === 'present' ? await groupMetadata(ctx, fact.value, region) : fact;
            out.set(ref, rec);
          }),
        );
      }),
    );
    return out;
  },
};
export default collector;
