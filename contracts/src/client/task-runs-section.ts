import { TaskCancelResponse, TaskRunResponse, TaskRunStatusResponse } from '../schemas/task-run.ts';
import { TaskRunHistoryResponse } from '../schemas/task-run-history.ts';
import { segment, type RequestCore } from './request-core.ts';

/** A task's durable run: start it, read its progress, cancel it (docs/ARCHITECTURE.md). */
export function createTaskRunsSection(core: RequestCore) {
  return {
    /** Starts the task's workflow, or answers the one already running. */
    runTask: (taskId: string) =>
      core.json('POST', `/collab/tasks/${segment(taskId)}/run`, TaskRunResponse),
    getTaskRun: (taskId: string) =>
      core.json('GET', `/collab/tasks/${segment(taskId)}/run`, TaskRunStatusResponse),
    /** The latest run's workflow history as timeline steps (activities, retries, signals). */
    getTaskRunHistory: (taskId: string) =>
      core.json('GET', `/collab/tasks/${segment(taskId)}/run/history`, TaskRunHistoryResponse),
    cancelTask: (taskId: string) =>
      core.json('POST', `/collab/tasks/${segment(taskId)}/cancel`, TaskCancelResponse),
  };
}

export type TaskRunsSection = ReturnType<typeof createTaskRunsSection>;
