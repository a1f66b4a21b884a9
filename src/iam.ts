/**
 * The least-privilege IAM policy postflight needs: every action its collectors declare, all
 * read-only. `postflight iam-policy` prints it; docs/iam-policy.json is this document.
 */
import { COLLECTOR_MODULES } from './collect/index.js';
import { STACK_ACTIONS } from './collect/cloudformation.stack.js';

export async function collectorActions(): Promise<string[]> {
  const actions = new Set<string>();
  for (const m of Object.values(COLLECTOR_MODULES)) for (const a of (await m.load()).default.actions) actions.add(a);
  // Reading a CloudFormation stack (`--stack`) for its resources.
  for (const a of STACK_ACTIONS) actions.add(a);
  return [...actions].sort();
}

export async function iamPolicy(): Promise<object> {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'PostflightReadOnly', Effect: 'Allow', Action: await collectorActions(), Resource: '*' }],
  };
}
