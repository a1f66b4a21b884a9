import type { DriftDifference } from '../src/facts/catalogue.js';
import { defineCheck, error, fail, pass, skipped, type AttributeWaiver } from '../src/engine/define.js';
import { differenceText } from '../src/drift/compare.js';

/** Whether a waiver's attribute covers a difference's path: the same path, or one under it. CloudFormation's `/A/B` reads as `A.B`. */
export function waives(attribute: string, d: DriftDifference): boolean {
  const want = attribute.replace(/^\//, '').replace(/\//g, '.');
  for (const p of [d.path, d.path.replace(/^\//, '').replace(/\//g, '.')]) {
    if (p === want || p.startsWith(`${want}.`) || p.startsWith(`${want}[`)) return true;
  }
  return false;
}

export default defineCheck({
  id: 'live-matches-declared',
  title: 'Live resource is what the stack declared',
  severity: 'high',
  family: 'drift',
  // Neither framework has a control for drift from the declared stack.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['*'],
  needs: ['drift.resource'],
  remediation:
    "Bring the resource back to what the stack declares (deploy it again: cdktf deploy, terraform apply, cdk deploy, pulumi up), or write the change into the stack's code; for a difference that is expected (an autoscaled desired_count), waive that attribute in the config.",
  description:
    'Judged by the deploy tool\'s own engine (Terraform/OpenTofu refresh-only plan, CloudFormation drift detection, Pulumi refresh), only over the attributes the stack declares; runs with --drift.',
  evaluate: ({ facts, waived }) => {
    const f = facts['drift.resource'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return skipped(`no drift engine for it: ${f.reason ?? 'its sources declare nothing'}`);
    const d = f.value;
    const base = { engine: d.engine, entries: d.entries };
    if (d.status === 'not-checked') return skipped(d.reason ?? `${d.engine} does not check this resource`, base);
    if (d.status === 'deleted') return fail(`declared, but no longer exists (${d.engine})`, { ...base, drift: 'deleted', differences: d.differences.map(differenceText) });
    const isWaived = (x: DriftDifference): AttributeWaiver | undefined => (waived ?? []).find((w) => waives(w.attribute, x));
    const open = d.differences.filter((x) => !isWaived(x));
    const shownWaived = d.differences.filter((x) => isWaived(x)).map((x) => `${differenceText(x)} (waived: ${isWaived(x)!.reason})`);
    const evidence = { ...base, ...(shownWaived.length ? { waived: shownWaived } : {}) };
    if (open.length === 0) {
      return pass(shownWaived.length ? `live as declared, but for ${shownWaived.length} waived attribute(s)` : `live as declared (${d.engine})`, { ...evidence, drift: 'in-sync' });
    }
    const first = differenceText(open[0]!);
    return fail(open.length === 1 ? `drifted: ${first}` : `drifted in ${open.length} attributes, first ${first}`, { ...evidence, drift: 'modified', differences: open.map(differenceText) });
  },
});
