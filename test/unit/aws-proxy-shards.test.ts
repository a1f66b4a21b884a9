/**
 * The AWS proxy's shards, against two real moto_servers: each account's requests go to that
 * account's emulator (AssumeRole by the role's account, every later call by the access key the
 * AssumeRole answer issued), requests with keys of no account go to the default target, and a
 * recording is kept per shard, so that replayed answers stay each account's own.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startMoto, type MotoServer } from '../../src/demo/moto.js';
import { useMoto } from '../helpers/moto.js';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';

const REGION = 'us-east-1';
const DEFAULT_KEYS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const ACCOUNT_A = '210000000001';
const ACCOUNT_B = '210000000002';

const motoA = useMoto();
let motoB: MotoServer;
let proxy: AwsProxy;

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

const s3 = (endpoint: string, credentials: Keys) =>
  new S3Client({ region: REGION, endpoint, credentials, forcePathStyle: true, requestHandler: new NodeHttpHandler() });

async function assumeInto(account: string): Promise<Keys> {
  const sts = new STSClient({ region: REGION, endpoint: proxy.endpoint, credentials: DEFAULT_KEYS, requestHandler: new NodeHttpHandler() });
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/audit`, RoleSessionName: 'shards' }));
  return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
}

const names = async (client: S3Client) => ((await client.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name).sort();

beforeAll(async () => {
  motoB = await startMoto();
  proxy = await startAwsProxy({ target: motoA().endpoint, shards: { [ACCOUNT_A]: motoA().endpoint, [ACCOUNT_B]: motoB.endpoint } });
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  await motoB?.stop();
});

describe('shards by account', () => {
  it("sends an account's AssumeRole, and every call signed with the keys it issued, to that account's emulator", async () => {
    const keysB = await assumeInto(ACCOUNT_B);
    await s3(proxy.endpoint, keysB).send(new CreateBucketCommand({ Bucket: 'only-in-b' }));
    // Keys no AssumeRole issued: the default target.
    await s3(proxy.endpoint, DEFAULT_KEYS).send(new CreateBucketCommand({ Bucket: 'only-in-default' }));

    expect(proxy.calls().map((c) => [c.service, c.action, c.shard ?? 'default'])).toEqual([
      ['sts', 'AssumeRole', ACCOUNT_B],
      ['s3', 'CreateBucket', ACCOUNT_B],
      ['s3', 'CreateBucket', 'default'],
    ]);
    // Asked of each emulator directly: the bucket is where its account's requests went.
    expect(await names(s3(motoB.endpoint, keysB))).toEqual(['only-in-b']);
    expect(await names(s3(motoA().endpoint, DEFAULT_KEYS))).toEqual(['only-in-default']);
  });

  it("replays each account's own answer to the same request", async () => {
    const keysB = await assumeInto(ACCOUNT_B);
    proxy.reset();
    proxy.setReplay('record');
    const liveB = await names(s3(proxy.endpoint, keysB));
    const liveDefault = await names(s3(proxy.endpoint, DEFAULT_KEYS));
    proxy.setReplay('replay');
    expect(await names(s3(proxy.endpoint, keysB))).toEqual(liveB);
    expect(await names(s3(proxy.endpoint, DEFAULT_KEYS))).toEqual(liveDefault);
    expect(liveB).not.toEqual(liveDefault);
    expect(proxy.calls().map((c) => [c.action, c.shard ?? 'default', c.replayed === true])).toEqual([
      ['ListBuckets', ACCOUNT_B, false],
      ['ListBuckets', 'default', false],
      ['ListBuckets', ACCOUNT_B, true],
      ['ListBuckets', 'default', true],
    ]);
    proxy.clearRecording();
  });
});
