import { readinessEcho } from './readiness-echo.ts';
import { createTaskActivities, type TaskActivityDeps } from './task-activities.ts';

export type ActivityDeps = TaskActivityDeps;

/** Every activity the worker registers, built from real dependencies (Temporal's mutex sample). */
export function createActivities(deps: ActivityDeps) {
  return { readinessEcho, ...createTaskActivities(deps) };
}
