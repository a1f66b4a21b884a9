/**
 * Deploy tools' own resource type names, mapped to the resource types postflight speaks
 * (CloudFormation's names), and how each gives the identifier collectors need.
 *
 * Terraform / OpenTofu name types `aws_s3_bucket`; Pulumi's AWS provider, which is built on the
 * Terraform provider, names the same resource `aws:s3/bucketV2:BucketV2` and turns it into the
 * Terraform name first. A type that configures another resource (`aws_kms_alias`,
 * `aws_s3_bucket_lifecycle_configuration`, `aws_rds_cluster_instance`) folds into the resource it
 * configures, and one that names no single resource of a stack (`aws_ec2_tag`) is no resource:
 * `parts.ts` decides both, before the table. Every other `aws_*` type is a resource of the run,
 * named by the generated table (`type-names.ts`): its CloudFormation type where CloudFormation has
 * one (`aws_cloudtrail` → `AWS::CloudTrail::Trail`), else its own name (`aws_ec2_tag`,
 * `aws:ec2/tag:Tag`), never a name made up from its words. The rules below say which attribute
 * gives each type's identifier; their types agree with the table (a test holds them to it).
 */
import type { ResourceType } from '../types.js';
import { classifyPart, FOLD_RULES, type FoldRule } from './parts.js';
import { cloudFormationTypeIgnoringCase, cloudFormationTypeOfTerraform, terraformTypeOfPulumiToken } from './type-names.js';

export { FOLD_RULES, type FoldRule };

/** How one provider type becomes a resource: its type, and the attributes its identifier comes from. */
export interface TypeRule {
  type: ResourceType;
  /** Attributes to read the identifier from, first present wins; `arn-tail`: the last segment of the ARN. */
  id: readonly string[];
  /** Identifiers the service compares without case (RDS, ElastiCache): lower-cased. */
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
  // Named alike from every source (see identifierFor): an OIDC provider by its ARN, a stage by its API and name.
  aws_iam_openid_connect_provider: r('AWS::IAM::OIDCProvider', ['arn', 'id']),
  aws_cloudtrail: r('AWS::CloudTrail::Trail', ['arn', 'name', 'id']),
  aws_api_gateway_stage: r('AWS::ApiGateway::Stage', ['arn', 'id']),
  aws_apigatewayv2_stage: r('AWS::ApiGatewayV2::Stage', ['arn', 'id']),
  aws_glue_catalog_database: r('AWS::Glue::Database', ['name', 'id']),
  aws_glue_job: r('AWS::Glue::Job', ['name', 'id']),
  aws_athena_workgroup: r('AWS::Athena::WorkGroup', ['name', 'id']),
  aws_kinesis_firehose_delivery_stream: r('AWS::KinesisFirehose::DeliveryStream', ['name', 'arn-tail']),
  aws_acm_certificate: r('AWS::CertificateManager::Certificate', ['arn', 'id']),
};

/** What a provider type is: its own resource, a part of another one, or not an AWS resource. */
export type Classified = { kind: 'resource'; rule: TypeRule } | { kind: 'fold'; rule: ResolvedFold } | { kind: 'other'; reason: string };

/** A fold with its target's resource type resolved through the type table. */
export interface ResolvedFold extends FoldRule {
  into: ResourceType;
  /** The target's identifiers are compared without case (RDS, ElastiCache): lower-cased. */
  lower?: boolean;
}

/** Where any other type's identifier comes from: its ARN (read as `identifierFor` reads it), else its name, else its id. */
const GENERIC_ID: readonly string[] = ['arn', 'name', 'id'];

/** A Pulumi AWS token: `aws:<module>/<name>:<Name>`. */
const PULUMI_TOKEN = /^aws:[A-Za-z0-9]+\/[A-Za-z0-9_]+:[A-Za-z0-9_]+$/;

/**
 * Classifies a Terraform-style provider type (`aws_s3_bucket`), or what `terraformTypeOfPulumi`
 * gave for a Pulumi token. Parts of other resources (`parts.ts`) are decided first: a fold, or not
 * a resource, whatever the type table says. `ownName` is the type's name in the tool that wrote it
 * (a Pulumi token), which a resource keeps when CloudFormation has no type for it.
 */
export function classifyTerraformType(providerType: string, ownName: string = providerType): Classified {
  const part = classifyPart(providerType);
  if (part) return 'fold' in part ? resolveFold(part.fold) : { kind: 'other', reason: part.reason };
  const rule = TYPE_RULES[providerType];
  if (rule) return { kind: 'resource', rule };
  if (PULUMI_TOKEN.test(providerType)) return { kind: 'resource', rule: { type: providerType as ResourceType, id: GENERIC_ID } };
  if (/^aws_[a-z0-9_]+$/.test(providerType)) {
    const own = (PULUMI_TOKEN.test(ownName) ? ownName : providerType) as ResourceType;
    return { kind: 'resource', rule: { type: cloudFormationTypeOfTerraform(providerType) ?? own, id: GENERIC_ID } };
  }
  const provider = /^([a-z0-9-]+?)_/.exec(providerType)?.[1] ?? providerType;
  return { kind: 'other', reason: `not an AWS resource (provider "${provider}")` };
}

/** A fold's target as the type table maps it. */
function resolveFold(fold: FoldRule): Classified {
  const target = classifyTerraformType(fold.target);
  if (target.kind !== 'resource') return { kind: 'other', reason: `configures a ${fold.target}, which is not a resource postflight places` };
  return { kind: 'fold', rule: { ...fold, into: target.rule.type, ...(target.rule.lower ? { lower: true } : {}) } };
}

/**
 * The Terraform type a Pulumi AWS token wraps (`aws:cloudtrail/trail:Trail` → `aws_cloudtrail`), from
 * the generated table; the token itself when it wraps none or the table does not know it (a newer
 * provider's), so that the resource keeps the token as its type; undefined for anything that is not
 * an AWS resource token (providers, stacks, components, other packages).
 */
export function terraformTypeOfPulumi(pulumiType: string): string | undefined {
  if (!PULUMI_TOKEN.test(pulumiType)) return undefined;
  return terraformTypeOfPulumiToken(pulumiType) ?? pulumiType;
}

/**
 * The CloudFormation type of a Pulumi `aws-native` type: that provider is CloudFormation's resource
 * model, its module the namespace in lower case and its name the type's in Pulumi's case
 * (`aws-native:wafv2:WebAcl` → `AWS::WAFv2::WebACL`), so its ids are CloudFormation's physical ids.
 * A type the CloudFormation list does not have keeps its own name.
 */
export function cloudFormationTypeOfNative(pulumiType: string): ResourceType | undefined {
  const m = /^aws-native:([a-z0-9]+):([A-Za-z0-9]+)$/.exec(pulumiType);
  if (!m) return undefined;
  return cloudFormationTypeIgnoringCase(m[1]!, m[2]!) ?? (pulumiType as ResourceType);
}
