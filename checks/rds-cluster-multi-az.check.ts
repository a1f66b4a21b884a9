import { defineCheck, error, fail, pass } from '../src/engine/define.js';

const UNKNOWN_AZ = '(unknown)';

/**
 * The members and the zones they run in decide, for Aurora clusters and Multi-AZ DB clusters
 * alike: the cluster's `MultiAZ` flag is shown in the evidence but never passes on its own.
 */
export default defineCheck({
  id: 'rds-cluster-multi-az',
  title: 'RDS DB cluster runs at least two instances in at least two availability zones',
  severity: 'high',
  family: 'availability',
  controls: { fsbp: ['RDS.15'], cis: [] },
  appliesTo: ['AWS::RDS::DBCluster'],
  needs: ['rds.cluster'],
  remediation:
    'Add a second RdsClusterInstance with clusterIdentifier set to the RdsCluster and availabilityZone set to a zone the writer is not in (or leave availabilityZone unset and list at least two zones in the RdsCluster availabilityZones), then deploy. For a Multi-AZ DB cluster (MySQL or PostgreSQL), give the RdsCluster dbClusterInstanceClass, storageType and allocatedStorage so RDS places one writer and two readers in three zones.',
  evaluate: ({ facts }) => {
    const f = facts['rds.cluster'];
    if (f.state === 'unknown') return error(f.reason);
    if (f.state === 'absent') return error('RDS returned no description of the DB cluster');
    const cluster = f.value;
    const members = Object.fromEntries(cluster.members.map((m) => [m.instanceId, m.availabilityZone ?? UNKNOWN_AZ]));
    const unread = cluster.members.filter((m) => m.availabilityZone === undefined).map((m) => m.instanceId);
    const distinctAzs = [...new Set(cluster.members.flatMap((m) => (m.availabilityZone === undefined ? [] : [m.availabilityZone])))].sort();
    const evidence = { members, distinctAzs, multiAZ: cluster.multiAZ, ...(cluster.engine ? { engine: cluster.engine } : {}) };

    if (cluster.members.length < 2) {
      return fail(
        cluster.members.length === 0 ? 'the cluster has no instances' : `the cluster has one instance only (${cluster.members[0]!.instanceId}): no failover target`,
        evidence,
      );
    }
    if (unread.length > 0) return error(`the availability zone of ${unread.join(', ')} could not be read`, { ...evidence, unreadAzs: unread });
    if (distinctAzs.length < 2) return fail(`all ${cluster.members.length} instances run in ${distinctAzs.join(', ')}`, evidence);
    return pass(`${cluster.members.length} instances across ${distinctAzs.join(', ')}`, evidence);
  },
});
