import type { RunnableConfig } from '@langchain/core/runnables';
import {
  ExecutorArgsSchemas,
  type ExecutorProgress,
  type ExecutorResult,
  type ExecutorSpec,
} from '@kyros/contracts/schemas/executors';
import { assertRelativeInput } from '../workspace/confine-path.ts';
import { WorkspacePathError } from '../workspace/workspace-path-error.ts';
import { ExecutorInputError } from '../executors/executor-errors.ts';
import { openPostgresCheckpointer } from './postgres-checkpointer.ts';
import { buildSummarizeDocsGraph, type SummarizeDocsValues } from './summarize-docs-graph.ts';

export interface FlowContext {
  workspaceRoot: string;
  taskId: string;
  heartbeat(progress: ExecutorProgress): void;
  signal: AbortSignal;
  /** Where the LangGraph checkpoints live; the same database as the API's. */
  databaseUrl: string;
  /** The checkpoint thread: the same for every attempt of one activity, so a retry resumes. */
  threadId: string;
  emit(event: { event: string; details: Record<string, unknown> }): Promise<void>;
  llm?: { provider: string; apiKey: string };
}

const FLOW_NAME = 'summarize-docs';

/**
 * Runs the executor `flow/summarize-docs` on its durable LangGraph thread: a new thread starts
 * at fetch, an interrupted one resumes after its last completed node, a completed one returns
 * its stored result without running anything again.
 */
export async function runFlow(spec: ExecutorSpec, context: FlowContext): Promise<ExecutorResult> {
  if (spec.name !== 'flow/summarize-docs') {
    throw new ExecutorInputError(`runFlow cannot run executor ${spec.name}`);
  }
  const parsed = ExecutorArgsSchemas['flow/summarize-docs'].safeParse(spec.args);
  if (!parsed.success) {
    throw new ExecutorInputError(`invalid arguments for ${spec.name}: ${parsed.error.message}`);
  }
  try {
    // Refused before any checkpoint exists, so bad paths never leave a thread to resume.
    assertRelativeInput(parsed.data.glob, 'glob');
    assertRelativeInput(parsed.data.output, 'output');
  } catch (error) {
    throw asExecutorInputError(error);
  }
  const checkpointer = await openPostgresCheckpointer(context.databaseUrl);
  try {
    const config: RunnableConfig = { configurable: { thread_id: context.threadId } };
    const snapshot = await buildGraph(context).compile({ checkpointer }).getState(config);
    const previous = snapshot.values as Partial<SummarizeDocsValues>;
    // A thread resumes only the run it started; other arguments would silently get its output.
    if (previous.glob !== undefined && !sameArgs(previous, parsed.data)) {
      throw new ExecutorInputError(
        `flow thread ${context.threadId} already ran with other arguments ` +
          `(glob ${previous.glob}, output ${String(previous.output)})`,
      );
    }
    if (snapshot.next.length === 0 && previous.result) return previous.result;

    const resuming = snapshot.next.length > 0;
    const graph = buildGraph(context).compile({ checkpointer });
    if (resuming) {
      await context.emit({
        event: 'flow_resumed',
        details: { ...eventDetails(context), next: snapshot.next },
      });
    }
    // Sync durability: each node's checkpoint is on disk before the next node starts, so a
    // crash anywhere after a node completed never repeats it.
    const final = await graph.invoke(resuming ? null : parsed.data, {
      ...config,
      signal: context.signal,
      durability: 'sync',
    });
    if (!final.result) throw new Error(`flow ${FLOW_NAME} finished without a result`);
    return final.result;
  } catch (error) {
    throw asExecutorInputError(error);
  } finally {
    await checkpointer.end();
  }
}

function buildGraph(context: FlowContext) {
  return buildSummarizeDocsGraph({
    workspaceRoot: context.workspaceRoot,
    threadId: context.threadId,
    signal: context.signal,
    llm: context.llm,
    heartbeat: (progress) => context.heartbeat(progress),
    onNode: (event, node) => context.emit({ event, details: { ...eventDetails(context), node } }),
  });
}

function eventDetails(context: FlowContext): Record<string, unknown> {
  return { flow: FLOW_NAME, task_id: context.taskId, thread_id: context.threadId };
}

function asExecutorInputError(error: unknown): unknown {
  return error instanceof WorkspacePathError ? new ExecutorInputError(error.message) : error;
}

function sameArgs(
  previous: Partial<SummarizeDocsValues>,
  args: { glob: string; output: string },
): boolean {
  return previous.glob === args.glob && previous.output === args.output;
}
