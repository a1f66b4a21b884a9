import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'kinesis-stream-encryption-enabled',
  title: 'Kinesis data stream encrypts records with KMS',
  severity: 'high',
  family: 'encryption',
  controls: { fsbp: ['Kinesis.1'], cis: [] },
  appliesTo: ['AWS::Kinesis::Stream'],
  needs: ['kinesis.stream'],
  description: 'Passes when the stream reports EncryptionType KMS (server-side encryption with the AWS-managed aws/kinesis key or a customer-managed key).',
  remediation:
    "Set encryptionType: 'KMS' and kmsKeyId: <your KmsKey>.arn (or 'alias/aws/kinesis') on the KinesisStream. The change applies in place; records written before it stay unencrypted until they expire.",
  evaluate: ({ facts }) => {
    const stream = facts['kinesis.stream'];
    if (stream.state === 'unknown') return error(stream.reason);
    if (stream.state === 'absent') return error(`the stream was not described${stream.reason ? `: ${stream.reason}` : ''}`);
    const { name, encryptionType, keyId } = stream.value;
    if (encryptionType !== 'KMS') return fail(`stream ${name} is not encrypted (EncryptionType ${encryptionType})`, { encryptionType });
    return pass(`stream ${name} is encrypted with KMS`, keyId ? { encryptionType, keyId } : { encryptionType });
  },
});
