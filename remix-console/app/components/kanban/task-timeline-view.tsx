import type { WorkflowStep } from '@kyros/contracts/schemas/task-run-history';
import { useEffect, useState } from 'react';
import {
  collapsedEntries,
  type TaskTimeline,
  type TimelineEntry,
} from '../../lib/task-timeline.ts';
import { Badge, type BadgeTone } from '../ui/badge.tsx';
import { buttonClass } from '../ui/button.ts';

const STEP_TONES: Record<WorkflowStep['status'], BadgeTone> = {
  started: 'info',
  scheduled: 'neutral',
  running: 'info',
  completed: 'good',
  failed: 'bad',
  timed_out: 'bad',
  cancelled: 'warn',
};

const STEP_KINDS: Record<WorkflowStep['kind'], string> = {
  workflow: 'workflow',
  activity: 'activity',
  local_activity: 'local activity',
  signal: 'signal',
  update: 'update',
  timer: 'timer',
  workflow_task: 'worker',
};

const REPLAY_STEP_MS = 350;

/**
 * The task's timeline, oldest first. "Replay" walks it entry by entry (the slider does the same by
 * hand); entries past the replay point are dimmed, so the run can be read as it happened.
 */
export function TaskTimelineView({
  timeline,
  collapsed,
}: {
  timeline: TaskTimeline;
  collapsed: number;
}) {
  const rows = collapsedEntries(timeline);
  const [cursor, setCursor] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      setCursor((current) => {
        const next = (current ?? -1) + 1;
        if (next >= rows.length - 1) setPlaying(false);
        return Math.min(next, rows.length - 1);
      });
    }, REPLAY_STEP_MS);
    return () => window.clearInterval(timer);
  }, [playing, rows.length]);
  const shownUpTo = cursor ?? rows.length - 1;
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-3 border-b border-line px-5 py-2.5 text-xs text-muted">
        <button
          type="button"
          data-testid="timeline-replay"
          disabled={rows.length === 0}
          onClick={() => {
            setCursor(-1);
            setPlaying(true);
          }}
          className={buttonClass('secondary', 'px-2.5 py-1 text-xs')}
        >
          ▶ Replay
        </button>
        <input
          type="range"
          aria-label="Replay position"
          min={0}
          max={Math.max(0, rows.length - 1)}
          value={Math.max(0, shownUpTo)}
          onChange={(event) => {
            setPlaying(false);
            setCursor(Number(event.target.value));
          }}
          className="flex-1 accent-[var(--color-accent)]"
        />
        <span className="tabular-nums" data-testid="timeline-count">
          {rows.length} entries
          {collapsed > 0 ? ` · ${collapsed} workflow events folded` : ''}
        </span>
      </div>
      {rows.length === 0 ? (
        <p className="px-5 py-10 text-center text-sm text-muted">
          Nothing has happened to this task yet.
        </p>
      ) : (
        <ol className="min-h-0 flex-1 overflow-y-auto px-5 py-3" data-testid="task-timeline">
          {rows.map(({ entry, repeats }, index) => (
            <li
              key={entry.key}
              data-testid="timeline-entry"
              data-kind={entry.kind}
              data-key={entry.key}
              className={`relative border-l border-line py-2 pl-4 transition-opacity ${
                index > shownUpTo ? 'opacity-25' : ''
              }`}
            >
              <span
                aria-hidden="true"
                className={`absolute -left-[5px] top-3.5 size-2.5 rounded-full ring-2 ring-[var(--color-surface)] ${dotColour(entry)}`}
              />
              <EntryBody entry={entry} repeats={repeats} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function dotColour(entry: TimelineEntry): string {
  if (entry.kind === 'step') return 'bg-indigo-400';
  if (entry.kind === 'terminal') return 'bg-emerald-400';
  return 'bg-[var(--color-line-strong)]';
}

function EntryBody({ entry, repeats }: { entry: TimelineEntry; repeats: number }) {
  const time = (
    <time dateTime={entry.ts} title={entry.ts} className="font-mono text-[11px] text-subtle">
      {entry.ts.slice(11, 19)}
    </time>
  );
  if (entry.kind === 'step') {
    const { step } = entry;
    return (
      <div data-step={step.name} data-step-kind={step.kind} data-status={step.status}>
        <p className="flex flex-wrap items-center gap-2 text-[13px]">
          {time}
          <span className="text-[11px] uppercase tracking-wide text-subtle">
            {STEP_KINDS[step.kind]}
          </span>
          <span className="font-mono text-fg">{step.name}</span>
          <Badge tone={STEP_TONES[step.status]}>{step.status.replace('_', ' ')}</Badge>
          {step.attempts && step.attempts > 1 ? (
            <Badge tone="warn">{step.attempts} attempts</Badge>
          ) : null}
          {step.ended_at ? (
            <span className="font-mono text-[11px] text-subtle">
              {Date.parse(step.ended_at) - Date.parse(step.ts)} ms
            </span>
          ) : null}
        </p>
        {step.failure ? (
          <p className="mt-0.5 text-xs text-rose-600 dark:text-rose-300">{step.failure}</p>
        ) : null}
      </div>
    );
  }
  if (entry.kind === 'terminal') {
    return (
      <p className="flex flex-wrap items-center gap-2 text-[13px]">
        {time}
        <span className="text-[11px] uppercase tracking-wide text-subtle">terminal</span>
        <span className="text-fg">{entry.actor}</span>
        <Badge tone={entry.closedAt ? 'neutral' : 'good'}>
          {entry.closedAt
            ? `closed${entry.exitCode === null || entry.exitCode === undefined ? '' : `, exit ${entry.exitCode}`}`
            : 'open'}
        </Badge>
        {entry.durationMs === undefined ? null : (
          <span className="font-mono text-[11px] text-subtle">
            {Math.round(entry.durationMs / 1000)} s
          </span>
        )}
      </p>
    );
  }
  const { event } = entry;
  const details = Object.entries(event.details)
    .filter(([key]) => key !== 'task_id')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('  ');
  return (
    <div>
      <p className="flex flex-wrap items-center gap-2 text-[13px]">
        {time}
        <Badge tone="accent">{event.event}</Badge>
        {repeats > 1 ? <span className="text-[11px] text-subtle">×{repeats}</span> : null}
        <span className="text-muted">{event.actor}</span>
      </p>
      {details ? (
        <p className="mt-0.5 truncate font-mono text-[11px] text-subtle" title={details}>
          {details}
        </p>
      ) : null}
    </div>
  );
}
