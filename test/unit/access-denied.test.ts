/**
 * A denied call says so and names its IAM action, whatever the service's protocol and whatever
 * body the denial came with; the result it leaves unjudged points at that permission, not at the
 * check's configuration fix.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import kmsCollector, { resolveKmsKey } from '../../src/collect/kms.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import rotation from '../../checks/kms-key-rotation-enabled.check.js';
import { deniedActions, deniedReason } from '../../src/facts/access.js';
import { unknown } from '../../src/facts/fact.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import { errorRemediation } from '../../src/engine/evaluate.js';
import type { ResourceRef } from '../../src/types.js';
import { evaluateCase } from '../helpers/check-cases.js';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const IAM_XML =
  '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/ci is not authorized to perform: kms:DescribeKey</Message></Error><RequestId>7a62c49f</RequestId></ErrorResponse>';

/** What the local endpoint answers every call with. */
let answer: { status: number; type: string; body: string } = { status: 403, type: 'text/xml', body: IAM_XML };
let server: Server;
let endpoint: string;
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'not-a-real-secret-key-for-the-local-endpoint';
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': answer.type });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
  else process.env.AWS_ACCESS_KEY_ID = saved.id;
  if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
  else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
});

function context(): CollectContext {
  return createContext(
    { region: 'eu-west-1', endpointUrl: endpoint, maxAttempts: 1, callTimeoutMs: 5000, concurrency: 2 },
    { kmsResolver: (c, ref, region) => resolveKmsKey(c, ref, region) },
  );
}

const key: ResourceRef = { type: 'AWS::KMS::Key', id: KEY_ID, keys: ['KmsKeyId'], region: 'eu-west-1' };

async function keyFacts() {
  const facts = await kmsCollector.collect([key], new Set<FactKey>(['kms.key', 'kms.rotationEnabled']), context());
  return facts.get(key)!;
}

describe('a denied call to a JSON service', () => {
  it('answered with an XML body (HTTP 403): access denied, naming the action, never a parse error', async () => {
    answer = { status: 403, type: 'text/xml', body: IAM_XML };
    const facts = await keyFacts();
    const described = facts['kms.key']!;
    expect(described.state).toBe('unknown');
    const reason = described.state === 'unknown' ? described.reason : '';
    expect(reason).toMatch(/access to kms:DescribeKey was denied: AccessDenied: the service answered HTTP 403 in text\/xml/);
    expect(reason).not.toMatch(/SyntaxError|Unexpected token|Deserialization/);
    const rotationFact = facts['kms.rotationEnabled']!;
    expect(rotationFact.state === 'unknown' && rotationFact.reason).toMatch(/access to kms:GetKeyRotationStatus was denied/);
  });

  it("answered in the service's own JSON: the same phrase, with AWS's error", async () => {
    answer = { status: 400, type: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: 'AccessDeniedException', message: 'User: ci is not authorized to perform: kms:DescribeKey' }) };
    const described = (await keyFacts())['kms.key']!;
    expect(described.state === 'unknown' && described.reason).toMatch(/access to kms:DescribeKey was denied: AccessDeniedException: User: ci is not authorized/);
  });

  it('an unreadable answer that is not a denial (HTTP 503 in HTML) is no denial, and says what came back', async () => {
    answer = { status: 503, type: 'text/html', body: '<html><body>Service Unavailable</body></html>' };
    const described = (await keyFacts())['kms.key']!;
    const reason = described.state === 'unknown' ? described.reason : '';
    expect(reason).toMatch(/HTTP 503: the service answered HTTP 503 in text\/html/);
    expect(deniedActions(reason)).toEqual([]);
  });
});

describe('the remediation of a result that could not be judged', () => {
  it('names the denied permission and how to get the whole policy', () => {
    const r = evaluateCase(rotation, {
      name: 'rotation denied',
      facts: {
        'kms.key': unknown(deniedReason('kms:DescribeKey', 'AccessDeniedException: not authorized (HTTP 400)')),
        'kms.rotationEnabled': unknown(deniedReason('kms:GetKeyRotationStatus', 'AccessDeniedException: not authorized (HTTP 400)')),
      },
    });
    expect(r.status).toBe('error');
    expect(r.remediation).toBe('Grant kms:DescribeKey and kms:GetKeyRotationStatus to the role postflight runs as (`postflight iam-policy` prints the whole policy), then rerun.');
  });

  it('a read that failed for another reason says what to do about the read, not about the configuration', () => {
    const r = evaluateCase(rotation, { name: 'timed out', facts: { 'kms.key': unknown('could not describe KMS key x: the call timed out'), 'kms.rotationEnabled': unknown('the call timed out') } });
    expect(r.status).toBe('error');
    expect(r.remediation).not.toBe(rotation.remediation);
    expect(r.remediation).toMatch(/^Nothing was judged: a fact this check needs could not be read/);
  });

  it("a failure keeps the check's own fix, and so does an error that is not about reading", () => {
    expect(errorRemediation('Enable rotation.', 'the check threw', {}, {})).toBe('Enable rotation.');
    // A denial named only in a related resource's reason, in the message or the evidence, counts too.
    expect(errorRemediation('Enable rotation.', 'the stack key could not be read', { unresolved: ['k: access to kms:DescribeKey was denied: x'] }, {})).toMatch(/^Grant kms:DescribeKey /);
  });

  it('reads only the fixed phrase: a message that merely mentions an action is not a denial', () => {
    expect(deniedActions('User is not authorized to perform: kms:DescribeKey')).toEqual([]);
    expect(deniedActions(`${deniedReason('s3:GetEncryptionConfiguration', 'AccessDenied')}; ${deniedReason('s3:GetEncryptionConfiguration', 'again')}`)).toEqual(['s3:GetEncryptionConfiguration']);
    expect(deniedReason(undefined, 'AccessDenied')).toBe('access was denied: AccessDenied');
  });
});
