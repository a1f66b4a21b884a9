/**
 * The least-privilege IAM policy postflight needs: every action its collectors declare, and the
 * actions of the facts checks declare themselves (`reads`), all read-only. `postflight iam-policy`
 * prints it; docs/iam-policy.json is this document for the built-in checks. With a config naming
 * custom checks, their actions are added in a statement of their own.
 */
import { resolve } from 'node:path';
import { COLLECTOR_MODULES } from './collect/index.js';
import { STACK_ACTIONS } from './collect/cloudformation.stack.js';
import { loadConfig } from './config/config.js';
import { declaredActions } from './engine/reads.js';
import { loadChecks } from './engine/registry.js';

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
