import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkflowStep } from '@kyros/contracts/schemas/task-run-history';
import { workflowHistorySteps } from './workflow-history-steps.ts';

// Real histories the workflow tests recorded (Temporal CLI proto3 JSON).
function fixture(name: string): unknown[] {
  const url = new URL(`../../../../workflows/test/fixtures/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { events: unknown[] }).events;
}

function summary(events: unknown[]) {
  const { steps } = workflowHistorySteps(events);
  return steps.map((step) => `${step.kind}:${step.name}:${step.status}`);
}

describe('workflowHistorySteps', () => {
  it('turns a finished run into its activities and local activities, noise collapsed', () => {
    const events = fixture('task-workflow-docs-format-local-steps');
    const { steps, collapsed } = workflowHistorySteps(events);
    expect(summary(events)).toEqual([
      'workflow:taskWorkflow:started',
      'local_activity:loadTaskPlan:completed',
      'local_activity:acquireTaskLease:completed',
      'local_activity:runCollabSteps:completed',
      'activity:runTaskExecutor:completed',
      'local_activity:runCollabSteps:completed',
      'workflow:finished:completed',
    ]);
    // Workflow tasks (2 × 3), the patch marker and the search-attribute upsert.
    expect(collapsed).toBe(8);
    expect(steps.length + collapsed).toBe(events.length - 2); // started + completed of the activity fold in
    for (const step of steps) expect(WorkflowStep.safeParse(step).success).toBe(true);
    const executor = steps.find((step) => step.name === 'runTaskExecutor');
    expect(executor?.attempts).toBe(1);
    expect(executor?.ended_at && executor.ended_at >= executor.ts).toBe(true);
  });

  it('shows a retried activity with its attempts and the failure that caused the retry', () => {
    const executor = workflowHistorySteps(
      fixture('task-workflow-transient-retry-local-steps'),
    ).steps.find((step) => step.name === 'runTaskExecutor');
    expect(executor).toMatchObject({ status: 'completed', attempts: 3 });
    expect(executor?.failure).toBe('injected transient failure of docs/format');
  });

  it('names the innermost failure of a failed activity and of the workflow', () => {
    const { steps } = workflowHistorySteps(fixture('task-workflow-bad-input-local-steps'));
    expect(steps.find((step) => step.name === 'runTaskExecutor')).toMatchObject({
      status: 'failed',
      failure: 'injected bad-input failure of docs/format',
    });
    expect(steps.at(-1)).toMatchObject({
      kind: 'workflow',
      status: 'failed',
      failure: 'injected bad-input failure of docs/format',
    });
  });

  it('records a cancellation request and the cancelled activity', () => {
    const lines = summary(fixture('task-workflow-cancelled-local-steps'));
    expect(lines).toContain('signal:cancel requested:completed');
    expect(lines).toContain('activity:runTaskExecutor:cancelled');
    expect(lines.at(-1)).toBe('workflow:finished:cancelled');
  });

  it('reads the SDK shape too: Long-like ids, {seconds, nanos} times, byte payloads', () => {
    const bytes = new TextEncoder().encode(
      JSON.stringify({ activity_type: 'acquireTaskLease', attempt: 2 }),
    );
    const long = (value: number) => ({ toNumber: () => value });
    const at = { seconds: long(1_796_516_525), nanos: 250_000_000 };
    const { steps, collapsed } = workflowHistorySteps([
      {
        eventId: long(1),
        eventTime: at,
        workflowExecutionStartedEventAttributes: { workflowType: { name: 'taskWorkflow' } },
      },
      { eventId: long(2), eventTime: at, workflowTaskScheduledEventAttributes: {} },
      {
        eventId: long(3),
        eventTime: at,
        markerRecordedEventAttributes: {
          markerName: 'core_local_activity',
          details: { data: { payloads: [{ data: bytes }] } },
        },
      },
      {
        eventId: long(4),
        eventTime: at,
        workflowExecutionSignaledEventAttributes: { signalName: 'approve' },
      },
    ]);
    expect(collapsed).toBe(1);
    expect(steps).toEqual([
      {
        event_id: 1,
        ts: '2026-12-06T00:22:05.250Z',
        kind: 'workflow',
        name: 'taskWorkflow',
        status: 'started',
      },
      {
        event_id: 3,
        ts: '2026-12-06T00:22:05.250Z',
        kind: 'local_activity',
        name: 'acquireTaskLease',
        status: 'completed',
        attempts: 2,
      },
      {
        event_id: 4,
        ts: '2026-12-06T00:22:05.250Z',
        kind: 'signal',
        name: 'approve',
        status: 'completed',
      },
    ]);
  });

  it('skips what it cannot read instead of throwing', () => {
    expect(
      workflowHistorySteps([null, 3, { eventId: 'x' }, { eventId: 1, eventTime: 'nope' }]),
    ).toEqual({
      steps: [],
      collapsed: 0,
    });
  });
});
