import { defineCheck } from '../src/engine/define.js';
import { judgeCmk } from '../src/judge/cmk.js';

export default defineCheck({
  id: 'ec2-volume-encrypted-with-cmk',
  title: "EBS volume is encrypted with the stack's enabled customer-managed KMS key",
  severity: 'high',
  family: 'cmk',
  // FSBP's and CIS's encryption controls accept any KMS key, AWS-managed ones included: none asks for a customer-managed key.
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::EC2::Volume'],
  needs: ['encryption.kmsKeyRef', 'encryption.kmsKey'],
  relatedNeeds: { 'AWS::KMS::Key': ['kms.key'] },
  remediation:
    "Set encrypted: true and kmsKeyId: kmsKey.arn on the EbsVolume, where kmsKey is the stack's own enabled KmsKey, not the AWS-managed aws/ebs key. A volume's encryption cannot change in place: snapshot it, copy the snapshot with the key, and create the volume from the copy.",
  evaluate: ({ facts, related }) =>
    judgeCmk({ keyRef: facts['encryption.kmsKeyRef'], key: facts['encryption.kmsKey'], related, noKeyMeans: 'the volume is not encrypted' }),
});
