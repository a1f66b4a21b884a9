/**
 * Run reports for the report-stage tests, and the JUnit XSD check shared by the unit and
 * end-to-end tests.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { exitCodeFor, type RunReport } from '../../src/report/model.js';
import type { ResourceRef, Result } from '../../src/types.js';

export const STARTED_AT = '2025-03-14T09:26:53.589Z';

export const BUCKET: ResourceRef = {
  type: 'AWS::S3::Bucket',
  id: 'tap-logs-dev',
  arn: 'arn:aws:s3:::tap-logs-dev',
  region: 'us-east-1',
  keys: ['LogsBucketName', 'LogsBucketArn'],
};

export const DB: ResourceRef = {
  type: 'AWS::RDS::DBInstance',
  id: 'tap-db-dev',
  arn: 'arn:aws:rds:us-east-1:123456789012:db:tap-db-dev',
  region: 'us-east-1',
  keys: ['DbEndpoint'],
};

export const KEY: ResourceRef = {
  type: 'AWS::KMS::Key',
  id: '1234abcd-12ab-34cd-56ef-1234567890ab',
  arn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  region: 'us-east-1',
  keys: ['KmsKeyArn'],
};

export const VPC: ResourceRef = { type: 'AWS::EC2::VPC', id: 'vpc-0a1b2c3d4e5f67890', region: 'us-east-1', keys: ['VpcId'] };

/** A resource no check applies to in the mixed report. */
export const STREAM: ResourceRef = { type: 'AWS::Kinesis::Stream', id: 'tap-events-dev', region: 'us-east-1', keys: ['StreamName'] };

export function result(fields: Partial<Result> & Pick<Result, 'status'>): Result {
  return {
    checkId: 's3-bucket-versioning-enabled',
    title: 'S3 bucket has versioning enabled',
    severity: 'medium',
    resource: BUCKET,
    message: fields.status === 'pass' ? 'versioning is Enabled' : 'versioning is Suspended',
    evidence: {},
    remediation: 'Enable versioning on the bucket in the stack.',
    ...fields,
  };
}

/** A report around the given results; exit code and counts follow from them unless given. */
export function makeReport(fields: Partial<RunReport> = {}): RunReport {
  const results = fields.results ?? [];
  return {
    tool: { name: 'postflight', version: '0.1.0' },
    startedAt: STARTED_AT,
    durationMs: 1234,
    outputsFile: 'cfn-outputs/flat-outputs.json',
    format: 'flat',
    region: 'us-east-1',
    resources: [],
    results,
    unrecognised: [],
    apiCalls: {},
    exitCode: exitCodeFor(results),
    ...fields,
  };
}

/** Every status, three checks, four resources (one without results), two unrecognised outputs. */
export function mixedReport(): RunReport {
  const results: Result[] = [
    result({ resource: VPC, checkId: 'ec2-vpc-flow-logs-enabled', title: 'VPC has flow logs enabled', severity: 'medium', status: 'pass', message: 'flow logs deliver to CloudWatch Logs', evidence: { flowLogs: ['fl-1'] } }),
    result({ resource: BUCKET, status: 'pass', evidence: { status: 'Enabled' } }),
    result({ resource: DB, checkId: 'rds-instance-multi-az-enabled', title: 'RDS instance is Multi-AZ', severity: 'high', family: 'availability', status: 'fail', message: 'the instance runs in one Availability Zone', evidence: { multiAz: false, availabilityZone: 'us-east-1a' }, remediation: 'Set multi_az = true on the DB instance.' }),
    result({ resource: BUCKET, checkId: 's3-bucket-default-encryption-cmk', title: 'S3 bucket encrypts by default with a customer-managed KMS key', severity: 'high', status: 'error', message: 'AccessDenied: not authorized to perform s3:GetEncryptionConfiguration', evidence: {}, remediation: 'Set SSE-KMS with your CMK as the bucket default.' }),
    result({ resource: KEY, checkId: 'kms-key-rotation-enabled', title: 'KMS key rotates yearly', severity: 'medium', status: 'skipped', message: 'waived until 2025-06-30: migration in progress' }),
    result({ resource: DB, checkId: 'rds-instance-multi-az-enabled', title: 'RDS instance is Multi-AZ', severity: 'high', status: 'pass', message: 'Multi-AZ', evidence: { multiAz: true } }),
  ];
  // The second rds result is about a second instance, to have two testcases in one suite.
  const db2: ResourceRef = { ...DB, id: 'tap-db-replica', arn: 'arn:aws:rds:us-east-1:123456789012:db:tap-db-replica', keys: ['ReplicaEndpoint'] };
  results[5] = { ...results[5]!, resource: db2 };
  return makeReport({
    resources: [VPC, BUCKET, DB, db2, KEY, STREAM],
    results,
    unrecognised: ['Environment', 'DashboardUrl'],
    apiCalls: { 's3:GetBucketVersioning': 1, 'rds:DescribeDBInstances': 1, 's3:GetEncryptionConfiguration': 1 },
  });
}

const here = dirname(fileURLToPath(import.meta.url));
export const JUNIT_XSD_PATH = join(here, '..', 'vendor', 'junit.xsd');
let xsd: string | undefined;

/** Validates JUnit documents against the vendored XSD with libxml2; resolves to the errors (empty when all are valid). */
export async function junitSchemaErrors(docs: readonly string[]): Promise<string[]> {
  if (docs.length === 0) return [];
  xsd ??= readFileSync(JUNIT_XSD_PATH, 'utf8');
  const res = await validateXML({
    xml: docs.map((contents, i) => ({ fileName: `report-${i}.xml`, contents })),
    schema: [{ fileName: 'junit.xsd', contents: xsd }],
  });
  return res.valid ? [] : res.errors.map((e) => e.rawMessage);
}

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (its direct text children, joined), with references decoded once. */
  text: string;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeReferences(s: string): string {
  return s.replace(/&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g, (_m, name: string | undefined, dec: string | undefined, hex: string | undefined) =>
    name ? PREDEFINED[name]! : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16)),
  );
}

/**
 * Reads back the XML the JUnit writer produces (elements, attributes, text; no DTD, CDATA or
 * comments), decoding each reference exactly once. Throws on markup it does not expect.
 * Well-formedness proper is libxml2's job (`junitSchemaErrors`); this only gives the tests the values.
 */
export function parseXml(xml: string): XmlElement {
  let i = /^\uFEFF?<\?xml[^?]*\?>/.exec(xml)?.[0].length ?? 0;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  const attribute = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const end = lt === -1 ? xml.length : lt;
    const raw = xml.slice(i, end);
    const top = stack[stack.length - 1];
    if (top) top.text += decodeReferences(raw);
    else if (raw.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`unexpected markup at ${lt}: ${xml.slice(lt, lt + 40)}`);
    const [whole, closing, name, attrs, selfClosing] = m;
    i = lt + whole.length;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> does not close <${open?.name}>`);
      continue;
    }
    const el: XmlElement = { name: name!, attributes: {}, children: [], text: '' };
    for (const a of (attrs ?? '').matchAll(attribute)) {
      el.attributes[a[1]!] = decodeReferences((a[2] ?? a[3] ?? '').replace(/[\t\n\r]/g, ' '));
    }
    if (top) top.children.push(el);
    else if (root) throw new Error('a second root element');
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (!root || stack.length > 0) throw new Error('the document is incomplete');
  return root;
}

// ---------------------------------------------------------------------------------------------
// SARIF: the vendored official schema (JSON Schema draft-07), checked with ajv

export const SARIF_SCHEMA_PATH = join(here, '..', 'vendor', 'sarif-schema-2.1.0.json');
let sarifValidate: ((doc: unknown) => boolean) & { errors?: unknown[] | null } | undefined;

/** Validates a SARIF log against the official SARIF 2.1.0 schema; the errors (empty when valid). */
export async function sarifSchemaErrors(doc: unknown): Promise<string[]> {
  if (!sarifValidate) {
    const mod = (await import('ajv')) as unknown as { default: new (o: object) => { compile(s: object): typeof sarifValidate } };
    // unicodeRegExp off: the published schema's `language` pattern ("...[a-zA-Z]{2}]?$") is not a
    // valid regular expression in Unicode mode, which ajv uses by default; without the u flag it is.
    const ajv = new mod.default({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    sarifValidate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as object);
  }
  const ok = sarifValidate!(doc);
  return ok ? [] : (sarifValidate!.errors ?? []).map((e) => JSON.stringify(e));
}

// ---------------------------------------------------------------------------------------------
// HTML: parsed with parse5, the WHATWG parser browsers follow

export interface HtmlNode {
  nodeName: string;
  tagName?: string;
  attrs?: Array<{ name: string; value: string }>;
  childNodes?: HtmlNode[];
  value?: string;
  content?: HtmlNode;
}

export async function parseHtml(html: string): Promise<HtmlNode> {
  const { parse } = await import('parse5');
  return parse(html) as unknown as HtmlNode;
}

/** Every element under `node`, in document order (template contents included). */
export function elements(node: HtmlNode): HtmlNode[] {
  const out: HtmlNode[] = [];
  const walk = (n: HtmlNode) => {
    if (n.tagName) out.push(n);
    for (const c of n.childNodes ?? []) walk(c);
    if (n.content) walk(n.content);
  };
  walk(node);
  return out;
}

export const attr = (el: HtmlNode, name: string): string | undefined => el.attrs?.find((a) => a.name === name)?.value;

/** The text inside an element, as a browser shows it (before CSS). */
export function textOf(node: HtmlNode): string {
  if (node.nodeName === '#text') return node.value ?? '';
  return (node.childNodes ?? []).map(textOf).join('');
}

// ---------------------------------------------------------------------------------------------
// GitLab Code Quality: the report format GitLab documents ("Code Quality report format", GitLab
// docs, ci/testing/code_quality): one JSON array, no byte order mark, each object with at least
// `description`, `check_name`, `fingerprint` (strings), `severity` (info, minor, major, critical or
// blocker), `location.path` (a path relative to the repository) and `location.lines.begin` or
// `location.positions.begin.line` (an integer), written here as a JSON Schema checked with ajv.

export const CODE_QUALITY_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path'],
        properties: {
          // Relative to the repository: not absolute, not a URL.
          path: { type: 'string', minLength: 1, not: { pattern: '^(/|[A-Za-z]:[\\\\/]|[a-z]+://)' } },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 } } },
          positions: { type: 'object', required: ['begin'], properties: { begin: { type: 'object', required: ['line'], properties: { line: { type: 'integer', minimum: 1 } } } } },
        },
        anyOf: [{ required: ['lines'] }, { required: ['positions'] }],
      },
    },
  },
} as const;

let codeQualityValidate: ((doc: unknown) => boolean) & { errors?: unknown[] | null } | undefined;

/** Checks the text of a Code Quality report against the documented format; the errors (empty when valid). */
export async function codeQualityErrors(text: string): Promise<string[]> {
  if (text.charCodeAt(0) === 0xfeff) return ['the report begins with a byte order mark, which GitLab refuses'];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return [`not JSON: ${(e as Error).message}`];
  }
  if (!codeQualityValidate) {
    const mod = (await import('ajv')) as unknown as { default: new (o: object) => { compile(s: object): typeof codeQualityValidate } };
    codeQualityValidate = new mod.default({ allErrors: true, strict: true, strictRequired: false }).compile(CODE_QUALITY_SCHEMA);
  }
  return codeQualityValidate!(doc) ? [] : (codeQualityValidate!.errors ?? []).map((e) => JSON.stringify(e));
}
