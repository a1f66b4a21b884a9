/**
 * The fact catalogue as Markdown (`docs/facts.md`, shipped in the package): every fact key with
 * what it means, the resource types that carry it and the shape of its value, read from the
 * catalogue's own source and doc comments with the TypeScript compiler, so the page says exactly
 * what the types say.
 */
import ts from 'typescript';
import { FACT_TYPES, type FactKey } from '../../src/facts/catalogue.js';

interface Member {
  name: string;
  optional: boolean;
  type: string;
  doc: string;
}

function docOf(node: ts.Node, source: ts.SourceFile): string {
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  const last = ranges.filter((r) => source.text.slice(r.pos, r.pos + 3) === '/**').at(-1);
  if (!last) return '';
  return source.text
    .slice(last.pos + 3, last.end - 2)
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, '').trim())
    .filter(Boolean)
    .join(' ');
}

function membersOf(node: ts.InterfaceDeclaration, source: ts.SourceFile): Member[] {
  return node.members.filter(ts.isPropertySignature).map((m) => ({
    name: m.name.getText(source).replace(/^'|'$/g, ''),
    optional: m.questionToken !== undefined,
    type: m.type ? m.type.getText(source).replace(/\s+/g, ' ') : 'unknown',
    doc: docOf(m, source),
  }));
}

/** A table cell: pipes escaped, on one line. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The Markdown page for the catalogue whose source text is `text`. Ends with a newline. */
export function factDocs(text: string): string {
  const source = ts.createSourceFile('catalogue.ts', text, ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((n) => {
    if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
  });
  const factMap = interfaces.get('FactMap');
  if (!factMap) throw new Error('the catalogue has no FactMap');
  const facts = membersOf(factMap, source);

  const out: string[] = [
    '# Fact catalogue',
    '',
    '<!-- Generated from the fact catalogue of postflight (src/facts/catalogue.ts); a test keeps it true. -->',
    '',
    'Every fact a built-in collector gathers, by the key a check names in `needs`. A check receives each',
    'fact in one of three states: `present` with the value below, `absent` (AWS says it is not',
    'configured) or `unknown` with the reason it could not be read; an unknown fact makes the result',
    '`error`, never `pass`. A fact a check needs but its resource type does not carry arrives as',
    '`absent`. A fact no collector gathers, a check declares as a read of its own (`reads`: see the',
    'README, "Facts a check reads itself").',
    '',
    '| fact | resource types | value |',
    '|---|---|---|',
  ];
  for (const f of facts) {
    const types = FACT_TYPES[f.name as FactKey] ?? [];
    out.push(`| \`${f.name}\` | ${types.map((t) => `\`${t}\``).join(', ')} | \`${cell(f.type)}\`${f.doc ? `: ${cell(f.doc)}` : ''} |`);
  }

  // The shapes the facts' values use, and the shapes those use in turn, in the catalogue's order.
  const used = new Set<string>();
  const visit = (typeText: string) => {
    for (const name of typeText.match(/\b[A-Z][A-Za-z0-9]*\b/g) ?? []) {
      if (!interfaces.has(name) || used.has(name)) continue;
      used.add(name);
      for (const m of membersOf(interfaces.get(name)!, source)) visit(m.type);
    }
  };
  for (const f of facts) visit(f.type);
  out.push('', '## Value shapes', '');
  for (const [name, node] of interfaces) {
    if (!used.has(name)) continue;
    const doc = docOf(node, source);
    out.push(`### ${name}`, '');
    if (doc) out.push(doc, '');
    out.push('| field | type | |', '|---|---|---|');
    for (const m of membersOf(node, source)) out.push(`| \`${m.name}\`${m.optional ? ' (optional)' : ''} | \`${cell(m.type)}\` | ${cell(m.doc)} |`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
