import { TASK_STATUSES, type Task, type TaskStatus } from '@kyros/contracts/schemas/collab-tasks';
import { useFetchers, useSubmit } from '@remix-run/react';
import { useMemo, useState } from 'react';
import { canMove, COLUMN_LABELS, dependenciesOf, groupByStatus } from './board-model.ts';
import { MoveFeedback, moveFetcherKey, TaskCard } from './task-card.tsx';

const COLUMN_ACCENTS: Record<TaskStatus, string> = {
  queued: 'bg-zinc-400',
  claimed: 'bg-sky-400',
  in_progress: 'bg-indigo-400',
  review: 'bg-violet-400',
  approved: 'bg-teal-400',
  merging: 'bg-amber-400',
  done: 'bg-emerald-400',
};

/**
 * The Kanban board. A move is optimistic: the card shows in its new column while the transition
 * request is in flight; if the API refuses (409 conflict, 412 stale), the reloaded board puts it
 * back and the card's fetcher answer becomes an error toast.
 */
export function TaskBoard({
  tasks,
  workflowUrlOf,
}: {
  tasks: Task[];
  workflowUrlOf: (task: Task) => string | undefined;
}) {
  const submit = useSubmit();
  const fetchers = useFetchers();
  const [dragging, setDragging] = useState<Task | undefined>();
  const [dropTarget, setDropTarget] = useState<TaskStatus | undefined>();
  const [focusId, setFocusId] = useState<string | undefined>();

  const pendingMoves = useMemo(() => {
    const moves = new Map<string, TaskStatus>();
    for (const fetcher of fetchers) {
      const form = fetcher.formData;
      if (form?.get('intent') !== 'transition') continue;
      const id = form.get('id');
      if (typeof id === 'string') moves.set(id, form.get('to') as TaskStatus);
    }
    return moves;
  }, [fetchers]);
  const columns = groupByStatus(tasks, pendingMoves);
  const byId = useMemo(() => new Map(tasks.map((task) => [task.id, task])), [tasks]);

  function move(task: Task, to: TaskStatus) {
    if (!canMove(task.status, to)) return;
    setFocusId(task.id);
    submit(
      { intent: 'transition', id: task.id, to },
      { method: 'post', navigate: false, fetcherKey: moveFetcherKey(task.id) },
    );
  }

  return (
    <div
      className="-mx-2 flex min-h-[24rem] gap-2 overflow-x-auto px-2 pb-2 lg:h-[calc(100dvh-11.5rem)]"
      data-testid="task-board"
      role="region"
      aria-label="Task board. Focus a card and press Shift with the left or right arrow to move it."
    >
      {tasks.map((task) => (
        <MoveFeedback key={task.id} taskId={task.id} />
      ))}
      {TASK_STATUSES.map((status) => {
        const accepts = dragging !== undefined && canMove(dragging.status, status);
        const items = columns[status];
        return (
          <section
            key={status}
            aria-labelledby={`column-${status}`}
            data-testid={`column-${status}`}
            data-drop-allowed={dragging ? accepts : undefined}
            onDragOver={(event) => {
              if (!accepts) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              setDropTarget(status);
            }}
            onDragLeave={() =>
              setDropTarget((current) => (current === status ? undefined : current))
            }
            onDrop={(event) => {
              event.preventDefault();
              setDropTarget(undefined);
              if (dragging && accepts) move(dragging, status);
              setDragging(undefined);
            }}
            className={`flex min-w-[9rem] flex-1 basis-0 flex-col rounded-2xl border p-1.5 transition-colors ${
              dropTarget === status && accepts
                ? 'border-accent/60 bg-accent/10'
                : accepts
                  ? 'border-dashed border-accent/40 bg-sunken/50'
                  : 'border-line bg-sunken/50'
            } ${dragging && !accepts ? 'opacity-60' : ''}`}
          >
            <header className="flex min-w-0 items-center gap-1.5 px-1.5 pb-2 pt-1">
              <span
                aria-hidden="true"
                className={`size-2 rounded-full ${COLUMN_ACCENTS[status]}`}
              />
              <h2
                id={`column-${status}`}
                className="truncate text-[11px] font-semibold uppercase tracking-wide text-muted"
              >
                {COLUMN_LABELS[status]}
              </h2>
              <span
                className="ml-auto rounded-full bg-raised px-2 py-px font-mono text-[11px] text-subtle ring-1 ring-line"
                data-testid={`column-count-${status}`}
              >
                {items.length}
              </span>
            </header>
            <div className="relative -mx-1 -mt-1 flex min-h-24 flex-1 flex-col gap-1.5 overflow-y-auto px-1 pb-1 pt-1">
              {items.map((task) => (
                <TaskCard
                  key={task.id}
                  task={task}
                  shownStatus={status}
                  dependencies={dependenciesOf(task, byId)}
                  workflowUrl={workflowUrlOf(task)}
                  autoFocus={focusId === task.id}
                  onMove={move}
                  onDragStart={setDragging}
                  onDragEnd={() => {
                    setDragging(undefined);
                    setDropTarget(undefined);
                  }}
                />
              ))}
              {items.length === 0 ? (
                <p className="grid flex-1 place-items-center rounded-xl border border-dashed border-line px-3 py-6 text-center text-xs text-subtle">
                  {accepts ? 'Drop here' : 'No tasks'}
                </p>
              ) : null}
            </div>
          </section>
        );
      })}
    </div>
  );
}
