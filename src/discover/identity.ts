/**
 * When two mentions name one resource, from outputs, state files or stacks alike: the identity they
 * share, and which of their ids to keep.
 */
import type { ResourceType } from '../types.js';
import { loadBalancerNameFromArn, secretNameFromArn } from './arn.js';

/** The identity mentions of one resource share: a secret's ARN and its name, a load balancer's ARN and its DNS name. */
export function identityKey(type: ResourceType, id: string): string {
  if (type === 'AWS::SecretsManager::Secret') return `${type}|${secretNameFromArn(id) ?? id}`;
  // A DNS name gives a load balancer's name (lower-cased, as DNS is); its ARN holds the name as created.
  if (type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') return `${type}|${(loadBalancerNameFromArn(id) ?? id).toLowerCase()}`;
  return `${type}|${id}`;
}

/** The id to keep: the ARN, once a mention gives it, where the service's calls are surest with it (DescribeSecret, DescribeLoadBalancers). */
export function preferredId(type: ResourceType, current: string, incoming: string): string {
  const arnFirst = type === 'AWS::SecretsManager::Secret' || type === 'AWS::ElasticLoadBalancingV2::LoadBalancer';
  return arnFirst && incoming.startsWith('arn:') && !current.startsWith('arn:') ? incoming : current;
}
