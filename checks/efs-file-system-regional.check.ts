import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'efs-file-system-regional',
  title: 'EFS file system is Regional, storing data redundantly across availability zones',
  severity: 'medium',
  family: 'availability',
  controls: { fsbp: [], cis: [] },
  appliesTo: ['AWS::EFS::FileSystem'],
  needs: ['efs.fileSystem'],
  remediation:
    'Remove availabilityZoneName from the EfsFileSystem so it is Regional, and add an EfsMountTarget in a subnet of each availability zone. A One Zone file system cannot be converted in place: changing the attribute replaces it, so copy the data first (AWS DataSync or AWS Backup restore to the new file system).',
  evaluate: ({ facts }) => {
    const f = facts['efs.fileSystem'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('EFS returned no description of the file system');
    const zone = f.value.availabilityZoneName;
    return zone === undefined
      ? pass('Regional file system (no availability zone)', { availabilityZoneName: '(none: Regional)' })
      : fail(`One Zone file system in ${zone}: its data is lost if the zone is`, { availabilityZoneName: zone });
  },
});
