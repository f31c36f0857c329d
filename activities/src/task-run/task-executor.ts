import { Context } from '@temporalio/activity';
import { ApiError, type CollabClient } from '@kyros/contracts/client';
import { failure } from '@kyros/contracts/failures';
import type {
  ExecutorProgress,
  ExecutorResult,
  ExecutorSpec,
} from '@kyros/contracts/schemas/executors';
import {
  ExecutorInputError,
  ExecutorTransientError,
  runExecutor,
  type FlowRunner,
} from '../executors/run-executor.ts';
import { runFlow } from '../flows/run-flow.ts';
import type { TaskLease } from './task-run-types.ts';

export interface TaskExecutorDeps {
  collab: CollabClient;
  workspaceRoot: string;
  artifactsDir: string;
  /** Postgres for the LangGraph checkpointer; without it `flow/*` executors are refused. */
  databaseUrl?: string;
  /** An LLM provider for flows' transform node; without it they stay deterministic. */
  llm?: { provider: string; apiKey: string };
  /** Runs the executor a task names (default: the safe executors, `runExecutor`). */
  runExecutor?: typeof runExecutor;
  /** Temporal heartbeats go out at least this often while an executor runs (default 1 s). */
  heartbeatIntervalMs?: number;
  /** A heartbeat renews the collab lease when the last renewal is this old (default 5 s). */
  leaseRenewIntervalMs?: number;
}

export interface TaskExecutorInput {
  taskId: string;
  executor: ExecutorSpec;
  lease: TaskLease;
  /** The tool's options as the API snapshotted them when the run started. */
  toolConfig?: Record<string, unknown>;
}

/** Runs the executor; a beat every interval carries its progress and keeps the lease alive. */
export async function runTaskExecutor(
  deps: TaskExecutorDeps,
  input: TaskExecutorInput,
): Promise<ExecutorResult> {
  const { collab } = deps;
  const context = Context.current();
  const aborter = new AbortController();
  const onCancel = () => aborter.abort(context.cancellationSignal.reason);
  context.cancellationSignal.addEventListener('abort', onCancel, { once: true });
  let progress: ExecutorProgress = { phase: 'starting', done: 0 };
  let lastRenewal = Date.now();
  let leaseLost: Error | undefined;
  const renewEvery = deps.leaseRenewIntervalMs ?? 5_000;

  // The executor reports progress as often as it likes; it goes out on the ticker's beat, so
  // a run shorter than one interval costs Temporal no heartbeat at all.
  const report = (next: ExecutorProgress) => {
    progress = next;
  };
  const heartbeat = () => {
    // In the worker (a local activity) there is no Temporal heartbeat; the lease still renews.
    if (!context.info.isLocal) context.heartbeat(progress);
    if (Date.now() - lastRenewal < renewEvery) return;
    lastRenewal = Date.now();
    collab
      .heartbeatLease(input.lease.lockId, {
        holder: input.lease.holder,
        ttl_seconds: input.lease.ttlSeconds,
      })
      .catch((error: unknown) => {
        // Only a refusal means the lease is gone; a network blip is retried next beat.
        if (error instanceof ApiError && error.status < 500) {
          leaseLost = error;
          aborter.abort(error);
        }
      });
  };
  // The executor may sit in one long step; beats from here still deliver cancellation.
  const ticker = setInterval(heartbeat, deps.heartbeatIntervalMs ?? 1_000);
  try {
    return await (deps.runExecutor ?? runExecutor)(
      input.executor,
      {
        workspaceRoot: deps.workspaceRoot,
        taskId: input.taskId,
        artifactsDir: deps.artifactsDir,
        heartbeat: report,
        signal: aborter.signal,
        ...(input.toolConfig === undefined ? {} : { toolConfig: input.toolConfig }),
      },
      flowRunner(deps, input.taskId, context),
    );
  } catch (error) {
    if (leaseLost) {
      throw failure(
        'LeaseLost',
        `The lease ${input.lease.lockId} was lost while the executor ran: ${leaseLost.message}`,
      );
    }
    throw executorFailure(error);
  } finally {
    clearInterval(ticker);
    context.cancellationSignal.removeEventListener('abort', onCancel);
  }
}

/** Flows checkpoint per activity (not per attempt), so a retried attempt resumes. */
function flowRunner(
  deps: TaskExecutorDeps,
  taskId: string,
  context: Context,
): FlowRunner | undefined {
  const { databaseUrl, collab } = deps;
  if (databaseUrl === undefined) return undefined;
  const { workflowExecution, activityId } = context.info;
  if (workflowExecution === undefined) return undefined;
  return async (spec, executorContext) => {
    return runFlow(spec, {
      ...executorContext,
      databaseUrl,
      threadId: `${workflowExecution.workflowId}/${workflowExecution.runId}/${activityId}`,
      emit: async ({ event, details }) => {
        await collab.appendEvent({
          event,
          actor: `workflow:${workflowExecution.workflowId}`,
          target: taskId,
          details: { task_id: taskId, ...details, workflow_id: workflowExecution.workflowId },
        });
      },
      ...(deps.llm ? { llm: deps.llm } : {}),
    });
  };
}

/** Bad input stays bad on retry; a transient failure keeps its own type so the policy retries it. */
function executorFailure(error: unknown): unknown {
  if (error instanceof ExecutorInputError) {
    return failure('ExecutorInputError', error.message, { cause: error });
  }
  if (error instanceof ExecutorTransientError) {
    return failure('ExecutorTransientError', error.message, { cause: error });
  }
  return error;
}
