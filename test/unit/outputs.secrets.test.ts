import { looksRandom, looksSecret, shannonEntropy } from '../../src/outputs/secrets.js';
import { nameWords } from '../../src/outputs/names.js';

describe('nameWords', () => {
  it.each([
    ['DataBucketName', ['data', 'bucket', 'name']],
    ['data_bucket_name', ['data', 'bucket', 'name']],
    ['data-bucket-name', ['data', 'bucket', 'name']],
    ['dataBucketName', ['data', 'bucket', 'name']],
    ['DBPassword', ['db', 'password']],
    ['APIKey', ['api', 'key']],
    ['S3BucketArn', ['s3', 'bucket', 'arn']],
    ['TapStackdev.db_id', ['tap', 'stackdev', 'db', 'id']],
    ['', []],
  ])('splits %s', (name, words) => {
    expect(nameWords(name)).toEqual(words);
  });
});

describe('looksSecret', () => {
  const secrets: Array<[string, string, string]> = [
    ['a password by name', 'DbPassword', 'Sup3r-S3cret!'],
    ['a snake_case password', 'db_master_password', 'correct horse battery staple'],
    ['passwd', 'admin_passwd', 'letmein'],
    ['a run-together name', 'dbpassword', 'letmein'],
    ['an auth token', 'AuthToken', 'abcdef0123456789'],
    ['a Redis auth token', 'redis_auth_token', 'x'],
    ['an API key, PascalCase', 'ApiKey', 'k-123'],
    ['an API key, snake_case', 'api_key', 'k-123'],
    ['an API key, acronym', 'APIKey', 'k-123'],
    ['apikey in one word', 'apikey', 'k-123'],
    ['a private key', 'PrivateKey', 'MIIEvQIBADANBg'],
    ['a private key PEM by name', 'tls_private_key_pem', 'MIIEvQIBADANBg'],
    ['credentials', 'Credentials', 'user:pass'],
    ['a client secret', 'UserPoolClientSecret', 'abc'],
    ['a bare auth', 'auth', 'xyz'],
    ['a Postgres URL with a password', 'DatabaseUrl', 'postgres://admin:hunter2@db.example.com:5432/app'],
    ['a Redis URL with only a password', 'CacheUrl', 'redis://:s3cr3t@cache.example.com:6379'],
    ['a MongoDB SRV URL', 'MongoUri', 'mongodb+srv://u:p@cluster0.example.net/app'],
    ['a key=value connection string', 'ConnectionString', 'Server=db;Database=app;User Id=sa;Password=Pa55w0rd;'],
    ['a presigned URL', 'ReportLink', 'https://b.s3.amazonaws.com/r.csv?X-Amz-Signature=0123abcd'],
    ['a PEM private key under any name', 'Output1', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'],
    ['an OpenSSH private key', 'DeployKey', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA=='],
    ['an access key id', 'AccessKeyId', 'AKIAIOSFODNN7EXAMPLE'],
    ['a temporary access key id', 'Temp', 'ASIAIOSFODNN7EXAMPLE'],
    ['a secret access key by name', 'SecretAccessKey', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['a secret access key under a plain name', 'Value', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['a random base64 string', 'Output', 'q8Zr3Lk9vTx2Wm5Pn7Bc4Hd6Jf1Gs0Ya'],
    ['a random base64url token', 'SessionValue', 'Xk3_9fQa8Lr-2mZpW7tVb4Nc1HyE5gJd0sUo'],
    ['a generated password with symbols', 'Generated', 'r9#Lq2!vX7@mK4$zT8^wB1&nC6*d'],
  ];

  const notSecrets: Array<[string, string, string]> = [
    ['a secret ARN', 'DbSecretArn', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:tap/db-AbC123'],
    ['a secret name', 'secret_name', 'tap/aurora/master'],
    ['a secret ARN under a password name', 'DbPassword', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:tap/db-AbC123'],
    ['a token endpoint', 'TokenEndpoint', 'https://auth.example.com/oauth2/token'],
    ['an auth type', 'AuthType', 'IAM'],
    ['a password length', 'PasswordLength', '16'],
    ['an auth flag', 'EnableAuth', 'true'],
    ['an API key id', 'api_key_id', 'a1b2c3d4e5'],
    ['an author', 'Author', 'Jane Doe'],
    ['a bucket name', 'DataBucketName', 'tap-data-pipeline-dev-123456789012'],
    ['a bucket ARN', 'BucketArn', 'arn:aws:s3:::tap-data-pipeline-dev'],
    ['a KMS key ARN', 'Output', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['a cluster endpoint', 'AuroraEndpoint', 'tap-aurora-dev.cluster-c9akciq32lce.us-east-1.rds.amazonaws.com'],
    ['an ElastiCache endpoint', 'Output', 'master.tap-redis-dev.x1y2z3.use1.cache.amazonaws.com'],
    ['a KMS key UUID', 'KmsKeyId', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['a KMS key UUID under a plain name', 'Output', '1234ABCD-12AB-34CD-56EF-1234567890AB'],
    ['a multi-region key id', 'Output', 'mrk-1234abcd12ab34cd56ef1234567890ab'],
    ['a subnet id', 'PrivateSubnet', 'subnet-0aa11bb22cc33dd44'],
    ['a CloudFormation physical name', 'Output', 'TapStackdev-DataStream4B8E6A9F-Xy1zAbC2dEf3'],
    ['a long CamelCase name', 'Output', 'ProcessingPipelineEventsTable1A2B3C4D'],
    ['a low-entropy string', 'Output', 'aaaaaaaaaaaaaaaaaaaaAAAA11111111'],
    ['a git commit', 'RepoCommit', 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3'],
    ['a lower-case client id', 'Output', '4n1q0v9s6b3x7k2p8r5t1u0w9y'],
    ['a random-looking id named as an id', 'UserPoolClientId', 'Q8zr3Lk9vTx2Wm5Pn7Bc4Hd6Jf'],
    ['an API URL', 'ApiUrl', 'https://abc123defg.execute-api.us-east-1.amazonaws.com/prod'],
    ['a load balancer DNS name', 'AlbDns', 'tap-alb-dev-1234567890.us-east-1.elb.amazonaws.com'],
    ['a database URL without credentials', 'DatabaseUrl', 'postgres://db.example.com:5432/app'],
    ['a database user', 'DbUser', 'admin'],
    ['a Secrets Manager endpoint', 'SecretsManagerEndpoint', 'https://secretsmanager.us-east-1.amazonaws.com'],
    ['a region', 'Region', 'us-east-1'],
    ['a base64-ish name with low entropy', 'Output', 'TapDataPipelineBucketAAAAAAAAAAAA'],
  ];

  it.each(secrets)('flags %s', (_what, name, value) => {
    expect(looksSecret(name, value)).toBe(true);
  });

  it.each(notSecrets)('does not flag %s', (_what, name, value) => {
    expect(looksSecret(name, value)).toBe(false);
  });
});

describe('entropy', () => {
  it('measures bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abab')).toBeCloseTo(1);
    expect(shannonEntropy('abcd')).toBeCloseTo(2);
  });

  it('finds long random strings random and short or readable ones not', () => {
    expect(looksRandom('q8Zr3Lk9vTx2Wm5Pn7Bc4Hd6Jf1Gs0Ya')).toBe(true);
    expect(looksRandom('q8Zr3Lk9vTx2Wm5Pn7Bc4')).toBe(false);
    expect(looksRandom('ThisIsAReadableSentenceOfWords2024')).toBe(false);
  });
});
