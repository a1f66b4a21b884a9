/** `postflight list-checks`: every loaded check, as text, JSON, or the README's Markdown tables. */
import { loadConfig } from '../config/load.js';
import { customCheckFiles } from '../plan/plan.js';
import { EVERY_TYPE, FAMILIES, FAMILY_TITLES, type AppliesTo } from '../types.js';
import type { Controls } from './define.js';
import { compareControlIds, controlsText, frameworkData, FRAMEWORKS, inFrameworks, parseFrameworks, type Framework } from './frameworks.js';
import { readAction } from './reads.js';
import { checkTags, loadChecks, type LoadedCheck } from './registry.js';

/** A table cell: no pipe or line break of the text can end the cell or the row. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const typesCell = (types: readonly AppliesTo[]) => types.map((t) => (t === EVERY_TYPE ? 'every resource' : `\`${t}\``)).join('<br>');

/** A check's controls in a table cell: `FSBP S3.8<br>CIS v3.0.0 2.1.4`, `none`, or `not mapped` (a custom check that names none). */
function controlsCell(controls: Controls | undefined): string {
  if (!controls) return 'not mapped';
  const data = frameworkData();
  const named = FRAMEWORKS.filter((f) => (controls[f]?.length ?? 0) > 0).map((f) => `${data[f].short} ${controls[f]!.map((id) => `\`${id}\``).join(', ')}`);
  return named.length ? named.join('<br>') : 'none';
}

/** The check table as Markdown: one table per family, under a heading naming it. */
export function checksMarkdown(checks: readonly LoadedCheck[]): string {
  const row = ({ check }: LoadedCheck): string => {
    const params = Object.entries(check.params ?? {})
      .map(([name, spec]) => `\`${name}\` (${spec.type}, default ${spec.default === undefined ? 'none' : `\`${JSON.stringify(spec.default)}\``})`)
      .join('<br>');
    return `| \`${check.id}\` | ${cell(check.title)} | ${check.severity} | ${typesCell(check.appliesTo)} | ${controlsCell(check.controls)} | ${params || '–'} |`;
  };
  const sections: string[] = [];
  for (const family of FAMILIES) {
    const members = checks.filter(({ check }) => (check.family ?? 'custom') === family);
    if (members.length === 0) continue;
    sections.push([`### ${FAMILY_TITLES[family]} (\`${family}\`)`, '', '| Check | Passes when | Severity | Applies to | Controls | Parameters |', '|---|---|---|---|---|---|', ...members.map(row)].join('\n'));
  }
  return sections.join('\n\n');
}

/**
 * What postflight verifies post-deploy of each framework, control by control: the control's id and
 * published title, the checks that implement it, and the resource types they judge. Controls no
 * check implements are left out; the line above each table says how many of the list are in.
 */
export function frameworksMarkdown(checks: readonly LoadedCheck[], frameworks: readonly Framework[]): string {
  const data = frameworkData();
  return frameworks
    .map((f) => {
      const d = data[f];
      const byControl = new Map<string, LoadedCheck[]>();
      for (const c of checks) for (const id of c.check.controls?.[f] ?? []) byControl.set(id, [...(byControl.get(id) ?? []), c]);
      const ids = [...byControl.keys()].sort(compareControlIds);
      const listed = ids.filter((id) => Object.hasOwn(d.controls, id)).length;
      const rows = ids.map((id) => {
        const by = byControl.get(id)!;
        const types = [...new Set(by.flatMap((c) => c.check.appliesTo))];
        const title = Object.hasOwn(d.controls, id) ? cell(d.controls[id]!) : 'not in the published list';
        return `| \`${id}\` | ${title} | ${by.map((c) => `\`${c.check.id}\``).join('<br>')} | ${typesCell(types)} |`;
      });
      return [
        `### ${d.name} (\`${f}\`)`,
        '',
        `${listed} of the ${Object.keys(d.controls).length} controls of its published list are verified post-deploy, each by the checks beside it (the list as read on ${d.source.read} from <${d.source.url}>).`,
        '',
        '| Control | Title | Verified post-deploy by | Resource types |',
        '|---|---|---|---|',
        ...rows,
      ].join('\n');
    })
    .join('\n\n');
}

export async function listChecksCommand(opts: { config?: string; cwd: string; framework?: string[]; json: boolean; markdown?: boolean; out: (t: string) => void }): Promise<number> {
  const frameworks = parseFrameworks(opts.framework ?? [], '--framework');
  const loaded = await loadConfig(opts.config, opts.cwd);
  const all = await loadChecks(customCheckFiles(loaded));
  const checks = frameworks.length ? all.filter((c) => inFrameworks(c.check.controls, frameworks)) : all;
  if (opts.markdown) {
    opts.out(`${frameworks.length ? frameworksMarkdown(checks, frameworks) : checksMarkdown(checks)}\n`);
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
          ...(check.controls ? { controls: check.controls } : {}),
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
    lines.push(`  controls: ${controlsText(check.controls)}`);
    if (check.reads) lines.push(`  reads: ${Object.values(check.reads).map(readAction).join(', ')}`);
    for (const [name, spec] of Object.entries(check.params ?? {})) {
      lines.push(`  param ${name} (${spec.type}, default ${spec.default === undefined ? 'none' : JSON.stringify(spec.default)}): ${spec.description}`);
    }
    lines.push('');
  }
  lines.push(`${checks.length} check(s)${frameworks.length ? ` implementing a control of ${frameworks.join(' or ')}` : ''}.`);
  opts.out(`${lines.join('\n')}\n`);
  return 0;
}
