import { TASK_STATUSES, type Task, type TaskStatus } from '@kyros/contracts/schemas/collab-tasks';
import { Link, useFetcher } from '@remix-run/react';
import { memo, useEffect, useRef, type KeyboardEvent } from 'react';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { Icon } from '../nav-icons.tsx';
import { Badge, type BadgeTone } from '../ui/badge.tsx';
import { DodChecklist } from './task-dod-checklist.tsx';
import { ExecutorControls } from './task-executor-controls.tsx';
import { OpenShellLink } from '../terminal/open-shell-link.tsx';
import { canMove, COLUMN_LABELS, keyboardTarget, type Dependency } from './board-model.ts';
import { roleBlock } from '../../lib/roles.ts';
import { useRole } from '../../lib/use-role.ts';

const PRIORITY_TONES: Record<Task['priority'], BadgeTone> = {
  critical: 'bad',
  high: 'warn',
  medium: 'info',
  low: 'neutral',
};

export function moveFetcherKey(taskId: string): string {
  return `move:${taskId}`;
}

/**
 * Turns the answer to a task's move into a toast. Rendered once per task outside the columns, so
 * it stays mounted while the card itself remounts in its new (or, on failure, old) column.
 */
export function MoveFeedback({ taskId }: { taskId: string }) {
  const move = useFetcher<ActionResult>({ key: moveFetcherKey(taskId) });
  useActionToast(move.data);
  return null;
}

export interface TaskCardProps {
  task: Task;
  /** The column the card is shown in (differs from task.status while a move is in flight). */
  shownStatus: TaskStatus;
  dependencies: Dependency[];
  workflowUrl?: string;
  autoFocus?: boolean;
  onMove: (task: Task, to: TaskStatus) => void;
  onDragStart: (task: Task) => void;
  onDragEnd: () => void;
}

/**
 * One task on the board (re-rendered only when what it shows changed, so a live event patching
 * one task of a thousand re-renders one card). The callbacks are left out of that comparison:
 * the board's only use React state setters and `submit`, so an earlier one does the same.
 */
export const TaskCard = memo(TaskCardView, (before, after) => {
  return (
    before.task === after.task &&
    before.shownStatus === after.shownStatus &&
    before.workflowUrl === after.workflowUrl &&
    before.autoFocus === after.autoFocus &&
    sameDependencies(before.dependencies, after.dependencies)
  );
});

function sameDependencies(a: readonly Dependency[], b: readonly Dependency[]): boolean {
  return (
    a.length === b.length &&
    a.every((item, index) => {
      const other = b[index];
      return other?.id === item.id && other.state === item.state && other.status === item.status;
    })
  );
}

/** One task on the board; Shift+←/→ moves it, and so does the "Move to" menu or dragging it. */
function TaskCardView({
  task,
  shownStatus,
  dependencies,
  workflowUrl,
  autoFocus,
  onMove,
  onDragStart,
  onDragEnd,
}: TaskCardProps) {
  const moving = shownStatus !== task.status;
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus]);
  const blocked = dependencies.some((dependency) => dependency.state !== 'done');
  const targets = TASK_STATUSES.filter((to) => canMove(shownStatus, to));

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.target !== event.currentTarget || !event.shiftKey) return;
    const direction =
      event.key === 'ArrowRight' ? 'right' : event.key === 'ArrowLeft' ? 'left' : undefined;
    if (!direction || moving) return;
    const to = keyboardTarget(task.status, direction);
    event.preventDefault();
    if (to) onMove(task, to);
  }

  const readOnly = roleBlock(useRole(), 'agent', 'move tasks');
  return (
    <article
      ref={ref}
      tabIndex={0}
      draggable={!moving && !readOnly}
      onDragStart={(event) => {
        event.dataTransfer.setData('text/plain', task.id);
        event.dataTransfer.effectAllowed = 'move';
        onDragStart(task);
      }}
      onDragEnd={onDragEnd}
      onKeyDown={onKeyDown}
      aria-label={`${task.id}: ${task.title}, ${COLUMN_LABELS[shownStatus]}`}
      aria-keyshortcuts="Shift+ArrowLeft Shift+ArrowRight"
      aria-busy={moving}
      data-testid={`task-card-${task.id}`}
      data-status={shownStatus}
      data-pending={moving}
      className={`focus-ring group relative rounded-xl border bg-surface p-2.5 shadow-sm transition ${
        moving ? 'border-accent/50 opacity-70' : 'border-line hover:border-line-strong'
      } cursor-grab active:cursor-grabbing`}
    >
      <div className="flex items-start justify-between gap-1.5">
        <span className="font-mono text-[11px] font-medium text-subtle">{task.id}</span>
        <span className="flex items-center gap-1">
          <OpenShellLink taskId={task.id} />
          <Badge tone={PRIORITY_TONES[task.priority]} testId="task-priority">
            {task.priority}
          </Badge>
        </span>
      </div>
      <h3
        className="mt-1 break-words text-[13px] font-medium leading-snug text-fg"
        data-testid="task-title"
      >
        {task.title}
      </h3>
      {task.labels.length > 0 ? (
        <div className="mt-2 flex flex-wrap gap-1">
          {task.labels.map((label) => (
            <span
              key={label}
              className="rounded bg-raised px-1.5 py-px text-[10px] text-muted ring-1 ring-line"
            >
              {label}
            </span>
          ))}
        </div>
      ) : null}
      {dependencies.length > 0 ? (
        <div className="mt-2 flex flex-wrap items-center gap-1" data-testid="task-dependencies">
          {blocked && shownStatus === 'queued' ? (
            <Badge tone="warn" testId="task-blocked">
              Blocked
            </Badge>
          ) : null}
          {dependencies.map((dependency) => (
            <Badge
              key={dependency.id}
              tone={
                dependency.state === 'done' ? 'good' : dependency.state === 'open' ? 'warn' : 'bad'
              }
              testId={`task-dependency-${dependency.id}`}
              title={
                dependency.state === 'missing'
                  ? `${dependency.id} does not exist`
                  : `${dependency.id} is ${COLUMN_LABELS[
                      dependency.status ?? 'queued'
                    ].toLowerCase()}`
              }
            >
              {dependency.state === 'done' ? '✓' : dependency.state === 'open' ? '○' : '?'}{' '}
              {dependency.id}
            </Badge>
          ))}
        </div>
      ) : null}
      {task.dod.length > 0 ? <DodChecklist task={task} /> : null}
      {task.executor ? <ExecutorControls task={task} workflowUrl={workflowUrl} /> : null}
      <footer className="mt-2 flex items-center justify-between gap-1.5 border-t border-line pt-2">
        <span
          className="min-w-0 truncate text-[11px] text-muted"
          data-testid="task-assignee"
          title={task.assignee ?? 'Unassigned'}
        >
          {task.assignee ?? <span className="text-subtle">Unassigned</span>}
        </span>
        <div className="flex shrink-0 items-center gap-1">
          <Link
            to={`/tasks/${encodeURIComponent(task.id)}`}
            preventScrollReset
            data-testid="task-open-timeline"
            aria-label={`Open the timeline of ${task.id}`}
            title="Timeline"
            className="focus-ring grid place-items-center rounded-md p-1 text-muted ring-1 ring-line hover:bg-raised hover:text-fg"
          >
            <Icon name="events" className="size-3" />
          </Link>
          <label className="sr-only" htmlFor={`move-${task.id}`}>
            Move {task.id} to
          </label>
          <select
            id={`move-${task.id}`}
            data-testid="task-move"
            value=""
            disabled={moving || targets.length === 0 || Boolean(readOnly)}
            title={readOnly}
            onChange={(event) => {
              const to = event.target.value as TaskStatus;
              if (to) onMove(task, to);
            }}
            className="focus-ring w-[3.75rem] rounded-md border border-line bg-raised px-1 py-0.5 text-[11px] text-muted disabled:opacity-40"
          >
            <option value="">Move…</option>
            {targets.map((to) => (
              <option key={to} value={to}>
                {COLUMN_LABELS[to]}
              </option>
            ))}
          </select>
        </div>
      </footer>
    </article>
  );
}
