/**
 * The least-privilege IAM policy postflight needs: every action its collectors declare, and the
 * actions of the facts checks declare themselves (`reads`), all read-only. `postflight iam-policy`
 * prints it; docs/iam-policy.json is this document for the built-in checks. With a config naming
 * custom checks, their actions are added in a statement of their own.
 *
 * A run over several accounts needs two more documents: the runner's policy (`--runner`:
 * `sts:AssumeRole` on each account's role, plus the read-only policy when it also verifies its
 * own account's sources), and each account role's trust policy (`--trust`). Each account's role
 * gets the read-only policy above.
 */
import { resolve } from 'node:path';
import { COLLECTOR_MODULES } from './collect/index.js';
import { STACK_ACTIONS } from './collect/cloudformation.stack.js';
import { loadConfig } from './config/load.js';
import { declaredActions } from './engine/reads.js';
import { loadChecks } from './engine/registry.js';
import { RUNNER_ACTIONS } from './collect/role.js';
import { runScopes, sourcePlan } from './plan/plan.js';

export async function collectorActions(): Promise<string[]> {
  const actions = new Set<string>();
  for (const m of Object.values(COLLECTOR_MODULES)) for (const a of (await m.load()).default.actions) actions.add(a);
  // Reading a CloudFormation stack (`--stack`) for its resources.
  for (const a of STACK_ACTIONS) actions.add(a);
  return [...actions].sort();
}

/**
 * The policy for the built-in checks, plus the custom checks the config at `config` (or
 * `postflight.config.json` in `cwd`, when present) names.
 */
export async function iamPolicy(options: { config?: string; cwd?: string; drift?: boolean } = {}): Promise<object> {
  const loaded = await loadConfig(options.config, options.cwd ?? process.cwd());
  // Drift detection on a CloudFormation stack (--drift): listed only when drift is asked for.
  const drift = options.drift === true || (loaded.config.drift !== undefined && loaded.config.drift !== false);
  const driftActions = drift ? [...(await import('./collect/drift.collector.js')).DRIFT_ACTIONS].sort() : [];
  const checks = await loadChecks((loaded.config.customChecks ?? []).map((p) => resolve(loaded.baseDir, p)));
  const builtIn = [...new Set([...(await collectorActions()), ...declaredActions(checks.filter((c) => c.builtIn).map((c) => c.check))])].sort();
  // Every action the custom checks declare, even one a built-in check needs too: the statement says
  // what the user's own checks need, and still grants it when the built-in one is trimmed away.
  const custom = declaredActions(checks.filter((c) => !c.builtIn).map((c) => c.check));
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'PostflightReadOnly', Effect: 'Allow', Action: builtIn, Resource: '*' },
      ...(custom.length ? [{ Sid: 'PostflightCustomCheckReads', Effect: 'Allow', Action: custom, Resource: '*' }] : []),
      ...(driftActions.length ? [{ Sid: 'PostflightDriftDetection', Effect: 'Allow', Action: driftActions, Resource: '*' }] : []),
    ],
  };
}

export interface RolePolicyOptions {
  config?: string;
  cwd?: string;
  /** `--role-arn`, as `verify` takes it. */
  roleArn?: string;
  externalId?: string;
}

/** The roles a run assumes: `--role-arn`, and each account's in the config. */
async function runRoles(options: RolePolicyOptions) {
  const cwd = options.cwd ?? process.cwd();
  const loaded = await loadConfig(options.config, cwd);
  const opts = { cwd, env: {}, out: () => undefined, err: () => undefined, ...(options.roleArn ? { roleArn: options.roleArn } : {}), ...(options.externalId ? { externalId: options.externalId } : {}) };
  const scopes = runScopes(opts, loaded, sourcePlan(opts, loaded));
  return { loaded, scopes };
}

/**
 * The policy of the identity running postflight: `sts:AssumeRole` on each role the run assumes,
 * and the read-only policy's statements when it also verifies sources with its own credentials.
 */
export async function runnerPolicy(options: RolePolicyOptions = {}): Promise<object> {
  const { scopes } = await runRoles(options);
  const roles = [...new Set(scopes.flatMap((s) => (s.account ? [s.account.roleArn] : [])))].sort();
  const own = scopes.some((s) => !s.account);
  const readOnly = own ? ((await iamPolicy(options)) as { Statement: object[] }).Statement : [];
  return {
    Version: '2012-10-17',
    Statement: [...(roles.length ? [{ Sid: 'PostflightAssumeAccountRoles', Effect: 'Allow', Action: [...RUNNER_ACTIONS], Resource: roles }] : []), ...readOnly],
  };
}

/**
 * The trust policy each account's role needs: the runner's account may assume it, with the
 * external id when the config asks for one (shown as a placeholder: it is the config's to keep).
 */
export async function trustPolicy(options: RolePolicyOptions = {}): Promise<object> {
  const { scopes } = await runRoles(options);
  const externalId = scopes.some((s) => s.account?.externalId);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PostflightRunnerMayAssume',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::<runner-account-id>:root' },
        Action: [...RUNNER_ACTIONS],
        ...(externalId ? { Condition: { StringEquals: { 'sts:ExternalId': '<the externalId given for this account>' } } } : {}),
      },
    ],
  };
}
