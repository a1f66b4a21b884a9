/**
 * Every built-in check says which framework controls it implements, and every control it names is
 * one the published lists hold (src/engine/frameworks.json, with where and when each was read).
 */
import { loadChecks, validateCheck } from '../src/engine/registry.js';
import { compareControlIds, controlRefs, controlsText, FRAMEWORKS, frameworkData, inFrameworks, parseFrameworks } from '../src/engine/frameworks.js';
import { ConfigError, UsageError } from '../src/errors.js';

const loaded = await loadChecks();
const byId = new Map(loaded.map((c) => [c.check.id, c.check]));
const data = frameworkData();

describe('the published control lists', () => {
  it.each(FRAMEWORKS)('%s says where and when it was read, and holds ids and titles', (f) => {
    const d = data[f];
    expect(d.source.url).toMatch(/^https:\/\//);
    expect(d.source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(d.source.what.length).toBeGreaterThan(40);
    expect(d.name.length).toBeGreaterThan(5);
    const entries = Object.entries(d.controls);
    for (const [id, title] of entries) expect({ id, title: title.length > 5 }).toEqual({ id, title: true });
    // Listed as the publisher lists them, each once.
    const ids = entries.map(([id]) => id);
    expect([...ids].sort(compareControlIds)).toEqual(ids);
  });

  it('holds the whole FSBP list and the whole CIS v3.0.0 benchmark, ids in the form checks write them', () => {
    const fsbp = Object.keys(data.fsbp.controls);
    const cis = Object.keys(data.cis.controls);
    expect(fsbp.length).toBeGreaterThan(300);
    expect(cis.length).toBe(62);
    for (const id of fsbp) expect(id).toMatch(/^[A-Za-z0-9]+\.\d+$/);
    for (const id of cis) expect(id).toMatch(/^\d+(?:\.\d+)+$/);
    // Controls AWS retired or moved out of FSBP are not in it.
    for (const gone of ['S3.4', 'SNS.1', 'KMS.4', 'EC2.13', 'EC2.53', 'S3.14']) expect(fsbp).not.toContain(gone);
    expect(data.fsbp.controls['S3.8']).toBe('S3 general purpose buckets should block public access');
    expect(data.cis.controls['2.1.4']).toBe("Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'");
  });
});

describe('built-in checks', () => {
  it.each(loaded.map((c) => [c.check.id, c.check] as const))('%s says what it implements in both frameworks, naming only published controls', (_id, check) => {
    expect(check.controls).toBeDefined();
    for (const f of FRAMEWORKS) {
      expect({ framework: f, list: Array.isArray(check.controls?.[f]) }).toEqual({ framework: f, list: true });
      const unknown = (check.controls?.[f] ?? []).filter((id) => !Object.hasOwn(data[f].controls, id));
      expect({ framework: f, unknown }).toEqual({ framework: f, unknown: [] });
      expect(new Set(check.controls?.[f]).size).toBe(check.controls?.[f]?.length);
    }
  });

  // Read on the control's page of the Security Hub CSPM controls reference: its title, resource
  // type and what it evaluates. A broken or lost mapping fails here by name.
  it.each([
    ['s3-bucket-public-access-blocked', 'S3.8', '2.1.4'],
    ['s3-bucket-tls-only', 'S3.5', '2.1.1'],
    ['s3-bucket-lifecycle-covers-bucket', 'S3.13', undefined],
    ['rds-instance-not-publicly-accessible', 'RDS.2', '2.3.3'],
    ['rds-instance-storage-encrypted', 'RDS.3', '2.3.1'],
    ['rds-instance-multi-az-enabled', 'RDS.5', undefined],
    ['rds-cluster-deletion-protection', 'RDS.7', undefined],
    ['rds-instance-deletion-protection', 'RDS.8', undefined],
    ['rds-instance-backup-retention', 'RDS.11', undefined],
    ['rds-cluster-multi-az', 'RDS.15', undefined],
    ['rds-cluster-storage-encrypted', 'RDS.27', undefined],
    ['dynamodb-table-point-in-time-recovery', 'DynamoDB.2', undefined],
    ['elasticache-replication-group-multi-az-enabled', 'ElastiCache.3', undefined],
    ['elasticache-replication-group-at-rest-encryption-enabled', 'ElastiCache.4', undefined],
    ['elasticache-replication-group-transit-encryption-enabled', 'ElastiCache.5', undefined],
    ['efs-file-system-encrypted', 'EFS.1', '2.4.1'],
    ['ec2-ebs-volumes-encrypted', 'EC2.3', undefined],
    ['ec2-ebs-volumes-encrypted', 'EC2.181', undefined],
    ['ec2-vpc-flow-logs-enabled', 'EC2.6', '3.7'],
    ['kinesis-stream-encryption-enabled', 'Kinesis.1', undefined],
    ['sqs-queue-encrypted', 'SQS.1', undefined],
    ['kms-key-enabled', 'KMS.3', undefined],
    ['autoscaling-group-spans-azs', 'AutoScaling.2', undefined],
    ['elbv2-load-balancer-spans-azs', 'ELB.13', undefined],
    ['cloudtrail-trail-logging', 'CloudTrail.1', '3.1'],
    ['secretsmanager-secret-rotation-enabled', 'SecretsManager.1', undefined],
    ['iam-role-no-admin-policy', 'IAM.1', '1.16'],
  ])('%s implements FSBP %s (CIS %s)', (id, fsbp, cis) => {
    const check = byId.get(id);
    expect(check?.controls?.fsbp).toContain(fsbp);
    if (cis) expect(check?.controls?.cis).toContain(cis);
  });

  it.each([
    ['kms-key-rotation-enabled', [], ['3.6']],
    ['ec2-security-group-no-open-admin-ports', [], ['5.2', '5.3']],
    ['sns-topic-encrypted-with-cmk', [], []],
    ['s3-bucket-default-encryption-enabled', [], []],
    ['s3-bucket-versioning-enabled', [], []],
    ['live-matches-declared', [], []],
    ['resource-has-required-tags', [], []],
  ])('%s names exactly the controls of its framework (fsbp %j, cis %j)', (id, fsbp, cis) => {
    expect(byId.get(id)?.controls).toEqual({ fsbp, cis });
  });

  it('a check that requires the stack’s customer-managed key names only controls that ask for one', () => {
    const cmkChecks = loaded.filter((c) => c.check.id.endsWith('-cmk'));
    expect(cmkChecks.length).toBeGreaterThan(10);
    for (const { check } of cmkChecks) {
      const loose = controlRefs(check.controls).filter((r) => !/customer[ -]created|customer[ -]managed|\bCMKs?\b/i.test(r.title ?? ''));
      expect({ id: check.id, loose }).toEqual({ id: check.id, loose: [] });
    }
  });

  it('map to both frameworks, and some checks to neither', () => {
    const fsbp = loaded.filter((c) => inFrameworks(c.check.controls, ['fsbp']));
    const cis = loaded.filter((c) => inFrameworks(c.check.controls, ['cis']));
    const none = loaded.filter((c) => !inFrameworks(c.check.controls, ['fsbp', 'cis']));
    expect(fsbp.length).toBeGreaterThan(25);
    expect(cis.length).toBeGreaterThan(8);
    expect(none.map((c) => c.check.id)).toContain('rds-db-subnet-group-spans-azs');
    expect(fsbp.length + none.length).toBeLessThan(loaded.length + cis.length);
  });
});

describe('custom checks', () => {
  const good = {
    id: 'custom-thing-ok',
    title: 'Thing is ok',
    severity: 'low',
    appliesTo: ['AWS::S3::Bucket'],
    needs: [],
    remediation: 'Fix it.',
    evaluate: () => ({ status: 'pass', message: 'ok' }),
  };

  it('may name any control of the right form, listed or not (a newer control than this postflight knows)', () => {
    const check = validateCheck({ ...good, controls: { fsbp: ['S3.99', 'Foo.1'], cis: ['9.9.9'] } }, 'x.check.js');
    expect(check.controls).toEqual({ fsbp: ['S3.99', 'Foo.1'], cis: ['9.9.9'] });
    expect(controlRefs(check.controls).map((r) => r.title)).toEqual([undefined, undefined, undefined]);
  });

  it.each([
    [{ fsbp: ['S3 8'] }, /controls\.fsbp\.0 must be a Security Hub control id/],
    [{ fsbp: ['<b>S3.8</b>'] }, /controls\.fsbp\.0/],
    [{ cis: ['2.1.x'] }, /controls\.cis\.0 must be a CIS recommendation number/],
    [{ pci: ['1.1'] }, /pci/],
    [{ fsbp: 'S3.8' }, /controls\.fsbp/],
  ])('refuses controls of the wrong form (%j), naming the file', (controls, said) => {
    expect(() => validateCheck({ ...good, controls }, '/tmp/mine.check.js')).toThrow(ConfigError);
    expect(() => validateCheck({ ...good, controls }, '/tmp/mine.check.js')).toThrow(said);
    expect(() => validateCheck({ ...good, controls }, '/tmp/mine.check.js')).toThrow(/\/tmp\/mine\.check\.js/);
  });
});

describe('framework names and control text', () => {
  it('reads repeated and comma-listed names, in any case, each once', () => {
    expect(parseFrameworks(['cis', 'FSBP,cis', ' '], '--framework')).toEqual(['fsbp', 'cis']);
    expect(parseFrameworks([], '--framework')).toEqual([]);
  });

  it('refuses an unknown name in one sentence naming where it came from and the choices', () => {
    expect(() => parseFrameworks(['fsbp,pci'], '--framework')).toThrow(UsageError);
    expect(() => parseFrameworks(['fsbp,pci'], '--framework')).toThrow('--framework names the framework "pci", which postflight does not map: use fsbp or cis.');
  });

  it.each([
    [{ fsbp: ['S3.8'], cis: ['2.1.4'] }, 'fsbp S3.8 · cis 2.1.4'],
    [{ fsbp: ['EC2.3', 'EC2.181'], cis: [] }, 'fsbp EC2.3, EC2.181 · none in cis'],
    [{ fsbp: [], cis: [] }, 'none in fsbp or cis'],
    [{ fsbp: ['S3.8'] }, 'fsbp S3.8 · cis not mapped'],
    [undefined, 'not mapped'],
  ])('says %j as "%s"', (controls, text) => {
    expect(controlsText(controls)).toBe(text);
  });

  it('orders ids number by number', () => {
    expect(['S3.13', 'S3.5', 'RDS.2', 'rds.10', 'Autoscaling.5', 'AutoScaling.2'].sort(compareControlIds)).toEqual(['AutoScaling.2', 'Autoscaling.5', 'RDS.2', 'rds.10', 'S3.5', 'S3.13']);
    expect(['1.16', '2.1.4', '1.2', '2.1.1', '10.1'].sort(compareControlIds)).toEqual(['1.2', '1.16', '2.1.1', '2.1.4', '10.1']);
  });
});
