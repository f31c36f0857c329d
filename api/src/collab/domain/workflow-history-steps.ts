import type { WorkflowStep, WorkflowStepStatus } from '@kyros/contracts/schemas/task-run-history';

/**
 * Temporal history → timeline steps, pure. It reads both shapes a history comes in: the SDK's
 * protobuf objects (`handle.fetchHistory()`: Long ids, `{seconds, nanos}` times, byte payloads)
 * and the CLI's proto3 JSON (string ids, ISO times, base64 payloads), by looking at which
 * `…EventAttributes` an event carries rather than at its numeric type.
 */

type Loose = Record<string, unknown>;

export interface WorkflowSteps {
  steps: WorkflowStep[];
  /** Events folded away: workflow tasks, patch markers, search-attribute upserts. */
  collapsed: number;
}

const NOISE = [
  'workflowTaskScheduledEventAttributes',
  'workflowTaskStartedEventAttributes',
  'workflowTaskCompletedEventAttributes',
  'upsertWorkflowSearchAttributesEventAttributes',
  'workflowPropertiesModifiedEventAttributes',
  'activityTaskCancelRequestedEventAttributes',
  'timerCanceledEventAttributes',
  'workflowExecutionUpdateCompletedEventAttributes',
];

const WORKFLOW_ENDS: Record<string, WorkflowStepStatus> = {
  workflowExecutionCompletedEventAttributes: 'completed',
  workflowExecutionFailedEventAttributes: 'failed',
  workflowExecutionTimedOutEventAttributes: 'timed_out',
  workflowExecutionCanceledEventAttributes: 'cancelled',
  workflowExecutionTerminatedEventAttributes: 'cancelled',
  workflowExecutionContinuedAsNewEventAttributes: 'completed',
};

const ACTIVITY_ENDS: Record<string, WorkflowStepStatus> = {
  activityTaskCompletedEventAttributes: 'completed',
  activityTaskFailedEventAttributes: 'failed',
  activityTaskTimedOutEventAttributes: 'timed_out',
  activityTaskCanceledEventAttributes: 'cancelled',
};

export function workflowHistorySteps(events: readonly unknown[]): WorkflowSteps {
  const steps: WorkflowStep[] = [];
  const open = new Map<number, WorkflowStep>();
  let collapsed = 0;
  for (const raw of events) {
    const event = asLoose(raw);
    const id = numberOf(event.eventId);
    const ts = eventTime(event.eventTime);
    if (!Number.isFinite(id) || !ts) continue;
    const [key, attrs] = attributesOf(event);
    if (!key || !attrs) continue;
    const step = (fields: Omit<WorkflowStep, 'event_id' | 'ts'>) => {
      const made: WorkflowStep = { event_id: id, ts, ...fields };
      steps.push(made);
      return made;
    };
    if (NOISE.includes(key)) {
      collapsed += 1;
    } else if (key === 'workflowExecutionStartedEventAttributes') {
      step({ kind: 'workflow', name: nameOf(attrs.workflowType), status: 'started' });
    } else if (key in WORKFLOW_ENDS) {
      const failure = failureMessage(attrs.failure);
      step({
        kind: 'workflow',
        name: key === 'workflowExecutionTerminatedEventAttributes' ? 'terminated' : 'finished',
        status: WORKFLOW_ENDS[key] ?? 'completed',
        ...(failure ? { failure } : {}),
      });
    } else if (key === 'workflowExecutionCancelRequestedEventAttributes') {
      step({ kind: 'signal', name: 'cancel requested', status: 'completed' });
    } else if (key === 'activityTaskScheduledEventAttributes') {
      open.set(
        id,
        step({ kind: 'activity', name: nameOf(attrs.activityType), status: 'scheduled' }),
      );
    } else if (key === 'activityTaskStartedEventAttributes') {
      const scheduled = open.get(numberOf(attrs.scheduledEventId));
      if (scheduled) {
        scheduled.status = 'running';
        scheduled.attempts = numberOf(attrs.attempt ?? 1) || 1;
        const retried = failureMessage(attrs.lastFailure);
        if (retried) scheduled.failure = retried;
      }
    } else if (key in ACTIVITY_ENDS) {
      const scheduled = open.get(numberOf(attrs.scheduledEventId));
      if (scheduled) {
        scheduled.status = ACTIVITY_ENDS[key] ?? 'completed';
        scheduled.ended_at = ts;
        const failure = failureMessage(attrs.failure);
        if (failure) scheduled.failure = failure;
      }
    } else if (key === 'markerRecordedEventAttributes') {
      const local = localActivity(attrs);
      if (local) step(local);
      else collapsed += 1;
    } else if (key === 'workflowExecutionSignaledEventAttributes') {
      step({ kind: 'signal', name: textOf(attrs.signalName, 'signal'), status: 'completed' });
    } else if (key === 'workflowExecutionUpdateAcceptedEventAttributes') {
      const request = asLoose(attrs.acceptedRequest);
      const name = asLoose(request.input).name;
      step({ kind: 'update', name: textOf(name, 'update'), status: 'completed' });
    } else if (key === 'timerStartedEventAttributes') {
      open.set(
        id,
        step({ kind: 'timer', name: textOf(attrs.timerId, 'timer'), status: 'running' }),
      );
    } else if (key === 'timerFiredEventAttributes') {
      const timer = open.get(numberOf(attrs.startedEventId));
      if (timer) Object.assign(timer, { status: 'completed', ended_at: ts });
    } else if (
      key === 'workflowTaskFailedEventAttributes' ||
      key === 'workflowTaskTimedOutEventAttributes'
    ) {
      // A worker that crashed or timed out mid-task: worth a line, unlike a healthy workflow task.
      const failure = failureMessage(attrs.failure);
      step({
        kind: 'workflow_task',
        name: key === 'workflowTaskFailedEventAttributes' ? 'workflow task failed' : 'worker lost',
        status: key === 'workflowTaskFailedEventAttributes' ? 'failed' : 'timed_out',
        ...(failure ? { failure } : {}),
      });
    } else {
      collapsed += 1;
    }
  }
  return { steps, collapsed };
}

/** A local activity is a `core_local_activity` marker whose `data` payload names it. */
function localActivity(attrs: Loose): Omit<WorkflowStep, 'event_id' | 'ts'> | undefined {
  if (attrs.markerName !== 'core_local_activity') return undefined;
  const details = asLoose(attrs.details);
  const data = asLoose(decodePayload(asLoose(details.data)));
  if (typeof data.activity_type !== 'string') return undefined;
  const failure = failureMessage(attrs.failure);
  return {
    kind: 'local_activity',
    name: data.activity_type,
    status: failure ? 'failed' : 'completed',
    attempts: numberOf(data.attempt ?? 1) || 1,
    ...(failure ? { failure } : {}),
  };
}

function attributesOf(event: Loose): [string | undefined, Loose | undefined] {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventAttributes') && value && typeof value === 'object') {
      return [key, value as Loose];
    }
  }
  return [undefined, undefined];
}

function asLoose(value: unknown): Loose {
  return value && typeof value === 'object' ? (value as Loose) : {};
}

function nameOf(value: unknown): string {
  return textOf(asLoose(value).name, 'unknown');
}

function textOf(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** A number from JSON (number or string) or from protobufjs (a Long, which has `toNumber`). */
function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' || typeof value === 'bigint') return Number(value);
  const long = value as { toNumber?: unknown } | null;
  if (long && typeof long.toNumber === 'function')
    return Number((long.toNumber as () => unknown)());
  return Number.NaN;
}

function eventTime(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
  }
  const { seconds, nanos } = asLoose(value);
  if (seconds == null) return undefined;
  const ms = numberOf(seconds) * 1000 + Math.floor(numberOf(nanos ?? 0) / 1e6);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** The innermost failure message: "Activity task failed" wraps the executor's own message. */
function failureMessage(value: unknown): string | undefined {
  let failure = asLoose(value);
  if (!failure.message) return undefined;
  while (asLoose(failure.cause).message) failure = asLoose(failure.cause);
  return textOf(failure.message, 'failed').slice(0, 500);
}

/** The first JSON payload of a Payloads, whether its bytes are a Uint8Array or base64 text. */
function decodePayload(payloads: Loose): unknown {
  const first = asLoose((payloads.payloads as unknown[] | undefined)?.[0]);
  const data = first.data;
  let text: string;
  if (data instanceof Uint8Array) text = new TextDecoder().decode(data);
  else if (typeof data === 'string') text = new TextDecoder().decode(base64Bytes(data));
  else return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function base64Bytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
