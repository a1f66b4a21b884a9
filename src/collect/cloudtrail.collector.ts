/**
 * CloudTrail: one `DescribeTrails` per region for every trail named there (names or ARNs, shadow
 * copies of multi-Region trails included), then `GetTrailStatus` per trail, which has no batch
 * form, asked in the trail's home region (the only one that reports on it) by its ARN.
 */
import type { Trail } from '@aws-sdk/client-cloudtrail';
import { requireSdk } from './sdk.js';
import { present, unknown, type Fact } from '../facts/fact.js';
import type { CloudTrailStatusFacts, CloudTrailTrailFacts, FactKey } from '../facts/catalogue.js';
import type { ResourceRef } from '../types.js';
import { byRegion } from './batch.js';
import type { CollectContext, Collector, FactRecord } from './context.js';

const { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } = requireSdk('@aws-sdk/client-cloudtrail') as typeof import('@aws-sdk/client-cloudtrail');

function cloudtrail(ctx: CollectContext, region: string | undefined): InstanceType<typeof CloudTrailClient> {
  return ctx.client('cloudtrail', region, () => new CloudTrailClient(ctx.clientConfig(region)));
}

export function trailFacts(t: Trail): CloudTrailTrailFacts {
  const facts: CloudTrailTrailFacts = {
    name: t.Name ?? '',
    isMultiRegionTrail: t.IsMultiRegionTrail === true,
    logFileValidationEnabled: t.LogFileValidationEnabled === true,
  };
  if (t.TrailARN) facts.arn = t.TrailARN;
  if (t.HomeRegion) facts.homeRegion = t.HomeRegion;
  if (t.IsOrganizationTrail !== undefined) facts.isOrganizationTrail = t.IsOrganizationTrail;
  if (t.IncludeGlobalServiceEvents !== undefined) facts.includeGlobalServiceEvents = t.IncludeGlobalServiceEvents;
  if (t.S3BucketName) facts.s3BucketName = t.S3BucketName;
  if (t.KmsKeyId) facts.kmsKeyId = t.KmsKeyId;
  return facts;
}

/** The name a ref asks DescribeTrails with, and how an answer is matched to it. */
const asked = (ref: ResourceRef) => ref.arn ?? ref.id;
const matches = (ref: ResourceRef, t: Trail) => (ref.arn !== undefined && t.TrailARN === ref.arn) || t.Name === ref.id || t.TrailARN === ref.id;

async function status(ctx: CollectContext, trail: CloudTrailTrailFacts, region: string | undefined): Promise<Fact<CloudTrailStatusFacts>> {
  const home = trail.homeRegion ?? region;
  const name = trail.arn ?? trail.name;
  try {
    const out = await ctx.call('cloudtrail:GetTrailStatus', (o) => cloudtrail(ctx, home).send(new GetTrailStatusCommand({ Name: name }), o));
    if (out.IsLogging === undefined) return unknown(`GetTrailStatus did not say whether ${trail.name} is logging`);
    const facts: CloudTrailStatusFacts = { isLogging: out.IsLogging };
    if (out.LatestDeliveryError) facts.latestDeliveryError = out.LatestDeliveryError;
    if (out.LatestDeliveryTime) facts.latestDeliveryTime = out.LatestDeliveryTime.toISOString();
    return present(facts);
  } catch (err) {
    return unknown(`could not read the status of the trail ${trail.name} in ${home ?? 'the default region'}: ${ctx.reason(err)}`);
  }
}

const collector: Collector = {
  service: 'cloudtrail',
  types: ['AWS::CloudTrail::Trail'],
  provides: ['cloudtrail.trail', 'cloudtrail.status'],
  actions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus'],
  async collect(refs: readonly ResourceRef[], want: ReadonlySet<FactKey>, ctx: CollectContext) {
    const out = new Map<ResourceRef, FactRecord>();
    await Promise.all(
      [...byRegion(refs, ctx.settings.region)].map(async ([region, group]) => {
        let trails: Trail[] | undefined;
        let failure = '';
        try {
          const res = await ctx.call('cloudtrail:DescribeTrails', (o) =>
            cloudtrail(ctx, region).send(new DescribeTrailsCommand({ trailNameList: [...new Set(group.map(asked))], includeShadowTrails: true }), o),
          );
          trails = res.trailList ?? [];
        } catch (err) {
          failure = `could not describe the trails in ${region ?? 'the default region'}: ${ctx.reason(err)}`;
        }
        await Promise.all(
          group.map(async (ref) => {
            const found = trails?.find((t) => matches(ref, t));
            const trail: Fact<CloudTrailTrailFacts> = trails === undefined ? unknown(failure) : found ? present(trailFacts(found)) : unknown(`the trail ${ref.id} does not exist in ${region ?? 'the default region'}`);
            const rec: FactRecord = {};
            if (want.has('cloudtrail.trail')) rec['cloudtrail.trail'] = trail;
            if (want.has('cloudtrail.status')) rec['cloudtrail.status'] = trail.state === 'present' ? await status(ctx, trail.value, region) : (trail as Fact<never>);
            out.set(ref, rec);
          }),
        );
      }),
    );
    return out;
  },
};
export default collector;
