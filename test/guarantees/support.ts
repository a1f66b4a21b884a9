/**
 * What the guarantee tests share: temporary folders, a previous report that a run must leave
 * alone, readers for the JSON and JUnit reports, the "one sentence, exit 2" assertion, an
 * answering proxy for the AWS errors the fault proxy does not send (expired or unknown
 * credentials, messages with hostile text), and IAM users in an IAM-enforcing moto.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { Agent, createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorResponse, identify, type RequestInfo } from '../helpers/aws-proxy.js';
import type { CliRun } from '../helpers/cli.js';
import { parseXml, type XmlElement } from '../helpers/report-fixtures.js';

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `postflight-${prefix}-`));
}

// ---------------------------------------------------------------------------------------------
// Reports: where a run writes them, and the report an earlier run left there

export interface ReportPaths {
  dir: string;
  junit: string;
  json: string;
  sarif: string;
  markdown: string;
  html: string;
  /** `--junit … --json … --sarif … --markdown … --html …` */
  args: string[];
}

/** Every report a run can write, in one folder. */
export const REPORT_FILES = ['junit.xml', 'postflight.html', 'postflight.json', 'postflight.md', 'postflight.sarif'];

export function reportPaths(base: string): ReportPaths {
  const dir = join(base, 'reports');
  const junit = join(dir, 'junit.xml');
  const json = join(dir, 'postflight.json');
  const sarif = join(dir, 'postflight.sarif');
  const markdown = join(dir, 'postflight.md');
  const html = join(dir, 'postflight.html');
  return { dir, junit, json, sarif, markdown, html, args: ['--junit', junit, '--json', json, '--sarif', sarif, '--markdown', markdown, '--html', html] };
}

export const PREVIOUS_JUNIT =
  '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="postflight" tests="1" failures="0" errors="0" time="1.000">\n' +
  '  <testsuite name="previous-run" tests="1" failures="0" errors="0" skipped="0" time="0" timestamp="2025-01-01T00:00:00.000Z">\n' +
  '    <testcase classname="previous-run" name="AWS::S3::Bucket previous" time="0"/>\n  </testsuite>\n</testsuites>\n';
export const PREVIOUS_JSON = `${JSON.stringify({ schemaVersion: 1, previousRun: true, results: [] }, null, 2)}\n`;
export const PREVIOUS_SARIF = `${JSON.stringify({ version: '2.1.0', runs: [] })}\n`;
export const PREVIOUS_MARKDOWN = '## previous run\n';
export const PREVIOUS_HTML = '<!DOCTYPE html>\n<title>previous run</title>\n';
const PREVIOUS_MTIME = new Date('2025-01-01T00:00:00Z');

const previous = (r: ReportPaths): Array<[string, string]> => [
  [r.junit, PREVIOUS_JUNIT],
  [r.json, PREVIOUS_JSON],
  [r.sarif, PREVIOUS_SARIF],
  [r.markdown, PREVIOUS_MARKDOWN],
  [r.html, PREVIOUS_HTML],
];

/** Leaves a complete report of an earlier run where this run writes each of its own. */
export async function seedPreviousReports(r: ReportPaths): Promise<void> {
  await mkdir(r.dir, { recursive: true });
  for (const [path, text] of previous(r)) {
    await writeFile(path, text);
    await utimes(path, PREVIOUS_MTIME, PREVIOUS_MTIME);
  }
}

/** The earlier reports are there byte for byte, never rewritten, with nothing (no temporary file) beside them. */
export async function expectPreviousReportsUntouched(r: ReportPaths): Promise<void> {
  for (const [path, text] of previous(r)) {
    expect(await readFile(path, 'utf8')).toBe(text);
    expect((await stat(path)).mtime.getTime()).toBe(PREVIOUS_MTIME.getTime());
  }
  expect((await readdir(r.dir)).sort()).toEqual(REPORT_FILES);
}

/** No report at all, and no folder made for one. */
export function expectNoReports(r: ReportPaths): void {
  expect(existsSync(r.dir)).toBe(false);
}

/** Exit 2 with one line on stderr, `postflight: <sentence>`, matching `pattern`; no stack trace, nothing on stdout. */
export function expectUsageError(run: CliRun, pattern: RegExp): void {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(pattern) });
  expect(run.stderr).toMatch(/^postflight: \S/);
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+\)?$|internal error|\bError:\s*$/m);
  expect(run.stderr).not.toContain('\u001b');
  expect(run.stdout).toBe('');
}

// ---------------------------------------------------------------------------------------------
// Reading reports

export interface JsonResult {
  checkId: string;
  status: 'pass' | 'fail' | 'error' | 'skipped';
  message: string;
  evidence: Record<string, unknown>;
  remediation: string;
  resource: { type: string; id: string; arn: string | null; region: string | null; keys: string[] };
}

export interface JsonReport {
  exitCode: number;
  summary: Record<string, number>;
  resources: Array<{ type: string; id: string; keys: string[] }>;
  results: JsonResult[];
  unrecognised: string[];
  redacted: string[];
  apiCalls: Record<string, number>;
}

export async function readJsonReport(path: string): Promise<JsonReport> {
  return JSON.parse(await readFile(path, 'utf8')) as JsonReport;
}

export interface JunitCase {
  suite: string;
  classname: string;
  name: string;
  status: 'pass' | 'fail' | 'error' | 'skipped';
  message?: string;
  element: XmlElement;
}

/** Every testcase of a JUnit document, with the status its child element gives it. */
export function junitCases(xml: string): JunitCase[] {
  const root = parseXml(xml);
  const cases: JunitCase[] = [];
  for (const suite of root.children.filter((c) => c.name === 'testsuite')) {
    for (const tc of suite.children.filter((c) => c.name === 'testcase')) {
      const verdict = tc.children.find((c) => c.name === 'failure' || c.name === 'error' || c.name === 'skipped');
      const status = verdict?.name === 'failure' ? 'fail' : verdict?.name === 'error' ? 'error' : verdict?.name === 'skipped' ? 'skipped' : 'pass';
      const message = verdict?.attributes.message;
      cases.push({ suite: suite.attributes.name ?? '', classname: tc.attributes.classname ?? '', name: tc.attributes.name ?? '', status, ...(message !== undefined ? { message } : {}), element: tc });
    }
  }
  return cases;
}

/** The JUnit testcase of one JSON result (same check, same resource). */
export function junitCaseOf(cases: readonly JunitCase[], r: Pick<JsonResult, 'checkId' | 'resource'>): JunitCase | undefined {
  const name = `${r.resource.type} ${r.resource.id}`;
  return cases.find((c) => c.classname === r.checkId && (c.name === name || c.name.startsWith(`${name} (`)));
}

/** `check @ resource id`, for readable failure output. */
export const pair = (r: Pick<JsonResult, 'checkId' | 'resource'>): string => `${r.checkId} @ ${r.resource.id}`;

// ---------------------------------------------------------------------------------------------
// An answering proxy: errors the fault proxy (test/helpers/aws-proxy.ts) has no rule for

export interface Answer {
  /** SigV4 service name; every service when left out. */
  service?: string;
  action?: string;
  /** The first `times` matching calls; every one when left out. */
  times?: number;
  /** The error AWS would send: status and code may depend on the protocol of the call. */
  error?: (info: RequestInfo) => { status: number; code: string; message: string };
  /** Or any answer at all, as it goes on the wire. */
  raw?: (info: RequestInfo) => { status: number; headers?: Record<string, string>; body: string };
}

export interface AnsweringProxy {
  readonly endpoint: string;
  /** Calls answered with an error so far. */
  answered(): number;
  /** Calls seen so far (answered or forwarded). */
  seen(): number;
  /** Every request seen so far as text: method, URL, headers and body. */
  requests(): string[];
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Sits between the CLI and `target` (moto, or the fault proxy in front of it) on 127.0.0.1: calls
 * an answer matches get that error in the wire shape of their protocol (the fault proxy's
 * `errorResponse`); every other call is forwarded unchanged.
 */
export async function startAnsweringProxy(options: { target: string; answers: Answer[] }): Promise<AnsweringProxy> {
  const target = new URL(options.target);
  if (target.hostname !== '127.0.0.1') throw new Error('the answering proxy forwards to 127.0.0.1 only');
  const left = options.answers.map((a) => a.times ?? Infinity);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const sockets = new Set<Socket>();
  let answered = 0;
  let seen = 0;
  const requests: string[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      seen++;
      requests.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${body.toString('utf8')}`);
      const url = new URL(req.url ?? '/', 'http://proxy.invalid');
      const info = identify(req.method ?? 'GET', url, req.headers, body);
      const i = options.answers.findIndex(
        (a, k) =>
          (left[k] ?? 0) > 0 &&
          (a.service === undefined || a.service.toLowerCase() === info.service.toLowerCase()) &&
          (a.action === undefined || a.action.toLowerCase() === info.action.toLowerCase()),
      );
      if (i >= 0) {
        left[i] = (left[i] ?? 0) - 1;
        answered++;
        const rule = options.answers[i]!;
        const answer = rule.raw ? { headers: {}, ...rule.raw(info) } : errorResponse({ ...rule.error!(info), type: 'Sender' }, info);
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
        res.end(answer.body);
        return;
      }
      const headers = { ...req.headers, 'content-length': String(body.length) };
      delete headers.connection;
      const up = httpRequest({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      up.end(body);
    })().catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    answered: () => answered,
    seen: () => seen,
    requests: () => [...requests],
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        agent.destroy();
      }),
  };
}

/** The answer AWS gives to a call signed with an expired session token, in each protocol. */
export function expiredToken(info: RequestInfo): { status: number; code: string; message: string } {
  const message = 'The security token included in the request is expired';
  switch (info.protocol) {
    case 'json':
      return { status: 400, code: 'ExpiredTokenException', message };
    case 'rest-json':
      return { status: 403, code: 'ExpiredTokenException', message };
    case 'ec2':
      return { status: 400, code: 'RequestExpired', message: 'Request has expired.' };
    default:
      return { status: 400, code: 'ExpiredToken', message };
  }
}

/** The answer AWS gives to an access key it does not know, in each protocol. */
export function invalidClientTokenId(info: RequestInfo): { status: number; code: string; message: string } {
  switch (info.protocol) {
    case 'json':
    case 'rest-json':
      return { status: 400, code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
    case 'ec2':
      return { status: 401, code: 'AuthFailure', message: 'AWS was not able to validate the provided access credentials' };
    case 'rest-xml':
      return { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
    default:
      return { status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' };
  }
}

// ---------------------------------------------------------------------------------------------
// IAM in moto

/** IAM calls `createIamUser` makes: CreateUser, PutUserPolicy, CreateAccessKey. */
export const IAM_CALLS_PER_USER = 3;

/**
 * One IAM query call to moto. Unsigned: made while moto still lets the first
 * `INITIAL_NO_AUTH_ACTION_COUNT` calls through; the credential scope only routes it to IAM.
 */
async function iamCall(endpoint: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    body: new URLSearchParams({ Version: '2010-05-08', ...params }).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`IAM ${params.Action} failed: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text;
}

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A user with one inline policy and an access key. */
export async function createIamUser(endpoint: string, name: string, policy: object): Promise<AccessKey> {
  await iamCall(endpoint, { Action: 'CreateUser', UserName: name });
  await iamCall(endpoint, { Action: 'PutUserPolicy', UserName: name, PolicyName: `${name}-policy`, PolicyDocument: JSON.stringify(policy) });
  const xml = await iamCall(endpoint, { Action: 'CreateAccessKey', UserName: name });
  const accessKeyId = /<AccessKeyId>([^<]+)</.exec(xml)?.[1];
  const secretAccessKey = /<SecretAccessKey>([^<]+)</.exec(xml)?.[1];
  if (!accessKeyId || !secretAccessKey) throw new Error(`no access key in ${xml.slice(0, 300)}`);
  return { accessKeyId, secretAccessKey };
}

/** The CLI's AWS environment for an emulator, signed with these keys (no session token). */
export function keysEnv(endpoint: string, key: AccessKey, region = 'us-east-1'): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: key.accessKeyId,
    AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    AWS_REGION: region,
    AWS_ENDPOINT_URL: endpoint,
  };
}
