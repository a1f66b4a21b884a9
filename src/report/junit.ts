/**
 * The JUnit XML report, for CI systems (Jenkins, GitLab, GitHub Actions, Azure DevOps).
 *
 * Shape, valid against the Jenkins xUnit "JUnit 10" schema (test/vendor/junit.xsd):
 *
 *   <testsuites name="postflight" tests failures errors time>
 *     <testsuite name=<check id> tests failures errors skipped time="0" timestamp=<run start>>
 *       <properties> check.title, check.controls (`fsbp:S3.8 cis-3.0:2.1.4`, or `none`), check.control.<tag> (its
 *                    title), then resource.<n>.{testcase,type,id,arn,region,outputKeys,severity,status} </properties>
 *       <testcase classname=<check id> name="<resource type> <id>" time="0">
 *         <failure message type=<severity>> | <error message type="error"> | <skipped message=<reason>/>
 *         <system-out> the resource: type, id, ARN, region, output keys </system-out>
 *     ...
 *     <testsuite name="postflight.outputs"> one skipped testcase per unrecognised output key
 *
 * That schema allows no <properties> inside <testcase>, so a resource's properties sit on its
 * check's testsuite, numbered in testcase order, and are repeated in the testcase's <system-out>.
 * It allows no `skipped` or `timestamp` on <testsuites>: each <testsuite> carries both.
 *
 * Every attribute and text passes through `stripControl` (no ANSI sequences, no character XML 1.0
 * forbids); nothing is shortened.
 */
import type { Result } from '../types.js';
import { compactJson, toPlain } from './json.js';
import type { RunReport } from './model.js';
import { stripControl } from './sanitize.js';
import { account, accountingLine, displayType, sourceText } from './accounting.js';
import { unjudgedReason } from './locate.js';
import { accountText, duplicateText, fleetRows, rowCounts, rowWord, spansAccounts } from './fleet.js';
import { resourceKey } from '../types.js';
import { controlRefs } from '../engine/frameworks.js';
import { writeXml, type XmlNode } from './xml.js';

export const OUTPUTS_SUITE = 'postflight.outputs';
export const UNRECOGNISED_MESSAGE = 'output not recognised as an AWS resource';
export const REDACTED_MESSAGE = 'output not recognised as an AWS resource; its value is redacted: it looks like a secret';

/** Outside text for an attribute: one line. */
const attr = (s: unknown): string => stripControl(String(s ?? ''));
/** Outside text for an element body: lines kept. */
const text = (s: unknown): string => stripControl(String(s ?? ''), { multiline: true });

/** Adds a child element `name` to `parent` and returns it. */
function ele(parent: XmlNode, name: string, attributes: Record<string, string> = {}): XmlNode {
  const node: XmlNode = {};
  for (const k in attributes) node[`@_${k}`] = attributes[k]!;
  const siblings = parent[name];
  if (Array.isArray(siblings)) siblings.push(node);
  else parent[name] = [node];
  return node;
}

function txt(node: XmlNode, body: string): void {
  if (body) node['#text'] = body;
}

/** Seconds with millisecond precision, in the form the schema's SUREFIRE_TIME pattern accepts. */
export function junitSeconds(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? (ms / 1000).toFixed(3) : '0';
}

/**
 * `<resource type> <id>` (with its account in a report across accounts); the region is added where
 * two results of one check name the same type and id.
 */
function testcaseNames(results: readonly Result[], spans: boolean): string[] {
  const base = results.map((r) => `${attr(r.resource.type)} ${attr(r.resource.id)}${spans ? ` [${attr(accountText(r.resource, true))}]` : ''}`);
  const times = new Map<string, number>();
  for (const b of base) times.set(b, (times.get(b) ?? 0) + 1);
  const withRegion = base.map((b, i) => (times.get(b)! > 1 ? `${b} (${attr(results[i]?.resource.region ?? 'no region')})` : b));
  const seen = new Map<string, number>();
  return withRegion.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} #${n}`;
  });
}

function evidenceText(evidence: unknown): string {
  const plain = toPlain(evidence);
  if (plain === null) return '';
  const entries: Array<[string, unknown]> =
    typeof plain === 'object' && !Array.isArray(plain) ? Object.entries(plain as Record<string, unknown>) : [['value', plain]];
  if (entries.length === 0) return '';
  return ['evidence:', ...entries.map(([k, v]) => `  ${attr(k)}: ${attr(compactJson(v))}`)].join('\n');
}

/** Body of a <failure> or <error>: the message, the evidence, the remediation. */
function detailBody(r: Result): string {
  const parts = [text(r.message)];
  const evidence = evidenceText(r.evidence);
  if (evidence) parts.push(evidence);
  if (r.remediation) parts.push(`remediation: ${text(r.remediation)}`);
  return parts.join('\n\n');
}

function resourceLines(r: Result): string {
  const lines = [`resource: ${attr(r.resource.type)} ${attr(r.resource.id)}`];
  if (r.resource.arn) lines.push(`arn: ${attr(r.resource.arn)}`);
  if (r.resource.region) lines.push(`region: ${attr(r.resource.region)}`);
  if (r.resource.account) lines.push(`account: ${attr(r.resource.account)}`);
  if (r.resource.keys?.length) lines.push(`outputs: ${r.resource.keys.map(attr).join(', ')}`);
  for (const s of r.resource.sources ?? []) if (s.kind !== 'outputs') lines.push(`from: ${attr(sourceText(s))}`);
  return lines.join('\n');
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function countOf(results: readonly Result[]): Counts {
  return {
    tests: results.length,
    failures: results.filter((r) => r.status === 'fail').length,
    errors: results.filter((r) => r.status === 'error').length,
    skipped: results.filter((r) => r.status === 'skipped').length,
  };
}

function addCheckSuite(root: XmlNode, checkId: string, results: readonly Result[], timestamp: string, spans: boolean): void {
  const n = countOf(results);
  const suite = ele(root, 'testsuite', {
    name: attr(checkId),
    tests: String(n.tests),
    failures: String(n.failures),
    errors: String(n.errors),
    skipped: String(n.skipped),
    time: '0',
    timestamp,
  });
  const names = testcaseNames(results, spans);

  const props = ele(suite, 'properties');
  const prop = (name: string, value: string) => ele(props, 'property', { name, value });
  if (results[0]) prop('check.title', attr(results[0].title));
  // The framework controls the check implements: all of them in one property, then each with its title.
  const controls = controlRefs(results[0]?.controls);
  if (results[0]?.controls) prop('check.controls', attr(controls.map((c) => c.tag).join(' ') || 'none'));
  for (const c of controls) prop(`check.control.${attr(c.tag)}`, attr(c.title ?? ''));
  results.forEach((r, i) => {
    const p = `resource.${i + 1}`;
    prop(`${p}.testcase`, names[i] ?? '');
    prop(`${p}.type`, attr(r.resource.type));
    prop(`${p}.id`, attr(r.resource.id));
    if (r.resource.arn) prop(`${p}.arn`, attr(r.resource.arn));
    if (r.resource.region) prop(`${p}.region`, attr(r.resource.region));
    if (r.resource.account) prop(`${p}.account`, attr(r.resource.account));
    prop(`${p}.outputKeys`, attr(JSON.stringify(r.resource.keys ?? [])));
    if (r.resource.sources?.length) prop(`${p}.sources`, attr(r.resource.sources.map(sourceText).join('; ')));
    prop(`${p}.severity`, attr(r.severity));
    prop(`${p}.status`, attr(r.status));
  });

  results.forEach((r, i) => {
    const tc = ele(suite, 'testcase', { classname: attr(r.checkId), name: names[i] ?? '', time: '0' });
    switch (r.status) {
      case 'fail':
        txt(ele(tc, 'failure', { message: attr(r.message), type: attr(r.severity) }), detailBody(r));
        break;
      case 'error':
        txt(ele(tc, 'error', { message: attr(r.message), type: 'error' }), detailBody(r));
        break;
      case 'skipped':
        ele(tc, 'skipped', { message: attr(r.message) });
        break;
      default:
        break;
    }
    txt(ele(tc, 'system-out'), resourceLines(r));
  });
}

function addOutputsSuite(root: XmlNode, keys: readonly string[], redacted: ReadonlySet<string>, timestamp: string, reasons: Readonly<Record<string, string>> = {}): void {
  const suite = ele(root, 'testsuite', {
    name: OUTPUTS_SUITE,
    tests: String(keys.length),
    failures: '0',
    errors: '0',
    skipped: String(keys.length),
    time: '0',
    timestamp,
  });
  for (const key of keys) {
    const message = redacted.has(key) ? REDACTED_MESSAGE : reasons[key] ? `${UNRECOGNISED_MESSAGE}: ${attr(reasons[key])}` : UNRECOGNISED_MESSAGE;
    ele(ele(suite, 'testcase', { classname: OUTPUTS_SUITE, name: attr(key), time: '0' }), 'skipped', { message });
  }
}

export const RESOURCES_SUITE = 'postflight.resources';

/**
 * The run's accounting: the summary line and the sources as properties, and one skipped testcase
 * per resource no check covers and per state or stack entry that could not be placed (none when
 * every resource was judged).
 */
function addResourcesSuite(root: XmlNode, report: RunReport, timestamp: string): number {
  const judged = new Set(report.results.map((r) => resourceKey(r.resource)));
  const without = report.resources.filter((r) => !judged.has(resourceKey(r)));
  const spans = spansAccounts(report);
  const unplaced = report.unplaced ?? [];
  const n = without.length + unplaced.length;
  const suite = ele(root, 'testsuite', { name: RESOURCES_SUITE, tests: String(n), failures: '0', errors: '0', skipped: String(n), time: '0', timestamp });
  const props = ele(suite, 'properties');
  ele(props, 'property', { name: 'summary', value: attr(accountingLine(account(report))) });
  (report.sources ?? []).forEach((s, i) => {
    ele(props, 'property', { name: `source.${i + 1}`, value: attr(`${s.kind} ${s.origin} (${s.format}): ${s.resources} resources, ${s.outputs} outputs`) });
  });
  // A merged report: each run by account, and the resources more than one report verified.
  if (report.merge) {
    fleetRows(report).forEach((r, i) => {
      ele(props, 'property', { name: `run.${i + 1}`, value: attr(`${rowWord(r)} account ${r.account}: ${r.file}: ${r.what}: ${rowCounts(r)}`) });
    });
    report.merge.duplicates.forEach((d, i) => ele(props, 'property', { name: `duplicate.${i + 1}`, value: attr(duplicateText(d)) }));
  }
  for (const r of without) {
    const tc = ele(suite, 'testcase', { classname: RESOURCES_SUITE, name: `${attr(r.type)} ${attr(r.id)}${spans ? ` [${attr(accountText(r, true))}]` : ''}`, time: '0' });
    ele(tc, 'skipped', { message: attr(`${unjudgedReason(r, report)} (${displayType(r)})`) });
    const from = [...r.keys.map((k) => `output ${k}`), ...(r.sources ?? []).filter((s) => s.kind !== 'outputs').map(sourceText)];
    txt(ele(tc, 'system-out'), from.map((f) => `from: ${attr(f)}`).join('\n'));
  }
  for (const u of unplaced) {
    const tc = ele(suite, 'testcase', { classname: RESOURCES_SUITE, name: attr(`${u.origin} ${u.name}`), time: '0' });
    ele(tc, 'skipped', { message: attr(`not placed${u.providerType ? ` (${u.providerType})` : ''}: ${u.reason}`) });
  }
  return n;
}

/** The JUnit XML document for one run. Pure: the same report gives the same text. */
export function toJUnitXml(report: RunReport): string {
  const byCheck = new Map<string, Result[]>();
  for (const r of report.results) {
    const list = byCheck.get(r.checkId);
    if (list) list.push(r);
    else byCheck.set(r.checkId, [r]);
  }
  const all = countOf(report.results);
  const unrecognised = report.unrecognised ?? [];
  const timestamp = attr(report.startedAt);

  const doc: XmlNode = {};
  const root = ele(doc, 'testsuites', {
    name: attr(report.tool?.name || 'postflight'),
    tests: String(all.tests + unrecognised.length),
    failures: String(all.failures),
    errors: String(all.errors),
    time: junitSeconds(report.durationMs),
  });
  const spans = spansAccounts(report);
  for (const [checkId, results] of byCheck) addCheckSuite(root, checkId, results, timestamp, spans);
  if (unrecognised.length > 0) addOutputsSuite(root, unrecognised, new Set(report.redacted ?? []), timestamp, report.unrecognisedReasons);
  const listed = report.sources ? addResourcesSuite(root, report, timestamp) : 0;
  if (listed > 0) root['@_tests'] = String(all.tests + unrecognised.length + listed);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writeXml(doc)}`;
}
