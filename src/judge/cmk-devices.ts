/**
 * The CMK judgement over several EBS volumes (an instance's, a launch template's): each volume is
 * judged by `judgeCmk`, and the resource passes only when every one passes. A volume that fails
 * fails the resource; otherwise a volume whose key could not be read makes it an error.
 */
import type { EbsDeviceKey } from '../facts/catalogue.js';
import { error, fail, pass, type RelatedView, type Verdict } from '../engine/define.js';
import { judgeCmk } from './cmk.js';

function label(d: EbsDeviceKey, i: number): string {
  return [d.deviceName, d.volumeId].filter(Boolean).join(' ') || `volume ${i + 1}`;
}

export function judgeCmkDevices(devices: readonly EbsDeviceKey[], related: RelatedView, evidence: Record<string, unknown> = {}): Verdict {
  const verdicts = devices.map((d, i) => ({ device: label(d, i), verdict: judgeCmk({ keyRef: d.keyRef, key: d.key, related, noKeyMeans: 'the volume is not encrypted' }) }));
  const volumes = Object.fromEntries(verdicts.map(({ device, verdict }) => [device, { status: verdict.status, message: verdict.message, ...verdict.evidence }]));
  const all = { ...evidence, volumes };
  const failed = verdicts.filter((v) => v.verdict.status === 'fail');
  if (failed.length > 0) return fail(failed.map((v) => `${v.device}: ${v.verdict.message}`).join('; '), { ...all, failing: failed.map((v) => v.device) });
  const errors = verdicts.filter((v) => v.verdict.status !== 'pass');
  if (errors.length > 0) return error(errors.map((v) => `${v.device}: ${v.verdict.message}`).join('; '), { ...all, unread: errors.map((v) => v.device) });
  return pass(`every EBS volume (${verdicts.length}) is encrypted with a customer-managed key: ${[...new Set(verdicts.map((v) => v.verdict.evidence?.keyArn))].join(', ')}`, all);
}
