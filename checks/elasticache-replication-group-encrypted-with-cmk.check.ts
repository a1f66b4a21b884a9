import { defineCheck } from '../src/engine/define.js';
import { judgeCmk } from '../src/judge/cmk.js';

export default defineCheck({
  id: 'elasticache-replication-group-encrypted-with-cmk',
  title: "ElastiCache replication group is encrypted at rest with the stack's enabled customer-managed KMS key",
  severity: 'high',
  family: 'cmk',
  // FSBP's and CIS's encryption controls accept any KMS key, AWS-managed ones included: none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::ElastiCache::ReplicationGroup'],
  needs: ['encryption.kmsKeyRef', 'encryption.kmsKey'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    "Set atRestEncryptionEnabled: true and kmsKeyId: kmsKey.arn on the ElasticacheReplicationGroup, where kmsKey is the stack's own enabled KmsKey (the one its outputs name). ElastiCache ignores kmsKeyId unless atRestEncryptionEnabled is set to true explicitly, and without kmsKeyId it encrypts with its own service-managed key. Changing either replaces the replication group.",
  evaluate: ({ facts, related }) => judgeCmk({ keyRef: facts['encryption.kmsKeyRef'], key: facts['encryption.kmsKey'], related, noKeyMeans: 'the replication group names no KMS key' }),
});
