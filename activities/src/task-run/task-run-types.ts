import type { TaskStatus } from '@kyros/contracts/schemas/collab-tasks';
import type { ExecutorResult, ExecutorSpec } from '@kyros/contracts/schemas/executors';

// The task workflow's activity inputs and outputs. Workflow code imports them as types only.

/** The executor a task names and the resource its lease must cover. */
export interface TaskPlan {
  executor: ExecutorSpec;
  resource: string;
}

export interface TaskLease {
  lockId: string;
  fencingToken: number;
  holder: string;
  ttlSeconds: number;
}

export interface LeaseRequest {
  taskId: string;
  resource: string;
  holder: string;
  ttlSeconds: number;
}

/**
 * Lease, claim and move on in one call (`POST /collab/tasks/{id}/claim`): `event` is the claim's
 * own event (the API adds the lease's `lock_id` and `resource`), `then` the move after it.
 */
export interface TaskClaimRequest extends LeaseRequest {
  event: TransitionEventInput;
  then: { to: TaskStatus; event: TransitionEventInput };
}

export interface TaskEventInput {
  event: string;
  actor: string;
  taskId: string;
  details: Record<string, unknown>;
}

/** An event recorded by the transition's own API call: in the same write, right after it. */
export interface TransitionEventInput {
  event: string;
  details: Record<string, unknown>;
}

export interface TaskTransitionInput {
  taskId: string;
  to: TaskStatus;
  actor: string;
  fencingToken?: number;
  reason?: string;
  event?: TransitionEventInput;
  /** A second move in the same call and write (`then` of the transition request). */
  then?: { to: TaskStatus; reason?: string; event?: TransitionEventInput };
  /** The actor's lease, released by the same call once the moves are written. */
  release?: LeaseReleaseInput;
}

export interface LeaseReleaseInput {
  lockId: string;
  holder: string;
  details?: Record<string, unknown>;
}

/** One collab call of `runCollabSteps`. */
export type CollabStep =
  { transition: TaskTransitionInput } | { emit: TaskEventInput } | { release: LeaseReleaseInput };

/** The failure details of a refused `runCollabSteps`: how many steps had landed before it. */
export interface CollabStepsProgress {
  completedSteps: number;
}

/** `beginTaskRun`: load the plan, take the lease and claim the task, in one local activity. */
export interface BeginTaskRunInput {
  taskId: string;
  /** The lease holder and the actor of every transition and event: the task's workflow. */
  actor: string;
  ttlSeconds: number;
  /** The workflow's ids, added to every event's details. */
  ids: { workflow_id: string; run_id: string };
  /** The plan the API read when it started the run (workflow input); read here when absent. */
  plan?: TaskPlan;
  /** After a visible wait for a busy lease: the plan and the lease held; only the claim is left. */
  held?: { plan: TaskPlan; lease: TaskLease };
}

/** Claimed and in progress under `lease`; or the resource is busy, and nothing else was done. */
export type BeginTaskRunResult =
  | { plan: TaskPlan; lease: TaskLease }
  | { plan: TaskPlan; busy: true }
  /** An earlier execution of this run finished it (its last workflow task was lost). */
  | { plan: TaskPlan; finished: ExecutorResult };

/**
 * The failure details of a `beginTaskRun` that stopped after loading the plan: what the workflow
 * must know to record the failure, move the task back and release the lease.
 */
export interface BeginTaskRunProgress {
  plan: TaskPlan;
  /** Granted before the failure: the workflow releases it. */
  lease?: TaskLease;
  /** The claim steps (transitions carrying their events) and how many of them landed. */
  claimSteps: CollabStep[];
  completedSteps: number;
  /** A transient failure during the claim: the workflow goes on with the remaining steps. */
  resumable: boolean;
}
