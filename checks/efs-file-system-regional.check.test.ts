import { absent, present, unknown } from '../src/facts/fact.js';
import type { EfsFileSystemFacts } from '../src/facts/catalogue.js';
import { runCheckCases } from '../test/helpers/check-cases.js';
import check from './efs-file-system-regional.check.js';

const regional: EfsFileSystemFacts = { id: 'fs-0123456789abcdef0', encrypted: true, lifeCycleState: 'available' };

runCheckCases(check, {
  pass: [
    {
      name: 'Regional file system',
      facts: { 'efs.fileSystem': present(regional) },
      expectEvidence: { availabilityZoneName: '(none: Regional)' },
    },
  ],
  fail: [
    {
      name: 'One Zone file system',
      facts: { 'efs.fileSystem': present({ ...regional, availabilityZoneName: 'us-east-1a' }) },
      expectEvidence: { availabilityZoneName: 'us-east-1a' },
    },
  ],
  error: [
    { name: 'the file system could not be described (AccessDenied)', facts: { 'efs.fileSystem': unknown('AccessDenied: elasticfilesystem:DescribeFileSystems') } },
    { name: 'the file system does not exist', facts: { 'efs.fileSystem': unknown('FileSystemNotFound: fs-0123456789abcdef0') } },
    { name: 'no description came back', facts: { 'efs.fileSystem': absent() } },
  ],
});
