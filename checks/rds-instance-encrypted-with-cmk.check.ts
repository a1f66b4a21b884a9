import { defineCheck, error, skipped } from '../src/engine/define.js';
import { judgeCmk } from '../src/judge/cmk.js';

export default defineCheck({
  id: 'rds-instance-encrypted-with-cmk',
  title: "RDS DB instance storage is encrypted with the stack's enabled customer-managed KMS key",
  severity: 'high',
  family: 'cmk',
  // FSBP's and CIS's encryption controls accept any KMS key, AWS-managed ones included: none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::RDS::DBInstance'],
  needs: ['rds.instance', 'encryption.kmsKeyRef', 'encryption.kmsKey'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    "Set storageEncrypted: true and kmsKeyId: kmsKey.arn on the DbInstance, where kmsKey is the stack's own enabled KmsKey (the one its outputs name), not the AWS-managed aws/rds key. RDS cannot change the key of an existing instance: the change replaces it, so restore from a snapshot copied with the new key to keep the data.",
  evaluate: ({ facts, related }) => {
    const db = facts['rds.instance'];
    if (db.state === 'unknown') return error(db.reason);
    if (db.state === 'present' && db.value.clusterId !== undefined) {
      return skipped(`member of the DB cluster ${db.value.clusterId}: its storage key is the cluster's, judged by rds-cluster-encrypted-with-cmk`, { clusterId: db.value.clusterId });
    }
    return judgeCmk({ keyRef: facts['encryption.kmsKeyRef'], key: facts['encryption.kmsKey'], related });
  },
});
