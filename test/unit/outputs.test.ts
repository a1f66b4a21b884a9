import { mkdtemp, mkdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { parseOutputs } from '../../src/outputs/parse.js';
import { MAX_OUTPUTS_BYTES, readOutputs } from '../../src/outputs/read.js';
import type { OutputEntry } from '../../src/types.js';

const FILE = 'cfn-outputs/flat-outputs.json';

/** Only the fields a test names, so expectations stay readable. */
function brief(entries: OutputEntry[]): Array<Partial<OutputEntry>> {
  return entries.map((e) => {
    const out: Partial<OutputEntry> = { key: e.key, name: e.name, value: e.value };
    if (e.stack !== undefined) out.stack = e.stack;
    if (e.scalar) out.scalar = true;
    if (e.sensitive) out.sensitive = true;
    return out;
  });
}

function parsed(doc: unknown, format?: Parameters<typeof parseOutputs>[2]) {
  return parseOutputs(JSON.stringify(doc), FILE, format);
}

function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

async function rejected(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError, the promise resolved');
}

describe('parseOutputs: formats', () => {
  it('reads a flat file in file order, even integer-like keys', () => {
    const { entries, format } = parseOutputs('{"VpcId": "vpc-0a1b2c3d", "2": "b", "1": "a"}', FILE);
    expect(format).toBe('flat');
    expect(brief(entries)).toEqual([
      { key: 'VpcId', name: 'VpcId', value: 'vpc-0a1b2c3d' },
      { key: '2', name: '2', value: 'b' },
      { key: '1', name: '1', value: 'a' },
    ]);
  });

  it('reads an empty object as no outputs', () => {
    expect(parseOutputs('{}', FILE)).toEqual({ entries: [], format: 'flat' });
  });

  it('reads a CDKTF/CDK outputs file nested per stack', () => {
    const { entries, format } = parsed({
      TapStackdev: { vpc_id: 'vpc-0a1b2c3d', db_port: 5432 },
      'TapStack-pr42': { bucket_name: 'tap-data' },
    });
    expect(format).toBe('cdktf');
    expect(brief(entries)).toEqual([
      { key: 'TapStackdev.vpc_id', name: 'vpc_id', value: 'vpc-0a1b2c3d', stack: 'TapStackdev' },
      { key: 'TapStackdev.db_port', name: 'db_port', value: '5432', stack: 'TapStackdev', scalar: true },
      { key: 'TapStack-pr42.bucket_name', name: 'bucket_name', value: 'tap-data', stack: 'TapStack-pr42' },
    ]);
  });

  it('reads `terraform output -json` and never keeps a sensitive value', () => {
    const text = JSON.stringify({
      vpc_id: { sensitive: false, type: 'string', value: 'vpc-0a1b2c3d' },
      private_subnet_ids: { sensitive: false, type: ['list', 'string'], value: ['subnet-0aa11bb2', 'subnet-0cc33dd4'] },
      db_password: { sensitive: true, type: 'string', value: 'correct-horse-battery-staple' },
      db_connection: { sensitive: true, type: ['object', {}], value: { user: 'admin', host: 'db.internal' } },
    });
    const { entries, format } = parseOutputs(text, FILE);
    expect(format).toBe('terraform');
    expect(brief(entries)).toEqual([
      { key: 'vpc_id', name: 'vpc_id', value: 'vpc-0a1b2c3d' },
      { key: 'private_subnet_ids[0]', name: 'private_subnet_ids', value: 'subnet-0aa11bb2' },
      { key: 'private_subnet_ids[1]', name: 'private_subnet_ids', value: 'subnet-0cc33dd4' },
      { key: 'db_password', name: 'db_password', value: '', sensitive: true },
      { key: 'db_connection', name: 'db_connection', value: '', sensitive: true },
    ]);
    const shown = JSON.stringify(entries);
    expect(shown).not.toContain('correct-horse');
    expect(shown).not.toContain('db.internal');
  });

  it('reads CloudFormation describe-stacks outputs as a bare list', () => {
    const { entries, format } = parsed([
      { OutputKey: 'VpcId', OutputValue: 'vpc-0a1b2c3d', Description: 'The VPC', ExportName: 'tap-vpc' },
      { OutputKey: 'PrivateSubnets', OutputValue: 'subnet-0aa11bb2,subnet-0cc33dd4' },
    ]);
    expect(format).toBe('cloudformation');
    expect(brief(entries)).toEqual([
      { key: 'VpcId', name: 'VpcId', value: 'vpc-0a1b2c3d' },
      { key: 'PrivateSubnets[0]', name: 'PrivateSubnets', value: 'subnet-0aa11bb2' },
      { key: 'PrivateSubnets[1]', name: 'PrivateSubnets', value: 'subnet-0cc33dd4' },
    ]);
  });

  it('reads the whole describe-stacks document, one stack prefix per stack', () => {
    const { entries, format } = parsed({
      Stacks: [
        { StackName: 'TapNetwork', StackStatus: 'CREATE_COMPLETE', Outputs: [{ OutputKey: 'VpcId', OutputValue: 'vpc-0a1b2c3d' }] },
        { StackName: 'TapData', Outputs: [{ OutputKey: 'BucketName', OutputValue: 'tap-data' }] },
        { StackName: 'TapEmpty' },
      ],
    });
    expect(format).toBe('cloudformation');
    expect(brief(entries)).toEqual([
      { key: 'TapNetwork.VpcId', name: 'VpcId', value: 'vpc-0a1b2c3d', stack: 'TapNetwork' },
      { key: 'TapData.BucketName', name: 'BucketName', value: 'tap-data', stack: 'TapData' },
    ]);
  });

  it('reads a stack with no outputs as no entries', () => {
    expect(parseOutputs('[]', FILE)).toEqual({ entries: [], format: 'cloudformation' });
    expect(parseOutputs('{"Stacks": []}', FILE)).toEqual({ entries: [], format: 'cloudformation' });
  });

  it('reads one stack object from describe-stacks --query Stacks[0]', () => {
    const { entries, format } = parsed({ StackName: 'Tap', Outputs: [{ OutputKey: 'VpcId', OutputValue: 'vpc-0a1b2c3d' }] });
    expect(format).toBe('cloudformation');
    expect(brief(entries)).toEqual([{ key: 'Tap.VpcId', name: 'VpcId', value: 'vpc-0a1b2c3d', stack: 'Tap' }]);
  });

  it('reads `pulumi stack output --json`: nested values walked, [secret] hidden', () => {
    const { entries, format } = parsed({
      vpcId: 'vpc-0a1b2c3d',
      dbPassword: '[secret]',
      bucket: { id: 'tap-data', urn: 'urn:pulumi:dev::tap::aws:s3/bucket:Bucket::data' },
    });
    expect(format).toBe('pulumi');
    expect(brief(entries)).toEqual([
      { key: 'vpcId', name: 'vpcId', value: 'vpc-0a1b2c3d' },
      { key: 'dbPassword', name: 'dbPassword', value: '', sensitive: true },
      { key: 'bucket.id', name: 'id', value: 'tap-data' },
      { key: 'bucket.urn', name: 'urn', value: 'urn:pulumi:dev::tap::aws:s3/bucket:Bucket::data' },
    ]);
  });

  it('reports pulumi output without pulumi marks as flat, with the same entries', () => {
    const doc = { vpcId: 'vpc-0a1b2c3d', subnetIds: ['subnet-0aa11bb2'] };
    const detected = parsed(doc);
    const forced = parsed(doc, 'pulumi');
    expect(detected.format).toBe('flat');
    expect(forced.format).toBe('pulumi');
    expect(forced.entries).toEqual(detected.entries);
  });
});

describe('parseOutputs: values', () => {
  it('walks arrays into one entry per item, keeping the output name', () => {
    expect(brief(parsed({ Subnets: ['subnet-0aa11bb2', 'subnet-0cc33dd4'] }).entries)).toEqual([
      { key: 'Subnets[0]', name: 'Subnets', value: 'subnet-0aa11bb2' },
      { key: 'Subnets[1]', name: 'Subnets', value: 'subnet-0cc33dd4' },
    ]);
  });

  it('walks nested objects, joining keys with a dot and naming each by its last key', () => {
    expect(brief(parsed({ VpcId: 'vpc-0a1b2c3d', Tags: { Project: 'tap', Owner: { Team: 'data' } } }).entries)).toEqual([
      { key: 'VpcId', name: 'VpcId', value: 'vpc-0a1b2c3d' },
      { key: 'Tags.Project', name: 'Project', value: 'tap' },
      { key: 'Tags.Owner.Team', name: 'Team', value: 'data' },
    ]);
  });

  it('reads a file whose every value is an object as nested per stack: the keys are the same either way', () => {
    const doc = { Tags: { Project: 'tap' } };
    const nested = parsed(doc);
    expect(nested.format).toBe('cdktf');
    expect(nested.entries.map((e) => e.key)).toEqual(parsed(doc, 'flat').entries.map((e) => e.key));
  });

  it('splits comma-joined lists, with or without spaces', () => {
    expect(brief(parsed({ A: 'subnet-0aa11bb2,subnet-0cc33dd4', B: 'us-east-1a, us-east-1b' }).entries)).toEqual([
      { key: 'A[0]', name: 'A', value: 'subnet-0aa11bb2' },
      { key: 'A[1]', name: 'A', value: 'subnet-0cc33dd4' },
      { key: 'B[0]', name: 'B', value: 'us-east-1a' },
      { key: 'B[1]', name: 'B', value: 'us-east-1b' },
    ]);
  });

  it.each([
    ['a sentence', 'Deployed by CDK, version 2 of the pipeline'],
    ['prose words', 'Hello, world'],
    ['an empty item', 'subnet-0aa11bb2,,subnet-0cc33dd4'],
    ['a trailing comma', 'subnet-0aa11bb2,'],
    ['JSON-looking text that is not JSON', '{"a": 1, "b": }'],
    ['a multi-host URL', 'mongodb://h1.example.com:27017,h2.example.com:27017/app'],
  ])('keeps %s whole', (_what, value) => {
    expect(brief(parsed({ Out: value }).entries)).toEqual([{ key: 'Out', name: 'Out', value }]);
  });

  it('decodes JSON-encoded lists and objects and walks them', () => {
    const doc = { Subnets: JSON.stringify(['subnet-0aa11bb2', 'subnet-0cc33dd4']), Db: JSON.stringify({ host: 'db.internal', port: 5432 }) };
    expect(brief(parsed(doc).entries)).toEqual([
      { key: 'Subnets[0]', name: 'Subnets', value: 'subnet-0aa11bb2' },
      { key: 'Subnets[1]', name: 'Subnets', value: 'subnet-0cc33dd4' },
      { key: 'Db.host', name: 'host', value: 'db.internal' },
      { key: 'Db.port', name: 'port', value: '5432', scalar: true },
    ]);
  });

  it('keeps numbers as written, booleans and null as scalar entries', () => {
    const text = '{"Port": 5432, "Big": 12345678901234567890, "Exp": 1e3, "Multi": true, "Gone": null}';
    expect(brief(parseOutputs(text, FILE).entries)).toEqual([
      { key: 'Port', name: 'Port', value: '5432', scalar: true },
      { key: 'Big', name: 'Big', value: '12345678901234567890', scalar: true },
      { key: 'Exp', name: 'Exp', value: '1e3', scalar: true },
      { key: 'Multi', name: 'Multi', value: 'true', scalar: true },
      { key: 'Gone', name: 'Gone', value: 'null', scalar: true },
    ]);
  });

  it('marks values that look secret as sensitive and drops them', () => {
    const { entries } = parsed({
      DbPassword: 'Tr0ub4dor&3-long-enough',
      DatabaseUrl: 'postgres://admin:hunter2@db.internal:5432/app',
      DbSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:tap/db-AbC123',
      Hosts: 'redis://:s3cr3t@cache.internal:6379,db.internal:5432',
    });
    expect(brief(entries)).toEqual([
      { key: 'DbPassword', name: 'DbPassword', value: '', sensitive: true },
      { key: 'DatabaseUrl', name: 'DatabaseUrl', value: '', sensitive: true },
      { key: 'DbSecretArn', name: 'DbSecretArn', value: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:tap/db-AbC123' },
      { key: 'Hosts', name: 'Hosts', value: '', sensitive: true },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/hunter2|Tr0ub4dor|s3cr3t/);
  });

  it('drops a UTF-8 byte-order mark', () => {
    expect(brief(parseOutputs('\ufeff{"VpcId": "vpc-0a1b2c3d"}', FILE).entries)).toEqual([
      { key: 'VpcId', name: 'VpcId', value: 'vpc-0a1b2c3d' },
    ]);
  });
});

describe('parseOutputs: forced formats', () => {
  it('reads a nested file as flat when told to, keys alike but no stack', () => {
    const { entries, format } = parsed({ TapStackdev: { vpc_id: 'vpc-0a1b2c3d' } }, 'flat');
    expect(format).toBe('flat');
    expect(brief(entries)).toEqual([{ key: 'TapStackdev.vpc_id', name: 'vpc_id', value: 'vpc-0a1b2c3d' }]);
  });

  it('reads a terraform-looking file as flat when told to', () => {
    const { entries } = parsed({ vpc_id: { value: 'vpc-0a1b2c3d', type: 'string' } }, 'flat');
    expect(brief(entries)).toEqual([
      { key: 'vpc_id.value', name: 'value', value: 'vpc-0a1b2c3d' },
      { key: 'vpc_id.type', name: 'type', value: 'string' },
    ]);
  });

  it.each([
    ['terraform', { VpcId: 'vpc-0a1b2c3d' }, /terraform output -json.*"VpcId" has no "value" field/],
    ['cloudformation', { VpcId: 'vpc-0a1b2c3d' }, /CloudFormation.*OutputKey/],
    ['cdktf', { VpcId: 'vpc-0a1b2c3d' }, /CDKTF.*"VpcId" holds a string/],
    ['flat', [{ OutputKey: 'VpcId', OutputValue: 'vpc-0a1b2c3d' }], /flat outputs.*top level is a list/],
    ['pulumi', [], /pulumi stack output.*top level is a list/],
  ] as const)('refuses a file that is not in the forced %s format', (format, doc, message) => {
    const err = thrown(() => parsed(doc, format));
    expect(err.message).toContain(FILE);
    expect(err.message).toMatch(message);
  });
});

describe('parseOutputs: errors', () => {
  it.each([
    ['empty', ''],
    ['whitespace only', ' \n\t\r\n '],
    ['a byte-order mark only', '\ufeff'],
  ])('refuses an %s text, naming the file', (_what, text) => {
    const err = thrown(() => parseOutputs(text, FILE));
    expect(err.message).toContain(FILE);
    expect(err.message).toMatch(/is empty/);
  });

  it.each([
    ['a missing comma', '{\n  "VpcId": "vpc-0a1b2c3d"\n  "BucketName": "tap-data"\n}', 3, 3, 'expected a comma'],
    ['a missing colon', '{\n  "VpcId" "vpc-0a1b2c3d"\n}', 2, 11, 'expected a colon'],
    ['a trailing comma', '{\n  "VpcId": "vpc-0a1b2c3d",\n}', 3, 1, 'expected a property name'],
    ['a comment', '{\n  // the VPC\n  "VpcId": "vpc-0a1b2c3d"\n}', 2, 3, 'comments are not allowed'],
    ['single quotes', "{'VpcId': 'vpc-0a1b2c3d'}", 1, 2, 'unexpected character'],
    ['an unterminated string', '{"VpcId": "vpc-0a1b', 1, 11, 'unterminated string'],
    ['a raw tab in a string', '{"VpcId": "vpc\t0a1b"}', 1, 11, 'control character'],
    ['two documents', '{"a": "b"}\n{"c": "d"}', 2, 1, 'unexpected content after the end'],
    ['a truncated file', '{"VpcId": "vpc-0a1b2c3d",', 1, 26, 'expected a property name'],
    ['Windows line endings', '{\r\n  "VpcId": "vpc-0a1b2c3d",\r\n  "Bucket": tap\r\n}', 3, 13, 'unexpected character'],
  ])('refuses invalid JSON (%s) with line and column', (_what, text, line, column, problem) => {
    const err = thrown(() => parseOutputs(text, FILE));
    expect(err.message).toContain(FILE);
    expect(err.message).toContain(`line ${line}, column ${column}`);
    expect(err.message).toContain(problem);
  });

  it.each([
    ['a list of strings', '["vpc-0a1b2c3d"]', 'a list'],
    ['a string', '"vpc-0a1b2c3d"', 'a string'],
    ['a number', '42', 'a number'],
    ['null', 'null', 'null'],
    ['a boolean', 'true', 'a boolean'],
  ])('refuses %s at the top level', (_what, text, kind) => {
    const err = thrown(() => parseOutputs(text, FILE));
    expect(err.message).toContain(FILE);
    expect(err.message).toContain(`holds ${kind} at the top level`);
  });

  it('names a duplicate key and where it repeats', () => {
    const err = thrown(() => parseOutputs('{\n  "VpcId": "vpc-0a1b2c3d",\n  "VpcId": "vpc-0e5f6a7b"\n}', FILE));
    expect(err.message).toContain(FILE);
    expect(err.message).toContain('"VpcId" twice');
    expect(err.message).toContain('line 3, column 3');
  });

  it('finds a duplicate key inside a stack, but allows the same key in two stacks', () => {
    expect(parseOutputs('{"A": {"vpc_id": "x"}, "B": {"vpc_id": "y"}}', FILE).entries).toHaveLength(2);
    const err = thrown(() => parseOutputs('{"A": {"vpc_id": "x",\n "vpc_id": "y"}}', FILE));
    expect(err.message).toContain('"vpc_id" twice');
    expect(err.message).toContain('line 2, column 2');
  });

  it('refuses absurdly deep nesting with an InputError, not a stack overflow', () => {
    const text = `{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const err = thrown(() => parseOutputs(text, FILE));
    expect(err.message).toContain(FILE);
    expect(err.message).toMatch(/levels deep/);
  });
});

describe('readOutputs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'postflight-outputs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, content: string | Uint8Array): Promise<string> {
    const p = join(dir, name);
    await writeFile(p, content);
    return p;
  }

  it('reads and parses a file', async () => {
    const p = await file('ok.json', '\ufeff{"TapStackdev": {"vpc_id": "vpc-0a1b2c3d"}}');
    const { entries, format } = await readOutputs(p);
    expect(format).toBe('cdktf');
    expect(brief(entries)).toEqual([{ key: 'TapStackdev.vpc_id', name: 'vpc_id', value: 'vpc-0a1b2c3d', stack: 'TapStackdev' }]);
  });

  it('passes a forced format through', async () => {
    const p = await file('forced.json', '{"TapStackdev": {"vpc_id": "vpc-0a1b2c3d"}}');
    expect((await readOutputs(p, { format: 'flat' })).format).toBe('flat');
  });

  it('says to run the deploy when the file is missing', async () => {
    const p = join(dir, 'cfn-outputs', 'flat-outputs.json');
    const err = await rejected(readOutputs(p));
    expect(err.message).toContain(p);
    expect(err.message).toMatch(/does not exist; run the deploy first .* --outputs/);
  });

  it('refuses a directory', async () => {
    const p = join(dir, 'a-directory');
    await mkdir(p);
    const err = await rejected(readOutputs(p));
    expect(err.message).toContain(p);
    expect(err.message).toMatch(/is a directory/);
  });

  it('refuses an empty file', async () => {
    const p = await file('empty.json', '');
    const err = await rejected(readOutputs(p));
    expect(err.message).toContain(p);
    expect(err.message).toMatch(/is empty/);
  });

  it('refuses invalid JSON with line and column', async () => {
    const p = await file('bad.json', '{\n  "VpcId": vpc-0a1b2c3d\n}');
    const err = await rejected(readOutputs(p));
    expect(err.message).toContain(p);
    expect(err.message).toContain('line 2, column 12');
  });

  it('refuses bytes that are not UTF-8, saying where', async () => {
    const bytes = Buffer.concat([Buffer.from('{\n"VpcId": "vpc-'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('"}')]);
    const p = await file('latin1.json', bytes);
    const err = await rejected(readOutputs(p));
    expect(err.message).toContain(p);
    expect(err.message).toContain('not valid UTF-8 (byte 0xff at offset 16, line 2)');
  });

  it('refuses a truncated multi-byte character', async () => {
    const p = await file('cut.json', Buffer.concat([Buffer.from('{"Name": "caf'), Buffer.from([0xc3])]));
    const err = await rejected(readOutputs(p));
    expect(err.message).toContain('not valid UTF-8');
  });

  it('refuses UTF-16 text with the fix', async () => {
    const p = await file('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":"b"}', 'utf16le')]));
    const err = await rejected(readOutputs(p));
    expect(err.message).toContain(p);
    expect(err.message).toMatch(/UTF-16.*save it as UTF-8/);
  });

  it('refuses a file over 64 MiB without reading it', async () => {
    const p = await file('huge.json', '');
    await truncate(p, MAX_OUTPUTS_BYTES + 1);
    const err = await rejected(readOutputs(p));
    expect(err.message).toContain(p);
    expect(err.message).toMatch(/over the 64\.0 MiB limit/);
  });
});

describe('parseOutputs: a large file', () => {
  it('parses ~50 MB of outputs in reasonable time', () => {
    // 100,000 entries (MAX_ENTRIES): as many as an outputs file may hold.
    const stacks = 50;
    const perStack = 1_000;
    const padding = 'x'.repeat(1_000);
    const parts: string[] = [];
    for (let s = 0; s < stacks; s++) {
      const outputs: string[] = [];
      for (let i = 0; i < perStack; i++) {
        outputs.push(`"out_${i}": "tap-${s}-${i}-${padding}"`, `"port_${i}": ${i}`);
      }
      parts.push(`"TapStack${s}": {\n${outputs.join(',\n')}\n}`);
    }
    const text = `{\n${parts.join(',\n')}\n}`;
    expect(text.length).toBeGreaterThan(45_000_000);
    const started = Date.now();
    const { entries, format } = parseOutputs(text, FILE);
    const elapsed = Date.now() - started;
    expect(format).toBe('cdktf');
    expect(entries).toHaveLength(stacks * perStack * 2);
    expect(entries[entries.length - 1]).toEqual({
      key: `TapStack${stacks - 1}.port_${perStack - 1}`,
      name: `port_${perStack - 1}`,
      stack: `TapStack${stacks - 1}`,
      value: String(perStack - 1),
      scalar: true,
    });
    expect(elapsed).toBeLessThan(20_000);
  });
});
