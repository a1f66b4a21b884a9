import { absent, present, unknown } from '../src/facts/fact.js';
import type { EfsFileSystemFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './efs-file-system-encrypted.check.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const fs = (over: Partial<EfsFileSystemFacts>): EfsFileSystemFacts => ({ id: 'fs-0123456789abcdef0', encrypted: false, lifeCycleState: 'available', ...over });

runCheckCases(check, {
  pass: [
    {
      name: 'encrypted at rest with a KMS key',
      facts: { 'efs.fileSystem': present(fs({ encrypted: true, kmsKeyId: KEY_ARN })) },
      expectEvidence: { encrypted: true, kmsKeyId: KEY_ARN },
    },
  ],
  fail: [
    {
      name: 'not encrypted at rest',
      facts: { 'efs.fileSystem': present(fs({ encrypted: false })) },
      expectEvidence: { encrypted: false },
    },
    {
      name: 'a One Zone file system that is not encrypted',
      facts: { 'efs.fileSystem': present(fs({ encrypted: false, availabilityZoneName: 'us-east-1a' })) },
      expectEvidence: { encrypted: false },
    },
  ],
  error: [
    {
      name: 'the file system could not be described (AccessDenied)',
      facts: { 'efs.fileSystem': unknown('elasticfilesystem:DescribeFileSystems AccessDenied') },
    },
    {
      name: 'the file system was reported absent instead of described',
      facts: { 'efs.fileSystem': absent() },
    },
  ],
});
