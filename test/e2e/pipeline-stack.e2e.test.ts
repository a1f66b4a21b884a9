/**
 * The whole data-pipeline stack in moto, judged through the real CLI: compliant, it passes; with
 * one defect at a time, exactly the checks that match that defect fail, on exactly that resource.
 */
import { DEFECTS, type Defect } from '../../fixtures/stacks/pipeline.js';
import { DATA_DEFECTS, type DataDefect } from '../../fixtures/stacks/pipeline-data.js';
import { COMPUTE_DEFECTS, type ComputeDefect } from '../../fixtures/stacks/pipeline-compute.js';
import { IDENTITY_DEFECTS, type IdentityDefect } from '../../fixtures/stacks/pipeline-identity.js';
import { MOTO_BLIND_CHECKS } from '../../src/demo/demo.js';
import { DRIFT_CHECK } from '../../src/plan/plan.js';
import { runCli } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { MOTO_BLIND, deployAndVerify as deployAndVerifyOn, expectOnlyDefect, verifyDeployed, type Pick } from '../helpers/pipeline-e2e.js';

const moto = useMoto();
const deployAndVerify = (suffix: string, defects: Defect[], extra: string[] = []) => deployAndVerifyOn(moto(), suffix, defects, extra);

/**
 * The defects of the messaging, logs and data-protection parts (pipeline-data.e2e.test.ts), of
 * the compute and network tier (pipeline-compute.e2e.test.ts) and of the identity, audit and
 * tagging parts (pipeline-identity.e2e.test.ts) have their own test files.
 */
type CoreDefect = Exclude<Defect, DataDefect | ComputeDefect | IdentityDefect>;
const OTHER_FILES: readonly string[] = [...DATA_DEFECTS, ...COMPUTE_DEFECTS, ...IDENTITY_DEFECTS];
const CORE_DEFECTS = DEFECTS.filter((d): d is CoreDefect => !OTHER_FILES.includes(d));

/** Every check that judges a resource's use of the stack's CMK, with the resources it judges. */
const CMK_USERS: Array<[string, Pick]> = [
  ['s3-bucket-default-encryption-cmk', (i) => [i.dataBucket, i.logsBucket]],
  ['kinesis-stream-encrypted-with-cmk', (i) => [i.stream]],
  ['rds-cluster-encrypted-with-cmk', (i) => [i.auroraCluster]],
  ['rds-instance-encrypted-with-cmk', (i) => [i.dbInstance]],
  ['elasticache-replication-group-encrypted-with-cmk', (i) => [i.redis]],
  ['efs-file-system-encrypted-with-cmk', (i) => [i.efs]],
  ['secretsmanager-secret-encrypted-with-cmk', (i) => [i.secretArn]],
  ['dynamodb-table-encrypted-with-cmk', (i) => [i.table]],
  // Messaging and logs
  ['sns-topic-encrypted-with-cmk', (i) => [i.topicArn]],
  ['sqs-queue-encrypted-with-cmk', (i) => [i.queueUrl, i.dlqUrl]],
  ['logs-log-group-encrypted-with-cmk', (i) => [i.ingestLogGroup, i.appLogGroup]],
  // Compute and network
  ['ec2-instance-ebs-encrypted-with-cmk', (i) => [i.instance]],
  ['ec2-volume-encrypted-with-cmk', (i) => [i.dataVolume]],
  ['ec2-launch-template-ebs-encrypted-with-cmk', (i) => [i.launchTemplate]],
  ['autoscaling-group-ebs-encrypted-with-cmk', (i) => [i.asg]],
];

// Not deployable as a variant: a DB or cache subnet group in one AZ (AWS refuses to create one, and
// so does moto); the subnet-group checks' unit tables cover it.
const EXPECTED: Record<CoreDefect, Array<[string, Pick]>> = {
  'logs-bucket-sse-s3': [['s3-bucket-default-encryption-cmk', (i) => [i.logsBucket]]],
  'logs-bucket-no-encryption': [
    ['s3-bucket-default-encryption-enabled', (i) => [i.logsBucket]],
    ['s3-bucket-default-encryption-cmk', (i) => [i.logsBucket]],
  ],
  // The other key is found in use and judged too: it has no rotation.
  'data-bucket-other-cmk': [
    ['s3-bucket-default-encryption-cmk', (i) => [i.dataBucket]],
    ['kms-key-rotation-enabled', () => ['(used by)']],
  ],
  'kinesis-unencrypted': [
    ['kinesis-stream-encryption-enabled', (i) => [i.stream]],
    ['kinesis-stream-encrypted-with-cmk', (i) => [i.stream]],
  ],
  'redis-no-transit-encryption': [['elasticache-replication-group-transit-encryption-enabled', (i) => [i.redis]]],
  'db-instance-unencrypted': [
    ['rds-instance-storage-encrypted', (i) => [i.dbInstance]],
    ['rds-instance-encrypted-with-cmk', (i) => [i.dbInstance]],
  ],
  'efs-unencrypted': [
    ['efs-file-system-encrypted', (i) => [i.efs]],
    ['efs-file-system-encrypted-with-cmk', (i) => [i.efs]],
  ],
  'cmk-disabled': [['kms-key-enabled', (i) => [i.cmkId]], ...CMK_USERS],
  'data-bucket-lifecycle-prefix-only': [['s3-bucket-lifecycle-covers-bucket', (i) => [i.dataBucket]]],
  'kinesis-aws-managed-key': [['kinesis-stream-encrypted-with-cmk', (i) => [i.stream]]],
  'kinesis-key-by-id': [['kinesis-stream-encrypted-with-cmk', (i) => [i.stream]]],
  'redis-no-at-rest-encryption': [
    ['elasticache-replication-group-at-rest-encryption-enabled', (i) => [i.redis]],
    ['elasticache-replication-group-encrypted-with-cmk', (i) => [i.redis]],
  ],
  'redis-no-failover': [['elasticache-replication-group-multi-az-enabled', (i) => [i.redis]]],
  'aurora-single-az': [['rds-cluster-multi-az', (i) => [i.auroraCluster]]],
  'aurora-unencrypted': [
    ['rds-cluster-storage-encrypted', (i) => [i.auroraCluster]],
    ['rds-cluster-encrypted-with-cmk', (i) => [i.auroraCluster]],
  ],
  'db-instance-single-az': [['rds-instance-multi-az-enabled', (i) => [i.dbInstance]]],
  // The NAT gateways and the load balancer sit in the public subnets, so they share the one zone.
  'public-subnets-one-az': [
    ['ec2-vpc-subnets-span-azs', (i) => [i.vpc]],
    ['ec2-subnets-span-azs', (i) => i.publicSubnets],
    ['ec2-vpc-nat-gateways-span-azs', (i) => [i.vpc, ...i.natGateways]],
    ['elbv2-load-balancer-spans-azs', (i) => [i.nlb]],
  ],
  // A One Zone file system takes mount targets in its own zone only.
  'efs-one-zone': [
    ['efs-file-system-regional', (i) => [i.efs]],
    ['efs-file-system-mount-targets-span-azs', (i) => [i.efs]],
  ],
  'secret-default-key': [['secretsmanager-secret-encrypted-with-cmk', (i) => [i.secretArn]]],
  'table-aws-owned-key': [
    ['dynamodb-table-encrypted-with-cmk', (i) => [i.table]],
    ['dynamodb-table-encrypted-with-kms', (i) => [i.table]],
  ],
  'cmk-rotation-off': [['kms-key-rotation-enabled', (i) => [i.cmkId]]],
};

const pairs = (results: Awaited<ReturnType<typeof deployAndVerify>>['report']['results']) => results.map((r) => `${r.checkId} @ ${r.resource.id}`).sort();

describe('the compliant data-pipeline stack', () => {
  let outcome: Awaited<ReturnType<typeof deployAndVerify>>;
  beforeAll(async () => {
    outcome = await deployAndVerify('ok', [], ['--skip', MOTO_BLIND]);
  }, 120_000);

  it('passes every check (exit 0)', () => {
    expect(outcome.run.stderr).toBe('');
    expect(pairs(outcome.report.results.filter((r) => r.status !== 'pass' && r.status !== 'skipped'))).toEqual([]);
    expect(outcome.run.code).toBe(0);
  });

  it('recognises every resource output; only the plain values stay unrecognised', () => {
    const stackName = outcome.stack.stackName;
    expect(outcome.report.unrecognised.sort()).toEqual([`${stackName}.aws_region`, `${stackName}.environment_suffix`]);
    const types = new Set(outcome.report.resources.map((r) => r.type));
    for (const t of [
      'AWS::EC2::VPC',
      'AWS::EC2::Subnet',
      'AWS::KMS::Key',
      'AWS::S3::Bucket',
      'AWS::Kinesis::Stream',
      'AWS::RDS::DBCluster',
      'AWS::RDS::DBInstance',
      'AWS::ElastiCache::ReplicationGroup',
      'AWS::EFS::FileSystem',
      'AWS::SecretsManager::Secret',
      'AWS::DynamoDB::Table',
      'AWS::SNS::Topic',
      'AWS::SQS::Queue',
      'AWS::Logs::LogGroup',
      'AWS::EC2::NatGateway',
      'AWS::EC2::Instance',
      'AWS::EC2::Volume',
      'AWS::EC2::LaunchTemplate',
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::AutoScaling::AutoScalingGroup',
      'AWS::IAM::Role',
      'AWS::CloudTrail::Trail',
      'AWS::Lambda::Function',
    ]) {
      expect({ type: t, found: types.has(t) }).toEqual({ type: t, found: true });
    }
  });

  it('runs every check in the catalogue against the resources it applies to', async () => {
    const list = await runCli(['list-checks', '--json']);
    const ids = (JSON.parse(list.stdout) as Array<{ id: string }>).map((c) => c.id).filter((id) => !MOTO_BLIND_CHECKS.includes(id) && id !== DRIFT_CHECK); // drift runs only with --drift
    const ran = new Set(outcome.report.results.map((r) => r.checkId));
    expect(ids.filter((id) => !ran.has(id))).toEqual([]);
  });

  it(`reports ${MOTO_BLIND} as error on moto, never as pass`, async () => {
    // The compliant stack deployed above, verified again: the run only reads it.
    const again = await verifyDeployed(moto(), outcome.stack, 'blind', ['--only', MOTO_BLIND]);
    expect(again.report.results.map((r) => r.status)).toEqual(['error']);
    expect(again.run.code).toBe(3);
  }, 120_000);
});

describe('the stack with one defect', () => {
  it('covers at least eight defects', () => {
    expect(DEFECTS.length).toBeGreaterThanOrEqual(8);
  });

  it.each(CORE_DEFECTS.map((d) => [d]))('%s fails exactly the matching checks on exactly that resource', async (defect) => {
    await expectOnlyDefect(moto(), defect, EXPECTED[defect]);
  }, 120_000);
});
