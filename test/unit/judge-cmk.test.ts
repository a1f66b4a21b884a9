import { describe, expect, it } from '@jest/globals';
import { defineCheck, type RelatedView, type StackKeys } from '../../src/engine/define.js';
import { evaluateAll, stackKeys, type EvaluateOptions, type FactSource } from '../../src/engine/evaluate.js';
import { absent, present, unknown, type Fact } from '../../src/facts/fact.js';
import type { FactKey, KmsKeyFacts } from '../../src/facts/catalogue.js';
import { isKeyArn, judgeCmk, type CmkJudgement } from '../../src/judge/cmk.js';
import { resourceKey, type ResourceRef } from '../../src/types.js';

const CMK_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const CMK_ARN = `arn:aws:kms:us-east-1:123456789012:key/${CMK_ID}`;
const OTHER_ID = '9999eeee-12ab-34cd-56ef-1234567890ab';
const OTHER_ARN = `arn:aws:kms:us-east-1:123456789012:key/${OTHER_ID}`;
const AWS_ARN = 'arn:aws:kms:us-east-1:123456789012:key/aaaa1111-12ab-34cd-56ef-1234567890ab';
const cmk: KmsKeyFacts = { keyId: CMK_ID, arn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true };
const otherCmk: KmsKeyFacts = { ...cmk, keyId: OTHER_ID, arn: OTHER_ARN };
const awsManaged: KmsKeyFacts = { keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab', arn: AWS_ARN, keyManager: 'AWS', keyState: 'Enabled', enabled: true };

const NO_STACK_KEYS: StackKeys = { source: 'none', arns: [], unresolved: [] };

/** A RelatedView that only answers `stackKeys()`, counting the calls. */
function view(keys: StackKeys = NO_STACK_KEYS): RelatedView & { stackKeyCalls: number } {
  const v = {
    stackKeyCalls: 0,
    resources: () => [],
    fact: () => undefined,
    stackKeys: () => {
      v.stackKeyCalls += 1;
      return keys;
    },
  };
  return v;
}

const judge = (keyRef: Fact<string>, key: Fact<KmsKeyFacts>, extra: Partial<CmkJudgement> = {}) => judgeCmk({ keyRef, key, related: view(), ...extra });

describe('isKeyArn', () => {
  it.each([
    ['a key ARN', CMK_ARN],
    ['a China-partition key ARN', `arn:aws-cn:kms:cn-north-1:123456789012:key/${CMK_ID}`],
    ['a GovCloud key ARN', `arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/${CMK_ID}`],
    ['a multi-Region key ARN', 'arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab'],
  ])('accepts %s', (_name, ref) => {
    expect(isKeyArn(ref)).toBe(true);
  });

  it.each([
    ['a bare key id', CMK_ID],
    ['a multi-Region key id', 'mrk-1234abcd12ab34cd56ef1234567890ab'],
    ['an alias name', 'alias/app-key'],
    ['an AWS-managed alias name', 'alias/aws/kinesis'],
    ['an alias ARN', 'arn:aws:kms:us-east-1:123456789012:alias/app-key'],
    ['a key ARN with a short account id', `arn:aws:kms:us-east-1:1234:key/${CMK_ID}`],
    ['a key ARN without a region', `arn:aws:kms::123456789012:key/${CMK_ID}`],
    ['a key ARN without a key id', 'arn:aws:kms:us-east-1:123456789012:key/'],
    ['a key ARN with trailing text', `${CMK_ARN} `],
    ['an ARN of another service', 'arn:aws:s3:::my-bucket'],
    ['an empty string', ''],
  ])('rejects %s', (_name, ref) => {
    expect(isKeyArn(ref)).toBe(false);
  });
});

describe('judgeCmk', () => {
  describe('no usable key reference', () => {
    it('is an error when the reference could not be read, with its reason', () => {
      const v = judge(unknown('AccessDenied'), unknown('AccessDenied'));
      expect(v).toMatchObject({ status: 'error', message: 'AccessDenied' });
    });

    it('fails when the service names no KMS key, keeping the collector reason', () => {
      const v = judge(absent('storage is not encrypted'), absent('storage is not encrypted'), { noKeyMeans: 'the AWS-owned key' });
      expect(v.status).toBe('fail');
      expect(v.evidence).toEqual({ kmsKey: 'none', detail: 'storage is not encrypted' });
      expect(v.message).toContain('storage is not encrypted');
    });

    it('fails with what no key means for the service when the collector gives no reason', () => {
      const v = judge(absent(), absent(), { noKeyMeans: 'the table uses an AWS-owned key' });
      expect(v.status).toBe('fail');
      expect(v.evidence).toEqual({ kmsKey: 'none' });
      expect(v.message).toContain('the table uses an AWS-owned key');
    });

    it('fails with a generic reason when neither is given', () => {
      const v = judge(absent(), absent());
      expect(v.status).toBe('fail');
      expect(v.message).toContain('no KMS key is set');
    });
  });

  describe('the key the reference resolves to', () => {
    it('is an error when the key cannot be described, showing the reference', () => {
      const v = judge(present(CMK_ARN), unknown('kms:DescribeKey AccessDenied'));
      expect(v).toMatchObject({ status: 'error', message: 'kms:DescribeKey AccessDenied', evidence: { keyReference: CMK_ARN } });
    });

    it('is an error when a present reference has no resolved key', () => {
      const v = judge(present(CMK_ARN), absent());
      expect(v).toMatchObject({ status: 'error', evidence: { keyReference: CMK_ARN } });
    });

    it('fails for an AWS-managed key, naming its alias, without consulting the stack keys', () => {
      const related = view({ source: 'outputs', arns: [AWS_ARN], unresolved: [] });
      const v = judgeCmk({ keyRef: present('alias/aws/rds'), key: present({ ...awsManaged, aliases: ['alias/aws/rds'] }), related });
      expect(v.status).toBe('fail');
      expect(v.evidence).toEqual({ keyReference: 'alias/aws/rds', keyArn: AWS_ARN, keyManager: 'AWS', keyState: 'Enabled' });
      expect(v.message).toContain('alias/aws/rds');
      expect(related.stackKeyCalls).toBe(0);
    });

    it('fails for an AWS-managed key without a known alias, naming its ARN', () => {
      const v = judge(present(AWS_ARN), present(awsManaged));
      expect(v.status).toBe('fail');
      expect(v.message).toContain(AWS_ARN);
    });

    it.each(['UNKNOWN', ''])('is an error, not a fail, when KMS reports no KeyManager (%j)', (keyManager) => {
      const v = judge(present(CMK_ARN), present({ ...cmk, keyManager }));
      expect(v).toMatchObject({ status: 'error', evidence: { keyArn: CMK_ARN, keyManager } });
    });

    it.each(['UNKNOWN', ''])('is an error, not a fail, when KMS reports no KeyState (%j)', (keyState) => {
      const v = judge(present(CMK_ARN), present({ ...cmk, keyState }));
      expect(v).toMatchObject({ status: 'error', evidence: { keyArn: CMK_ARN, keyState } });
    });

    it.each(['Disabled', 'PendingImport', 'Unavailable', 'Creating'])('fails for a customer-managed key in state %s', (keyState) => {
      const v = judge(present(CMK_ARN), present({ ...cmk, keyState, enabled: false }));
      expect(v.status).toBe('fail');
      expect(v.evidence).toEqual({ keyReference: CMK_ARN, keyArn: CMK_ARN, keyManager: 'CUSTOMER', keyState });
    });

    it('fails for a customer-managed key pending deletion, with its deletion date', () => {
      const v = judge(present(CMK_ARN), present({ ...cmk, keyState: 'PendingDeletion', enabled: false, deletionDate: '2030-01-31T00:00:00.000Z' }));
      expect(v.status).toBe('fail');
      expect(v.evidence).toMatchObject({ keyState: 'PendingDeletion', deletionDate: '2030-01-31T00:00:00.000Z' });
    });
  });

  describe('against the stack keys', () => {
    it('passes with any enabled CMK when the stack names none, without stack evidence', () => {
      const v = judge(present(CMK_ARN), present(cmk));
      expect(v).toEqual({
        status: 'pass',
        message: expect.stringContaining(CMK_ARN),
        evidence: { keyReference: CMK_ARN, keyArn: CMK_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled' },
      });
    });

    it("passes with the stack's CMK, showing the stack keys that decided", () => {
      const related = view({ source: 'outputs', arns: [OTHER_ARN, CMK_ARN], unresolved: [] });
      const v = judgeCmk({ keyRef: present(CMK_ARN), key: present(cmk), related });
      expect(v.status).toBe('pass');
      expect(v.evidence).toMatchObject({ keyArn: CMK_ARN, stackKeys: [OTHER_ARN, CMK_ARN], stackKeysFrom: 'outputs' });
    });

    it('passes when the key used is a resolved stack key though another stack key is unresolved', () => {
      const related = view({ source: 'outputs', arns: [CMK_ARN], unresolved: ['alias/old: kms:DescribeKey AccessDenied'] });
      expect(judgeCmk({ keyRef: present(CMK_ARN), key: present(cmk), related }).status).toBe('pass');
    });

    it("fails with a different CMK than the stack's, showing the stack keys", () => {
      const related = view({ source: 'config', arns: [CMK_ARN], unresolved: [] });
      const v = judgeCmk({ keyRef: present(OTHER_ARN), key: present(otherCmk), related });
      expect(v.status).toBe('fail');
      expect(v.evidence).toEqual({ keyReference: OTHER_ARN, keyArn: OTHER_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled', stackKeys: [CMK_ARN], stackKeysFrom: 'config' });
    });

    it('is an error when the key used is not a resolved stack key and some stack key is unresolved', () => {
      const related = view({ source: 'outputs', arns: [], unresolved: [`${CMK_ID}: kms:DescribeKey AccessDenied`] });
      const v = judgeCmk({ keyRef: present(OTHER_ARN), key: present(otherCmk), related });
      expect(v.status).toBe('error');
      expect(v.message).toContain('kms:DescribeKey AccessDenied');
      expect(v.evidence).toMatchObject({ keyArn: OTHER_ARN, stackKeys: [], unresolvedStackKeys: [`${CMK_ID}: kms:DescribeKey AccessDenied`] });
    });
  });

  describe('services that store the reference as written (requireArn)', () => {
    it.each([
      ['a bare key id', CMK_ID],
      ['an alias name', 'alias/app-stream'],
      ['an alias ARN', 'arn:aws:kms:us-east-1:123456789012:alias/app-stream'],
    ])('fails for %s, giving the key ARN to use', (_name, ref) => {
      const v = judge(present(ref), present(cmk), { requireArn: true });
      expect(v.status).toBe('fail');
      expect(v.evidence).toMatchObject({ keyReference: ref, keyArn: CMK_ARN, useKeyArn: CMK_ARN });
      expect(v.message).toContain(CMK_ARN);
    });

    it('passes for the full key ARN', () => {
      expect(judge(present(CMK_ARN), present(cmk), { requireArn: true }).status).toBe('pass');
    });

    it("reports a key other than the stack's before the form of the reference", () => {
      const related = view({ source: 'outputs', arns: [CMK_ARN], unresolved: [] });
      const v = judgeCmk({ keyRef: present(OTHER_ID), key: present(otherCmk), related, requireArn: true });
      expect(v.status).toBe('fail');
      expect(v.evidence).toMatchObject({ stackKeys: [CMK_ARN] });
      expect(v.evidence).not.toHaveProperty('useKeyArn');
    });

    it('accepts an alias or key id where the service resolves the reference itself', () => {
      expect(judge(present('alias/app-secrets'), present(cmk)).status).toBe('pass');
      expect(judge(present(CMK_ID), present(cmk)).status).toBe('pass');
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The stack keys as the engine computes them from the config and the outputs.

type FactsFor = Partial<{ [K in FactKey]: Fact<unknown> }>;

function source(entries: Array<[ResourceRef, FactsFor]>): FactSource {
  const byKey = new Map(entries.map(([r, f]) => [resourceKey(r), f]));
  return { get: (ref, key) => byKey.get(resourceKey(ref))?.[key] as never };
}

const kmsRef = (id: string, keys: string[], extra: Partial<ResourceRef> = {}): ResourceRef => ({ type: 'AWS::KMS::Key', id, keys, region: 'us-east-1', ...extra });
const stackKeyRef = kmsRef(CMK_ID, ['TapStackdev.kms_key_arn']);
const otherKeyRef = kmsRef(OTHER_ID, ['TapStackdev.logs_key_arn']);
const bucket: ResourceRef = { type: 'AWS::S3::Bucket', id: 'app-bucket', keys: ['TapStackdev.bucket_name'], region: 'us-east-1' };
/** Both stack keys, described. */
const both: Array<[ResourceRef, FactsFor]> = [
  [stackKeyRef, { 'kms.key': present(cmk) }],
  [otherKeyRef, { 'kms.key': present(otherCmk) }],
];

describe('stackKeys', () => {
  const run = (resources: ResourceRef[], facts: Array<[ResourceRef, FactsFor]>, stackCmk?: EvaluateOptions['stackCmk']) => stackKeys(resources, source(facts), stackCmk);

  describe('from the config', () => {
    it('takes the configured key ARN, over the keys the outputs name', () => {
      expect(run([bucket, stackKeyRef, otherKeyRef], both, { arn: OTHER_ARN })).toEqual({ source: 'config', arns: [OTHER_ARN], unresolved: [] });
    });

    it('reports a configured value that is not a key ARN as unresolved', () => {
      const alias = 'arn:aws:kms:us-east-1:123456789012:alias/app-key';
      const keys = run([stackKeyRef], both, { arn: alias });
      expect(keys).toMatchObject({ source: 'config', arns: [] });
      expect(keys.unresolved).toEqual([expect.stringContaining(alias)]);
    });

    it.each([
      ['its bare name', 'kms_key_arn'],
      ['its full key', 'TapStackdev.kms_key_arn'],
    ])('takes the key the configured output names, by %s', (_how, outputKey) => {
      expect(run([bucket, stackKeyRef, otherKeyRef], both, { outputKey })).toEqual({ source: 'config', arns: [CMK_ARN], unresolved: [] });
    });

    it('takes the key the configured output names as a list item', () => {
      const listed = kmsRef(CMK_ID, ['TapStackdev.kms_key_arns[0]']);
      expect(run([listed, otherKeyRef], [[listed, { 'kms.key': present(cmk) }], ...both], { outputKey: 'kms_key_arns' })).toEqual({ source: 'config', arns: [CMK_ARN], unresolved: [] });
    });

    it('does not take an output whose name merely ends like the configured one', () => {
      const lookalike = kmsRef(OTHER_ID, ['TapStackdev.backup_kms_key_arn']);
      expect(run([lookalike], [[lookalike, { 'kms.key': present(otherCmk) }]], { outputKey: 'kms_key_arn' }).arns).toEqual([]);
    });

    it('is unresolved when the configured output names no KMS key', () => {
      expect(run([bucket, otherKeyRef], both, { outputKey: 'kms_key_arn' })).toEqual({ source: 'config', arns: [], unresolved: ['no KMS key is named by the output kms_key_arn'] });
    });

    it('is unresolved when the key the configured output names cannot be described', () => {
      expect(run([stackKeyRef], [[stackKeyRef, { 'kms.key': unknown('kms:DescribeKey AccessDenied') }]], { outputKey: 'kms_key_arn' })).toEqual({
        source: 'config',
        arns: [],
        unresolved: [`${CMK_ID}: kms:DescribeKey AccessDenied`],
      });
    });

    it('is unresolved when the configured output names an AWS-managed key', () => {
      const keys = run([stackKeyRef], [[stackKeyRef, { 'kms.key': present(awsManaged) }]], { outputKey: 'kms_key_arn' });
      expect(keys).toMatchObject({ source: 'config', arns: [] });
      expect(keys.unresolved).toEqual([expect.stringContaining('not a customer-managed key')]);
    });
  });

  describe('from the outputs', () => {
    it('takes every customer-managed key the outputs name', () => {
      expect(run([bucket, stackKeyRef, otherKeyRef], both)).toEqual({ source: 'outputs', arns: [CMK_ARN, OTHER_ARN], unresolved: [] });
    });

    it('counts a key named twice (by ARN and by alias) once', () => {
      const byAlias = kmsRef('alias/app-key', ['TapStackdev.kms_alias']);
      expect(run([stackKeyRef, byAlias], [[stackKeyRef, { 'kms.key': present(cmk) }], [byAlias, { 'kms.key': present(cmk) }]])).toEqual({
        source: 'outputs',
        arns: [CMK_ARN],
        unresolved: [],
      });
    });

    it('ignores keys found only in use (derived), which are what is judged', () => {
      const derived = kmsRef(OTHER_ID, [], { usedBy: ['app-bucket'] });
      expect(run([bucket, stackKeyRef, derived], both)).toEqual({ source: 'outputs', arns: [CMK_ARN], unresolved: [] });
    });

    it('ignores an AWS-managed key the outputs name', () => {
      const managed = kmsRef('alias/aws/s3', ['TapStackdev.s3_key']);
      expect(run([managed], [[managed, { 'kms.key': present(awsManaged) }]])).toEqual({ source: 'none', arns: [], unresolved: [] });
    });

    it('lists the keys that could not be described, and those not described at all', () => {
      expect(run([stackKeyRef, otherKeyRef], [[stackKeyRef, { 'kms.key': unknown('kms:DescribeKey AccessDenied') }]])).toEqual({
        source: 'outputs',
        arns: [],
        unresolved: [`${CMK_ID}: kms:DescribeKey AccessDenied`, `${OTHER_ID}: not described`],
      });
    });
  });

  describe('none', () => {
    it('is none when neither the config nor the outputs name a key', () => {
      expect(run([bucket], [])).toEqual({ source: 'none', arns: [], unresolved: [] });
      expect(run([bucket], [], {})).toEqual({ source: 'none', arns: [], unresolved: [] });
    });

    it('is none when the only keys are found in use', () => {
      const derived = kmsRef(CMK_ID, [], { usedBy: ['app-bucket'] });
      expect(run([bucket, derived], [[derived, { 'kms.key': present(cmk) }]])).toEqual({ source: 'none', arns: [], unresolved: [] });
    });
  });
});

describe('stackKeys through the evaluate loop', () => {
  /** Reports what `related.stackKeys()` gave it, and judges the bucket's key with judgeCmk. */
  const probe = defineCheck({
    id: 'probe-stack-keys',
    title: 'probe',
    severity: 'low',
    appliesTo: ['AWS::S3::Bucket'],
    needs: ['encryption.kmsKeyRef', 'encryption.kmsKey'],
    relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
    remediation: 'none',
    evaluate: ({ facts, related }) => {
      const v = judgeCmk({ keyRef: facts['encryption.kmsKeyRef'], key: facts['encryption.kmsKey'], related });
      return { ...v, evidence: { ...v.evidence, seen: related.stackKeys() } };
    },
  });
  const loaded = [{ check: probe as never, file: 'probe.check.ts', builtIn: false }];
  const usesOther: FactsFor = { 'encryption.kmsKeyRef': present(OTHER_ARN), 'encryption.kmsKey': present(otherCmk) };
  const facts = source([[bucket, usesOther], ...both]);
  const evaluate = (options: EvaluateOptions) => {
    const results = evaluateAll(loaded, [bucket, stackKeyRef, otherKeyRef], facts, options);
    expect(results).toHaveLength(1);
    return results[0]!;
  };

  it.each<[string, EvaluateOptions['stackCmk'], string, StackKeys]>([
    ['a configured key ARN the bucket does not use', { arn: CMK_ARN }, 'fail', { source: 'config', arns: [CMK_ARN], unresolved: [] }],
    ['a configured key ARN the bucket uses', { arn: OTHER_ARN }, 'pass', { source: 'config', arns: [OTHER_ARN], unresolved: [] }],
    ['a configured output naming a key the bucket does not use', { outputKey: 'kms_key_arn' }, 'fail', { source: 'config', arns: [CMK_ARN], unresolved: [] }],
    ['a configured output naming the key the bucket uses', { outputKey: 'logs_key_arn' }, 'pass', { source: 'config', arns: [OTHER_ARN], unresolved: [] }],
    ['no config: every key the outputs name', undefined, 'pass', { source: 'outputs', arns: [CMK_ARN, OTHER_ARN], unresolved: [] }],
  ])('passes the run\'s stackCmk through: %s', (_name, stackCmk, status, seen) => {
    const r = evaluate(stackCmk ? { stackCmk } : {});
    expect({ status: r.status, seen: r.evidence.seen }).toEqual({ status, seen });
  });

  it('judges against no stack key when the run names none', () => {
    const results = evaluateAll(loaded, [bucket], source([[bucket, usesOther]]), {});
    expect(results.map((r) => [r.status, r.evidence.seen])).toEqual([['pass', { source: 'none', arns: [], unresolved: [] }]]);
  });

  it('computes the stack keys once per run', () => {
    let reads = 0;
    const counting: FactSource = {
      get: (ref, key) => {
        if (key === 'kms.key') reads += 1;
        return facts.get(ref, key);
      },
    };
    const second: ResourceRef = { ...bucket, id: 'second-bucket' };
    evaluateAll(loaded, [bucket, second, stackKeyRef], counting, {});
    expect(reads).toBe(1);
  });
});
