/** `postflight list-checks`: every loaded check, as text, JSON, or the README's Markdown table. */
import { loadConfig } from '../config/config.js';
import { customCheckFiles } from '../plan/plan.js';
import { EVERY_TYPE, FAMILIES, FAMILY_TITLES } from '../types.js';
import { readAction } from './reads.js';
import { checkTags, loadChecks, type LoadedCheck } from './registry.js';

/** The check table as Markdown: one table per family, under a heading naming it. */
export function checksMarkdown(checks: readonly LoadedCheck[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const row = ({ check }: LoadedCheck): string => {
    const params = Object.entries(check.params ?? {})
      .map(([name, spec]) => `\`${name}\` (${spec.type}, default ${spec.default === undefined ? 'none' : `\`${JSON.stringify(spec.default)}\``})`)
      .join('<br>');
    return `| \`${check.id}\` | ${cell(check.title)} | ${check.severity} | ${check.appliesTo.map((t) => (t === EVERY_TYPE ? 'every resource' : `\`${t}\``)).join('<br>')} | ${params || '–'} |`;
  };
  const sections: string[] = [];
  for (const family of FAMILIES) {
    const members = checks.filter(({ check }) => (check.family ?? 'custom') === family);
    if (members.length === 0) continue;
    sections.push([`### ${FAMILY_TITLES[family]} (\`${family}\`)`, '', '| Check | Passes when | Severity | Applies to | Parameters |', '|---|---|---|---|---|', ...members.map(row)].join('\n'));
  }
  return sections.join('\n\n');
}

export async function listChecksCommand(opts: { config?: string; cwd: string; json: boolean; markdown?: boolean; out: (t: string) => void }): Promise<number> {
  const loaded = await loadConfig(opts.config, opts.cwd);
  const checks = await loadChecks(customCheckFiles(loaded));
  if (opts.markdown) {
    opts.out(`${checksMarkdown(checks)}\n`);
    return 0;
  }
  if (opts.json) {
    opts.out(
      `${JSON.stringify(
        checks.map(({ check, builtIn }) => ({
          id: check.id,
          title: check.title,
          severity: check.severity,
          family: check.family ?? 'custom',
          appliesTo: check.appliesTo,
          params: check.params ?? {},
          ...(check.reads ? { reads: Object.entries(check.reads).map(([fact, r]) => ({ fact, client: r.client, command: r.command, action: readAction(r) })) } : {}),
          builtIn,
        })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const lines: string[] = [];
  for (const { check, builtIn } of checks) {
    lines.push(`${check.id}  ${checkTags({ check, builtIn })}`);
    lines.push(`  ${check.title}`);
    lines.push(`  applies to: ${check.appliesTo.map((t) => (t === EVERY_TYPE ? 'every resource' : t)).join(', ')}`);
    if (check.reads) lines.push(`  reads: ${Object.values(check.reads).map(readAction).join(', ')}`);
    for (const [name, spec] of Object.entries(check.params ?? {})) {
      lines.push(`  param ${name} (${spec.type}, default ${spec.default === undefined ? 'none' : JSON.stringify(spec.default)}): ${spec.description}`);
    }
    lines.push('');
  }
  lines.push(`${checks.length} check(s).`);
  opts.out(`${lines.join('\n')}\n`);
  return 0;
}
