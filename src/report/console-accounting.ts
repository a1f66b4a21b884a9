/**
 * The console's accounting section: every resource's count and where the resources came from,
 * the types no check covers, and the state or stack entries that could not be placed. Kept apart
 * from the rest of the console layout; pure, and every outside string is stripped of control
 * characters.
 */
import type { ResourceRef } from '../types.js';
import { account, accountingLine, sourceEntry } from './accounting.js';
import type { RunReport } from './model.js';
import { stripControl } from './sanitize.js';

export interface AccountingStyle {
  bold: (text: string) => string;
  dim: (text: string) => string;
  width: number;
}

const one = (s: unknown): string => stripControl(String(s ?? ''));

/** Under a resource: where state files and stacks named it (outputs are listed by key already), one line per state file or stack. */
export function resourceSourceLines(ref: ResourceRef): Array<[string, string]> {
  const byOrigin = new Map<string, { label: string; entries: string[] }>();
  for (const s of ref.sources ?? []) {
    if (s.kind === 'outputs') continue;
    const key = `${s.kind}|${s.origin}`;
    let g = byOrigin.get(key);
    if (!g) byOrigin.set(key, (g = { label: s.kind === 'stack' ? `from stack ${s.origin}` : 'from state', entries: [] }));
    g.entries.push(sourceEntry(s));
  }
  return [...byOrigin.values()].map((g) => [g.label, g.entries.join(', ')]);
}

/** The section: sources read, the accounting line, and what was not placed. Ends with a blank line. */
export function accountingLines(report: RunReport, style: AccountingStyle): string[] {
  const a = account(report);
  const out: string[] = [style.bold('Resources')];
  for (const s of report.sources ?? []) {
    const what = s.kind === 'stack' ? `stack ${one(s.origin)}` : one(s.origin);
    out.push(`  ${what} (${one(s.format)}): ${s.resources} resource(s), ${s.outputs} output(s)`);
  }
  out.push(`  ${one(accountingLine(a))}`);
  const unplaced = report.unplaced ?? [];
  if (unplaced.length > 0) {
    out.push(`  ${style.dim('not placed (not verified):')}`);
    for (const u of unplaced) out.push(`  - ${one(u.name)}${u.providerType ? ` [${one(u.providerType)}]` : ''} (${one(u.origin)}): ${one(u.reason)}`);
  }
  out.push('');
  return out;
}
