import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import type { WorkflowStep } from '@kyros/contracts/schemas/task-run-history';
import { describe, expect, it } from 'vitest';
import {
  collapsedEntries,
  emptyTimeline,
  mergeTimeline,
  withLiveEvent,
  type TaskTimeline,
} from './task-timeline.ts';

const at = (second: number) => `2026-12-06T10:00:${String(second).padStart(2, '0')}.000Z`;

function event(id: number, name: string, fields: Partial<CollabEvent> = {}): CollabEvent {
  return {
    id,
    ts: at(id),
    event: name,
    actor: 'agent-ada',
    target: 'T-101',
    details: {},
    ...fields,
  };
}

function step(eventId: number, name: string, fields: Partial<WorkflowStep> = {}): WorkflowStep {
  return {
    event_id: eventId,
    ts: at(eventId),
    kind: 'activity',
    name,
    status: 'completed',
    ...fields,
  };
}

const keys = (timeline: TaskTimeline) => timeline.entries.map((entry) => entry.key);

describe('task timeline', () => {
  it('merges events and workflow steps in time order', () => {
    const timeline = mergeTimeline(emptyTimeline('T-101'), {
      events: [event(1, 'task_claimed'), event(6, 'task_transitioned')],
      runs: [{ runId: 'r1', steps: [step(2, 'acquireTaskLease'), step(4, 'runTaskExecutor')] }],
    });
    expect(keys(timeline)).toEqual(['event:1', 'step:r1:2', 'step:r1:4', 'event:6']);
  });

  it('shows every run it is given, each step keyed by its run, the runs in time order', () => {
    const timeline = mergeTimeline(emptyTimeline('T-101'), {
      runs: [
        { runId: 'r2', steps: [step(7, 'beginTaskRun'), step(9, 'runTaskExecutor')] },
        { runId: 'r1', steps: [step(2, 'beginTaskRun'), step(4, 'runTaskExecutor')] },
      ],
    });
    expect(keys(timeline)).toEqual(['step:r1:2', 'step:r1:4', 'step:r2:7', 'step:r2:9']);
    // A reload bringing the same runs back adds nothing.
    expect(
      mergeTimeline(timeline, { runs: [{ runId: 'r1', steps: [step(2, 'beginTaskRun')] }] }),
    ).toBe(timeline);
  });

  it('keeps only this task’s events (target or details.task_id)', () => {
    const timeline = mergeTimeline(emptyTimeline('T-101'), {
      events: [
        event(1, 'task_claimed', { target: 'T-102' }),
        event(2, 'lease_acquired', { target: 'lease-3', details: { task_id: 'T-101' } }),
      ],
    });
    expect(keys(timeline)).toEqual(['event:2']);
  });

  it('resumes after a reconnect without duplicates: a replayed or reloaded event is dropped', () => {
    const loaded = mergeTimeline(emptyTimeline('T-101'), {
      events: [event(1, 'task_claimed'), event(2, 'task_transitioned')],
    });
    // The stream resumes from Last-Event-ID and the page reloads its data: both overlap.
    let live = withLiveEvent(loaded, event(2, 'task_transitioned'));
    expect(live).toBe(loaded);
    live = withLiveEvent(live, event(3, 'task_run_started'));
    live = mergeTimeline(live, {
      events: [
        event(1, 'task_claimed'),
        event(2, 'task_transitioned'),
        event(3, 'task_run_started'),
      ],
    });
    expect(keys(live)).toEqual(['event:1', 'event:2', 'event:3']);
  });

  it('fills a gap when the reloaded page brings events the stream missed, in order', () => {
    const live = withLiveEvent(
      mergeTimeline(emptyTimeline('T-101'), { events: [event(1, 'task_claimed')] }),
      event(5, 'task_transitioned'),
    );
    const caughtUp = mergeTimeline(live, {
      events: [event(3, 'task_run_started'), event(5, 'task_transitioned')],
    });
    expect(keys(caughtUp)).toEqual(['event:1', 'event:3', 'event:5']);
  });

  it('updates a running step in place as the history advances', () => {
    const running = mergeTimeline(emptyTimeline('T-101'), {
      runs: [
        { runId: 'r1', steps: [step(4, 'runTaskExecutor', { status: 'running', attempts: 1 })] },
      ],
    });
    const again = mergeTimeline(running, {
      runs: [
        { runId: 'r1', steps: [step(4, 'runTaskExecutor', { status: 'running', attempts: 1 })] },
      ],
    });
    expect(again).toBe(running);
    const done = mergeTimeline(running, {
      runs: [
        { runId: 'r1', steps: [step(4, 'runTaskExecutor', { attempts: 2, ended_at: at(9) })] },
      ],
    });
    expect(done.entries).toHaveLength(1);
    expect(done.entries[0]).toMatchObject({ step: { status: 'completed', attempts: 2 } });
  });

  it('folds a terminal session’s open and close into one entry, whichever arrives first', () => {
    const opened = event(3, 'terminal_session_opened', {
      details: { session_id: 's1', task_id: 'T-101' },
      target: 'terminal:s1',
    });
    const closed = event(8, 'terminal_session_closed', {
      target: 'terminal:s1',
      details: { session_id: 's1', task_id: 'T-101', exit_code: 0, duration_ms: 5000 },
    });
    const forwards = mergeTimeline(emptyTimeline('T-101'), { events: [opened, closed] });
    const backwards = mergeTimeline(mergeTimeline(emptyTimeline('T-101'), { events: [closed] }), {
      events: [opened],
    });
    for (const timeline of [forwards, backwards]) {
      expect(timeline.entries).toEqual([
        {
          key: 'terminal:s1',
          kind: 'terminal',
          ts: at(3),
          sessionId: 's1',
          actor: 'agent-ada',
          closedAt: at(8),
          exitCode: 0,
          durationMs: 5000,
        },
      ]);
    }
    expect(withLiveEvent(forwards, closed)).toBe(forwards);
  });

  it('collapses runs of the same event by the same actor into the latest, counted', () => {
    const timeline = mergeTimeline(emptyTimeline('T-101'), {
      events: [
        event(1, 'lease_renewed'),
        event(2, 'lease_renewed'),
        event(3, 'lease_renewed'),
        event(4, 'task_transitioned'),
        event(5, 'lease_renewed'),
      ],
    });
    expect(
      collapsedEntries(timeline).map(({ entry, repeats }) => `${entry.key}×${repeats}`),
    ).toEqual(['event:3×3', 'event:4×1', 'event:5×1']);
  });
});
