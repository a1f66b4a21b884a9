/**
 * When two mentions name one resource, from outputs, state files or stacks alike: the identity they
 * share, and which of their ids to keep.
 */
import type { ResourceType } from '../types.js';
import { loadBalancerNameFromArn, secretNameFromArn } from './arn.js';
import { hostOf } from './endpoints.js';

/** Types whose mentions by URL (`execute-api`) cannot tell them apart: one API id is one API. */
const API_TYPES: ReadonlySet<string> = new Set(['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api']);

/**
 * Types an outputs file may name by another identifier than the one the deploy tool records, and
 * the state attributes that hold that other identifier: a CloudFront distribution by its domain
 * (the state's id is `E…`), an EKS cluster by its endpoint (the id is its name), a security group
 * by its name (the id is `sg-…`). A state entry of such a type carries these attributes as aliases,
 * so the outputs' mention and the entry are one resource.
 */
export const ALIAS_ATTRIBUTES: Readonly<Partial<Record<ResourceType, readonly string[]>>> = {
  'AWS::CloudFront::Distribution': ['domain_name'],
  'AWS::EKS::Cluster': ['endpoint'],
  'AWS::EC2::SecurityGroup': ['name'],
  // The provider names the client by `name`, the outputs by its generated id.
  'AWS::Cognito::UserPoolClient': ['id'],
  // `<proxy>/<endpoint>` is the entry's id; outputs give the endpoint's host, which holds its name.
  'AWS::RDS::DBProxyEndpoint': ['db_proxy_endpoint_name'],
};

/** Whether `id` is one of the alternative identifiers above rather than the one the service's calls take. */
function isAlias(type: ResourceType, id: string): boolean {
  if (type === 'AWS::CloudFront::Distribution' || type === 'AWS::EKS::Cluster') return id.includes('.');
  if (type === 'AWS::EC2::SecurityGroup') return !id.startsWith('sg-');
  return false;
}

/** The identity mentions of one resource share: a secret's ARN and its name, a load balancer's ARN and its DNS name. */
export function identityKey(type: ResourceType, id: string): string {
  if (type === 'AWS::SecretsManager::Secret') return `${type}|${secretNameFromArn(id) ?? id}`;
  // A DNS name gives a load balancer's name (lower-cased, as DNS is); its ARN holds the name as created.
  if (type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') return `${type}|${(loadBalancerNameFromArn(id) ?? id).toLowerCase()}`;
  // A REST API and an HTTP API share one id space (the `execute-api` host): the id alone is the API.
  if (API_TYPES.has(type)) return `AWS::ApiGateway*|${id}`;
  // A domain or endpoint, in the outputs as a host and in a state as a URL, upper case or not.
  if ((type === 'AWS::CloudFront::Distribution' || type === 'AWS::EKS::Cluster') && id.includes('.')) return `${type}|${hostOf(id) ?? id}`;
  if (type === 'AWS::Route53::HostedZone') return `${type}|${id.replace(/^\/hostedzone\//, '')}`;
  return `${type}|${id}`;
}

/**
 * The id to keep: the ARN, once a mention gives it, where the service's calls are surest with it
 * (DescribeSecret, DescribeLoadBalancers); the service's own id once a mention gives it, over a
 * domain, an endpoint or a name (see ALIAS_ATTRIBUTES).
 */
export function preferredId(type: ResourceType, current: string, incoming: string): string {
  const arnFirst = type === 'AWS::SecretsManager::Secret' || type === 'AWS::ElasticLoadBalancingV2::LoadBalancer';
  if (arnFirst && incoming.startsWith('arn:') && !current.startsWith('arn:')) return incoming;
  if (isAlias(type, current) && !isAlias(type, incoming)) return incoming;
  return current;
}

/**
 * The type to keep when two mentions of one identity differ in type (an API named by URL, and by its
 * ARN or a state entry): the incoming one when the current one was only a guess.
 */
export function preferredType(current: ResourceType, incoming: ResourceType, currentGuessed: boolean): ResourceType {
  return incoming !== current && currentGuessed ? incoming : current;
}
