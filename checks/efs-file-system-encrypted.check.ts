import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'efs-file-system-encrypted',
  title: 'EFS file system is encrypted at rest',
  severity: 'high',
  family: 'encryption',
  controls: { fsbp: ['EFS.1', 'EFS.8'], cis: ['2.4.1'] },
  appliesTo: ['AWS::EFS::FileSystem'],
  needs: ['efs.fileSystem'],
  remediation:
    'Set encrypted: true (and kmsKeyId: <your KmsKey>.arn) on the EfsFileSystem. EFS cannot encrypt an existing file system: the change replaces it, so copy the data across (e.g. with AWS DataSync) before removing the old one.',
  evaluate: ({ facts }) => {
    const fs = facts['efs.fileSystem'];
    if (fs.state === 'unknown') return error(fs.reason);
    if (fs.state === 'absent') return error(`the file system was not described${fs.reason ? `: ${fs.reason}` : ''}`);
    const { id, encrypted, kmsKeyId } = fs.value;
    if (!encrypted) return fail(`file system ${id} is not encrypted at rest`, { encrypted });
    return pass(`file system ${id} is encrypted at rest`, kmsKeyId ? { encrypted, kmsKeyId } : { encrypted });
  },
});
