import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import type { ExecutorProgress, ExecutorResult } from '@kyros/contracts/schemas/executors';
import { expandWorkspaceGlob } from '../workspace/expand-glob.ts';
import { resolveWorkspaceFile } from '../workspace/confine-path.ts';
import { writeFileAtomically } from '@kyros/durable-files/atomic-write';
import { ExecutorInputError } from '../executors/executor-errors.ts';
import { summarizeWithLlm, type LlmSettings } from './llm-transform.ts';
import { summarizeMarkdown, type FetchedDocument } from './summarize-markdown.ts';

export const FLOW_NODES = ['fetch', 'transform', 'write'] as const;
export type FlowNodeName = (typeof FLOW_NODES)[number];

/** Bounds on what fetch copies into the checkpoint, which stores every document's text. */
const MAX_DOCUMENTS = 500;
const MAX_DOCUMENT_BYTES = 1024 * 1024;
const MAX_TOTAL_BYTES = 8 * 1024 * 1024;

export const SummarizeDocsState = Annotation.Root({
  glob: Annotation<string>,
  output: Annotation<string>,
  documents: Annotation<FetchedDocument[]>,
  summary: Annotation<string>,
  result: Annotation<ExecutorResult | undefined>,
  /** Every node appends its name once it completes: the proof of what ran on this thread. */
  nodeRuns: Annotation<string[]>({ reducer: (runs, more) => runs.concat(more), default: () => [] }),
});
export type SummarizeDocsValues = typeof SummarizeDocsState.State;
type SummarizeDocsUpdate = typeof SummarizeDocsState.Update;

export interface SummarizeDocsDeps {
  workspaceRoot: string;
  threadId: string;
  signal: AbortSignal;
  llm?: LlmSettings;
  /**
   * Announces a node starting or completing; `details` carries the node name. A rejection of
   * `flow_node_completed` fails the node after its work, before LangGraph checkpoints it.
   */
  onNode(event: 'flow_node_started' | 'flow_node_completed', node: FlowNodeName): Promise<void>;
  heartbeat(progress: ExecutorProgress): void;
}

/** The fetch → transform → write graph, uncompiled; the caller attaches the checkpointer. */
export function buildSummarizeDocsGraph(deps: SummarizeDocsDeps) {
  const node =
    (name: FlowNodeName, work: (state: SummarizeDocsValues) => Promise<SummarizeDocsUpdate>) =>
    async (state: SummarizeDocsValues): Promise<SummarizeDocsUpdate> => {
      const index = FLOW_NODES.indexOf(name);
      deps.signal.throwIfAborted();
      await deps.onNode('flow_node_started', name);
      deps.heartbeat({ phase: name, done: index, total: FLOW_NODES.length });
      const update = await work(state);
      await deps.onNode('flow_node_completed', name);
      deps.heartbeat({ phase: name, done: index + 1, total: FLOW_NODES.length });
      return { ...update, nodeRuns: [name] };
    };

  return new StateGraph(SummarizeDocsState)
    .addNode(
      'fetch',
      node('fetch', (state) => fetchDocuments(deps, state)),
    )
    .addNode(
      'transform',
      node('transform', async (state) => ({
        summary: deps.llm
          ? await summarizeWithLlm(deps.llm, state.glob, state.documents, deps.signal)
          : summarizeMarkdown(state.glob, state.documents),
      })),
    )
    .addNode(
      'write',
      node('write', (state) => writeSummary(deps, state)),
    )
    .addEdge(START, 'fetch')
    .addEdge('fetch', 'transform')
    .addEdge('transform', 'write')
    .addEdge('write', END);
}

async function fetchDocuments(
  deps: SummarizeDocsDeps,
  state: SummarizeDocsValues,
): Promise<SummarizeDocsUpdate> {
  const output = path.posix.normalize(state.output);
  // The output usually matches the glob too; summarising the previous summary would drift.
  const files = (await expandWorkspaceGlob(deps.workspaceRoot, state.glob, deps.signal)).filter(
    (file) => file.relative !== output,
  );
  if (files.length > MAX_DOCUMENTS) {
    throw new ExecutorInputError(`glob selects ${files.length} files; at most ${MAX_DOCUMENTS}`);
  }
  const documents: FetchedDocument[] = [];
  let totalBytes = 0;
  for (const [index, file] of files.entries()) {
    const content = await readFile(file.absolute, { encoding: 'utf8', signal: deps.signal });
    const bytes = Buffer.byteLength(content);
    totalBytes += bytes;
    if (bytes > MAX_DOCUMENT_BYTES || totalBytes > MAX_TOTAL_BYTES) {
      throw new ExecutorInputError(
        `selected files exceed the flow's size limit at ${file.relative}`,
      );
    }
    documents.push({ path: file.relative, content });
    deps.heartbeat({
      phase: 'fetch',
      done: 0,
      total: FLOW_NODES.length,
      message: `${index + 1}/${files.length} files read`,
    });
  }
  return { documents };
}

async function writeSummary(
  deps: SummarizeDocsDeps,
  state: SummarizeDocsValues,
): Promise<SummarizeDocsUpdate> {
  const target = await resolveWorkspaceFile(deps.workspaceRoot, state.output);
  const previous = await readFile(target, 'utf8').catch(() => undefined);
  await writeFileAtomically(target, state.summary);
  const changed = previous !== state.summary;
  return {
    result: {
      summary: `Summarised ${state.documents.length} file(s) into ${state.output}`,
      files_changed: changed ? [state.output] : [],
      artifacts: [state.output],
      details: {
        flow: 'summarize-docs',
        thread_id: deps.threadId,
        glob: state.glob,
        output: state.output,
        files: state.documents.map((document) => document.path),
        transformer: deps.llm ? `llm:${deps.llm.provider}` : 'markdown-outline',
      },
    },
  };
}
