import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import type { WorkflowStep } from '@kyros/contracts/schemas/task-run-history';
import { matchesFilter } from './event-filter.ts';

/**
 * One task's timeline, pure: its events, its runs' workflow steps (the latest and a few before
 * it) and the terminal sessions opened for it, merged in time order. Every entry has a stable key (`event:<id>`,
 * `step:<run>:<history id>`, `terminal:<session>`), so merging the same material twice — a
 * reload that overlaps the live stream, a replay after a reconnect — changes nothing.
 */

export type TimelineEntry =
  | { key: string; kind: 'event'; ts: string; event: CollabEvent }
  | { key: string; kind: 'step'; ts: string; runId: string; step: WorkflowStep }
  | {
      key: string;
      kind: 'terminal';
      ts: string;
      sessionId: string;
      actor: string;
      closedAt?: string;
      exitCode?: number | null;
      durationMs?: number;
    };

export interface TaskTimeline {
  taskId: string;
  /** Ordered by time; see `compareEntries`. */
  entries: TimelineEntry[];
}

export interface WorkflowRun {
  runId: string;
  steps: WorkflowStep[];
}

const TERMINAL_EVENTS = new Set(['terminal_session_opened', 'terminal_session_closed']);

export function emptyTimeline(taskId: string): TaskTimeline {
  return { taskId, entries: [] };
}

/** Adds what is new in `events` and `runs`; a run's steps replace that run's earlier steps. */
export function mergeTimeline(
  timeline: TaskTimeline,
  { events = [], runs = [] }: { events?: readonly CollabEvent[]; runs?: readonly WorkflowRun[] },
): TaskTimeline {
  const byKey = new Map(timeline.entries.map((entry) => [entry.key, entry]));
  let changed = false;
  for (const event of events) {
    if (!matchesFilter(event, { task: [timeline.taskId] })) continue;
    if (TERMINAL_EVENTS.has(event.event)) changed = foldTerminal(byKey, event) || changed;
    else if (!byKey.has(`event:${event.id}`)) {
      byKey.set(`event:${event.id}`, {
        key: `event:${event.id}`,
        kind: 'event',
        ts: event.ts,
        event,
      });
      changed = true;
    }
  }
  for (const run of runs) {
    for (const step of run.steps) {
      const key = `step:${run.runId}:${step.event_id}`;
      const before = byKey.get(key);
      if (before?.kind === 'step' && sameStep(before.step, step)) continue;
      byKey.set(key, { key, kind: 'step', ts: step.ts, runId: run.runId, step });
      changed = true;
    }
  }
  if (!changed) return timeline;
  return { ...timeline, entries: [...byKey.values()].sort(compareEntries) };
}

/** One live event; the same timeline back when it is a repeat or not about this task. */
export function withLiveEvent(timeline: TaskTimeline, event: CollabEvent): TaskTimeline {
  return mergeTimeline(timeline, { events: [event] });
}

/**
 * Entries to show: runs of the same event by the same actor in a row (heartbeats, progress) fold
 * into their latest, with how many they stand for.
 */
export function collapsedEntries(
  timeline: TaskTimeline,
): { entry: TimelineEntry; repeats: number }[] {
  const shown: { entry: TimelineEntry; repeats: number }[] = [];
  for (const entry of timeline.entries) {
    const last = shown.at(-1);
    if (
      last &&
      last.entry.kind === 'event' &&
      entry.kind === 'event' &&
      last.entry.event.event === entry.event.event &&
      last.entry.event.actor === entry.event.actor
    ) {
      shown[shown.length - 1] = { entry, repeats: last.repeats + 1 };
    } else shown.push({ entry, repeats: 1 });
  }
  return shown;
}

function foldTerminal(byKey: Map<string, TimelineEntry>, event: CollabEvent): boolean {
  const { session_id: given } = event.details;
  const sessionId = typeof given === 'string' ? given : String(event.id);
  const key = `terminal:${sessionId}`;
  const before = byKey.get(key);
  const session: Extract<TimelineEntry, { kind: 'terminal' }> =
    before?.kind === 'terminal'
      ? { ...before }
      : { key, kind: 'terminal', ts: event.ts, sessionId, actor: event.actor };
  if (event.event === 'terminal_session_opened') {
    if (before?.kind === 'terminal' && before.ts <= event.ts) return false;
    session.ts = event.ts;
  } else {
    if (before?.kind === 'terminal' && before.closedAt) return false;
    session.closedAt = event.ts;
    const { exit_code: exitCode, duration_ms: durationMs } = event.details;
    session.exitCode = typeof exitCode === 'number' ? exitCode : null;
    if (typeof durationMs === 'number') session.durationMs = durationMs;
  }
  byKey.set(key, session);
  return true;
}

function sameStep(a: WorkflowStep, b: WorkflowStep): boolean {
  return (
    a.status === b.status &&
    a.attempts === b.attempts &&
    a.ended_at === b.ended_at &&
    a.failure === b.failure
  );
}

const KIND_ORDER = { event: 0, step: 1, terminal: 2 } as const;

/** Time first; then events by log offset, steps by history id, so the order never wobbles. */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (a.kind === 'event' && b.kind === 'event') return a.event.id - b.event.id;
  if (a.kind === 'step' && b.kind === 'step') return a.step.event_id - b.step.event_id;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
