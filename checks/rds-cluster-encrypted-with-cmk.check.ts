import { defineCheck } from '../src/engine/define.js';
import { judgeCmk } from '../src/judge/cmk.js';

export default defineCheck({
  id: 'rds-cluster-encrypted-with-cmk',
  title: "RDS DB cluster storage is encrypted with the stack's enabled customer-managed KMS key",
  severity: 'high',
  family: 'cmk',
  // FSBP's and CIS's encryption controls accept any KMS key, AWS-managed ones included: none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::RDS::DBCluster'],
  needs: ['encryption.kmsKeyRef', 'encryption.kmsKey'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    "Set storageEncrypted: true and kmsKeyId: kmsKey.arn on the RdsCluster, where kmsKey is the stack's own enabled KmsKey (the one its outputs name), not the AWS-managed aws/rds key. RDS cannot change the key of an existing cluster: the change replaces it, so restore a snapshot copied with the new key to keep the data.",
  evaluate: ({ facts, related }) => judgeCmk({ keyRef: facts['encryption.kmsKeyRef'], key: facts['encryption.kmsKey'], related }),
});
