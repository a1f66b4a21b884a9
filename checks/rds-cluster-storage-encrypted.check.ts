import { defineCheck, error, fail, pass } from '../src/engine/define.js';

export default defineCheck({
  id: 'rds-cluster-storage-encrypted',
  title: 'RDS DB cluster has encrypted storage',
  severity: 'high',
  family: 'encryption',
  controls: { fsbp: ['RDS.27'], cis: [] },
  appliesTo: ['AWS::RDS::DBCluster'],
  needs: ['rds.cluster'],
  remediation:
    'Set storageEncrypted: true (and kmsKeyId: <your KmsKey>.arn) on the RdsCluster. RDS cannot encrypt an existing cluster in place: the change replaces it, so restore the data from an encrypted copy of a cluster snapshot.',
  evaluate: ({ facts }) => {
    const cluster = facts['rds.cluster'];
    if (cluster.state === 'unknown') return error(cluster.reason);
    if (cluster.state === 'absent') return error(`the DB cluster was not described${cluster.reason ? `: ${cluster.reason}` : ''}`);
    const { id, storageEncrypted, kmsKeyId } = cluster.value;
    if (!storageEncrypted) return fail(`the storage of DB cluster ${id} is not encrypted`, { storageEncrypted });
    return pass(`the storage of DB cluster ${id} is encrypted`, kmsKeyId ? { storageEncrypted, kmsKeyId } : { storageEncrypted });
  },
});
