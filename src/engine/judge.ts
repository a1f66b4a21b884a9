/**
 * The judge stage: each selected check against each resource it applies to, over the collected
 * facts. Each account is judged on its own, so a check that compares resources (the stack's keys,
 * the AZs a VPC's subnets span) only ever compares those of one account.
 */
import type { CollectedRun } from '../collect/stage.js';
import type { RunPlan } from '../plan/plan.js';
import type { Result } from '../types.js';
import { evaluateAll } from './evaluate.js';

export function judge(plan: RunPlan, collected: CollectedRun): Result[] {
  return collected.scopes.flatMap((scope) =>
    evaluateAll(plan.checks.selected, scope.resources, scope.facts, {
      params: plan.params,
      waivers: plan.waivers,
      today: plan.started.toISOString().slice(0, 10),
      ...(plan.stackCmk ? { stackCmk: plan.stackCmk } : {}),
      ...(scope.declared ? { declared: scope.declared } : {}),
    }),
  );
}
