/**
 * The data-pipeline stack's messaging, logs and data-protection parts, judged through the real CLI
 * with one defect at a time: exactly the checks that match the defect fail, on exactly that
 * resource (named in the outputs by a topic ARN, a queue URL on AWS's own host, a queue ARN, a log
 * group name or a log group ARN with `:*`). The compliant stack passing them all is asserted with
 * the whole stack in pipeline-stack.e2e.test.ts.
 */
import { DATA_DEFECTS, type DataDefect } from '../../fixtures/stacks/pipeline-data.js';
import { useMoto } from '../helpers/moto.js';
import { expectOnlyDefect, type Pick } from '../helpers/pipeline-e2e.js';

const moto = useMoto();

const EXPECTED: Record<DataDefect, Array<[string, Pick]>> = {
  'topic-aws-managed-key': [['sns-topic-encrypted-with-cmk', (i) => [i.topicArn]]],
  'queue-sse-sqs': [['sqs-queue-encrypted-with-cmk', (i) => [i.queueUrl]]],
  'queue-unencrypted': [
    ['sqs-queue-encrypted', (i) => [i.queueUrl]],
    ['sqs-queue-encrypted-with-cmk', (i) => [i.queueUrl]],
  ],
  'log-group-no-cmk': [['logs-log-group-encrypted-with-cmk', (i) => [i.ingestLogGroup]]],
  'log-group-never-expires': [['logs-log-group-retention-set', (i) => [i.ingestLogGroup]]],
  'data-bucket-unversioned': [['s3-bucket-versioning-enabled', (i) => [i.dataBucket]]],
  'data-bucket-no-public-access-block': [['s3-bucket-public-access-blocked', (i) => [i.dataBucket]]],
  'table-no-point-in-time-recovery': [['dynamodb-table-point-in-time-recovery', (i) => [i.table]]],
  'db-instance-short-backups': [['rds-instance-backup-retention', (i) => [i.dbInstance]]],
  'db-instance-public': [['rds-instance-not-publicly-accessible', (i) => [i.dbInstance]]],
  'db-instance-no-deletion-protection': [['rds-instance-deletion-protection', (i) => [i.dbInstance]]],
  'aurora-short-backups': [['rds-cluster-backup-retention', (i) => [i.auroraCluster]]],
  'aurora-no-deletion-protection': [['rds-cluster-deletion-protection', (i) => [i.auroraCluster]]],
};

describe('the stack with one messaging, logs or data-protection defect', () => {
  it.each(DATA_DEFECTS.map((d) => [d]))('%s fails exactly the matching checks on exactly that resource', async (defect) => {
    await expectOnlyDefect(moto(), defect, EXPECTED[defect]);
  }, 120_000);
});
