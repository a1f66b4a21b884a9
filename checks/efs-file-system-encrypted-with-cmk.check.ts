import { defineCheck } from '../src/engine/define.js';
import { judgeCmk } from '../src/judge/cmk.js';

export default defineCheck({
  id: 'efs-file-system-encrypted-with-cmk',
  title: "EFS file system is encrypted with the stack's enabled customer-managed KMS key",
  severity: 'high',
  family: 'cmk',
  // FSBP's and CIS's encryption controls accept any KMS key, AWS-managed ones included: none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::EFS::FileSystem'],
  needs: ['encryption.kmsKeyRef', 'encryption.kmsKey'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    "Set encrypted: true and kmsKeyId: kmsKey.arn on the EfsFileSystem, where kmsKey is the stack's own enabled KmsKey (the one its outputs name), not the AWS-managed aws/elasticfilesystem key. The key of an existing file system cannot change: the change replaces the file system, so copy its data (e.g. with AWS DataSync or AWS Backup) to the new one.",
  evaluate: ({ facts, related }) => judgeCmk({ keyRef: facts['encryption.kmsKeyRef'], key: facts['encryption.kmsKey'], related }),
});
