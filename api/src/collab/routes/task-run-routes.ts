import { TaskId } from '@kyros/contracts/schemas/collab-tasks';
import {
  TaskCancelResponse,
  TaskRunResponse,
  TaskRunStatusResponse,
} from '@kyros/contracts/schemas/task-run';
import { TaskRunHistoryResponse } from '@kyros/contracts/schemas/task-run-history';
import { defineRoute, jsonContent, pathId, type Route } from '../../http/route.ts';
import { cancelTaskRun } from '../operations/cancel-task-run.ts';
import { readTaskRun } from '../operations/read-task-run.ts';
import { ClosedRunSteps } from '../operations/closed-run-steps.ts';
import { readTaskRunHistory } from '../operations/read-task-run-history.ts';
import { startTaskRun } from '../operations/start-task-run.ts';
import type { TaskRunDeps } from '../operations/task-run-deps.ts';
import type { CollabStore } from '../store/open-collab-store.ts';

export type { TaskRunDeps } from '../operations/task-run-deps.ts';

const TAGS = ['Collaboration'];
const params = { id: pathId(TaskId, 'Task') };

/** Starting, following and cancelling a task's workflow (`task-<id>` on the worker's task queue). */
export function taskRunRoutes(store: CollabStore, runs: TaskRunDeps): Route[] {
  const closedRuns = new ClosedRunSteps();
  return [
    defineRoute({
      method: 'post',
      path: '/collab/tasks/{id}/run',
      role: 'agent',
      tags: TAGS,
      summary: "Run the task's executor in its Temporal workflow (idempotent)",
      description:
        'Starts workflow `task-<id>`: lease the files, claimed → in_progress, run the executor, → review (or back to queued with the failure recorded), release the lease. While a run is open a second call answers with that run. 409 when the task names no executor or its executor is disabled (Settings › Tools; nothing is started); 503 when Temporal is unreachable. The options of the tool are snapshotted into the run.',
      params,
      responses: {
        202: { description: 'Started, or already running', ...jsonContent(TaskRunResponse) },
      },
      async handle({ params: { id } }, { res }) {
        res.status(202).json(TaskRunResponse.parse(await startTaskRun({ store, runs, id })));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/collab/tasks/{id}/run',
      role: 'viewer',
      tags: TAGS,
      summary: "The task's latest run: status, workflow progress and live executor progress",
      description:
        "`progress` is the workflow's `progress` query; `executor_progress` is the executor activity's last heartbeat (e.g. files done / total), from Temporal's pending-activity details; absent while nothing heartbeats, e.g. a one-file run whose executor runs inside the worker. 404 when the task has never run; 503 when Temporal is unreachable.",
      params,
      responses: { 200: { description: 'The latest run', ...jsonContent(TaskRunStatusResponse) } },
      async handle({ params: { id } }, { res }) {
        res.json(TaskRunStatusResponse.parse(await readTaskRun({ store, runs, id })));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/collab/tasks/{id}/run/history',
      role: 'viewer',
      tags: TAGS,
      summary: "The task's workflow runs as timeline steps: the latest and up to four before it",
      description:
        'One step per activity (with its attempts and the failure that caused a retry), local activity, signal, update, timer and the outcome; workflow-task bookkeeping is folded into `collapsed`. The latest run is at the top level, earlier runs newest first in `earlier_runs` (listed by Temporal visibility, which may trail a run that just ended). The console merges it with the task’s events. 404 when the task has never run; 503 when Temporal is unreachable.',
      params,
      responses: {
        200: { description: 'The steps, oldest first', ...jsonContent(TaskRunHistoryResponse) },
      },
      async handle({ params: { id } }, { res }) {
        res.json(
          TaskRunHistoryResponse.parse(await readTaskRunHistory({ store, runs, closedRuns, id })),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/collab/tasks/{id}/cancel',
      role: 'agent',
      tags: TAGS,
      summary: "Cancel the task's running workflow",
      description:
        'Requests cancellation: the executor stops, the task goes back to queued, the lease is released and `task_run_cancelled` is recorded. 404 when no run is open.',
      params,
      responses: {
        202: { description: 'Cancellation requested', ...jsonContent(TaskCancelResponse) },
      },
      async handle({ params: { id } }, { res }) {
        res.status(202).json(TaskCancelResponse.parse(await cancelTaskRun({ store, runs, id })));
      },
    }),
  ];
}
