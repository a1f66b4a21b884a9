import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'sqs-queue-encrypted',
  title: 'SQS queue is encrypted at rest (SSE-SQS or SSE-KMS)',
  severity: 'high',
  family: 'encryption',
  controls: { fsbp: ['SQS.1'], cis: [] },
  appliesTo: ['AWS::SQS::Queue'],
  needs: ['sqs.queue'],
  remediation:
    'Set kmsMasterKeyId to the stack\'s KMS key on the SqsQueue (SSE-KMS), or at least sqsManagedSseEnabled: true (SSE-SQS), then deploy: SQS encrypts messages stored from then on.',
  evaluate: ({ facts }) => {
    const f = facts['sqs.queue'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('SQS returned no attributes for the queue');
    const q = f.value;
    if (q.kmsMasterKeyId) return pass(`encrypted with SSE-KMS (key ${q.kmsMasterKeyId})`, { sse: 'SSE-KMS', kmsMasterKeyId: q.kmsMasterKeyId });
    if (q.sqsManagedSseEnabled) return pass('encrypted with SQS-managed keys (SSE-SQS)', { sse: 'SSE-SQS' });
    return fail('messages are stored unencrypted: neither SSE-KMS nor SSE-SQS is on', { sse: 'none', sqsManagedSseEnabled: false });
  },
});
