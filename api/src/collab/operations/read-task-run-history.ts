import { WorkflowNotFoundError } from '@temporalio/client';
import {
  EARLIER_RUNS_SHOWN,
  type EarlierTaskRun,
  type TaskRunHistoryResponse,
} from '@kyros/contracts/schemas/task-run-history';
import { taskWorkflowId } from '@kyros/workflows/task-workflow-api';
import { workflowHistorySteps } from '../domain/workflow-history-steps.ts';
import type { CollabStore } from '../store/open-collab-store.ts';
import type { ClosedRunSteps } from './closed-run-steps.ts';
import { readTask } from './read-task.ts';
import { noRun, temporalOrUnavailable, temporalUiLink, type TaskRunDeps } from './task-run-deps.ts';

export interface ReadTaskRunHistoryOptions {
  store: CollabStore;
  runs: TaskRunDeps;
  /** Runs that have ended are read from Temporal once (their history is final). */
  closedRuns: ClosedRunSteps;
  id: string;
}

/**
 * The latest run's Temporal history as timeline steps (activities, retries, signals, outcome),
 * and up to {@link EARLIER_RUNS_SHOWN} earlier runs' the same way.
 */
export async function readTaskRunHistory({
  store,
  runs,
  closedRuns,
  id,
}: ReadTaskRunHistoryOptions): Promise<TaskRunHistoryResponse> {
  readTask(store, id);
  const client = await temporalOrUnavailable(runs);
  const workflowId = taskWorkflowId(id);
  const handle = client.workflow.getHandle(workflowId);
  const notFound = (error: unknown): never => {
    if (error instanceof WorkflowNotFoundError) throw noRun(id, undefined, 'has never run');
    throw error;
  };
  const description = await handle.describe().catch(notFound);
  const steps = (runId: string, status: string) =>
    closedRuns.read(runId, status, () => runSteps(client, workflowId, runId, status));
  const [latest, earlier] = await Promise.all([
    steps(description.runId, description.status.name).catch(notFound),
    earlierRuns(client, workflowId, description.runId, steps),
  ]);
  return {
    workflow_id: workflowId,
    temporal_ui_url: temporalUiLink(runs, workflowId),
    ...latest,
    earlier_runs: earlier,
  };
}

type TemporalClient = Awaited<ReturnType<typeof temporalOrUnavailable>>;

async function runSteps(
  client: TemporalClient,
  workflowId: string,
  runId: string,
  status: string,
): Promise<EarlierTaskRun> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return { run_id: runId, status, ...workflowHistorySteps(history.events ?? []) };
}

/** The runs before `latestRunId`, newest first, as visibility lists them (it may trail). */
async function earlierRuns(
  client: TemporalClient,
  workflowId: string,
  latestRunId: string,
  steps: (runId: string, status: string) => Promise<EarlierTaskRun>,
): Promise<EarlierTaskRun[]> {
  const found: { runId: string; status: string }[] = [];
  const listed = client.workflow.list({ query: `WorkflowId = ${JSON.stringify(workflowId)}` });
  for await (const run of listed) {
    if (run.runId === latestRunId) continue;
    found.push({ runId: run.runId, status: run.status.name });
    if (found.length === EARLIER_RUNS_SHOWN) break;
  }
  const loaded = await Promise.all(
    found.map((run) => steps(run.runId, run.status).catch(() => undefined)),
  );
  // A run whose history is gone (retention) is left out rather than failing the timeline.
  return loaded.filter((run): run is EarlierTaskRun => run !== undefined);
}
