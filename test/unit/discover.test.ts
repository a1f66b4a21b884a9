import { discover } from '../../src/discover/discover.js';
import { ELASTICACHE_REGION_CODES, hostOf } from '../../src/discover/endpoints.js';
import { ConfigError } from '../../src/errors.js';
import { parseOutputs } from '../../src/outputs/parse.js';
import type { OutputEntry, ResourceRef, ResourceType } from '../../src/types.js';

type Expected = { type: ResourceType; id: string; region?: string } | 'unrecognised' | 'scalar';

interface Row {
  /** The output as `key: value`; the name is the key unless given. */
  key: string;
  value: string;
  name?: string;
  stack?: string;
  scalar?: boolean;
  sensitive?: boolean;
  expected: Expected;
}

const ACCOUNT = '123456789012';
const KEY_UUID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const MRK = 'mrk-1234abcd12ab34cd56ef1234567890ab';

const ROWS: Row[] = [
  // ARNs, every service and several partitions
  { key: 'DataBucketArn', value: 'arn:aws:s3:::tap-data-dev', expected: { type: 'AWS::S3::Bucket', id: 'tap-data-dev' } },
  { key: 'CnBucketArn', value: 'arn:aws-cn:s3:::tap-data-cn', expected: { type: 'AWS::S3::Bucket', id: 'tap-data-cn' } },
  { key: 'LogsPrefixArn', value: 'arn:aws:s3:::tap-logs/raw/*', expected: { type: 'AWS::S3::Bucket', id: 'tap-logs' } },
  { key: 'KeyArn', value: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_UUID}`, expected: { type: 'AWS::KMS::Key', id: KEY_UUID, region: 'us-east-1' } },
  { key: 'GovKeyArn', value: `arn:aws-us-gov:kms:us-gov-west-1:${ACCOUNT}:key/${MRK}`, expected: { type: 'AWS::KMS::Key', id: MRK, region: 'us-gov-west-1' } },
  { key: 'KeyAliasArn', value: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/tap-data`, expected: { type: 'AWS::KMS::Key', id: 'alias/tap-data', region: 'eu-west-1' } },
  { key: 'VpcArn', value: `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/vpc-0a1b2c3d4e5f60718`, expected: { type: 'AWS::EC2::VPC', id: 'vpc-0a1b2c3d4e5f60718', region: 'us-east-1' } },
  { key: 'SubnetArn', value: `arn:aws-cn:ec2:cn-north-1:${ACCOUNT}:subnet/subnet-0aa11bb22cc33dd44`, expected: { type: 'AWS::EC2::Subnet', id: 'subnet-0aa11bb22cc33dd44', region: 'cn-north-1' } },
  { key: 'DbSgArn', value: `arn:aws:ec2:us-west-2:${ACCOUNT}:security-group/sg-0123456789abcdef0`, expected: { type: 'AWS::EC2::SecurityGroup', id: 'sg-0123456789abcdef0', region: 'us-west-2' } },
  { key: 'DbArn', value: `arn:aws:rds:us-east-1:${ACCOUNT}:db:tap-postgres`, expected: { type: 'AWS::RDS::DBInstance', id: 'tap-postgres', region: 'us-east-1' } },
  { key: 'AuroraArn', value: `arn:aws:rds:eu-central-1:${ACCOUNT}:cluster:Tap-Aurora`, expected: { type: 'AWS::RDS::DBCluster', id: 'tap-aurora', region: 'eu-central-1' } },
  { key: 'RedisArn', value: `arn:aws:elasticache:us-east-1:${ACCOUNT}:replicationgroup:tap-redis`, expected: { type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis', region: 'us-east-1' } },
  { key: 'MemcachedArn', value: `arn:aws:elasticache:us-east-1:${ACCOUNT}:cluster:tap-memcached`, expected: { type: 'AWS::ElastiCache::CacheCluster', id: 'tap-memcached', region: 'us-east-1' } },
  { key: 'StreamArn', value: `arn:aws-us-gov:kinesis:us-gov-east-1:${ACCOUNT}:stream/tap-ingest`, expected: { type: 'AWS::Kinesis::Stream', id: 'tap-ingest', region: 'us-gov-east-1' } },
  { key: 'ConsumerArn', value: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/tap-ingest/consumer/lambda:1700000000`, expected: { type: 'AWS::Kinesis::Stream', id: 'tap-ingest', region: 'us-east-1' } },
  { key: 'EfsArn', value: `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-0f1e2d3c4b5a69788`, expected: { type: 'AWS::EFS::FileSystem', id: 'fs-0f1e2d3c4b5a69788', region: 'us-east-1' } },
  {
    key: 'DbSecretArn',
    value: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:tap/aurora/master-AbC123`,
    expected: { type: 'AWS::SecretsManager::Secret', id: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:tap/aurora/master-AbC123`, region: 'us-east-1' },
  },
  { key: 'TableArn', value: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/tap-checkpoints`, expected: { type: 'AWS::DynamoDB::Table', id: 'tap-checkpoints', region: 'us-east-1' } },
  { key: 'TableStreamArn', value: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/tap-checkpoints/stream/2024-05-01T00:00:00.000`, expected: { type: 'AWS::DynamoDB::Table', id: 'tap-checkpoints', region: 'us-east-1' } },
  // ARNs of resources no built-in collector serves are resources of the run all the same.
  { key: 'RoleArn', value: `arn:aws:iam::${ACCOUNT}:role/tap-pipeline`, expected: { type: 'AWS::IAM::Role', id: 'tap-pipeline' } },
  { key: 'AccessPointArn', value: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/tap-ap`, expected: { type: 'AWS::S3::AccessPoint', id: 'tap-ap', region: 'us-east-1' } },
  {
    key: 'EfsAccessPointArn',
    value: `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:access-point/fsap-0123456789abcdef0`,
    expected: { type: 'AWS::EFS::AccessPoint', id: 'fsap-0123456789abcdef0', region: 'us-east-1' },
  },

  // Id shapes
  { key: 'VpcId', value: 'vpc-0a1b2c3d', expected: { type: 'AWS::EC2::VPC', id: 'vpc-0a1b2c3d' } },
  { key: 'PrivateSubnet1', value: ' subnet-0aa11bb22cc33dd44 ', expected: { type: 'AWS::EC2::Subnet', id: 'subnet-0aa11bb22cc33dd44' } },
  { key: 'db-security-group', value: 'sg-0123456789abcdef0', expected: { type: 'AWS::EC2::SecurityGroup', id: 'sg-0123456789abcdef0' } },
  { key: 'EfsId', value: 'fs-0f1e2d3c', expected: { type: 'AWS::EFS::FileSystem', id: 'fs-0f1e2d3c' } },
  { key: 'KmsKeyId', value: KEY_UUID, expected: { type: 'AWS::KMS::Key', id: KEY_UUID } },
  { key: 'kms_key_id', value: KEY_UUID.toUpperCase(), expected: { type: 'AWS::KMS::Key', id: KEY_UUID } },
  { key: 'ReplicaKey', value: MRK, expected: { type: 'AWS::KMS::Key', id: MRK } },
  { key: 'DataAlias', value: 'alias/tap-data', expected: { type: 'AWS::KMS::Key', id: 'alias/tap-data' } },
  { key: 'EventSourceMappingUuid', value: KEY_UUID, expected: 'unrecognised' },
  { key: 'VpcIdTooShort', value: 'vpc-0a1b', expected: 'unrecognised' },

  // Endpoints
  { key: 'DbEndpoint', value: 'tap-postgres.c9akciq32lce.us-east-1.rds.amazonaws.com', expected: { type: 'AWS::RDS::DBInstance', id: 'tap-postgres', region: 'us-east-1' } },
  { key: 'DbAddress', value: 'Tap-Postgres.c9akciq32lce.eu-west-2.rds.amazonaws.com:5432', expected: { type: 'AWS::RDS::DBInstance', id: 'tap-postgres', region: 'eu-west-2' } },
  { key: 'AuroraUrl', value: 'postgresql://tap-aurora.cluster-c9akciq32lce.us-east-1.rds.amazonaws.com:5432/pipeline', expected: { type: 'AWS::RDS::DBCluster', id: 'tap-aurora', region: 'us-east-1' } },
  { key: 'AuroraReader', value: 'tap-aurora.cluster-ro-c9akciq32lce.ap-southeast-2.rds.amazonaws.com', expected: { type: 'AWS::RDS::DBCluster', id: 'tap-aurora', region: 'ap-southeast-2' } },
  { key: 'AuroraAnalytics', value: 'analytics.cluster-custom-c9akciq32lce.us-east-1.rds.amazonaws.com', expected: { type: 'AWS::RDS::DBClusterEndpoint', id: 'analytics', region: 'us-east-1' } },
  { key: 'ProxyEndpoint', value: 'tap-proxy.proxy-c9akciq32lce.us-east-1.rds.amazonaws.com', expected: { type: 'AWS::RDS::DBProxy', id: 'tap-proxy', region: 'us-east-1' } },
  { key: 'ProxyReaderEndpoint', value: 'tap-reads.endpoint.proxy-c9akciq32lce.eu-west-1.rds.amazonaws.com:5432', expected: { type: 'AWS::RDS::DBProxyEndpoint', id: 'tap-reads', region: 'eu-west-1' } },
  // moto's proxy host (`db-proxy-`) and a label that is no hash are not AWS's shapes.
  { key: 'MotoProxyEndpoint', value: 'tap-proxy.db-proxy-c9akciq32lce.us-east-1.rds.amazonaws.com', expected: 'unrecognised' },
  { key: 'AuroraCustomNoHash', value: 'analytics.cluster-custom-.us-east-1.rds.amazonaws.com', expected: 'unrecognised' },
  { key: 'CnAurora', value: 'tap-aurora.cluster-c9akciq32lce.rds.cn-northwest-1.amazonaws.com.cn', expected: { type: 'AWS::RDS::DBCluster', id: 'tap-aurora', region: 'cn-northwest-1' } },
  { key: 'CnDb', value: 'tap-postgres.c9akciq32lce.cn-north-1.rds.amazonaws.com.cn:5432', expected: { type: 'AWS::RDS::DBInstance', id: 'tap-postgres', region: 'cn-north-1' } },
  { key: 'RedisPrimary', value: 'master.tap-redis.x1y2z3.use1.cache.amazonaws.com', expected: { type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis', region: 'us-east-1' } },
  { key: 'RedisReader', value: 'replica.tap-redis.x1y2z3.euw1.cache.amazonaws.com:6379', expected: { type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis', region: 'eu-west-1' } },
  { key: 'RedisConfig', value: 'clustercfg.tap-redis.x1y2z3.apse2.cache.amazonaws.com:6379', expected: { type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis', region: 'ap-southeast-2' } },
  { key: 'RedisPlainPrimary', value: 'tap-redis.x1y2z3.ng.0001.usw2.cache.amazonaws.com:6379', expected: { type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis', region: 'us-west-2' } },
  { key: 'RedisPlainReader', value: 'tap-redis-ro.x1y2z3.ng.0001.euc1.cache.amazonaws.com', expected: { type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis', region: 'eu-central-1' } },
  { key: 'RedisNode', value: 'tap-redis-001.x1y2z3.0001.use2.cache.amazonaws.com', expected: { type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis', region: 'us-east-2' } },
  { key: 'RedisTlsNode', value: 'rediss://tap-redis-002.tap-redis.x1y2z3.apne1.cache.amazonaws.com:6379', expected: { type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis', region: 'ap-northeast-1' } },
  { key: 'RedisShardNode', value: 'tap-redis-0002-001.x1y2z3.0001.sae1.cache.amazonaws.com', expected: { type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis', region: 'sa-east-1' } },
  { key: 'RedisUnknownCode', value: 'master.tap-redis.x1y2z3.zzz9.cache.amazonaws.com', expected: { type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis' } },
  { key: 'MemcachedConfig', value: 'tap-memcached.x1y2z3.cfg.use1.cache.amazonaws.com:11211', expected: { type: 'AWS::ElastiCache::CacheCluster', id: 'tap-memcached', region: 'us-east-1' } },
  { key: 'MemcachedNode', value: 'tap-memcached.x1y2z3.0001.use1.cache.amazonaws.com:11211', expected: { type: 'AWS::ElastiCache::CacheCluster', id: 'tap-memcached', region: 'us-east-1' } },
  { key: 'ServerlessCache', value: 'tap-cache-x1y2z3.serverless.use1.cache.amazonaws.com:6379', expected: { type: 'AWS::ElastiCache::ServerlessCache', id: 'tap-cache', region: 'us-east-1' } },
  { key: 'ServerlessCacheEuw1', value: 'rediss://sessions-ab12cd.serverless.euw1.cache.amazonaws.com:6379', expected: { type: 'AWS::ElastiCache::ServerlessCache', id: 'sessions', region: 'eu-west-1' } },
  { key: 'ServerlessNoSuffix', value: 'tapcache.serverless.use1.cache.amazonaws.com', expected: 'unrecognised' },
  { key: 'ServerlessDeepHost', value: 'tap-cache-x1y2z3.extra.serverless.use1.cache.amazonaws.com', expected: 'unrecognised' },
  { key: 'BucketRegionalDomainName', value: 'tap-data-dev.s3.eu-west-1.amazonaws.com', expected: { type: 'AWS::S3::Bucket', id: 'tap-data-dev', region: 'eu-west-1' } },
  { key: 'BucketDomainName', value: 'tap-data-dev.s3.amazonaws.com', expected: { type: 'AWS::S3::Bucket', id: 'tap-data-dev' } },
  { key: 'WebsiteUrl', value: 'http://tap-site.s3-website-us-west-2.amazonaws.com', expected: { type: 'AWS::S3::Bucket', id: 'tap-site', region: 'us-west-2' } },
  { key: 'RawDataLocation', value: 's3://tap-data-dev/raw/2024/', expected: { type: 'AWS::S3::Bucket', id: 'tap-data-dev' } },
  { key: 'EfsDnsName', value: 'fs-0f1e2d3c.efs.us-west-2.amazonaws.com', expected: { type: 'AWS::EFS::FileSystem', id: 'fs-0f1e2d3c', region: 'us-west-2' } },

  // Key-name hints for bare names
  { key: 'DataBucketName', value: 'tap-data-dev', expected: { type: 'AWS::S3::Bucket', id: 'tap-data-dev' } },
  { key: 'data_bucket_name', value: 'tap-data-dev', expected: { type: 'AWS::S3::Bucket', id: 'tap-data-dev' } },
  { key: 'data-bucket', value: 'tap-data-dev', expected: { type: 'AWS::S3::Bucket', id: 'tap-data-dev' } },
  { key: 'BucketName', value: 'Tap_Data', expected: 'unrecognised' },
  { key: 'BucketNameIp', name: 'BucketName', value: '192.168.10.4', expected: 'unrecognised' },
  { key: 'IngestStreamName', value: 'tap-ingest', expected: { type: 'AWS::Kinesis::Stream', id: 'tap-ingest' } },
  { key: 'kinesis_stream', value: 'TapStackdev-DataStream4B8E6A9F-Xy1zAbC2dEf3', expected: { type: 'AWS::Kinesis::Stream', id: 'TapStackdev-DataStream4B8E6A9F-Xy1zAbC2dEf3' } },
  { key: 'firehose_delivery_stream_name', value: 'tap-delivery', expected: 'unrecognised' },
  { key: 'LogStreamName', value: 'tap/app', expected: 'unrecognised' },
  { key: 'CheckpointTable', value: 'TapStack-dev-CheckpointTable1A2B3C4D-1XYZABCDEFGH9', expected: { type: 'AWS::DynamoDB::Table', id: 'TapStack-dev-CheckpointTable1A2B3C4D-1XYZABCDEFGH9' } },
  { key: 'checkpoint-table-name', value: 'tap.checkpoints', expected: { type: 'AWS::DynamoDB::Table', id: 'tap.checkpoints' } },
  { key: 'route_table_id', value: 'rtb-0123456789abcdef0', expected: 'unrecognised' },
  { key: 'db_secret_name', value: 'tap/aurora/master', expected: { type: 'AWS::SecretsManager::Secret', id: 'tap/aurora/master' } },
  { key: 'cluster_identifier', value: 'tap-aurora', expected: { type: 'AWS::RDS::DBCluster', id: 'tap-aurora' } },
  { key: 'AuroraClusterId', value: 'Tap-Aurora', expected: { type: 'AWS::RDS::DBCluster', id: 'tap-aurora' } },
  { key: 'DbInstanceIdentifier', value: 'Tap-Postgres', expected: { type: 'AWS::RDS::DBInstance', id: 'tap-postgres' } },
  { key: 'ecs_cluster_name', value: 'tap-cluster', expected: 'unrecognised' },
  { key: 'ClusterName', value: 'tap-cluster', expected: 'unrecognised' },
  { key: 'redis_replication_group_id', value: 'tap-redis', expected: { type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis' } },
  { key: 'RedisClusterId', value: 'tap-redis', expected: { type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis' } },
  { key: 'cache_cluster_id', value: 'tap-memcached', expected: { type: 'AWS::ElastiCache::CacheCluster', id: 'tap-memcached' } },
  { key: 'dataBucket.id', name: 'id', value: 'tap-data-dev', expected: { type: 'AWS::S3::Bucket', id: 'tap-data-dev' } },
  { key: 'TapStackdev.table_name', name: 'table_name', stack: 'TapStackdev', value: 'tap-checkpoints', expected: { type: 'AWS::DynamoDB::Table', id: 'tap-checkpoints' } },
  { key: 'TapStackdev.name', name: 'name', stack: 'TapStackdev', value: 'tap-checkpoints', expected: 'unrecognised' },
  { key: 'BucketNameSecret', name: 'DataBucketName', value: 'tap-data-dev', sensitive: true, expected: 'unrecognised' },

  // Compute and network: instances, volumes, NAT gateways, load balancers, Auto Scaling
  { key: 'InstanceId', value: 'i-0a1b2c3d4e5f60718', expected: { type: 'AWS::EC2::Instance', id: 'i-0a1b2c3d4e5f60718' } },
  { key: 'BastionId', value: 'i-0a1b2c3d', expected: { type: 'AWS::EC2::Instance', id: 'i-0a1b2c3d' } },
  { key: 'InstanceArn', value: `arn:aws:ec2:eu-west-2:${ACCOUNT}:instance/i-0a1b2c3d4e5f60718`, expected: { type: 'AWS::EC2::Instance', id: 'i-0a1b2c3d4e5f60718', region: 'eu-west-2' } },
  { key: 'DataVolumeId', value: 'vol-0a1b2c3d4e5f60718', expected: { type: 'AWS::EC2::Volume', id: 'vol-0a1b2c3d4e5f60718' } },
  { key: 'VolumeArn', value: `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0a1b2c3d4e5f60718`, expected: { type: 'AWS::EC2::Volume', id: 'vol-0a1b2c3d4e5f60718', region: 'us-east-1' } },
  { key: 'NatGatewayId', value: 'nat-0a1b2c3d4e5f60718', expected: { type: 'AWS::EC2::NatGateway', id: 'nat-0a1b2c3d4e5f60718' } },
  { key: 'NatArn', value: `arn:aws:ec2:us-east-1:${ACCOUNT}:natgateway/nat-0a1b2c3d4e5f60718`, expected: { type: 'AWS::EC2::NatGateway', id: 'nat-0a1b2c3d4e5f60718', region: 'us-east-1' } },
  { key: 'LaunchTemplateId', value: 'lt-0a1b2c3d4e5f60718', expected: { type: 'AWS::EC2::LaunchTemplate', id: 'lt-0a1b2c3d4e5f60718' } },
  { key: 'LaunchTemplateArn', value: `arn:aws:ec2:us-east-1:${ACCOUNT}:launch-template/lt-0a1b2c3d4e5f60718`, expected: { type: 'AWS::EC2::LaunchTemplate', id: 'lt-0a1b2c3d4e5f60718', region: 'us-east-1' } },
  {
    key: 'AlbArn',
    value: `arn:aws:elasticloadbalancing:eu-west-2:${ACCOUNT}:loadbalancer/app/tap-alb/50dc6c495c0c9188`,
    expected: { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: `arn:aws:elasticloadbalancing:eu-west-2:${ACCOUNT}:loadbalancer/app/tap-alb/50dc6c495c0c9188`, region: 'eu-west-2' },
  },
  {
    key: 'NlbArn',
    value: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/net/tap-nlb/0123456789abcdef`,
    expected: { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/net/tap-nlb/0123456789abcdef`, region: 'us-east-1' },
  },
  {
    key: 'HttpsListenerArn',
    value: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/tap-alb/50dc6c495c0c9188/f2f7dc8efc522ab2`,
    expected: { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/tap-alb/50dc6c495c0c9188`, region: 'us-east-1' },
  },
  {
    key: 'TargetGroupArn',
    value: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/tap-web/73e2d6bc24d8a067`,
    expected: { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', id: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/tap-web/73e2d6bc24d8a067`, region: 'us-east-1' },
  },
  // A Classic load balancer is a resource of its own type, which no check covers.
  { key: 'ClassicElbArn', value: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/tap-classic`, expected: { type: 'AWS::ElasticLoadBalancing::LoadBalancer', id: 'tap-classic', region: 'us-east-1' } },
  { key: 'AlbDnsName', value: 'my-alb-1234567890.eu-west-2.elb.amazonaws.com', expected: { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: 'my-alb', region: 'eu-west-2' } },
  { key: 'InternalAlbDns', value: 'internal-tap-api-987654321.us-east-1.elb.amazonaws.com', expected: { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: 'tap-api', region: 'us-east-1' } },
  { key: 'NlbDnsName', value: 'tap-nlb-0123456789abcdef.elb.eu-west-2.amazonaws.com', expected: { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: 'tap-nlb', region: 'eu-west-2' } },
  { key: 'AlbUrl', value: 'http://dualstack.tap-alb-1234567890.us-west-2.elb.amazonaws.com/health', expected: { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: 'tap-alb', region: 'us-west-2' } },
  { key: 'AsgName', value: 'tap-web-asg', expected: { type: 'AWS::AutoScaling::AutoScalingGroup', id: 'tap-web-asg' } },
  { key: 'AutoScalingGroupName', value: 'TapStack-WebAsg-1A2B3C4D', expected: { type: 'AWS::AutoScaling::AutoScalingGroup', id: 'TapStack-WebAsg-1A2B3C4D' } },
  { key: 'autoscaling_group_name', value: 'tap-web', expected: { type: 'AWS::AutoScaling::AutoScalingGroup', id: 'tap-web' } },
  {
    key: 'AsgArn',
    value: `arn:aws:autoscaling:us-east-1:${ACCOUNT}:autoScalingGroup:5ccfc315-7f8e-4c89-a5aa-b114b86ba25e:autoScalingGroupName/tap-web`,
    expected: { type: 'AWS::AutoScaling::AutoScalingGroup', id: 'tap-web', region: 'us-east-1' },
  },
  { key: 'SecurityGroupName', value: 'tap-web', expected: { type: 'AWS::EC2::SecurityGroup', id: 'tap-web' } },
  { key: 'web_security_group', value: 'TapStack-WebSg-1A2B3C', expected: { type: 'AWS::EC2::SecurityGroup', id: 'TapStack-WebSg-1A2B3C' } },
  // Near misses: AWS refuses group names beginning sg-, a description is prose, a rule count a number.
  { key: 'SecurityGroupNameSgPrefix', name: 'SecurityGroupName', value: 'sg-web', expected: 'unrecognised' },
  { key: 'SecurityGroupDescription', value: 'web tier', expected: 'unrecognised' },
  { key: 'SecurityGroupRuleCount', value: '4', scalar: true, expected: 'scalar' },
  { key: 'SecurityGroupIdShort', name: 'SecurityGroupId', value: 'web', expected: 'unrecognised' },
  { key: 'GroupName', value: 'tap-web', expected: 'unrecognised' },

  // Not resources
  { key: 'Region', value: 'us-east-1', expected: 'unrecognised' },

  { key: 'VpcCidr', value: '10.0.0.0/16', expected: 'unrecognised' },
  { key: 'NatIp', value: '54.12.34.56', expected: 'unrecognised' },
  { key: 'Environment', value: 'dev', expected: 'unrecognised' },
  { key: 'Description', value: 'Data pipeline bucket', expected: 'unrecognised' },
  { key: 'Empty', value: '', expected: 'unrecognised' },
  { key: 'DbPort', value: '5432', scalar: true, expected: 'scalar' },
  { key: 'MultiAz', value: 'true', scalar: true, expected: 'scalar' },

  // CDK construct-path logical ids, with the hash CDK appends
  { key: 'DataLakeDataBucketName6945904F', value: 'datalake-databucket-1x2y3z', expected: { type: 'AWS::S3::Bucket', id: 'datalake-databucket-1x2y3z' } },
  { key: 'IngestionKinesisStreamName4B835D9E', value: 'Ingestion-KinesisStream-AbC123', expected: { type: 'AWS::Kinesis::Stream', id: 'Ingestion-KinesisStream-AbC123' } },
  { key: 'ServiceTableNameC0FFEE12', value: 'Service-Table-1A2B3C', expected: { type: 'AWS::DynamoDB::Table', id: 'Service-Table-1A2B3C' } },
  // Indexed names
  { key: 'DataBucket0Name', value: 'tap-data-0-dev', expected: { type: 'AWS::S3::Bucket', id: 'tap-data-0-dev' } },
  { key: 'SensorStream12Name', value: 'tap-sensor-12', expected: { type: 'AWS::Kinesis::Stream', id: 'tap-sensor-12' } },
  { key: 'Database3Identifier', value: 'Tap-Metadata-3', expected: { type: 'AWS::RDS::DBInstance', id: 'tap-metadata-3' } },
  { key: 'PrivateSubnet1Id', value: 'subnet-0aa11bb22cc33dd44', expected: { type: 'AWS::EC2::Subnet', id: 'subnet-0aa11bb22cc33dd44' } },
  { key: 'data_bucket_2_name', value: 'tap-data-2', expected: { type: 'AWS::S3::Bucket', id: 'tap-data-2' } },
  // Plurals of every hint, one item of the list each
  { key: 'DatabaseIdentifiers[0]', name: 'DatabaseIdentifiers', value: 'tap-db-a', expected: { type: 'AWS::RDS::DBInstance', id: 'tap-db-a' } },
  { key: 'TableNames[1]', name: 'TableNames', value: 'orders', expected: { type: 'AWS::DynamoDB::Table', id: 'orders' } },
  { key: 'StreamNames[0]', name: 'StreamNames', value: 'clicks', expected: { type: 'AWS::Kinesis::Stream', id: 'clicks' } },
  { key: 'BucketArns[0]', name: 'BucketArns', value: 'arn:aws:s3:::tap-arn-list', expected: { type: 'AWS::S3::Bucket', id: 'tap-arn-list' } },
  { key: 'SecretNames[0]', name: 'SecretNames', value: 'tap/api-key', expected: { type: 'AWS::SecretsManager::Secret', id: 'tap/api-key' } },
  { key: 'RedisReplicationGroupIds[0]', name: 'RedisReplicationGroupIds', value: 'Tap-Redis', expected: { type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis' } },
  // An environment suffix glued to the key
  { key: 'AppBucketNamedevpr7781', value: 'tap-app-pr7781', expected: { type: 'AWS::S3::Bucket', id: 'tap-app-pr7781' } },
  { key: 'S3BucketName-pr7781', value: 'tap-s3-pr7781', expected: { type: 'AWS::S3::Bucket', id: 'tap-s3-pr7781' } },
  { key: 's3_bucket_names_dev[0]', name: 's3_bucket_names_dev', value: 'tap-one-dev', expected: { type: 'AWS::S3::Bucket', id: 'tap-one-dev' } },
  { key: 'EventsStreamNameprod', value: 'tap-events-prod', expected: { type: 'AWS::Kinesis::Stream', id: 'tap-events-prod' } },
  { key: 'LedgerTableName_staging', value: 'tap-ledger-staging', expected: { type: 'AWS::DynamoDB::Table', id: 'tap-ledger-staging' } },
  // None of these shapes turns anything else into a resource
  { key: 'DataBucketName6945904FPort', value: '443', scalar: true, expected: 'scalar' },
  { key: 'BucketNameLength', value: '63', scalar: true, expected: 'scalar' },
  { key: 'BucketVersioningEnabled', value: 'true', scalar: true, expected: 'scalar' },
  { key: 'DataBucket0Url', value: 'https://cdn.example.com/tap-data-0/index.html', expected: 'unrecognised' },
  { key: 'DataBucketName-pr7781Url', value: 'https://example.com/tap', expected: 'unrecognised' },
  { key: 'BucketOwnerEmail', value: 'ops@example.com', expected: 'unrecognised' },
  { key: 'AlarmEmails[0]', name: 'AlarmEmails', value: 'ops@example.com', expected: 'unrecognised' },
  { key: 'Subnet1Cidr', value: '10.0.1.0/24', expected: 'unrecognised' },
  { key: 'StreamCreatedDate', value: '2024-05-01', expected: 'unrecognised' },
  { key: 'Database3Name', value: 'appdb', expected: 'unrecognised' },
  { key: 'DbName', value: 'metadata', expected: 'unrecognised' },
  { key: 'BucketNamePrefix', value: 'tap-', expected: 'unrecognised' },
  { key: 'Stage', value: 'prod', expected: 'unrecognised' },
  { key: 'ServiceNamedev', value: 'tap-service', expected: 'unrecognised' },
  // SNS topics, SQS queues, CloudWatch Logs log groups
  { key: 'AlertsTopicArn', value: `arn:aws:sns:eu-west-2:${ACCOUNT}:alerts`, expected: { type: 'AWS::SNS::Topic', id: `arn:aws:sns:eu-west-2:${ACCOUNT}:alerts`, region: 'eu-west-2' } },
  { key: 'FifoTopicArn', value: `arn:aws-cn:sns:cn-north-1:${ACCOUNT}:orders.fifo`, expected: { type: 'AWS::SNS::Topic', id: `arn:aws-cn:sns:cn-north-1:${ACCOUNT}:orders.fifo`, region: 'cn-north-1' } },
  { key: 'AlertsSubscriptionArn', value: `arn:aws:sns:eu-west-2:${ACCOUNT}:alerts:5f2b1c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f`, expected: 'unrecognised' },
  { key: 'IngestQueueUrl', value: `https://sqs.eu-west-2.amazonaws.com/${ACCOUNT}/ingest`, expected: { type: 'AWS::SQS::Queue', id: `https://sqs.eu-west-2.amazonaws.com/${ACCOUNT}/ingest`, region: 'eu-west-2' } },
  { key: 'LegacyQueueUrl', value: `https://us-east-1.queue.amazonaws.com/${ACCOUNT}/jobs.fifo`, expected: { type: 'AWS::SQS::Queue', id: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/jobs.fifo`, region: 'us-east-1' } },
  { key: 'DlqArn', value: `arn:aws:sqs:eu-west-2:${ACCOUNT}:ingest-dlq`, expected: { type: 'AWS::SQS::Queue', id: `https://sqs.eu-west-2.amazonaws.com/${ACCOUNT}/ingest-dlq`, region: 'eu-west-2' } },
  { key: 'CnQueueArn', value: `arn:aws-cn:sqs:cn-northwest-1:${ACCOUNT}:jobs`, expected: { type: 'AWS::SQS::Queue', id: `https://sqs.cn-northwest-1.amazonaws.com.cn/${ACCOUNT}/jobs`, region: 'cn-northwest-1' } },
  { key: 'ApiLogGroupName', value: '/aws/apigateway/tap-api', expected: { type: 'AWS::Logs::LogGroup', id: '/aws/apigateway/tap-api' } },
  { key: 'ingestFn.logGroup', name: 'logGroup', value: '/aws/lambda/tap-ingest', expected: { type: 'AWS::Logs::LogGroup', id: '/aws/lambda/tap-ingest' } },
  { key: 'AppLogGroupArn', value: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/tap-app:*`, expected: { type: 'AWS::Logs::LogGroup', id: '/ecs/tap-app', region: 'us-east-1' } },
  { key: 'AppLogGroupArnBare', value: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/tap-web`, expected: { type: 'AWS::Logs::LogGroup', id: '/ecs/tap-web', region: 'us-east-1' } },
  { key: 'AppLogStreamArn', value: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/tap-app:log-stream:web/1`, expected: { type: 'AWS::Logs::LogGroup', id: '/ecs/tap-app', region: 'us-east-1' } },
  { key: 'LogGroupRetention', value: 'thirty days', expected: 'unrecognised' },
  { key: 'LocalQueueUrl', value: `http://127.0.0.1:4566/${ACCOUNT}/ingest`, expected: 'unrecognised' },
  { key: 'AccessLogGroup', value: 'tap-access-logs', expected: { type: 'AWS::Logs::LogGroup', id: 'tap-access-logs' } },
  // Network ids: internet gateways, flow logs, EFS access points
  { key: 'InternetGatewayId', value: 'igw-0a1b2c3d4e5f60718', expected: { type: 'AWS::EC2::InternetGateway', id: 'igw-0a1b2c3d4e5f60718' } },
  { key: 'Igw', value: 'igw-0a1b2c3d', expected: { type: 'AWS::EC2::InternetGateway', id: 'igw-0a1b2c3d' } },
  { key: 'VpcFlowLogId', value: 'fl-0a1b2c3d4e5f60718', expected: { type: 'AWS::EC2::FlowLog', id: 'fl-0a1b2c3d4e5f60718' } },
  { key: 'EfsAccessPointId', value: 'fsap-0123456789abcdef0', expected: { type: 'AWS::EFS::AccessPoint', id: 'fsap-0123456789abcdef0' } },
  { key: 'IgwTooShort', value: 'igw-0a1b', expected: 'unrecognised' },
  { key: 'IgwWord', value: 'igw-main', expected: 'unrecognised' },
  { key: 'FlowLogFormat', value: 'fl-default', expected: 'unrecognised' },
  { key: 'FlowLogName', value: 'fl-0a1b2c3d4e', expected: 'unrecognised' },
  { key: 'AccessPointPath', value: 'fsap-data', expected: 'unrecognised' },
  // API Gateway invoke URLs
  { key: 'ApiUrl', value: 'https://abc123defg.execute-api.us-east-1.amazonaws.com/prod/', expected: { type: 'AWS::ApiGateway::RestApi', id: 'abc123defg', region: 'us-east-1' } },
  { key: 'ApiEndpoint', value: 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod', expected: { type: 'AWS::ApiGateway::RestApi', id: 'abc123defg', region: 'eu-west-1' } },
  { key: 'HttpApiUrl', value: 'https://k7m2p9q4r1.execute-api.eu-west-1.amazonaws.com', expected: { type: 'AWS::ApiGatewayV2::Api', id: 'k7m2p9q4r1', region: 'eu-west-1' } },
  { key: 'WebSocketUrl', value: 'wss://k7m2p9q4r1.execute-api.eu-west-1.amazonaws.com/production', expected: { type: 'AWS::ApiGatewayV2::Api', id: 'k7m2p9q4r1', region: 'eu-west-1' } },
  { key: 'PrivateApiUrl', value: 'https://abc123defg-vpce-0a1b2c3d4e5f60718.execute-api.us-east-1.amazonaws.com/prod/items', expected: { type: 'AWS::ApiGateway::RestApi', id: 'abc123defg', region: 'us-east-1' } },
  { key: 'ApiUrlShortId', value: 'https://abc.execute-api.us-east-1.amazonaws.com/prod', expected: 'unrecognised' },
  { key: 'ApiCustomDomain', value: 'https://api.example.com/prod', expected: 'unrecognised' },
  { key: 'ApiLookAlike', value: 'https://abc123defg.execute-api.example.com/prod', expected: 'unrecognised' },
  // CloudFront
  { key: 'DistributionDomainName', value: 'd111111abcdef8.cloudfront.net', expected: { type: 'AWS::CloudFront::Distribution', id: 'd111111abcdef8.cloudfront.net' } },
  { key: 'SiteUrl', value: 'https://D111111ABCDEF8.cloudfront.net/index.html', expected: { type: 'AWS::CloudFront::Distribution', id: 'd111111abcdef8.cloudfront.net' } },
  { key: 'DistributionId', value: 'E2QWRUHAPOMQZL', expected: { type: 'AWS::CloudFront::Distribution', id: 'E2QWRUHAPOMQZL' } },
  { key: 'CdnHost', value: 'cloudfront.net', expected: 'unrecognised' },
  { key: 'CdnDeepHost', value: 'static.d111111abcdef8.cloudfront.net', expected: 'unrecognised' },
  { key: 'CdnLookAlike', value: 'd111111abcdef8.cloudfront.net.example.com', expected: 'unrecognised' },
  { key: 'CertificateId', value: 'E2QWRUHAPOMQZL', expected: 'unrecognised' },
  // Cognito
  { key: 'UserPoolId', value: 'eu-west-1_AbCdEf123', expected: { type: 'AWS::Cognito::UserPool', id: 'eu-west-1_AbCdEf123', region: 'eu-west-1' } },
  { key: 'IdentityPoolId', value: 'eu-west-1:4f5e6d7c-8b9a-4c3d-2e1f-0a9b8c7d6e5f', expected: { type: 'AWS::Cognito::IdentityPool', id: 'eu-west-1:4f5e6d7c-8b9a-4c3d-2e1f-0a9b8c7d6e5f', region: 'eu-west-1' } },
  { key: 'UserPoolClientId', value: '4k2j1h3g5f6d7s8a9q0w1e2r3t', expected: { type: 'AWS::Cognito::UserPoolClient', id: '4k2j1h3g5f6d7s8a9q0w1e2r3t' } },
  { key: 'CognitoAppClientId', value: '4k2j1h3g5f6d7s8a9q0w1e2r3u', expected: { type: 'AWS::Cognito::UserPoolClient', id: '4k2j1h3g5f6d7s8a9q0w1e2r3u' } },
  { key: 'ClientId', value: '4k2j1h3g5f6d7s8a9q0w1e2r3t', expected: 'unrecognised' },
  { key: 'OAuthClientId', value: '4k2j1h3g5f6d7s8a9q0w1e2r3t', expected: 'unrecognised' },
  { key: 'UserPoolClientName', value: 'web', expected: 'unrecognised' },
  { key: 'UserPoolSuffix', value: 'eu-west-1_dev', expected: 'unrecognised' },
  { key: 'IdentityPoolNotUuid', value: 'eu-west-1:identity-pool', expected: 'unrecognised' },
  // EKS
  { key: 'EksClusterName', value: 'tap-eks', expected: { type: 'AWS::EKS::Cluster', id: 'tap-eks' } },
  { key: 'eks_cluster_id', value: 'tap-eks', expected: { type: 'AWS::EKS::Cluster', id: 'tap-eks' } },
  { key: 'EksEndpoint', value: 'https://ABCDEF0123456789.gr7.us-west-2.eks.amazonaws.com', expected: { type: 'AWS::EKS::Cluster', id: 'abcdef0123456789.gr7.us-west-2.eks.amazonaws.com', region: 'us-west-2' } },
  { key: 'EksClusterVersion', value: '1.29', expected: 'unrecognised' },
  { key: 'EksClusterRoleName', value: 'tap-eks-role', expected: 'unrecognised' },
  { key: 'OidcIssuerUrl', value: 'https://oidc.eks.us-west-2.amazonaws.com/id/ABCDEF0123456789', expected: 'unrecognised' },
  // Route 53
  { key: 'HostedZoneId', value: 'Z0123456789ABCDEFGHIJ', expected: { type: 'AWS::Route53::HostedZone', id: 'Z0123456789ABCDEFGHIJ' } },
  { key: 'ZoneRef', value: '/hostedzone/Z1D633PJN98FT9', expected: { type: 'AWS::Route53::HostedZone', id: 'Z1D633PJN98FT9' } },
  { key: 'HealthCheckId', value: 'ABCDEF12-3456-7890-abcd-ef1234567890', expected: { type: 'AWS::Route53::HealthCheck', id: 'abcdef12-3456-7890-abcd-ef1234567890' } },
  { key: 'AlbCanonicalHostedZoneId', value: 'Z35SXDOTRQ7X7K', expected: 'unrecognised' },
  { key: 'CloudFrontAliasTargetZone', value: 'Z2FDTNDATAQYW2', expected: 'unrecognised' },
  { key: 'ZoneIdWord', name: 'ZoneId', value: 'ZEBRAZONE', expected: 'unrecognised' },
  { key: 'Reference', value: 'Z1D633PJN98FT9', expected: 'unrecognised' },
  { key: 'HostedZoneName', value: 'example.com.', expected: 'unrecognised' },
  { key: 'HealthCheckPath', value: '/health', expected: 'unrecognised' },
  { key: 'HealthCheckIdWord', name: 'HealthCheckId', value: 'primary', expected: 'unrecognised' },
  // Lambda functions and Backup vaults, named by the output's name
  { key: 'IngestFunctionName', value: 'tap-ingest', expected: { type: 'AWS::Lambda::Function', id: 'tap-ingest' } },
  { key: 'processor_lambda_name', value: 'TapStack-Processor-1A2B3C', expected: { type: 'AWS::Lambda::Function', id: 'TapStack-Processor-1A2B3C' } },
  { key: 'BackupVaultName', value: 'tap-vault', expected: { type: 'AWS::Backup::BackupVault', id: 'tap-vault' } },
  { key: 'DailyBackupVault', value: 'tap-daily', expected: { type: 'AWS::Backup::BackupVault', id: 'tap-daily' } },
  { key: 'FunctionHandlerName', value: 'index.handler', expected: 'unrecognised' },
  { key: 'FunctionName', value: 'index.handler', name: 'FunctionName', expected: 'unrecognised' },
  { key: 'FunctionRuntime', value: 'nodejs20.x', expected: 'unrecognised' },
  { key: 'StepFunctionName', value: 'tap-flow', expected: 'unrecognised' },
  { key: 'LambdaFunction', value: 'tap-ingest', expected: 'unrecognised' },
  { key: 'BackupVaultRetentionDays', value: '35', scalar: true, expected: 'scalar' },
  { key: 'BackupPlanName', value: 'tap-plan', expected: 'unrecognised' },
  { key: 'BackupVaultNameSpaced', name: 'BackupVaultName', value: 'Default vault', expected: 'unrecognised' },
  // Console URLs that name a dashboard or a state machine
  { key: 'DashboardUrl', value: 'https://console.aws.amazon.com/cloudwatch/home?region=eu-west-2#dashboards:name=TapPipeline', expected: { type: 'AWS::CloudWatch::Dashboard', id: 'TapPipeline', region: 'eu-west-2' } },
  { key: 'DashboardUrlV2', value: 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/Tap-Ops', expected: { type: 'AWS::CloudWatch::Dashboard', id: 'Tap-Ops', region: 'us-east-1' } },
  {
    key: 'StateMachineConsoleUrl',
    value: `https://console.aws.amazon.com/states/home?region=eu-west-1#/statemachines/view/arn%3Aaws%3Astates%3Aeu-west-1%3A${ACCOUNT}%3AstateMachine%3ATapFlow`,
    expected: { type: 'AWS::StepFunctions::StateMachine', id: 'TapFlow', region: 'eu-west-1' },
  },
  { key: 'StateMachineByName', value: 'https://console.aws.amazon.com/states/home?region=us-east-2#/v2/statemachines/view/TapFlow', expected: { type: 'AWS::StepFunctions::StateMachine', id: 'TapFlow', region: 'us-east-2' } },
  { key: 'AlarmsConsoleUrl', value: 'https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:', expected: 'unrecognised' },
  { key: 'DashboardListUrl', value: 'https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:', expected: 'unrecognised' },
  {
    key: 'ExecutionConsoleUrl',
    value: `https://console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn%3Aaws%3Astates%3Aeu-west-1%3A${ACCOUNT}%3Aexecution%3ATapFlow%3Arun1`,
    expected: 'unrecognised',
  },
  { key: 'DashboardLookAlike', value: 'https://console.example.com/cloudwatch/home?region=us-east-1#dashboards:name=TapPipeline', expected: 'unrecognised' },
  { key: 'QueueConsoleUrl', value: `https://console.aws.amazon.com/sqs/v2/home?region=eu-west-2#/queues/https%3A%2F%2Fsqs.eu-west-2.amazonaws.com%2F${ACCOUNT}%2Fingest`, expected: 'unrecognised' },
];

function entryOf(row: Row): OutputEntry {
  const e: OutputEntry = { key: row.key, name: row.name ?? row.key, value: row.value };
  if (row.stack !== undefined) e.stack = row.stack;
  if (row.scalar) e.scalar = true;
  if (row.sensitive) e.sensitive = true;
  return e;
}

function outcome(refs: ResourceRef[], unrecognised: OutputEntry[], scalars: OutputEntry[]): Expected | Expected[] {
  if (scalars.length === 1 && refs.length === 0 && unrecognised.length === 0) return 'scalar';
  if (unrecognised.length === 1 && refs.length === 0) return 'unrecognised';
  const found = refs.map((r) => {
    const e: { type: ResourceType; id: string; region?: string } = { type: r.type, id: r.id };
    if (r.region !== undefined) e.region = r.region;
    return e;
  });
  return found.length === 1 ? (found[0] as Expected) : found;
}

describe('discover: one output at a time', () => {
  it('has a table of realistic outputs', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ROWS.map((r) => r.key)).size).toBe(ROWS.length);
  });

  it.each(ROWS.map((r) => [`${r.key} = ${JSON.stringify(r.value)}`, r] as const))('%s', (_title, row) => {
    const { resources, unrecognised, scalars } = discover([entryOf(row)]);
    expect(outcome(resources, unrecognised, scalars)).toEqual(row.expected);
    for (const r of resources) expect(r.keys).toEqual([row.key]);
  });
});

describe('discover: one queue or log group, however many outputs name it', () => {
  it('a queue URL and the queue ARN are one queue, kept by URL with the ARN', () => {
    const url = `https://sqs.eu-west-2.amazonaws.com/${ACCOUNT}/ingest`;
    const arn = `arn:aws:sqs:eu-west-2:${ACCOUNT}:ingest`;
    const { resources } = discover([
      { key: 'IngestQueueUrl', name: 'IngestQueueUrl', value: url },
      { key: 'IngestQueueArn', name: 'IngestQueueArn', value: arn },
    ]);
    expect(resources).toEqual([{ type: 'AWS::SQS::Queue', id: url, arn, region: 'eu-west-2', keys: ['IngestQueueUrl', 'IngestQueueArn'] }]);
  });

  it('a log group name and its ARN with the trailing :* are one log group', () => {
    const arn = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/tap-ingest:*`;
    const { resources } = discover(
      [
        { key: 'IngestLogGroupName', name: 'IngestLogGroupName', value: '/aws/lambda/tap-ingest' },
        { key: 'IngestLogGroupArn', name: 'IngestLogGroupArn', value: arn },
      ],
      { defaultRegion: 'us-east-1' },
    );
    expect(resources).toEqual([{ type: 'AWS::Logs::LogGroup', id: '/aws/lambda/tap-ingest', arn, region: 'us-east-1', keys: ['IngestLogGroupName', 'IngestLogGroupArn'] }]);
  });
});

describe('discover: outputs files', () => {
  const cases: Array<[string, unknown, Array<{ type: ResourceType; id: string; region?: string; keys: string[] }>, string[]]> = [
    [
      'a comma-joined subnet list',
      { PrivateSubnetIds: 'subnet-0aa11bb22cc33dd44,subnet-0ee55ff6600112233' },
      [
        { type: 'AWS::EC2::Subnet', id: 'subnet-0aa11bb22cc33dd44', keys: ['PrivateSubnetIds[0]'] },
        { type: 'AWS::EC2::Subnet', id: 'subnet-0ee55ff6600112233', keys: ['PrivateSubnetIds[1]'] },
      ],
      [],
    ],
    [
      'a JSON-encoded subnet list',
      { PublicSubnetIds: '["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff6600112233"]' },
      [
        { type: 'AWS::EC2::Subnet', id: 'subnet-0aa11bb22cc33dd44', keys: ['PublicSubnetIds[0]'] },
        { type: 'AWS::EC2::Subnet', id: 'subnet-0ee55ff6600112233', keys: ['PublicSubnetIds[1]'] },
      ],
      [],
    ],
    [
      "a load balancer's DNS name and its ARN: one resource, its id the ARN",
      {
        AlbDnsName: 'Tap-Alb-1234567890.eu-west-2.elb.amazonaws.com',
        AlbArn: 'arn:aws:elasticloadbalancing:eu-west-2:123456789012:loadbalancer/app/Tap-Alb/50dc6c495c0c9188',
        NatGatewayIds: ['nat-0a1b2c3d4e5f60718', 'nat-0a1b2c3d4e5f60719'],
      },
      [
        {
          type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
          id: 'arn:aws:elasticloadbalancing:eu-west-2:123456789012:loadbalancer/app/Tap-Alb/50dc6c495c0c9188',
          region: 'eu-west-2',
          keys: ['AlbDnsName', 'AlbArn'],
        },
        { type: 'AWS::EC2::NatGateway', id: 'nat-0a1b2c3d4e5f60718', keys: ['NatGatewayIds[0]'] },
        { type: 'AWS::EC2::NatGateway', id: 'nat-0a1b2c3d4e5f60719', keys: ['NatGatewayIds[1]'] },
      ],
      [],
    ],
    [
      'a list of bucket names, named by the list',
      { BucketNames: ['tap-raw-dev', 'tap-curated-dev'] },
      [
        { type: 'AWS::S3::Bucket', id: 'tap-raw-dev', keys: ['BucketNames[0]'] },
        { type: 'AWS::S3::Bucket', id: 'tap-curated-dev', keys: ['BucketNames[1]'] },
      ],
      [],
    ],
    [
      'CDKTF outputs nested per stack',
      { TapStackdev: { vpc_id: 'vpc-0a1b2c3d', data_bucket: 'tap-data-dev', aws_region: 'us-east-1' } },
      [
        { type: 'AWS::EC2::VPC', id: 'vpc-0a1b2c3d', keys: ['TapStackdev.vpc_id'] },
        { type: 'AWS::S3::Bucket', id: 'tap-data-dev', keys: ['TapStackdev.data_bucket'] },
      ],
      ['TapStackdev.aws_region'],
    ],
    [
      'terraform outputs with a sensitive one',
      {
        table_name: { value: 'tap-checkpoints', type: 'string', sensitive: false },
        data_bucket_name: { value: 'tap-data-dev', type: 'string', sensitive: true },
        db_port: { value: 5432, type: 'number', sensitive: false },
      },
      [{ type: 'AWS::DynamoDB::Table', id: 'tap-checkpoints', keys: ['table_name'] }],
      ['data_bucket_name'],
    ],
    [
      'plural names as comma lists, plain words included',
      { TableNames: 'orders,customers', StreamNames: 'clicks, views', DatabaseIdentifiers: 'tap-db-a,tap-db-b', Greeting: 'hello,world' },
      [
        { type: 'AWS::DynamoDB::Table', id: 'orders', keys: ['TableNames[0]'] },
        { type: 'AWS::DynamoDB::Table', id: 'customers', keys: ['TableNames[1]'] },
        { type: 'AWS::Kinesis::Stream', id: 'clicks', keys: ['StreamNames[0]'] },
        { type: 'AWS::Kinesis::Stream', id: 'views', keys: ['StreamNames[1]'] },
        { type: 'AWS::RDS::DBInstance', id: 'tap-db-a', keys: ['DatabaseIdentifiers[0]'] },
        { type: 'AWS::RDS::DBInstance', id: 'tap-db-b', keys: ['DatabaseIdentifiers[1]'] },
      ],
      ['Greeting'],
    ],
    [
      'CloudFormation describe-stacks outputs whose bucket key ends in BucketName',
      [
        { OutputKey: 'ArtifactsBucketName', OutputValue: 'tap-artifacts-dev', Description: 'artifacts' },
        { OutputKey: 'ArtifactsBucketArn', OutputValue: 'arn:aws:s3:::tap-artifacts-dev' },
        { OutputKey: 'Stage', OutputValue: 'dev' },
      ],
      [{ type: 'AWS::S3::Bucket', id: 'tap-artifacts-dev', keys: ['ArtifactsBucketName', 'ArtifactsBucketArn'] }],
      ['Stage'],
    ],
    [
      'the whole describe-stacks document, CDK logical ids with their hash',
      { Stacks: [{ StackName: 'TapStack', Outputs: [{ OutputKey: 'ArtifactsBucketName', OutputValue: 'tap-artifacts-prod' }, { OutputKey: 'DataLakeDataBucketName6945904F', OutputValue: 'tap-lake-prod' }] }] },
      [
        { type: 'AWS::S3::Bucket', id: 'tap-artifacts-prod', keys: ['TapStack.ArtifactsBucketName'] },
        { type: 'AWS::S3::Bucket', id: 'tap-lake-prod', keys: ['TapStack.DataLakeDataBucketName6945904F'] },
      ],
      [],
    ],
    [
      "the raw describe-stacks answer: each stack's outputs in the region of its StackId, never its parameters",
      {
        Stacks: [
          {
            StackId: `arn:aws:cloudformation:eu-west-2:${ACCOUNT}:stack/TapStack-dev/8c3f1a20-0b9e-11ef-9a4b-0e2f5c7d1a3b`,
            StackName: 'TapStack-dev',
            Description: 'Data pipeline',
            Parameters: [{ ParameterKey: 'LogsBucketName', ParameterValue: 'tap-param-bucket' }],
            CreationTime: '2024-05-01T09:12:44.512Z',
            StackStatus: 'CREATE_COMPLETE',
            DisableRollback: false,
            NotificationARNs: [],
            Capabilities: ['CAPABILITY_IAM'],
            Outputs: [
              { OutputKey: 'DataBucketName', OutputValue: 'tap-data-dev', Description: 'data', ExportName: 'TapStack-dev-DataBucketName' },
              { OutputKey: 'KeyArn', OutputValue: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_UUID}` },
            ],
            Tags: [{ Key: 'env', Value: 'dev' }],
            EnableTerminationProtection: false,
            DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
          },
          { StackId: 'TapStack-qa', StackName: 'TapStack-qa', StackStatus: 'CREATE_COMPLETE', Outputs: [{ OutputKey: 'QueueTableName', OutputValue: 'tap-qa-jobs' }] },
        ],
      },
      [
        { type: 'AWS::S3::Bucket', id: 'tap-data-dev', region: 'eu-west-2', keys: ['TapStack-dev.DataBucketName'] },
        { type: 'AWS::KMS::Key', id: KEY_UUID, region: 'us-east-1', keys: ['TapStack-dev.KeyArn'] },
        { type: 'AWS::DynamoDB::Table', id: 'tap-qa-jobs', keys: ['TapStack-qa.QueueTableName'] },
      ],
      [],
    ],
    [
      'a JSON-encoded object of endpoints',
      { Redis: '{"primary":"master.tap-redis.x1y2z3.use1.cache.amazonaws.com","port":6379}' },
      [{ type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis', region: 'us-east-1', keys: ['Redis.primary'] }],
      [],
    ],
  ];

  it.each(cases)('%s', (_what, doc, resources, unrecognisedKeys) => {
    const { entries } = parseOutputs(JSON.stringify(doc), 'outputs.json');
    const found = discover(entries);
    expect(found.resources.map(({ type, id, region, keys }) => (region === undefined ? { type, id, keys } : { type, id, region, keys }))).toEqual(resources);
    expect(found.unrecognised.map((e) => e.key)).toEqual(unrecognisedKeys);
  });

  it('never shows a sensitive value, even among the unrecognised', () => {
    const { unrecognised } = discover([{ key: 'ApiToken', name: 'ApiToken', value: 'abc123-secret', sensitive: true }]);
    expect(unrecognised).toEqual([{ key: 'ApiToken', name: 'ApiToken', value: '', sensitive: true }]);
  });
});

describe('discover: one resource named by several outputs', () => {
  const e = (key: string, value: string, extra: Partial<OutputEntry> = {}): OutputEntry => ({ key, name: key, value, ...extra });

  it('merges a bucket name, its ARN and its domain name, keeping the ARN and the keys in file order', () => {
    const { resources } = discover(
      [e('DataBucketName', 'tap-data-dev'), e('Region', 'us-east-1'), e('DataBucketArn', 'arn:aws:s3:::tap-data-dev'), e('DataBucketDomain', 'tap-data-dev.s3.amazonaws.com')],
      { defaultRegion: 'us-east-1' },
    );
    expect(resources).toEqual([
      { type: 'AWS::S3::Bucket', id: 'tap-data-dev', arn: 'arn:aws:s3:::tap-data-dev', region: 'us-east-1', keys: ['DataBucketName', 'DataBucketArn', 'DataBucketDomain'] },
    ]);
  });

  it('merges a key id and the key ARN, but keeps an alias apart', () => {
    const arn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_UUID}`;
    const { resources } = discover([e('KmsKeyId', KEY_UUID.toUpperCase()), e('KmsKeyArn', arn), e('KmsKeyAlias', 'alias/tap-data')]);
    expect(resources).toEqual([
      { type: 'AWS::KMS::Key', id: KEY_UUID, arn, region: 'us-east-1', keys: ['KmsKeyId', 'KmsKeyArn'] },
      { type: 'AWS::KMS::Key', id: 'alias/tap-data', keys: ['KmsKeyAlias'] },
    ]);
  });

  it('merges an RDS instance endpoint, its ARN and its identifier', () => {
    const arn = `arn:aws:rds:us-east-1:${ACCOUNT}:db:tap-postgres`;
    const { resources } = discover([
      e('DbEndpoint', 'tap-postgres.c9akciq32lce.us-east-1.rds.amazonaws.com:5432'),
      e('DbArn', arn),
      e('DbInstanceIdentifier', 'Tap-Postgres'),
    ]);
    expect(resources).toEqual([{ type: 'AWS::RDS::DBInstance', id: 'tap-postgres', arn, region: 'us-east-1', keys: ['DbEndpoint', 'DbArn', 'DbInstanceIdentifier'] }]);
  });

  it('merges an Aurora writer endpoint, reader endpoint and cluster identifier', () => {
    const { resources } = discover([
      e('AuroraWriter', 'tap-aurora.cluster-c9akciq32lce.eu-west-1.rds.amazonaws.com'),
      e('AuroraReader', 'tap-aurora.cluster-ro-c9akciq32lce.eu-west-1.rds.amazonaws.com'),
      e('cluster_identifier', 'tap-aurora'),
    ]);
    expect(resources).toEqual([{ type: 'AWS::RDS::DBCluster', id: 'tap-aurora', region: 'eu-west-1', keys: ['AuroraWriter', 'AuroraReader', 'cluster_identifier'] }]);
  });

  it('merges ElastiCache primary and reader endpoints in both spellings', () => {
    const { resources } = discover([
      e('RedisPrimary', 'master.tap-redis.x1y2z3.use1.cache.amazonaws.com'),
      e('RedisReader', 'tap-redis-ro.x1y2z3.ng.0001.use1.cache.amazonaws.com:6379'),
      e('RedisArn', `arn:aws:elasticache:us-east-1:${ACCOUNT}:replicationgroup:tap-redis`),
    ]);
    expect(resources).toHaveLength(1);
    expect(resources[0]?.keys).toEqual(['RedisPrimary', 'RedisReader', 'RedisArn']);
    expect(resources[0]?.arn).toBe(`arn:aws:elasticache:us-east-1:${ACCOUNT}:replicationgroup:tap-redis`);
  });

  it('merges a secret name and its ARN, identifying it by the ARN', () => {
    const arn = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:tap/aurora/master-AbC123`;
    const { resources } = discover([e('db_secret_name', 'tap/aurora/master'), e('db_secret_arn', arn)]);
    expect(resources).toEqual([{ type: 'AWS::SecretsManager::Secret', id: arn, arn, region: 'us-east-1', keys: ['db_secret_name', 'db_secret_arn'] }]);
  });

  it('merges a stream name and a consumer ARN into the stream, with the stream ARN', () => {
    const { resources } = discover([
      e('StreamName', 'tap-ingest'),
      e('ConsumerArn', `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/tap-ingest/consumer/lambda:1700000000`),
    ]);
    expect(resources).toEqual([
      { type: 'AWS::Kinesis::Stream', id: 'tap-ingest', arn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/tap-ingest`, region: 'us-east-1', keys: ['StreamName', 'ConsumerArn'] },
    ]);
  });

  it('keeps one key in two regions apart (multi-region replicas), and gives a region-less mention to the first', () => {
    const { resources } = discover(
      [e('PrimaryKeyArn', `arn:aws:kms:us-east-1:${ACCOUNT}:key/${MRK}`), e('ReplicaKeyArn', `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${MRK}`), e('KeyId', MRK)],
      { defaultRegion: 'eu-west-1' },
    );
    expect(resources.map((r) => [r.region, r.keys])).toEqual([
      ['us-east-1', ['PrimaryKeyArn', 'KeyId']],
      ['eu-west-1', ['ReplicaKeyArn']],
    ]);
  });

  it('moves a resource first seen without a region to the region a later output names', () => {
    const { resources } = discover([e('KmsKeyId', KEY_UUID), e('KmsKeyArn', `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${KEY_UUID}`)], { defaultRegion: 'us-east-1' });
    expect(resources).toHaveLength(1);
    expect(resources[0]?.region).toBe('eu-west-1');
  });

  it('uses the run region only where no output names one', () => {
    const { resources } = discover(
      [e('VpcId', 'vpc-0a1b2c3d'), e('DbArn', `arn:aws:rds:eu-west-1:${ACCOUNT}:db:tap-postgres`)],
      { defaultRegion: 'us-east-1' },
    );
    expect(resources.map((r) => r.region)).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('keeps the same id of two types apart', () => {
    const { resources } = discover([e('TableName', 'tap-events'), e('StreamName', 'tap-events')]);
    expect(resources.map((r) => r.type)).toEqual(['AWS::DynamoDB::Table', 'AWS::Kinesis::Stream']);
  });
});

describe('discover: mappings from the config', () => {
  const entry = (key: string, value: string, name = key.split('.').pop() ?? key, stack?: string): OutputEntry =>
    stack === undefined ? { key, name, value } : { key, name, value, stack };

  it('maps a full key to a type', () => {
    const { resources } = discover([entry('TapStackdev.db_id', 'Tap-Postgres', 'db_id', 'TapStackdev')], {
      mappings: { 'TapStackdev.db_id': 'AWS::RDS::DBInstance' },
    });
    expect(resources).toEqual([{ type: 'AWS::RDS::DBInstance', id: 'tap-postgres', keys: ['TapStackdev.db_id'] }]);
  });

  it('maps a bare output name, in any stack', () => {
    const { resources } = discover(
      [entry('TapStackdev.db_id', 'tap-postgres', 'db_id', 'TapStackdev'), entry('TapStackprod.db_id', 'tap-postgres-prod', 'db_id', 'TapStackprod')],
      { mappings: { db_id: 'AWS::RDS::DBCluster' }, defaultRegion: 'us-east-1' },
    );
    expect(resources.map((r) => [r.type, r.id, r.region])).toEqual([
      ['AWS::RDS::DBCluster', 'tap-postgres', 'us-east-1'],
      ['AWS::RDS::DBCluster', 'tap-postgres-prod', 'us-east-1'],
    ]);
  });

  it('prefers the full key to the bare name', () => {
    const { resources } = discover([entry('TapStackdev.db_id', 'tap-postgres', 'db_id', 'TapStackdev')], {
      mappings: { db_id: 'AWS::RDS::DBCluster', 'TapStackdev.db_id': 'AWS::RDS::DBInstance' },
    });
    expect(resources[0]?.type).toBe('AWS::RDS::DBInstance');
  });

  it('wins over what the value or the name suggests', () => {
    const { resources } = discover([entry('CacheTableName', 'tap-redis')], { mappings: { CacheTableName: 'AWS::ElastiCache::ReplicationGroup' } });
    expect(resources).toEqual([{ type: 'AWS::ElastiCache::ReplicationGroup', id: 'tap-redis', keys: ['CacheTableName'] }]);
  });

  it('reads an ARN or an endpoint of the mapped type', () => {
    const arn = `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:tap-aurora`;
    const { resources } = discover([entry('Db', arn), entry('DbHost', 'tap-aurora.cluster-c9akciq32lce.eu-west-1.rds.amazonaws.com')], {
      mappings: { Db: 'AWS::RDS::DBCluster', DbHost: 'AWS::RDS::DBCluster' },
    });
    expect(resources).toEqual([{ type: 'AWS::RDS::DBCluster', id: 'tap-aurora', arn, region: 'eu-west-1', keys: ['Db', 'DbHost'] }]);
  });

  it('takes a bare key UUID as a key when mapped, whatever the name', () => {
    const { resources } = discover([entry('Cmk', KEY_UUID)], { mappings: { Cmk: 'AWS::KMS::Key' } });
    expect(resources).toEqual([{ type: 'AWS::KMS::Key', id: KEY_UUID, keys: ['Cmk'] }]);
  });

  it('maps every item of a list by the list key', () => {
    const { resources } = discover([entry('Streams[0]', 'tap-a', 'Streams'), entry('Streams[1]', 'tap-b', 'Streams')], { mappings: { Streams: 'AWS::Kinesis::Stream' } });
    expect(resources.map((r) => [r.type, r.id])).toEqual([
      ['AWS::Kinesis::Stream', 'tap-a'],
      ['AWS::Kinesis::Stream', 'tap-b'],
    ]);
  });

  it('never maps a sensitive or a scalar output', () => {
    const { resources, unrecognised, scalars } = discover(
      [
        { key: 'DbId', name: 'DbId', value: 'tap-postgres', sensitive: true },
        { key: 'DbPort', name: 'DbPort', value: '5432', scalar: true },
      ],
      { mappings: { DbId: 'AWS::RDS::DBInstance', DbPort: 'AWS::RDS::DBInstance' } },
    );
    expect(resources).toEqual([]);
    expect(unrecognised.map((e) => e.key)).toEqual(['DbId']);
    expect(scalars.map((e) => e.key)).toEqual(['DbPort']);
  });

  it('refuses a mapping to a type postflight does not know', () => {
    expect(() => discover([], { mappings: { DbId: 'RDS Database' as ResourceType } })).toThrow(ConfigError);
  });
});

describe('endpoint hosts', () => {
  it.each([
    ['tap-postgres.c9akciq32lce.us-east-1.rds.amazonaws.com', 'tap-postgres.c9akciq32lce.us-east-1.rds.amazonaws.com'],
    ['postgres://tap.example.com:5432/app', 'tap.example.com'],
    ['rediss://user@Cache.Example.com.:6380', 'cache.example.com'],
    ['https://abc.execute-api.us-east-1.amazonaws.com/prod?x=1', 'abc.execute-api.us-east-1.amazonaws.com'],
    ['us-east-1', undefined],
    ['not a host', undefined],
  ])('reads the host of %s', (value, host) => {
    expect(hostOf(value)).toBe(host);
  });

  it('knows the region of every ElastiCache short code it lists', () => {
    for (const [code, region] of Object.entries(ELASTICACHE_REGION_CODES)) {
      const { resources } = discover([{ key: 'R', name: 'R', value: `master.tap-redis.x1y2z3.${code}.cache.amazonaws.com` }]);
      expect(resources[0]?.region).toBe(region);
    }
  });

  it('follows real AWS naming, not moto, which writes use1 into every ElastiCache host', () => {
    // A replication group moto created in eu-west-1 still gets a `use1` host; it reads as us-east-1.
    const moto = 'master.tap-redis.ab12cd.use1.cache.amazonaws.com';
    const { resources } = discover([{ key: 'RedisPrimary', name: 'RedisPrimary', value: moto }], { defaultRegion: 'eu-west-1' });
    expect(resources[0]?.region).toBe('us-east-1');
  });
});
