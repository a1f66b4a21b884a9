/**
 * Provider types that are not resources of their own: they configure, attach, associate, accept,
 * propagate, validate or tag another resource. Each either folds into the one resource it
 * configures (named by one of its attributes: `aws_kms_alias` → its key by `target_key_id`) or,
 * where it names no single resource of a kind a stack deploys (a tag on any EC2 resource, an
 * invitation from another account), is listed as not placed with the reason.
 *
 * A fold names its target by the target's provider type (`aws_kms_key`), never by a resource type,
 * so the target's resource type and identifier rules are the type table's, whatever it maps them to.
 *
 * Resource policies and settings of one resource fold into it too; settings of the account or
 * region (EBS encryption by default, the account's S3 public access block) and one-off actions
 * (`aws_lambda_invocation`) are not resources of the stack.
 *
 * Every type of hashicorp/aws 5.100.0 whose name reads as an association, attachment, accepter,
 * propagation, validation, membership, registration, tag or exclusive list is in one of the tables
 * below, or in `OWN_RESOURCES` when it is a resource of its own (it has its own ARN or tags); a
 * test holds the tables to the provider's schema. A type of a later provider that reads so and is
 * in no table is not placed, with the reason (`PART_SUFFIX`).
 */

/** A type that configures one other resource: the target's provider type and the attributes naming it, first present wins. */
export interface FoldRule {
  target: string;
  via: readonly string[];
  /**
   * The entry's own `arn` attribute is not its own (an event target's `arn` is the target's), so
   * it says nothing of the entry's region.
   */
  foreignArn?: true;
}

const f = (target: string, ...via: string[]): FoldRule => ({ target, via });

/** Provider types that configure another resource, and fold into it. */
export const FOLD_RULES: Readonly<Record<string, FoldRule>> = {
  // KMS, RDS, EFS, Secrets Manager, Kinesis, DynamoDB
  aws_kms_alias: f('aws_kms_key', 'target_key_arn', 'target_key_id'),
  aws_kms_key_policy: f('aws_kms_key', 'key_id'),
  aws_kms_grant: f('aws_kms_key', 'key_id'),
  aws_rds_cluster_instance: f('aws_rds_cluster', 'cluster_identifier'),
  aws_rds_cluster_role_association: f('aws_rds_cluster', 'db_cluster_identifier'),
  aws_db_instance_role_association: f('aws_db_instance', 'db_instance_identifier'),
  aws_efs_mount_target: f('aws_efs_file_system', 'file_system_id'),
  aws_efs_backup_policy: f('aws_efs_file_system', 'file_system_id'),
  aws_efs_file_system_policy: f('aws_efs_file_system', 'file_system_id'),
  aws_efs_replication_configuration: f('aws_efs_file_system', 'source_file_system_id'),
  aws_secretsmanager_secret_version: f('aws_secretsmanager_secret', 'secret_id'),
  aws_secretsmanager_secret_rotation: f('aws_secretsmanager_secret', 'secret_id'),
  aws_secretsmanager_secret_policy: f('aws_secretsmanager_secret', 'secret_arn'),
  aws_kinesis_stream_consumer: f('aws_kinesis_stream', 'stream_arn'),
  aws_dynamodb_table_item: f('aws_dynamodb_table', 'table_name'),
  aws_dynamodb_contributor_insights: f('aws_dynamodb_table', 'table_name'),
  aws_dynamodb_kinesis_streaming_destination: f('aws_dynamodb_table', 'table_name'),
  // Messaging, logs, events
  aws_sns_topic_policy: f('aws_sns_topic', 'arn'),
  aws_sns_topic_subscription: f('aws_sns_topic', 'topic_arn'),
  aws_sqs_queue_policy: f('aws_sqs_queue', 'queue_url'),
  aws_sqs_queue_redrive_policy: f('aws_sqs_queue', 'queue_url'),
  aws_sqs_queue_redrive_allow_policy: f('aws_sqs_queue', 'queue_url'),
  aws_cloudwatch_event_target: { target: 'aws_cloudwatch_event_rule', via: ['rule'], foreignArn: true },
  aws_cloudwatch_log_stream: f('aws_cloudwatch_log_group', 'log_group_name'),
  aws_cloudwatch_log_subscription_filter: f('aws_cloudwatch_log_group', 'log_group_name'),
  aws_cloudwatch_log_metric_filter: f('aws_cloudwatch_log_group', 'log_group_name'),
  // Load balancing and scaling
  aws_lb_target_group_attachment: f('aws_lb_target_group', 'target_group_arn'),
  aws_alb_target_group_attachment: f('aws_lb_target_group', 'target_group_arn'),
  aws_elb_attachment: f('aws_elb', 'elb'),
  aws_autoscaling_policy: f('aws_autoscaling_group', 'autoscaling_group_name'),
  aws_autoscaling_attachment: f('aws_autoscaling_group', 'autoscaling_group_name'),
  aws_autoscaling_lifecycle_hook: f('aws_autoscaling_group', 'autoscaling_group_name'),
  aws_autoscaling_traffic_source_attachment: f('aws_autoscaling_group', 'autoscaling_group_name'),
  aws_autoscaling_group_tag: f('aws_autoscaling_group', 'autoscaling_group_name'),
  // Network: security group rules, attachments and associations of VPC parts
  aws_security_group_rule: f('aws_security_group', 'security_group_id'),
  aws_vpc_security_group_ingress_rule: f('aws_security_group', 'security_group_id'),
  aws_vpc_security_group_egress_rule: f('aws_security_group', 'security_group_id'),
  aws_vpc_security_group_vpc_association: f('aws_security_group', 'security_group_id'),
  aws_network_interface_sg_attachment: f('aws_network_interface', 'network_interface_id'),
  aws_network_interface_attachment: f('aws_network_interface', 'network_interface_id'),
  aws_volume_attachment: f('aws_ebs_volume', 'volume_id'),
  aws_eip_association: f('aws_eip', 'allocation_id'),
  aws_internet_gateway_attachment: f('aws_internet_gateway', 'internet_gateway_id'),
  aws_vpn_gateway_attachment: f('aws_vpn_gateway', 'vpn_gateway_id'),
  aws_vpn_gateway_route_propagation: f('aws_route_table', 'route_table_id'),
  aws_route_table_association: f('aws_route_table', 'route_table_id'),
  aws_main_route_table_association: f('aws_route_table', 'route_table_id'),
  aws_network_acl_association: f('aws_network_acl', 'network_acl_id'),
  aws_vpc_dhcp_options_association: f('aws_vpc', 'vpc_id'),
  aws_vpc_ipv4_cidr_block_association: f('aws_vpc', 'vpc_id'),
  aws_vpc_ipv6_cidr_block_association: f('aws_vpc', 'vpc_id'),
  aws_vpc_endpoint_route_table_association: f('aws_vpc_endpoint', 'vpc_endpoint_id'),
  aws_vpc_endpoint_security_group_association: f('aws_vpc_endpoint', 'vpc_endpoint_id'),
  aws_vpc_endpoint_subnet_association: f('aws_vpc_endpoint', 'vpc_endpoint_id'),
  aws_vpc_endpoint_connection_accepter: f('aws_vpc_endpoint_service', 'vpc_endpoint_service_id'),
  // An accepter is the other side's view of the same connection (`pcx-…`, `tgw-attach-…`).
  aws_vpc_peering_connection_accepter: f('aws_vpc_peering_connection', 'vpc_peering_connection_id'),
  aws_ec2_transit_gateway_vpc_attachment_accepter: f('aws_ec2_transit_gateway_vpc_attachment', 'transit_gateway_attachment_id'),
  aws_ec2_transit_gateway_peering_attachment_accepter: f('aws_ec2_transit_gateway_peering_attachment', 'transit_gateway_attachment_id'),
  aws_ec2_transit_gateway_route_table_association: f('aws_ec2_transit_gateway_route_table', 'transit_gateway_route_table_id'),
  aws_ec2_transit_gateway_route_table_propagation: f('aws_ec2_transit_gateway_route_table', 'transit_gateway_route_table_id'),
  aws_ec2_transit_gateway_default_route_table_association: f('aws_ec2_transit_gateway', 'transit_gateway_id'),
  aws_ec2_transit_gateway_default_route_table_propagation: f('aws_ec2_transit_gateway', 'transit_gateway_id'),
  aws_ec2_transit_gateway_policy_table_association: f('aws_ec2_transit_gateway_policy_table', 'transit_gateway_policy_table_id'),
  aws_ec2_transit_gateway_multicast_domain_association: f('aws_ec2_transit_gateway_multicast_domain', 'transit_gateway_multicast_domain_id'),
  aws_ec2_client_vpn_network_association: f('aws_ec2_client_vpn_endpoint', 'client_vpn_endpoint_id'),
  aws_verifiedaccess_instance_trust_provider_attachment: f('aws_verifiedaccess_instance', 'verifiedaccess_instance_id'),
  aws_vpc_route_server_propagation: f('aws_vpc_route_server', 'route_server_id'),
  aws_vpc_route_server_vpc_association: f('aws_vpc_route_server', 'route_server_id'),
  aws_vpclattice_target_group_attachment: f('aws_vpclattice_target_group', 'target_group_identifier'),
  aws_dx_connection_association: f('aws_dx_connection', 'connection_id'),
  aws_dx_macsec_key_association: f('aws_dx_connection', 'connection_id'),
  aws_dx_gateway_association: f('aws_dx_gateway', 'dx_gateway_id'),
  aws_dx_gateway_association_proposal: f('aws_dx_gateway', 'dx_gateway_id'),
  // DNS, certificates, firewalls
  aws_acm_certificate_validation: f('aws_acm_certificate', 'certificate_arn'),
  aws_route53_zone_association: f('aws_route53_zone', 'zone_id'),
  aws_route53_vpc_association_authorization: f('aws_route53_zone', 'zone_id'),
  aws_route53_records_exclusive: f('aws_route53_zone', 'zone_id'),
  aws_route53_resolver_rule_association: f('aws_route53_resolver_rule', 'resolver_rule_id'),
  aws_route53profiles_resource_association: f('aws_route53profiles_profile', 'profile_id'),
  aws_route53_resolver_query_log_config_association: f('aws_route53_resolver_query_log_config', 'resolver_query_log_config_id'),
  aws_wafv2_web_acl_association: f('aws_wafv2_web_acl', 'web_acl_arn'),
  aws_wafregional_web_acl_association: f('aws_wafregional_web_acl', 'web_acl_id'),
  aws_shield_protection_health_check_association: f('aws_shield_protection', 'shield_protection_id'),
  // IAM
  aws_iam_role_policy: f('aws_iam_role', 'role'),
  aws_iam_role_policy_attachment: f('aws_iam_role', 'role'),
  aws_iam_role_policies_exclusive: f('aws_iam_role', 'role_name'),
  aws_iam_role_policy_attachments_exclusive: f('aws_iam_role', 'role_name'),
  aws_iam_access_key: f('aws_iam_user', 'user'),
  aws_iam_user_login_profile: f('aws_iam_user', 'user'),
  aws_iam_user_policy: f('aws_iam_user', 'user'),
  aws_iam_user_policy_attachment: f('aws_iam_user', 'user'),
  aws_iam_user_policies_exclusive: f('aws_iam_user', 'user_name'),
  aws_iam_user_policy_attachments_exclusive: f('aws_iam_user', 'user_name'),
  aws_iam_user_group_membership: f('aws_iam_user', 'user'),
  aws_iam_group_policy: f('aws_iam_group', 'group'),
  aws_iam_group_policy_attachment: f('aws_iam_group', 'group'),
  aws_iam_group_policies_exclusive: f('aws_iam_group', 'group_name'),
  aws_iam_group_policy_attachments_exclusive: f('aws_iam_group', 'group_name'),
  aws_iam_group_membership: f('aws_iam_group', 'group'),
  aws_iam_policy_attachment: f('aws_iam_policy', 'policy_arn'),
  // Compute and the rest
  aws_lambda_permission: f('aws_lambda_function', 'function_name'),
  aws_lambda_function_url: f('aws_lambda_function', 'function_name'),
  aws_lambda_alias: f('aws_lambda_function', 'function_name'),
  aws_ecr_lifecycle_policy: f('aws_ecr_repository', 'repository'),
  aws_ecr_repository_policy: f('aws_ecr_repository', 'repository'),
  aws_elasticache_user_group_association: f('aws_elasticache_user_group', 'user_group_id'),
  aws_msk_scram_secret_association: f('aws_msk_cluster', 'cluster_arn'),
  aws_msk_single_scram_secret_association: f('aws_msk_cluster', 'cluster_arn'),
  aws_eks_access_policy_association: f('aws_eks_cluster', 'cluster_name'),
  aws_opensearch_package_association: f('aws_opensearch_domain', 'domain_name'),
  aws_redshift_snapshot_schedule_association: f('aws_redshift_cluster', 'cluster_identifier'),
  aws_redshiftserverless_custom_domain_association: f('aws_redshiftserverless_workgroup', 'workgroup_name'),
  aws_apprunner_custom_domain_association: f('aws_apprunner_service', 'service_arn'),
  aws_appsync_domain_name_api_association: f('aws_appsync_graphql_api', 'api_id'),
  aws_appstream_fleet_stack_association: f('aws_appstream_fleet', 'fleet_name'),
  aws_appstream_user_stack_association: f('aws_appstream_stack', 'stack_name'),
  aws_codecommit_approval_rule_template_association: f('aws_codecommit_repository', 'repository_name'),
  aws_cognito_identity_pool_roles_attachment: f('aws_cognito_identity_pool', 'identity_pool_id'),
  aws_cognito_identity_pool_provider_principal_tag: f('aws_cognito_identity_pool', 'identity_pool_id'),
  aws_connect_bot_association: f('aws_connect_instance', 'instance_id'),
  aws_connect_lambda_function_association: f('aws_connect_instance', 'instance_id'),
  aws_grafana_license_association: f('aws_grafana_workspace', 'workspace_id'),
  aws_grafana_role_association: f('aws_grafana_workspace', 'workspace_id'),
  aws_iot_policy_attachment: f('aws_iot_policy', 'policy'),
  aws_iot_thing_principal_attachment: f('aws_iot_thing', 'thing'),
  aws_iot_thing_group_membership: f('aws_iot_thing_group', 'thing_group_name'),
  aws_lightsail_disk_attachment: f('aws_lightsail_disk', 'disk_name'),
  aws_lightsail_lb_attachment: f('aws_lightsail_lb', 'lb_name'),
  aws_lightsail_lb_certificate_attachment: f('aws_lightsail_lb', 'lb_name'),
  aws_lightsail_static_ip_attachment: f('aws_lightsail_static_ip', 'static_ip_name'),
  aws_location_tracker_association: f('aws_location_tracker', 'tracker_name'),
  aws_synthetics_group_association: f('aws_synthetics_group', 'group_name'),
  aws_cloud9_environment_membership: f('aws_cloud9_environment_ec2', 'environment_id'),
  aws_cloudfrontkeyvaluestore_keys_exclusive: f('aws_cloudfront_key_value_store', 'key_value_store_arn'),
  aws_bedrockagent_agent_knowledge_base_association: f('aws_bedrockagent_agent', 'agent_id'),
  aws_licensemanager_association: f('aws_licensemanager_license_configuration', 'license_configuration_arn'),
  aws_sesv2_dedicated_ip_assignment: f('aws_sesv2_dedicated_ip_pool', 'destination_pool_name'),
  aws_ram_principal_association: f('aws_ram_resource_share', 'resource_share_arn'),
  aws_ram_resource_association: f('aws_ram_resource_share', 'resource_share_arn'),
  aws_servicecatalog_principal_portfolio_association: f('aws_servicecatalog_portfolio', 'portfolio_id'),
  aws_servicecatalog_product_portfolio_association: f('aws_servicecatalog_portfolio', 'portfolio_id'),
  aws_servicecatalog_budget_resource_association: f('aws_servicecatalog_portfolio', 'resource_id'),
  aws_servicecatalog_tag_option_resource_association: f('aws_servicecatalog_tag_option', 'tag_option_id'),
  aws_servicecatalogappregistry_attribute_group_association: f('aws_servicecatalogappregistry_application', 'application_id'),
  aws_ssoadmin_managed_policy_attachment: f('aws_ssoadmin_permission_set', 'permission_set_arn'),
  aws_ssoadmin_customer_managed_policy_attachment: f('aws_ssoadmin_permission_set', 'permission_set_arn'),
  aws_ssoadmin_permissions_boundary_attachment: f('aws_ssoadmin_permission_set', 'permission_set_arn'),
  aws_ssoadmin_account_assignment: f('aws_ssoadmin_permission_set', 'permission_set_arn'),
  aws_ssoadmin_application_assignment: f('aws_ssoadmin_application', 'application_arn'),
  aws_networkmanager_core_network_policy_attachment: f('aws_networkmanager_core_network', 'core_network_id'),
  aws_networkmanager_customer_gateway_association: f('aws_networkmanager_global_network', 'global_network_id'),
  aws_networkmanager_link_association: f('aws_networkmanager_global_network', 'global_network_id'),
  aws_networkmanager_transit_gateway_connect_peer_association: f('aws_networkmanager_global_network', 'global_network_id'),
  aws_networkmanager_transit_gateway_registration: f('aws_networkmanager_global_network', 'global_network_id'),
  aws_organizations_policy_attachment: f('aws_organizations_policy', 'policy_id'),
  // Resource policies and settings of one resource
  aws_vpc_endpoint_policy: f('aws_vpc_endpoint', 'vpc_endpoint_id'),
  aws_api_gateway_rest_api_policy: f('aws_api_gateway_rest_api', 'rest_api_id'),
  aws_api_gateway_method_settings: f('aws_api_gateway_rest_api', 'rest_api_id'),
  aws_cloudwatch_event_bus_policy: f('aws_cloudwatch_event_bus', 'event_bus_name'),
  aws_cloudwatch_log_data_protection_policy: f('aws_cloudwatch_log_group', 'log_group_name'),
  aws_sns_topic_data_protection_policy: f('aws_sns_topic', 'arn'),
  aws_backup_vault_policy: f('aws_backup_vault', 'backup_vault_name'),
  aws_backup_vault_lock_configuration: f('aws_backup_vault', 'backup_vault_name'),
  aws_backup_vault_notifications: f('aws_backup_vault', 'backup_vault_name'),
  aws_opensearch_domain_policy: f('aws_opensearch_domain', 'domain_name'),
  aws_elasticsearch_domain_policy: f('aws_elasticsearch_domain', 'domain_name'),
  aws_msk_cluster_policy: f('aws_msk_cluster', 'cluster_arn'),
  aws_lambda_function_event_invoke_config: f('aws_lambda_function', 'function_name'),
  aws_lambda_provisioned_concurrency_config: f('aws_lambda_function', 'function_name'),
  aws_lambda_function_recursion_config: f('aws_lambda_function', 'function_name'),
  aws_wafv2_web_acl_logging_configuration: f('aws_wafv2_web_acl', 'resource_arn'),
  aws_ssoadmin_permission_set_inline_policy: f('aws_ssoadmin_permission_set', 'permission_set_arn'),
  aws_ecrpublic_repository_policy: f('aws_ecrpublic_repository', 'repository_name'),
  aws_media_store_container_policy: f('aws_media_store_container', 'container_name'),
  aws_ec2_instance_state: f('aws_instance', 'instance_id'),
  aws_notifications_channel_association: { target: 'aws_notifications_notification_configuration', via: ['notification_configuration_arn'], foreignArn: true },
};

const TAG = 'sets one tag on another resource (it is not a resource of its own)';
const ACCEPTS = 'accepts an invitation or share from another account (it is not a resource of this stack)';
const ACCOUNT = "changes a setting of the account or organisation, not a resource of the stack's";

/** Provider types that are not resources and name no single resource a stack deploys: listed as not placed, with the reason. */
export const NON_RESOURCES: Readonly<Record<string, string>> = {
  aws_ec2_tag: TAG,
  aws_dynamodb_tag: TAG,
  aws_ecs_tag: TAG,
  aws_transfer_tag: TAG,
  aws_lakeformation_resource_lf_tag: 'sets a Lake Formation tag on a catalogue resource (it is not a resource of its own)',
  aws_lakeformation_resource_lf_tags: 'sets Lake Formation tags on a catalogue resource (it is not a resource of its own)',
  aws_lakeformation_lf_tag: 'defines a Lake Formation tag key, a setting of the data catalogue rather than a resource postflight can verify',
  aws_ce_cost_allocation_tag: ACCOUNT,
  aws_detective_invitation_accepter: ACCEPTS,
  aws_guardduty_invite_accepter: ACCEPTS,
  aws_macie2_invitation_accepter: ACCEPTS,
  aws_securityhub_invite_accepter: ACCEPTS,
  aws_directory_service_shared_directory_accepter: ACCEPTS,
  aws_licensemanager_grant_accepter: ACCEPTS,
  aws_ram_resource_share_accepter: ACCEPTS,
  aws_opensearch_inbound_connection_accepter: ACCEPTS,
  aws_networkmanager_attachment_accepter: 'accepts a Cloud WAN attachment of any kind, which is verified as its own entry where the stack holds it',
  aws_redshift_data_share_consumer_association: ACCEPTS,
  aws_auditmanager_account_registration: ACCOUNT,
  aws_auditmanager_organization_admin_account_registration: ACCOUNT,
  aws_inspector2_enabler: ACCOUNT,
  aws_inspector2_member_association: ACCOUNT,
  aws_securityhub_configuration_policy_association: ACCOUNT,
  aws_securityhub_standards_control_association: ACCOUNT,
  aws_servicequotas_template_association: ACCOUNT,
  aws_shield_drt_access_log_bucket_association: ACCOUNT,
  aws_shield_drt_access_role_arn_association: ACCOUNT,
  aws_identitystore_group_membership: 'adds a user to an Identity Center group (a membership is not a resource of its own)',
  aws_quicksight_folder_membership: 'adds a member to a QuickSight folder (a membership is not a resource of its own)',
  aws_quicksight_group_membership: 'adds a user to a QuickSight group (a membership is not a resource of its own)',
  aws_quicksight_role_membership: 'gives a group a QuickSight role (a membership is not a resource of its own)',
  aws_quicksight_iam_policy_assignment: 'assigns an IAM policy to QuickSight users (an assignment is not a resource of its own)',
  // Settings of the account or region, not of any resource of the stack.
  aws_ebs_encryption_by_default: ACCOUNT,
  aws_ebs_default_kms_key: ACCOUNT,
  aws_ebs_snapshot_block_public_access: ACCOUNT,
  aws_ec2_image_block_public_access: ACCOUNT,
  aws_ec2_instance_metadata_defaults: ACCOUNT,
  aws_ec2_serial_console_access: ACCOUNT,
  aws_vpc_block_public_access_options: ACCOUNT,
  aws_s3_account_public_access_block: ACCOUNT,
  aws_iam_account_password_policy: ACCOUNT,
  aws_iam_account_alias: ACCOUNT,
  aws_api_gateway_account: ACCOUNT,
  aws_ecr_account_setting: ACCOUNT,
  aws_ecr_registry_policy: ACCOUNT,
  aws_ecr_registry_scanning_configuration: ACCOUNT,
  aws_ecr_replication_configuration: ACCOUNT,
  aws_ecs_account_setting_default: ACCOUNT,
  aws_backup_global_settings: ACCOUNT,
  aws_backup_region_settings: ACCOUNT,
  aws_cloudwatch_log_account_policy: ACCOUNT,
  aws_cloudwatch_log_resource_policy: ACCOUNT,
  aws_config_retention_configuration: ACCOUNT,
  aws_emr_block_public_access_configuration: ACCOUNT,
  aws_glue_data_catalog_encryption_settings: ACCOUNT,
  aws_glue_resource_policy: ACCOUNT,
  aws_lakeformation_data_lake_settings: ACCOUNT,
  aws_macie2_account: ACCOUNT,
  aws_securityhub_account: ACCOUNT,
  aws_ssm_service_setting: ACCOUNT,
  aws_account_alternate_contact: ACCOUNT,
  aws_account_primary_contact: ACCOUNT,
  aws_account_region: ACCOUNT,
  aws_sesv2_account_suppression_attributes: ACCOUNT,
  aws_sesv2_account_vdm_attributes: ACCOUNT,
  aws_quicksight_account_settings: ACCOUNT,
  aws_guardduty_organization_admin_account: ACCOUNT,
  aws_guardduty_organization_configuration: ACCOUNT,
  aws_securityhub_organization_admin_account: ACCOUNT,
  aws_securityhub_organization_configuration: ACCOUNT,
  aws_macie2_organization_admin_account: ACCOUNT,
  aws_macie2_organization_configuration: ACCOUNT,
  aws_detective_organization_admin_account: ACCOUNT,
  aws_detective_organization_configuration: ACCOUNT,
  aws_inspector2_delegated_admin_account: ACCOUNT,
  aws_inspector2_organization_configuration: ACCOUNT,
  aws_fms_admin_account: ACCOUNT,
  aws_vpc_ipam_organization_admin_account: ACCOUNT,
  aws_cloudtrail_organization_delegated_admin_account: ACCOUNT,
  // Actions, not resources.
  aws_lambda_invocation: 'invokes a function once with a payload (an action, not a resource)',
  aws_kms_ciphertext: 'encrypts a value with a key (an action, not a resource)',
  aws_worklink_website_certificate_authority_association: 'adds a certificate authority to a WorkLink fleet, a service AWS has retired',
};

/**
 * Types whose names read like a part but that are resources of their own: each has its own ARN or
 * tags, and its own identity (`tgw-attach-…`, a Cloud WAN attachment, a firewall rule group
 * association). The type table maps them like any other resource.
 */
export const OWN_RESOURCES: ReadonlySet<string> = new Set([
  'aws_amplify_domain_association',
  'aws_api_gateway_domain_name_access_association',
  'aws_appconfig_extension_association',
  'aws_appsync_source_api_association',
  'aws_cleanrooms_membership',
  'aws_codegurureviewer_repository_association',
  'aws_dx_hosted_private_virtual_interface_accepter',
  'aws_dx_hosted_public_virtual_interface_accepter',
  'aws_dx_hosted_transit_virtual_interface_accepter',
  'aws_ec2_local_gateway_route_table_vpc_association',
  'aws_ec2_transit_gateway_peering_attachment',
  'aws_ec2_transit_gateway_vpc_attachment',
  'aws_eks_pod_identity_association',
  'aws_fsx_data_repository_association',
  'aws_globalaccelerator_cross_account_attachment',
  'aws_networkmanager_connect_attachment',
  'aws_networkmanager_dx_gateway_attachment',
  'aws_networkmanager_site_to_site_vpn_attachment',
  'aws_networkmanager_transit_gateway_route_table_attachment',
  'aws_networkmanager_vpc_attachment',
  'aws_route53_resolver_firewall_rule_group_association',
  'aws_route53profiles_association',
  'aws_ssm_activation',
  'aws_ssm_association',
  'aws_storagegateway_file_system_association',
  'aws_vpc_ipam_resource_discovery_association',
  'aws_vpclattice_service_network_resource_association',
  'aws_vpclattice_service_network_service_association',
  'aws_vpclattice_service_network_vpc_association',
]);

/** Names that read as a part of another resource. */
export const PART_SUFFIX = /_(?:association|associations|attachment|attachments|accepter|propagation|validation|registration|assignment|membership|tag|tags|exclusive|enabler)$/;

/**
 * Every `aws_s3_bucket_*` type but the bucket itself configures a bucket (encryption, lifecycle,
 * versioning, policy, public access block, logging, notifications, objects): it folds into the
 * bucket its `bucket` attribute names.
 */
export const S3_FOLD: FoldRule = { target: 'aws_s3_bucket', via: ['bucket'] };
export const S3_FOLDS = /^aws_s3_(?:bucket_[a-z0-9_]+|object|object_copy|directory_bucket_[a-z0-9_]+)$/;

/** What a provider type is when it is a part: the fold, or why it is no resource; undefined for anything else. */
export function classifyPart(providerType: string): { fold: FoldRule } | { reason: string } | undefined {
  const fold = FOLD_RULES[providerType];
  if (fold) return { fold };
  const none = NON_RESOURCES[providerType];
  if (none) return { reason: none };
  if (S3_FOLDS.test(providerType)) return { fold: S3_FOLD };
  if (OWN_RESOURCES.has(providerType)) return undefined;
  if (/^aws_/.test(providerType) && PART_SUFFIX.test(providerType)) {
    return { reason: 'associates, attaches or configures other resources (a part of another resource, not a resource of its own)' };
  }
  return undefined;
}
