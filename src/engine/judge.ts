/** The judge stage: each selected check against each resource it applies to, over the collected facts. */
import type { CollectedRun } from '../collect/stage.js';
import type { RunPlan } from '../plan/plan.js';
import type { Result } from '../types.js';
import { evaluateAll } from './evaluate.js';

export function judge(plan: RunPlan, collected: CollectedRun): Result[] {
  return evaluateAll(plan.checks.selected, collected.resources, collected.facts, {
    params: plan.params,
    waivers: plan.waivers,
    today: plan.started.toISOString().slice(0, 10),
    ...(plan.stackCmk ? { stackCmk: plan.stackCmk } : {}),
    ...(collected.declared ? { declared: collected.declared } : {}),
  });
}
