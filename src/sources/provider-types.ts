/**
 * Deploy tools' own resource type names, mapped to the resource types postflight speaks
 * (CloudFormation's names), and how each gives the identifier collectors need.
 *
 * Terraform / OpenTofu name types `aws_s3_bucket`; Pulumi's AWS provider, which is built on the
 * Terraform provider, names the same resource `aws:s3/bucketV2:BucketV2` and turns it into the
 * Terraform name first. A type that configures another resource (`aws_kms_alias`,
 * `aws_s3_bucket_lifecycle_configuration`, `aws_rds_cluster_instance`) folds into the resource it
 * configures: it names that resource, through the attribute that points at it, and is never a
 * resource of its own. Every other `aws_*` type is a resource of the run, mapped by the table or,
 * failing that, by its name (`aws_apprunner_service` → `AWS::AppRunner::Service`).
 */
import type { ResourceType } from '../types.js';

/** How one provider type becomes a resource: its type, and the attributes its identifier comes from. */
export interface TypeRule {
  type: ResourceType;
  /** Attributes to read the identifier from, first present wins; `arn-tail`: the last segment of the ARN. */
  id: readonly string[];
  /** Identifiers the service compares without case (RDS, ElastiCache): lower-cased. */
  lower?: boolean;
}

/** A provider type that configures another resource: the type it folds into and the attribute naming it. */
export interface FoldRule {
  into: ResourceType;
  /** The attributes that hold the configured resource's identifier (or ARN), first present wins. */
  via: readonly string[];
  lower?: boolean;
}

const r = (type: ResourceType, id: readonly string[] = ['id'], lower = false): TypeRule => (lower ? { type, id, lower } : { type, id });

/** Provider types with a mapping of their own. */
export const TYPE_RULES: Readonly<Record<string, TypeRule>> = {
  // The catalogue's types.
  aws_s3_bucket: r('AWS::S3::Bucket', ['bucket', 'id']),
  aws_kms_key: r('AWS::KMS::Key', ['key_id', 'id']),
  aws_kms_replica_key: r('AWS::KMS::ReplicaKey', ['key_id', 'id']),
  aws_vpc: r('AWS::EC2::VPC'),
  aws_default_vpc: r('AWS::EC2::VPC'),
  aws_subnet: r('AWS::EC2::Subnet'),
  aws_default_subnet: r('AWS::EC2::Subnet'),
  aws_security_group: r('AWS::EC2::SecurityGroup'),
  aws_default_security_group: r('AWS::EC2::SecurityGroup'),
  // `id` of aws_db_instance is the DBI resource id (`db-…`) in provider v5 and later; `identifier` is the name.
  aws_db_instance: r('AWS::RDS::DBInstance', ['identifier', 'id'], true),
  aws_rds_cluster: r('AWS::RDS::DBCluster', ['cluster_identifier', 'id'], true),
  aws_elasticache_replication_group: r('AWS::ElastiCache::ReplicationGroup', ['replication_group_id', 'id'], true),
  aws_elasticache_cluster: r('AWS::ElastiCache::CacheCluster', ['cluster_id', 'id'], true),
  // `id` of aws_kinesis_stream is its ARN.
  aws_kinesis_stream: r('AWS::Kinesis::Stream', ['name', 'arn-tail']),
  aws_efs_file_system: r('AWS::EFS::FileSystem'),
  aws_secretsmanager_secret: r('AWS::SecretsManager::Secret', ['arn', 'id']),
  aws_dynamodb_table: r('AWS::DynamoDB::Table', ['name', 'id']),
  // Messaging, logs, compute, load balancing, scaling.
  aws_sns_topic: r('AWS::SNS::Topic', ['arn', 'id']),
  aws_sqs_queue: r('AWS::SQS::Queue', ['url', 'id']),
  aws_cloudwatch_log_group: r('AWS::Logs::LogGroup', ['name', 'id']),
  aws_instance: r('AWS::EC2::Instance'),
  aws_ebs_volume: r('AWS::EC2::Volume'),
  aws_nat_gateway: r('AWS::EC2::NatGateway'),
  aws_launch_template: r('AWS::EC2::LaunchTemplate'),
  aws_lb: r('AWS::ElasticLoadBalancingV2::LoadBalancer', ['arn', 'id']),
  aws_alb: r('AWS::ElasticLoadBalancingV2::LoadBalancer', ['arn', 'id']),
  aws_lb_target_group: r('AWS::ElasticLoadBalancingV2::TargetGroup', ['arn', 'id']),
  aws_alb_target_group: r('AWS::ElasticLoadBalancingV2::TargetGroup', ['arn', 'id']),
  aws_lb_listener: r('AWS::ElasticLoadBalancingV2::Listener', ['arn', 'id']),
  aws_alb_listener: r('AWS::ElasticLoadBalancingV2::Listener', ['arn', 'id']),
  aws_autoscaling_group: r('AWS::AutoScaling::AutoScalingGroup', ['name', 'id']),
  // Common others: resources of the run, without a built-in check.
  aws_lambda_function: r('AWS::Lambda::Function', ['function_name', 'id']),
  aws_lambda_layer_version: r('AWS::Lambda::LayerVersion', ['arn', 'id']),
  aws_lambda_event_source_mapping: r('AWS::Lambda::EventSourceMapping', ['uuid', 'id']),
  aws_iam_role: r('AWS::IAM::Role', ['name', 'id']),
  aws_iam_policy: r('AWS::IAM::ManagedPolicy', ['arn', 'id']),
  aws_iam_user: r('AWS::IAM::User', ['name', 'id']),
  aws_iam_group: r('AWS::IAM::Group', ['name', 'id']),
  aws_iam_instance_profile: r('AWS::IAM::InstanceProfile', ['name', 'id']),
  // The type name alone would read as AWS::CloudTrail::Cloudtrail.
  aws_cloudtrail: r('AWS::CloudTrail::Trail', ['name', 'arn-tail', 'id']),
  aws_cloudwatch_dashboard: r('AWS::CloudWatch::Dashboard', ['dashboard_name', 'id']),
  aws_cloudwatch_metric_alarm: r('AWS::CloudWatch::Alarm', ['alarm_name', 'id']),
  aws_cloudwatch_event_rule: r('AWS::Events::Rule', ['name', 'id']),
  aws_cloudwatch_event_bus: r('AWS::Events::EventBus', ['name', 'id']),
  aws_sfn_state_machine: r('AWS::StepFunctions::StateMachine', ['arn-tail', 'name', 'id']),
  aws_ecs_cluster: r('AWS::ECS::Cluster', ['name', 'arn-tail', 'id']),
  aws_ecs_service: r('AWS::ECS::Service', ['name', 'id']),
  aws_ecs_task_definition: r('AWS::ECS::TaskDefinition', ['arn', 'id']),
  aws_ecr_repository: r('AWS::ECR::Repository', ['name', 'id']),
  aws_api_gateway_rest_api: r('AWS::ApiGateway::RestApi'),
  aws_apigatewayv2_api: r('AWS::ApiGatewayV2::Api'),
  aws_cloudfront_distribution: r('AWS::CloudFront::Distribution'),
  aws_route53_zone: r('AWS::Route53::HostedZone', ['zone_id', 'id']),
  aws_route53_record: r('AWS::Route53::RecordSet'),
  aws_ssm_parameter: r('AWS::SSM::Parameter', ['name', 'id']),
  aws_internet_gateway: r('AWS::EC2::InternetGateway'),
  aws_egress_only_internet_gateway: r('AWS::EC2::EgressOnlyInternetGateway'),
  aws_route_table: r('AWS::EC2::RouteTable'),
  aws_route: r('AWS::EC2::Route'),
  aws_route_table_association: r('AWS::EC2::SubnetRouteTableAssociation'),
  aws_eip: r('AWS::EC2::EIP'),
  aws_vpc_endpoint: r('AWS::EC2::VPCEndpoint'),
  aws_network_acl: r('AWS::EC2::NetworkAcl'),
  aws_flow_log: r('AWS::EC2::FlowLog'),
  aws_key_pair: r('AWS::EC2::KeyPair', ['key_name', 'id']),
  aws_db_subnet_group: r('AWS::RDS::DBSubnetGroup', ['name', 'id']),
  aws_db_parameter_group: r('AWS::RDS::DBParameterGroup', ['name', 'id']),
  aws_rds_cluster_parameter_group: r('AWS::RDS::DBClusterParameterGroup', ['name', 'id']),
  aws_elasticache_subnet_group: r('AWS::ElastiCache::SubnetGroup', ['name', 'id']),
  aws_elasticache_parameter_group: r('AWS::ElastiCache::ParameterGroup', ['name', 'id']),
  aws_efs_access_point: r('AWS::EFS::AccessPoint'),
  aws_backup_vault: r('AWS::Backup::BackupVault', ['name', 'id']),
  aws_backup_plan: r('AWS::Backup::BackupPlan'),
  aws_cognito_user_pool: r('AWS::Cognito::UserPool'),
  aws_wafv2_web_acl: r('AWS::WAFv2::WebACL', ['arn', 'id']),
  aws_glue_catalog_database: r('AWS::Glue::Database', ['name', 'id']),
  aws_glue_job: r('AWS::Glue::Job', ['name', 'id']),
  aws_athena_workgroup: r('AWS::Athena::WorkGroup', ['name', 'id']),
  aws_kinesis_firehose_delivery_stream: r('AWS::KinesisFirehose::DeliveryStream', ['name', 'arn-tail']),
  aws_acm_certificate: r('AWS::CertificateManager::Certificate', ['arn', 'id']),
};

/** Provider types that configure another resource, and fold into it. */
export const FOLD_RULES: Readonly<Record<string, FoldRule>> = {
  aws_kms_alias: { into: 'AWS::KMS::Key', via: ['target_key_id'] },
  aws_kms_key_policy: { into: 'AWS::KMS::Key', via: ['key_id'] },
  aws_kms_grant: { into: 'AWS::KMS::Key', via: ['key_id'] },
  aws_rds_cluster_instance: { into: 'AWS::RDS::DBCluster', via: ['cluster_identifier'], lower: true },
  aws_rds_cluster_role_association: { into: 'AWS::RDS::DBCluster', via: ['db_cluster_identifier'], lower: true },
  aws_efs_mount_target: { into: 'AWS::EFS::FileSystem', via: ['file_system_id'] },
  aws_efs_backup_policy: { into: 'AWS::EFS::FileSystem', via: ['file_system_id'] },
  aws_efs_file_system_policy: { into: 'AWS::EFS::FileSystem', via: ['file_system_id'] },
  aws_efs_replication_configuration: { into: 'AWS::EFS::FileSystem', via: ['source_file_system_id'] },
  aws_secretsmanager_secret_version: { into: 'AWS::SecretsManager::Secret', via: ['secret_id'] },
  aws_secretsmanager_secret_rotation: { into: 'AWS::SecretsManager::Secret', via: ['secret_id'] },
  aws_secretsmanager_secret_policy: { into: 'AWS::SecretsManager::Secret', via: ['secret_arn'] },
  aws_kinesis_stream_consumer: { into: 'AWS::Kinesis::Stream', via: ['stream_arn'] },
  aws_dynamodb_table_item: { into: 'AWS::DynamoDB::Table', via: ['table_name'] },
  aws_dynamodb_contributor_insights: { into: 'AWS::DynamoDB::Table', via: ['table_name'] },
  aws_dynamodb_kinesis_streaming_destination: { into: 'AWS::DynamoDB::Table', via: ['table_name'] },
  aws_sns_topic_policy: { into: 'AWS::SNS::Topic', via: ['arn'] },
  aws_sns_topic_subscription: { into: 'AWS::SNS::Topic', via: ['topic_arn'] },
  aws_sqs_queue_policy: { into: 'AWS::SQS::Queue', via: ['queue_url'] },
  aws_sqs_queue_redrive_policy: { into: 'AWS::SQS::Queue', via: ['queue_url'] },
  aws_sqs_queue_redrive_allow_policy: { into: 'AWS::SQS::Queue', via: ['queue_url'] },
  aws_lb_target_group_attachment: { into: 'AWS::ElasticLoadBalancingV2::TargetGroup', via: ['target_group_arn'] },
  aws_alb_target_group_attachment: { into: 'AWS::ElasticLoadBalancingV2::TargetGroup', via: ['target_group_arn'] },
  aws_autoscaling_policy: { into: 'AWS::AutoScaling::AutoScalingGroup', via: ['autoscaling_group_name'] },
  aws_autoscaling_attachment: { into: 'AWS::AutoScaling::AutoScalingGroup', via: ['autoscaling_group_name'] },
  aws_autoscaling_lifecycle_hook: { into: 'AWS::AutoScaling::AutoScalingGroup', via: ['autoscaling_group_name'] },
  aws_security_group_rule: { into: 'AWS::EC2::SecurityGroup', via: ['security_group_id'] },
  aws_vpc_security_group_ingress_rule: { into: 'AWS::EC2::SecurityGroup', via: ['security_group_id'] },
  aws_vpc_security_group_egress_rule: { into: 'AWS::EC2::SecurityGroup', via: ['security_group_id'] },
  aws_iam_role_policy: { into: 'AWS::IAM::Role', via: ['role'] },
  aws_iam_access_key: { into: 'AWS::IAM::User', via: ['user'] },
  aws_iam_user_login_profile: { into: 'AWS::IAM::User', via: ['user'] },
  aws_iam_user_policy: { into: 'AWS::IAM::User', via: ['user'] },
  aws_iam_user_policy_attachment: { into: 'AWS::IAM::User', via: ['user'] },
  aws_iam_role_policy_attachment: { into: 'AWS::IAM::Role', via: ['role'] },
  aws_iam_role_policies_exclusive: { into: 'AWS::IAM::Role', via: ['role_name'] },
  aws_lambda_permission: { into: 'AWS::Lambda::Function', via: ['function_name'] },
  aws_lambda_function_url: { into: 'AWS::Lambda::Function', via: ['function_name'] },
  aws_lambda_alias: { into: 'AWS::Lambda::Function', via: ['function_name'] },
  aws_cloudwatch_event_target: { into: 'AWS::Events::Rule', via: ['rule'] },
  aws_cloudwatch_log_stream: { into: 'AWS::Logs::LogGroup', via: ['log_group_name'] },
  aws_cloudwatch_log_subscription_filter: { into: 'AWS::Logs::LogGroup', via: ['log_group_name'] },
  aws_cloudwatch_log_metric_filter: { into: 'AWS::Logs::LogGroup', via: ['log_group_name'] },
  aws_ecr_lifecycle_policy: { into: 'AWS::ECR::Repository', via: ['repository'] },
  aws_ecr_repository_policy: { into: 'AWS::ECR::Repository', via: ['repository'] },
  aws_elasticache_user_group_association: { into: 'AWS::ElastiCache::ReplicationGroup', via: ['replication_group_id'], lower: true },
};

/**
 * Every `aws_s3_bucket_*` type but the bucket itself configures a bucket (encryption, lifecycle,
 * versioning, policy, public access block, logging, notifications, objects): it folds into the
 * bucket its `bucket` attribute names.
 */
const S3_FOLD: FoldRule = { into: 'AWS::S3::Bucket', via: ['bucket'] };
const S3_FOLDS = /^aws_s3_(?:bucket_[a-z0-9_]+|object|object_copy|directory_bucket_[a-z0-9_]+)$/;

/** What a provider type is: its own resource, a part of another one, or not an AWS resource. */
export type Classified = { kind: 'resource'; rule: TypeRule } | { kind: 'fold'; rule: FoldRule } | { kind: 'other'; reason: string };

/** Service words in Terraform type names, spelled as CloudFormation spells the service. */
const SERVICES: Readonly<Record<string, string>> = {
  acm: 'CertificateManager', apigateway: 'ApiGateway', apigatewayv2: 'ApiGatewayV2', appautoscaling: 'ApplicationAutoScaling', appconfig: 'AppConfig', apprunner: 'AppRunner',
  appsync: 'AppSync', athena: 'Athena', autoscaling: 'AutoScaling', backup: 'Backup', batch: 'Batch', cloudformation: 'CloudFormation',
  cloudfront: 'CloudFront', cloudtrail: 'CloudTrail', cloudwatch: 'CloudWatch', codebuild: 'CodeBuild', codecommit: 'CodeCommit',
  codedeploy: 'CodeDeploy', codepipeline: 'CodePipeline', cognito: 'Cognito', config: 'Config', db: 'RDS', dms: 'DMS', docdb: 'DocDB',
  dynamodb: 'DynamoDB', ebs: 'EC2', ec2: 'EC2', ecr: 'ECR', ecs: 'ECS', efs: 'EFS', eks: 'EKS', elasticache: 'ElastiCache',
  elasticsearch: 'Elasticsearch', emr: 'EMR', glue: 'Glue', guardduty: 'GuardDuty', iam: 'IAM', iot: 'IoT', kinesis: 'Kinesis', kms: 'KMS',
  lambda: 'Lambda', lb: 'ElasticLoadBalancingV2', alb: 'ElasticLoadBalancingV2', elb: 'ElasticLoadBalancing', msk: 'MSK', mq: 'AmazonMQ',
  neptune: 'Neptune', opensearch: 'OpenSearchService', rds: 'RDS', redshift: 'Redshift', route53: 'Route53', s3: 'S3',
  sagemaker: 'SageMaker', secretsmanager: 'SecretsManager', securityhub: 'SecurityHub', ses: 'SES', sfn: 'StepFunctions', sns: 'SNS',
  sqs: 'SQS', ssm: 'SSM', transfer: 'Transfer', vpc: 'EC2', waf: 'WAF', wafv2: 'WAFv2', xray: 'XRay',
};

const pascal = (words: readonly string[]): string => words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

/** The type a provider type with no rule of its own is given: the service from its first word, the rest as the resource. */
export function genericType(providerType: string): ResourceType {
  const words = providerType.replace(/^aws_/, '').split('_').filter((w) => /^[a-z0-9]+$/.test(w));
  const [first = 'resource', ...rest] = words;
  const service = SERVICES[first] ?? pascal([first]);
  const resource = rest.length > 0 ? pascal(rest) : pascal([first]);
  return `AWS::${service.replace(/[^A-Za-z0-9]/g, '')}::${resource.replace(/[^A-Za-z0-9]/g, '') || 'Resource'}` as ResourceType;
}

/** Classifies a Terraform-style provider type (`aws_s3_bucket`). */
export function classifyTerraformType(providerType: string): Classified {
  const rule = TYPE_RULES[providerType];
  if (rule) return { kind: 'resource', rule };
  const fold = FOLD_RULES[providerType];
  if (fold) return { kind: 'fold', rule: fold };
  if (S3_FOLDS.test(providerType)) return { kind: 'fold', rule: S3_FOLD };
  if (/^aws_[a-z0-9_]+$/.test(providerType)) return { kind: 'resource', rule: { type: genericType(providerType), id: ['arn-tail', 'name', 'id'] } };
  const provider = /^([a-z0-9-]+?)_/.exec(providerType)?.[1] ?? providerType;
  return { kind: 'other', reason: `not an AWS resource (provider "${provider}")` };
}

/** Pulumi type names whose Terraform name the general rule below would miss. */
const PULUMI_TYPES: Readonly<Record<string, string>> = {
  'aws:s3/bucket:Bucket': 'aws_s3_bucket',
  'aws:s3/bucketV2:BucketV2': 'aws_s3_bucket',
  'aws:ec2/vpc:Vpc': 'aws_vpc',
  'aws:ec2/subnet:Subnet': 'aws_subnet',
  'aws:ec2/securityGroup:SecurityGroup': 'aws_security_group',
  'aws:ec2/securityGroupRule:SecurityGroupRule': 'aws_security_group_rule',
  'aws:ec2/instance:Instance': 'aws_instance',
  'aws:ec2/natGateway:NatGateway': 'aws_nat_gateway',
  'aws:ec2/launchTemplate:LaunchTemplate': 'aws_launch_template',
  'aws:ec2/internetGateway:InternetGateway': 'aws_internet_gateway',
  'aws:ec2/routeTable:RouteTable': 'aws_route_table',
  'aws:ec2/route:Route': 'aws_route',
  'aws:ec2/routeTableAssociation:RouteTableAssociation': 'aws_route_table_association',
  'aws:ec2/eip:Eip': 'aws_eip',
  'aws:ec2/vpcEndpoint:VpcEndpoint': 'aws_vpc_endpoint',
  'aws:ec2/flowLog:FlowLog': 'aws_flow_log',
  'aws:ebs/volume:Volume': 'aws_ebs_volume',
  'aws:rds/instance:Instance': 'aws_db_instance',
  'aws:rds/cluster:Cluster': 'aws_rds_cluster',
  'aws:rds/clusterInstance:ClusterInstance': 'aws_rds_cluster_instance',
  'aws:rds/subnetGroup:SubnetGroup': 'aws_db_subnet_group',
  'aws:elasticache/cluster:Cluster': 'aws_elasticache_cluster',
  'aws:cloudwatch/logGroup:LogGroup': 'aws_cloudwatch_log_group',
  'aws:cloudwatch/eventRule:EventRule': 'aws_cloudwatch_event_rule',
  'aws:lb/loadBalancer:LoadBalancer': 'aws_lb',
  'aws:alb/loadBalancer:LoadBalancer': 'aws_alb',
  'aws:lb/targetGroup:TargetGroup': 'aws_lb_target_group',
  'aws:alb/targetGroup:TargetGroup': 'aws_alb_target_group',
  'aws:lb/listener:Listener': 'aws_lb_listener',
  'aws:autoscaling/group:Group': 'aws_autoscaling_group',
  'aws:autoscaling/policy:Policy': 'aws_autoscaling_policy',
  'aws:sfn/stateMachine:StateMachine': 'aws_sfn_state_machine',
  'aws:cloudfront/distribution:Distribution': 'aws_cloudfront_distribution',
  'aws:route53/zone:Zone': 'aws_route53_zone',
  'aws:route53/record:Record': 'aws_route53_record',
  'aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream': 'aws_kinesis_firehose_delivery_stream',
};

const snake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/**
 * The Terraform name of a Pulumi AWS type (`aws:kms/key:Key` → `aws_kms_key`), or undefined for
 * anything that is not an AWS resource (providers, stacks, components, other providers).
 */
export function terraformTypeOfPulumi(pulumiType: string): string | undefined {
  const known = PULUMI_TYPES[pulumiType];
  if (known) return known;
  const m = /^aws:([A-Za-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(pulumiType);
  if (!m) return undefined;
  const [, module, , name] = m as unknown as [string, string, string, string];
  // `BucketServerSideEncryptionConfigurationV2` → `bucket_server_side_encryption_configuration`.
  const resource = snake(name.replace(/V\d+$/, ''));
  const mod = module.toLowerCase();
  return resource.startsWith(`${mod}_`) || resource === mod ? `aws_${resource}` : `aws_${mod}_${resource}`;
}

/** CloudFormation's spelling of the services Pulumi's `aws-native` provider names in lower case. */
const NATIVE_SERVICES: Readonly<Record<string, string>> = {
  autoscaling: 'AutoScaling', cloudformation: 'CloudFormation', cloudwatch: 'CloudWatch', dynamodb: 'DynamoDB', ec2: 'EC2', ecs: 'ECS',
  efs: 'EFS', elasticache: 'ElastiCache', elasticloadbalancingv2: 'ElasticLoadBalancingV2', events: 'Events', iam: 'IAM', kinesis: 'Kinesis',
  kms: 'KMS', lambda: 'Lambda', logs: 'Logs', rds: 'RDS', s3: 'S3', secretsmanager: 'SecretsManager', sns: 'SNS', sqs: 'SQS', ssm: 'SSM',
  stepfunctions: 'StepFunctions',
};

/**
 * The CloudFormation type of a Pulumi `aws-native` type (`aws-native:s3:Bucket` → `AWS::S3::Bucket`):
 * that provider is CloudFormation's resource model, so its ids are CloudFormation's physical ids.
 */
export function cloudFormationTypeOfNative(pulumiType: string): ResourceType | undefined {
  const m = /^aws-native:([a-z0-9]+):([A-Za-z0-9]+)$/.exec(pulumiType);
  if (!m) return undefined;
  const [, service, resource] = m as unknown as [string, string, string];
  return `AWS::${NATIVE_SERVICES[service] ?? pascal([service])}::${resource}` as ResourceType;
}
