import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DescribeSecretCommand, SecretsManagerClient, type DescribeSecretResponse } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import collector from '../../src/collect/secretsmanager.collector.js';
import { createContext, type CollectContext } from '../../src/collect/context.js';
import { present } from '../../src/facts/fact.js';
import type { FactKey, KmsKeyFacts } from '../../src/facts/catalogue.js';
import type { ResourceRef } from '../../src/types.js';

const sm = mockClient(SecretsManagerClient);
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ALL: ReadonlySet<FactKey> = new Set(['secretsmanager.secret', 'encryption.kmsKeyRef', 'encryption.kmsKey']);


function context(resolved: Array<[string, string | undefined]> = []): CollectContext {
  return createContext(
    { region: 'us-east-1', maxAttempts: 1, callTimeoutMs: 5000, concurrency: 4 },
    {
      kmsResolver: async (_c, ref, region) => {
        resolved.push([ref, region]);
        return present<KmsKeyFacts>({ keyId: 'k', arn: ref, keyManager: ref.includes('alias/aws/') ? 'AWS' : 'CUSTOMER', keyState: 'Enabled', enabled: true });
      },
    },
  );
}

function ref(id: string, extra: Partial<ResourceRef> = {}): ResourceRef {
  return { type: 'AWS::SecretsManager::Secret', id, keys: ['SecretArn'], ...extra };
}

function secret(name: string, over: Partial<DescribeSecretResponse> = {}): DescribeSecretResponse {
  return {
    ARN: `arn:aws:secretsmanager:us-east-1:111122223333:secret:${name}-AbCdEf`,
    Name: name,
    KmsKeyId: KEY_ARN,
    RotationEnabled: true,
    LastChangedDate: new Date(0),
    VersionIdsToStages: {},
    ...over,
  };
}

beforeEach(() => {
  sm.reset();
});
afterEach(() => {
  sm.reset();
});

describe('secretsmanager collector', () => {
  it('reads a secret encrypted with a CMK', async () => {
    sm.on(DescribeSecretCommand).resolves(secret('db-password'));
    const resolved: Array<[string, string | undefined]> = [];
    const r = ref('db-password');
    const rec = (await collector.collect([r], ALL, context(resolved))).get(r)!;
    expect(rec['secretsmanager.secret']).toEqual(
      present({ arn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-password-AbCdEf', name: 'db-password', kmsKeyId: KEY_ARN, rotationEnabled: true }),
    );
    expect(rec['encryption.kmsKeyRef']).toEqual(present(KEY_ARN));
    expect(rec['encryption.kmsKey']).toMatchObject({ state: 'present', value: { keyManager: 'CUSTOMER' } });
    expect(resolved).toEqual([[KEY_ARN, 'us-east-1']]);
    expect(sm.commandCalls(DescribeSecretCommand)[0]!.args[0].input).toEqual({ SecretId: 'db-password' });
  });

  it('reads a secret that names no key as encrypted with the AWS-managed aws/secretsmanager key', async () => {
    sm.on(DescribeSecretCommand).resolves(secret('api-token', { KmsKeyId: undefined, RotationEnabled: undefined }));
    const resolved: Array<[string, string | undefined]> = [];
    const r = ref('api-token', { region: 'eu-central-1' });
    const rec = (await collector.collect([r], ALL, context(resolved))).get(r)!;
    expect(rec['secretsmanager.secret']).toEqual(
      present({ arn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:api-token-AbCdEf', name: 'api-token' }),
    );
    expect(rec['encryption.kmsKeyRef']).toEqual(present('alias/aws/secretsmanager'));
    expect(rec['encryption.kmsKey']).toMatchObject({ state: 'present', value: { keyManager: 'AWS' } });
    expect(resolved).toEqual([['alias/aws/secretsmanager', 'eu-central-1']]);
  });

  it('keeps a key stored as an alias or key id as written', async () => {
    sm.on(DescribeSecretCommand).resolves(secret('s', { KmsKeyId: 'alias/app-secrets' }));
    const r = ref('s');
    const rec = (await collector.collect([r], ALL, context())).get(r)!;
    expect(rec['encryption.kmsKeyRef']).toEqual(present('alias/app-secrets'));
  });

  it('asks by ARN when the outputs gave one', async () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-password-AbCdEf';
    sm.on(DescribeSecretCommand).resolves(secret('db-password'));
    const r = ref('db-password', { arn });
    await collector.collect([r], ALL, context());
    expect(sm.commandCalls(DescribeSecretCommand)[0]!.args[0].input).toEqual({ SecretId: arn });
  });

});
