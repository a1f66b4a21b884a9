/**
 * Where a state entry lives, from what the file itself says, strongest first:
 *   1. its ARN (the entry's own, or for a fold the ARN naming what it configures);
 *   2. its `region` attribute, then its availability zone (`us-east-1a` → `us-east-1`, Local Zones
 *      `us-west-2-lax-1a` and Wavelength Zones `us-east-1-wl1-bos-wlz-1` → their parent region);
 *   3. the other entries of the same provider configuration: a Pulumi provider's declared
 *      `region`, else the region most of the configuration's entries name (Terraform's state
 *      records which configuration made each entry, `provider["…/aws"].west`, but not its region).
 * The ambient region (`--region`, `AWS_REGION`) is the run's, applied only to what the file says
 * nothing about, and only after every mention of a resource has been merged.
 */

/** How an entry's region was learnt, strongest first. */
export type RegionFrom = 'arn' | 'attribute' | 'zone' | 'provider';

/** A region's name: `us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-isoe-west-1`. */
export const REGION_NAME = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/**
 * The region of an availability zone's name: the letter dropped (`eu-west-1b`), or a Local or
 * Wavelength Zone's suffix (`us-west-2-lax-1a`, `us-east-1-wl1-bos-wlz-1`). Zone ids
 * (`use1-az1`) and anything else give none.
 */
export function regionOfZone(zone: string): string | undefined {
  const m = /^([a-z]{2}(?:-[a-z]+)+-\d+)(?:[a-z]|-[a-z0-9-]+)$/.exec(zone);
  return m ? m[1] : undefined;
}

/** Counts the regions one provider configuration's entries name, and says which it is. */
export class ProviderRegions {
  private readonly declared = new Map<string, string>();
  private readonly votes = new Map<string, Map<string, number>>();

  /** A configuration's own declared region (Pulumi's provider resource `inputs.region`). */
  declare(config: string, region: string): void {
    if (REGION_NAME.test(region)) this.declared.set(config, region);
  }

  vote(config: string | undefined, region: string | undefined): void {
    if (config === undefined || region === undefined) return;
    const counts = this.votes.get(config) ?? new Map<string, number>();
    counts.set(region, (counts.get(region) ?? 0) + 1);
    this.votes.set(config, counts);
  }

  /** The configuration's region: declared, else the one most of its entries name (ties: the first named). */
  regionOf(config: string | undefined): string | undefined {
    if (config === undefined) return undefined;
    const declared = this.declared.get(config);
    if (declared) return declared;
    let best: [string, number] | undefined;
    for (const [region, n] of this.votes.get(config) ?? []) if (!best || n > best[1]) best = [region, n];
    return best?.[0];
  }

  /** Every configuration's region, for the one a file's outputs are read in. */
  configs(): string[] {
    return [...new Set([...this.declared.keys(), ...this.votes.keys()])];
  }
}
