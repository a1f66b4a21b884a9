/**
 * The Secrets Manager collector against moto_server: a secret encrypted with a CMK, one with the
 * default key, and one that does not exist. Where moto differs from AWS: the key moto makes for
 * `alias/aws/secretsmanager` on first use says KeyManager CUSTOMER (AWS: AWS; the KMS resolution
 * judges by the reserved alias).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import collector from '../../src/collect/secretsmanager.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { resolveKmsKey } from '../../src/collect/kms.collector.js';
import { emulatorEnv, type MotoServer } from '../../src/demo/moto.js';
import { takeMoto } from '../helpers/moto.js';
import type { FactKey } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const REGION = 'us-east-1';
const ALL: ReadonlySet<FactKey> = new Set(['secretsmanager.secret', 'encryption.kmsKeyRef', 'encryption.kmsKey']);
let moto: MotoServer;
const savedEnv = { ...process.env };
let keyArn: string;
let cmkSecretArn: string;

function context(): CollectContext {
  return createContext(
    { region: REGION, endpointUrl: moto.endpoint, maxAttempts: 2, callTimeoutMs: 10000, concurrency: 8 },
    { kmsResolver: (c, ref, region) => resolveKmsKey(c, ref, region) },
  );
}

function ref(id: string, arn?: string): ResourceRef {
  return arn ? { type: 'AWS::SecretsManager::Secret', id, arn, keys: ['SecretArn'] } : { type: 'AWS::SecretsManager::Secret', id, keys: ['SecretName'] };
}

beforeAll(async () => {
  moto = await takeMoto();
  Object.assign(process.env, emulatorEnv(moto.endpoint, REGION));
  const config = { region: REGION, endpoint: moto.endpoint };
  keyArn = (await new KMSClient(config).send(new CreateKeyCommand({ Description: 'secrets key' }))).KeyMetadata!.Arn!;
  const sm = new SecretsManagerClient(config);
  cmkSecretArn = (await sm.send(new CreateSecretCommand({ Name: 'app/db-password', SecretString: 'x', KmsKeyId: keyArn }))).ARN!;
  await sm.send(new CreateSecretCommand({ Name: 'app/api-token', SecretString: 'y' }));
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

describe('secretsmanager collector against moto', () => {
  it('reads a CMK-encrypted secret by ARN and a default-key secret by name', async () => {
    const ctx = context();
    const refs = [ref('app/db-password', cmkSecretArn), ref('app/api-token')];
    const out = await collector.collect(refs, ALL, ctx);
    const [cmk, dflt] = refs.map((r) => out.get(r)!);

    expect(cmk!['secretsmanager.secret']).toEqual({ state: 'present', value: { arn: cmkSecretArn, name: 'app/db-password', kmsKeyId: keyArn } });
    expect(cmk!['encryption.kmsKeyRef']).toEqual({ state: 'present', value: keyArn });
    expect(cmk!['encryption.kmsKey']).toMatchObject({ state: 'present', value: { arn: keyArn, keyManager: 'CUSTOMER' } });

    expect(dflt!['secretsmanager.secret']).toMatchObject({ state: 'present', value: { name: 'app/api-token' } });
    expect(dflt!['secretsmanager.secret']).not.toHaveProperty('value.kmsKeyId');
    expect(dflt!['encryption.kmsKeyRef']).toEqual({ state: 'present', value: 'alias/aws/secretsmanager' });
    expect(dflt!['encryption.kmsKey']).toMatchObject({ state: 'present', value: { keyManager: 'AWS', aliases: ['alias/aws/secretsmanager'] } });

    expect(ctx.calls.get('secretsmanager:DescribeSecret')).toBe(2);
  });

  it('reports a secret that does not exist as unknown', async () => {
    const r = ref('app/no-such-secret');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    for (const k of ALL) expect(rec[k]).toEqual({ state: 'unknown', reason: expect.stringContaining('app/no-such-secret does not exist') });
  });
});
