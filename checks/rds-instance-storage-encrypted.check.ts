import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'rds-instance-storage-encrypted',
  title: 'RDS DB instance has encrypted storage',
  severity: 'high',
  family: 'encryption',
  controls: { fsbp: ['RDS.3'], cis: ['2.3.1'] },
  appliesTo: ['AWS::RDS::DBInstance'],
  needs: ['rds.instance'],
  remediation:
    'Set storageEncrypted: true (and kmsKeyId: <your KmsKey>.arn) on the DbInstance. RDS cannot encrypt an existing instance in place: the change replaces it, so restore the data from an encrypted copy of a snapshot.',
  evaluate: ({ facts }) => {
    const db = facts['rds.instance'];
    if (db.state === 'unknown') return error(db.reason);
    if (db.state === 'absent') return error(`the DB instance was not described${db.reason ? `: ${db.reason}` : ''}`);
    const { id, storageEncrypted, kmsKeyId } = db.value;
    if (!storageEncrypted) return fail(`the storage of DB instance ${id} is not encrypted`, { storageEncrypted });
    return pass(`the storage of DB instance ${id} is encrypted`, kmsKeyId ? { storageEncrypted, kmsKeyId } : { storageEncrypted });
  },
});
