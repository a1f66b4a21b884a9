/**
 * The console's section for a merged report or a run across accounts: per account, each stack's
 * run with its counts, then the resources more than one report verified. Kept apart from the
 * rest of the console layout; pure, and every outside string is stripped of control characters.
 */
import { duplicateText, fleetRows, rowCounts, rowWord, showsFleet } from './fleet.js';
import type { RunReport } from './model.js';
import { stripControl } from './sanitize.js';
import type { AccountingStyle } from './console-accounting.js';

const one = (s: unknown): string => stripControl(String(s ?? ''));

/** The section, ending with a blank line; nothing for a run in one account. */
export function fleetLines(report: RunReport, style: AccountingStyle): string[] {
  if (!showsFleet(report)) return [];
  const out: string[] = [style.bold('Accounts and stacks')];
  let account: string | undefined;
  for (const row of fleetRows(report)) {
    if (row.account !== account) {
      account = row.account;
      out.push(`  ${one(account)}`);
    }
    const from = row.file ? `${one(row.file)}: ${one(row.what)}` : one(row.what);
    out.push(`    ${rowWord(row).padEnd(10)}  ${from}`, `${' '.repeat(16)}${one(rowCounts(row))}`);
  }
  const duplicates = report.merge?.duplicates ?? [];
  if (duplicates.length > 0) {
    out.push(`  ${style.dim(`verified by more than one report (${duplicates.length}), each counted once, the worse result kept:`)}`);
    for (const d of duplicates) out.push(`  - ${one(duplicateText(d))}`);
  }
  out.push('');
  return out;
}
