import type { Task, TaskStatus } from '@kyros/contracts/schemas/collab-tasks';
import { useFetcher } from '@remix-run/react';
import { useActionToast, type ActionResult } from '../../lib/use-action-toast.ts';
import { roleBlock } from '../../lib/roles.ts';
import { useRole } from '../../lib/use-role.ts';

const RUNNABLE: readonly TaskStatus[] = ['queued', 'claimed', 'in_progress'];
const CANCELLABLE: readonly TaskStatus[] = ['claimed', 'in_progress'];

/** Run/Cancel the task's safe executor as a Temporal workflow, and open that workflow. */
export function ExecutorControls({ task, workflowUrl }: { task: Task; workflowUrl?: string }) {
  const run = useFetcher<ActionResult>();
  const readOnly = roleBlock(useRole(), 'agent', 'run or cancel tasks');
  useActionToast(run.data);
  const busy = run.state !== 'idle';
  return (
    <div
      className="mt-2 flex flex-wrap items-center gap-1 rounded-lg bg-sunken px-1.5 py-1 ring-1 ring-line"
      data-testid="task-executor"
    >
      <span
        className="min-w-0 max-w-[7rem] shrink-0 flex-1 truncate font-mono text-[11px] text-muted"
        title="The safe executor a run uses"
      >
        {task.executor?.name}
      </span>
      {RUNNABLE.includes(task.status) ? (
        <run.Form method="post">
          <input type="hidden" name="id" value={task.id} />
          <button
            type="submit"
            name="intent"
            value="run"
            disabled={busy || Boolean(readOnly)}
            title={readOnly}
            data-testid="task-run"
            aria-label={`Run ${task.id} with its ${task.executor?.name ?? ''} executor`}
            className="focus-ring rounded-md bg-emerald-500/15 px-2 py-0.5 text-[11px] font-medium text-emerald-700 ring-1 ring-emerald-500/30 hover:bg-emerald-500/25 disabled:opacity-50 dark:text-emerald-300"
          >
            ▶ Run
          </button>
        </run.Form>
      ) : null}
      {CANCELLABLE.includes(task.status) ? (
        <run.Form method="post">
          <input type="hidden" name="id" value={task.id} />
          <button
            type="submit"
            name="intent"
            value="cancel"
            disabled={busy || Boolean(readOnly)}
            title={readOnly}
            data-testid="task-cancel"
            aria-label={`Cancel the workflow of ${task.id}`}
            className="focus-ring rounded-md px-2 py-0.5 text-[11px] font-medium text-rose-600 ring-1 ring-rose-500/30 hover:bg-rose-500/10 disabled:opacity-50 dark:text-rose-300"
          >
            ■ Cancel
          </button>
        </run.Form>
      ) : null}
      {workflowUrl ? (
        <a
          href={workflowUrl}
          target="_blank"
          rel="noreferrer"
          data-testid="task-workflow-link"
          aria-label={`Open the workflow of ${task.id} in the Temporal UI`}
          title="Open the workflow in the Temporal UI"
          className="focus-ring rounded-md px-1.5 py-0.5 text-[11px] text-accent-fg ring-1 ring-line hover:bg-raised"
        >
          ↗
        </a>
      ) : null}
    </div>
  );
}
