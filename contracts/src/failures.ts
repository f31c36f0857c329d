import { ApplicationFailure, type Duration, type RetryPolicy } from '@temporalio/common';
import { msOptionalToNumber } from '@temporalio/common/lib/time.js';

/**
 * Every ApplicationFailure type Kyros raises, shared by workflows, activities and the API. A
 * `refusal` is a domain answer that no retry can change: Temporal stops at once. A `transient`
 * failure is retried under the caller's retry policy (backoff, maximum attempts), which bounds it.
 * Pure: workflow code imports it.
 */
export const FAILURE_TYPES = {
  // The worker was started without a database: every attempt on it fails the same way.
  NoDatabase: 'refusal',
  // The row's status forbids the move (someone else moved the job): asking again changes nothing.
  IllegalJobTransition: 'refusal',
  // The variant exists and belongs to another job.
  VariantNotOfJob: 'refusal',
  // An accept arrived when the job was not (or no longer) awaiting review.
  JobNotAwaitingReview: 'refusal',
  // The task names no executor; only an edit of the task can change that.
  TaskNotRunnable: 'refusal',
  // A bad spec, a path outside the workspace, an unknown executor: the same input fails again.
  ExecutorInputError: 'refusal',
  // The lease was taken over while the executor ran; going on would write without it.
  LeaseLost: 'refusal',
  // A step of a grouped collab call was refused (its cause says which refusal).
  CollabStepRefused: 'refusal',
  // Not a domain answer: the task run's first local activity stopped on a transient failure
  // after the lease was granted, so that the workflow, now holding the lease, resumes the claim.
  TaskRunInterrupted: 'refusal',
  // Slack answered a channel reply with a 4xx other than 429 (an expired or used-up response_url,
  // blocks it refuses): the same post fails again.
  SlackReplyRefused: 'refusal',
  // The webhook delivery (or its subscription) was deleted, or its secret cannot be read.
  WebhookDeliveryGone: 'refusal',
  // The subscription's URL leads to a loopback, private or other non-public address (SSRF guard).
  WebhookTargetRefused: 'refusal',

  // A connection loss, shutdown, serialization conflict or timeout: see database-faults.ts.
  DatabaseUnavailable: 'transient',
  // The workflow starts only after the job row commits, so a missing row is a read gone wrong.
  JobNotFound: 'transient',
  // Variant ids come from committed rows (the workflow read them), so likewise.
  VariantNotFound: 'transient',
  // Temporal's schedule is created before its row commits: an early first run can miss the row.
  ScheduleNotFound: 'transient',
  // Another holder has the lease; it ends or expires.
  LeaseBusy: 'transient',
  // The executor said another attempt may not meet this (a busy resource).
  ExecutorTransientError: 'transient',
  // Slack's response_url answered 5xx or 429, or could not be reached: try again shortly.
  SlackReplyUnavailable: 'transient',
  // The subscriber did not answer 2xx (or not at all): Temporal retries with backoff.
  WebhookDeliveryFailed: 'transient',
} as const satisfies Record<string, 'refusal' | 'transient'>;

export type FailureType = keyof typeof FAILURE_TYPES;
export type RefusalType = {
  [T in FailureType]: (typeof FAILURE_TYPES)[T] extends 'refusal' ? T : never;
}[FailureType];

/** A refusal of the collaboration API, by HTTP status: `CollabApi404`, `CollabApi412`, … */
export type CollabApiFailureType = `CollabApi${number}`;

/** Statuses of the collaboration API that asking again later can change. */
const RETRYABLE_HTTP_STATUSES = new Set([408, 425, 429]);

export interface FailureOptions {
  cause?: Error;
  /** Overrides the retry policy's next interval (e.g. to add jitter); retryable types only. */
  nextRetryDelay?: Duration;
}

/** The failure of `type`; whether Temporal retries it follows from FAILURE_TYPES, not the caller. */
export function failure(
  type: FailureType,
  message: string,
  options: FailureOptions = {},
): ApplicationFailure {
  const nonRetryable = FAILURE_TYPES[type] === 'refusal';
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable,
    ...(options.cause ? { cause: options.cause } : {}),
    ...(options.nextRetryDelay === undefined || nonRetryable
      ? {}
      : { nextRetryDelay: options.nextRetryDelay }),
  });
}

/**
 * A 4xx from the collaboration API as a failure of type `CollabApi<status>`: final, except the
 * statuses that mean "not now" (408, 425, 429), which a later attempt may get past.
 */
export function collabApiFailure(status: number, message: string): ApplicationFailure {
  const type: CollabApiFailureType = `CollabApi${status}`;
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: !RETRYABLE_HTTP_STATUSES.has(status),
  });
}

/** For a retry policy's `nonRetryableErrorTypes`: only refusals type-check. */
export function refusals(...types: RefusalType[]): RefusalType[] {
  return types;
}

/** Whether `error` is a failure of `type` (an ApplicationFailure, e.g. an ActivityFailure's cause). */
export function isFailureOfType(error: unknown, type: FailureType): boolean {
  return error instanceof ApplicationFailure && error.type === type;
}

/**
 * The delay before the next attempt: the policy's exponential backoff after `attempt` (1-based)
 * failed, with equal jitter (between half and all of it). Temporal's RetryPolicy has no jitter,
 * so activities that lost one database together would otherwise all come back in step.
 */
export function jitteredRetryDelayMs(
  policy: RetryPolicy | undefined,
  attempt: number,
  random: () => number,
): number {
  // Temporal's defaults: 1 s, coefficient 2, maximum 100 × the initial interval.
  const initial = msOptionalToNumber(policy?.initialInterval) ?? 1_000;
  const coefficient = policy?.backoffCoefficient ?? 2;
  const maximum = msOptionalToNumber(policy?.maximumInterval) ?? 100 * initial;
  const backoff = Math.min(maximum, initial * coefficient ** Math.max(0, attempt - 1));
  return Math.round(backoff / 2 + (random() * backoff) / 2);
}
