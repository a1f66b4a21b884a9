/** `postflight discover`: what each source gave, as text or as JSON for scripts. Calls nothing. */
import { REDACTED_NOTE } from '../report/model.js';
import { stripControl } from '../report/sanitize.js';
import { sourceText } from '../report/accounting.js';
import type { ResourceRef } from '../types.js';
import type { SourceSummary, UnplacedEntry } from './model.js';

export interface ShownDiscovery {
  resources: ResourceRef[];
  unrecognised: string[];
  redacted: string[];
  /** Why an unrecognised key names no resource, where discovery can say. */
  unrecognisedReasons?: Record<string, string>;
  sources: SourceSummary[];
  unplaced: UnplacedEntry[];
}

export function renderDiscovery(found: ShownDiscovery, json: boolean): string {
  if (json) {
    const resources = found.resources.map((r) => ({
      type: r.type,
      id: r.id,
      ...(r.arn ? { arn: r.arn } : {}),
      ...(r.region ? { region: r.region } : {}),
      keys: r.keys,
      sources: r.sources ?? [],
    }));
    const reasons = found.unrecognisedReasons ?? {};
    return `${JSON.stringify({ resources, unrecognised: found.unrecognised, redacted: found.redacted, unrecognisedReasons: reasons, sources: found.sources, unplaced: found.unplaced }, null, 2)}\n`;
  }
  // Ids, keys and addresses come from outside: no control character or escape sequence reaches the terminal.
  const t = (text: string) => stripControl(text);
  const lines: string[] = [];
  for (const s of found.sources) {
    const what = s.kind === 'stack' ? `stack ${s.origin}` : s.origin;
    lines.push(`${t(what)} (${t(s.format)}): ${s.resources} resource(s), ${s.outputs} output(s)`);
  }
  lines.push('');
  const width = Math.max(4, ...found.resources.map((r) => r.type.length));
  for (const r of found.resources) {
    lines.push(`  ${r.type.padEnd(width)}  ${t(r.id)}${r.region ? `  (${t(r.region)})` : ''}`);
    const from = r.sources?.length ? r.sources.map(sourceText) : r.keys;
    lines.push(`  ${''.padEnd(width)}  from ${from.map(t).join(', ')}`);
  }
  if (found.unrecognised.length) {
    lines.push('', 'Not recognised as AWS resources:');
    const redacted = new Set(found.redacted);
    const reasons = found.unrecognisedReasons ?? {};
    for (const k of found.unrecognised) lines.push(`  ${t(k)}${redacted.has(k) ? ` ${REDACTED_NOTE}` : ''}${reasons[k] ? `: ${t(reasons[k])}` : ''}`);
  }
  if (found.unplaced.length) {
    lines.push('', 'State and stack entries not verified:');
    for (const u of found.unplaced) lines.push(`  ${t(u.name)}${u.providerType ? ` [${t(u.providerType)}]` : ''} (${t(u.origin)}): ${t(u.reason)}`);
  }
  return `${lines.join('\n')}\n`;
}
