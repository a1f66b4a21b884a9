/**
 * EBS encryption as EC2 reports it, shared by the EC2 collector (instances, volumes, launch
 * templates) and the Auto Scaling collector (the launch template version a group uses); and the
 * launch template version read itself, which the instance metadata facts share.
 *
 * What AWS does with a volume's key:
 * - an attached volume reports its key: DescribeVolumes gives the key ARN of every encrypted
 *   volume, the account's EBS default key when none was chosen;
 * - a launch template's mapping with `KmsKeyId` uses that key; with `Encrypted: true` and no key
 *   it uses the account's EBS default key (GetEbsDefaultKmsKeyId: `alias/aws/ebs` unless changed);
 * - with the account's encryption by default on (GetEbsEncryptionByDefault), every new volume is
 *   encrypted with that default key, whatever the mapping says; with it off, a mapping without
 *   `Encrypted: true` launches unencrypted (or as its snapshot is), and so do the AMI's volumes a
 *   template does not map.
 */
import type { LaunchTemplateEbsBlockDeviceRequest, LaunchTemplateVersion } from '@aws-sdk/client-ec2';
import { requireSdk } from './sdk.js';
import { absent, present, unknown, type Fact } from '../facts/fact.js';
import type { EbsDeviceKey, LaunchTemplateMetadataFacts, LaunchTemplateVolumesFacts } from '../facts/catalogue.js';
import type { CollectContext } from './context.js';

const { DescribeLaunchTemplateVersionsCommand, EC2Client, GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand } = requireSdk(
  '@aws-sdk/client-ec2',
) as typeof import('@aws-sdk/client-ec2');

/** The IAM actions this module calls, for the collectors that use it to declare. */
export const EBS_ACTIONS = ['ec2:DescribeLaunchTemplateVersions', 'ec2:GetEbsEncryptionByDefault', 'ec2:GetEbsDefaultKmsKeyId'] as const;

/** The AWS-managed key EBS uses when nothing else is set. */
export const EBS_MANAGED_ALIAS = 'alias/aws/ebs';

export function ec2Client(ctx: CollectContext, region: string | undefined): InstanceType<typeof EC2Client> {
  return ctx.client('ec2', region, () => new EC2Client(ctx.clientConfig(region)));
}

/** Account settings read once per (run, region), however many templates need them. */
const accountCache = new WeakMap<CollectContext, Map<string, Promise<Fact<unknown>>>>();

function once<T>(ctx: CollectContext, key: string, read: () => Promise<Fact<T>>): Promise<Fact<T>> {
  let cache = accountCache.get(ctx);
  if (!cache) accountCache.set(ctx, (cache = new Map()));
  let p = cache.get(key) as Promise<Fact<T>> | undefined;
  if (!p) {
    p = read();
    cache.set(key, p);
  }
  return p;
}

/** Whether the account encrypts every new EBS volume in the region. */
export function encryptionByDefault(ctx: CollectContext, region: string | undefined): Promise<Fact<boolean>> {
  return once(ctx, `byDefault|${region ?? ''}`, async () => {
    try {
      const out = await ctx.call('ec2:GetEbsEncryptionByDefault', (o) => ec2Client(ctx, region).send(new GetEbsEncryptionByDefaultCommand({}), o));
      if (out.EbsEncryptionByDefault === undefined) return unknown('GetEbsEncryptionByDefault did not say whether EBS encryption by default is on');
      return present(out.EbsEncryptionByDefault);
    } catch (err) {
      return unknown(`could not read whether EBS encryption by default is on: ${ctx.reason(err)}`);
    }
  });
}

/**
 * The account's EBS default key in the region. AWS answers `alias/aws/ebs` (as an alias ARN)
 * until the account sets a customer-managed key. moto 5 does not implement the call: there the
 * key of a template mapping encrypted without a key stays unknown.
 */
export function defaultEbsKey(ctx: CollectContext, region: string | undefined): Promise<Fact<string>> {
  return once(ctx, `defaultKey|${region ?? ''}`, async () => {
    try {
      const out = await ctx.call('ec2:GetEbsDefaultKmsKeyId', (o) => ec2Client(ctx, region).send(new GetEbsDefaultKmsKeyIdCommand({}), o));
      return present(out.KmsKeyId || EBS_MANAGED_ALIAS);
    } catch (err) {
      return unknown(`could not read the account's EBS default KMS key: ${ctx.reason(err)}`);
    }
  });
}

/** A device's key fact resolved through KMS (once per key per run). */
export async function withKey(ctx: CollectContext, device: Omit<EbsDeviceKey, 'key'>, region: string | undefined): Promise<EbsDeviceKey> {
  const key = device.keyRef.state === 'present' ? await ctx.kmsKey(device.keyRef.value, region) : device.keyRef;
  return { ...device, key };
}

/**
 * The key an attached volume uses. AWS reports the key of every encrypted volume; one reported
 * without is read as the AWS-managed `aws/ebs`.
 */
export function volumeKeyRef(encrypted: boolean | undefined, kmsKeyId: string | undefined): Fact<string> {
  if (encrypted !== true) return absent('the volume is not encrypted');
  return present(kmsKeyId || EBS_MANAGED_ALIAS);
}

/** Whether one template mapping launches its volume encrypted, and with which key, given the account's settings. */
async function mappingKey(ctx: CollectContext, ebs: LaunchTemplateEbsBlockDeviceRequest, region: string | undefined): Promise<Omit<EbsDeviceKey, 'key'>> {
  if (ebs.KmsKeyId) return { encrypted: true, keyRef: present(ebs.KmsKeyId) };
  if (ebs.Encrypted === true) return { encrypted: true, keyRef: await defaultEbsKey(ctx, region) };
  const byDefault = await encryptionByDefault(ctx, region);
  if (byDefault.state !== 'present') return { keyRef: byDefault.state === 'unknown' ? byDefault : unknown('EBS encryption by default is unknown') };
  if (byDefault.value) return { encrypted: true, keyRef: await defaultEbsKey(ctx, region) };
  return { encrypted: false, keyRef: absent(`the mapping does not set Encrypted: true, and EBS encryption by default is off in ${region ?? 'the region'}`) };
}

/** What a launch template version sets for its EBS volumes. */
export async function templateVolumes(ctx: CollectContext, v: LaunchTemplateVersion, region: string | undefined): Promise<Fact<LaunchTemplateVolumesFacts>> {
  const mappings = (v.LaunchTemplateData?.BlockDeviceMappings ?? []).filter((m) => m.Ebs !== undefined);
  const volumes: EbsDeviceKey[] = await Promise.all(
    mappings.map(async (m) => {
      const device: Omit<EbsDeviceKey, 'key'> = await mappingKey(ctx, m.Ebs!, region);
      if (m.DeviceName) device.deviceName = m.DeviceName;
      return withKey(ctx, device, region);
    }),
  );
  const facts: LaunchTemplateVolumesFacts = { launchTemplateId: v.LaunchTemplateId ?? '', version: String(v.VersionNumber ?? ''), volumes };
  if (v.LaunchTemplateName) facts.launchTemplateName = v.LaunchTemplateName;
  if (mappings.length === 0) {
    // The template maps no EBS volume: instances launch with the AMI's volumes, encrypted only
    // as the AMI's snapshots are, unless the account encrypts every new volume.
    const byDefault = await encryptionByDefault(ctx, region);
    if (byDefault.state === 'present') facts.encryptionByDefault = byDefault.value;
    const keyRef: Fact<string> =
      byDefault.state === 'unknown'
        ? byDefault
        : byDefault.state === 'present' && byDefault.value
          ? await defaultEbsKey(ctx, region)
          : absent("the launch template maps no EBS volume, so instances launch with the AMI's volumes, and EBS encryption by default is off");
    const device: Omit<EbsDeviceKey, 'key'> = { deviceName: "(the AMI's volumes)", keyRef };
    if (byDefault.state === 'present') device.encrypted = byDefault.value;
    facts.volumes.push(await withKey(ctx, device, region));
  }
  return present(facts);
}

export interface TemplateSpec {
  id?: string;
  name?: string;
  /** `$Latest`, `$Default` or a number; absent means the template's default version. */
  version?: string;
}

const TEMPLATE_NOT_FOUND = new Set([
  'InvalidLaunchTemplateId.NotFound',
  'InvalidLaunchTemplateName.NotFoundException',
  'InvalidLaunchTemplateId.VersionNotFound',
  'InvalidLaunchTemplateId.Malformed',
]);

/**
 * One launch template version, as EC2 describes it. DescribeLaunchTemplateVersions takes one
 * template per call (only an account-wide listing of every template's latest or default version
 * takes none), so each distinct (template, version) costs one call, shared by every fact read
 * from it (its EBS devices, its instance metadata options).
 */
export function templateVersion(ctx: CollectContext, spec: TemplateSpec, region: string | undefined): Promise<Fact<LaunchTemplateVersion>> {
  const version = spec.version || '$Default';
  const which = spec.id ?? spec.name ?? '';
  return once(ctx, `version|${region ?? ''}|${which}|${version}`, async () => {
    try {
      const out = await ctx.call('ec2:DescribeLaunchTemplateVersions', (o) =>
        ec2Client(ctx, region).send(
          new DescribeLaunchTemplateVersionsCommand({
            ...(spec.id ? { LaunchTemplateId: spec.id } : { LaunchTemplateName: spec.name }),
            Versions: [version],
          }),
          o,
        ),
      );
      const v = out.LaunchTemplateVersions?.[0];
      return v ? present(v) : unknown(`the launch template ${which} has no version ${version} in ${region ?? 'the default region'}`);
    } catch (err) {
      const reason = ctx.reason(err);
      if (TEMPLATE_NOT_FOUND.has((err as Error).name)) return unknown(`the launch template ${which} version ${version} does not exist in ${region ?? 'the default region'} (${reason})`);
      return unknown(`could not describe the launch template ${which}: ${reason}`);
    }
  });
}

/** The EBS devices of one launch template version (see templateVersion for the call). */
export function describeTemplateVersion(ctx: CollectContext, spec: TemplateSpec, region: string | undefined): Promise<Fact<LaunchTemplateVolumesFacts>> {
  const version = spec.version || '$Default';
  const which = spec.id ?? spec.name ?? '';
  return once(ctx, `template|${region ?? ''}|${which}|${version}`, async () => {
    const v = await templateVersion(ctx, spec, region);
    if (v.state !== 'present') return v.state === 'unknown' ? v : unknown(`the launch template ${which} version ${version} could not be read`);
    // Outside the template read: a credential error while reading the account's settings ends the run.
    return templateVolumes(ctx, v.value, region);
  });
}

/**
 * The instance metadata options one launch template version sets. A template that sets none
 * launches instances with the AMI's or the account's defaults, which the template does not fix:
 * the options are then absent from the fact.
 */
export async function describeTemplateMetadata(ctx: CollectContext, spec: TemplateSpec, region: string | undefined): Promise<Fact<LaunchTemplateMetadataFacts>> {
  const v = await templateVersion(ctx, spec, region);
  if (v.state !== 'present') return v.state === 'unknown' ? v : unknown(`the launch template ${spec.id ?? spec.name ?? ''} could not be read`);
  const m = v.value.LaunchTemplateData?.MetadataOptions;
  const facts: LaunchTemplateMetadataFacts = { launchTemplateId: v.value.LaunchTemplateId ?? '', version: String(v.value.VersionNumber ?? '') };
  if (v.value.LaunchTemplateName) facts.launchTemplateName = v.value.LaunchTemplateName;
  if (m?.HttpTokens) facts.httpTokens = m.HttpTokens;
  if (m?.HttpEndpoint) facts.httpEndpoint = m.HttpEndpoint;
  if (m?.HttpPutResponseHopLimit !== undefined) facts.httpPutResponseHopLimit = m.HttpPutResponseHopLimit;
  return present(facts);
}
