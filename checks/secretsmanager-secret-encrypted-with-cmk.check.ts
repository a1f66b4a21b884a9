import { defineCheck } from '../src/engine/define.js';
import { judgeCmk } from '../src/judge/cmk.js';

export default defineCheck({
  id: 'secretsmanager-secret-encrypted-with-cmk',
  title: "Secrets Manager secret is encrypted with the stack's enabled customer-managed KMS key",
  severity: 'high',
  family: 'cmk',
  // FSBP's and CIS's encryption controls accept any KMS key, AWS-managed ones included: none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::SecretsManager::Secret'],
  needs: ['encryption.kmsKeyRef', 'encryption.kmsKey'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    "Set kmsKeyId: kmsKey.arn on the SecretsmanagerSecret, where kmsKey is the stack's own enabled KmsKey (the one its outputs name). Without kmsKeyId the secret uses the AWS-managed aws/secretsmanager key. Grant the roles that read the secret kms:Decrypt on that key.",
  evaluate: ({ facts, related }) => judgeCmk({ keyRef: facts['encryption.kmsKeyRef'], key: facts['encryption.kmsKey'], related, noKeyMeans: 'the AWS-managed aws/secretsmanager key' }),
});
