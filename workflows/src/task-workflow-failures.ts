import { ApplicationFailure } from '@temporalio/workflow';
import type {
  BeginTaskRunProgress,
  CollabStepsProgress,
} from '@kyros/activities/task-run/task-run-types';

// Reading the failures the task workflow's activities report (pure helpers, workflow-safe).

/** A local activity's failure arrives as the ApplicationFailure itself, a normal one wrapped. */
export function applicationFailureIn(error: unknown): ApplicationFailure | undefined {
  let current: unknown = error;
  while (current instanceof Error) {
    if (current instanceof ApplicationFailure) return current;
    current = current.cause;
  }
  return undefined;
}

/** The failure type an activity reported, for the `executor_failed` event. */
export function failureTypeOf(error: unknown): Record<string, unknown> {
  const failure = applicationFailureIn(error);
  return failure ? { error_type: failure.type, non_retryable: failure.nonRetryable } : {};
}

/** How many steps of a refused `runCollabSteps` had landed; undefined when not known. */
export function completedStepsIn(error: unknown): number | undefined {
  const details = applicationFailureIn(error)?.details?.[0] as CollabStepsProgress | undefined;
  return typeof details?.completedSteps === 'number' ? details.completedSteps : undefined;
}

/** What a stopped `beginTaskRun` had done; undefined when it stopped before loading the plan. */
export function beginProgressIn(error: unknown): BeginTaskRunProgress | undefined {
  const details = applicationFailureIn(error)?.details?.[0] as
    Partial<BeginTaskRunProgress> | undefined;
  if (details?.plan === undefined || !Array.isArray(details.claimSteps)) return undefined;
  return details as BeginTaskRunProgress;
}

/** The innermost message: what the executor or the API actually said. */
export function describe(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(error);
}
