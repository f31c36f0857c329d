import type { RunnableConfig } from '@langchain/core/runnables';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import type { VariantContent } from '@kyros/contracts/schemas/jobs';
import { openPostgresCheckpointer } from '../flows/postgres-checkpointer.ts';
import { generateDeterministicVariants, type JobPlan } from './generate-variants.ts';
import { generateVariantsWithLlm, type LlmSettings } from './llm-variants.ts';

export const VariantGraphState = Annotation.Root({
  plan: Annotation<JobPlan>,
  drafts: Annotation<VariantContent[]>,
  generator: Annotation<string>,
  persisted: Annotation<boolean>,
  /** Every node appends its name once it completes: the proof of what ran on this thread. */
  nodeRuns: Annotation<string[]>({ reducer: (runs, more) => runs.concat(more), default: () => [] }),
});
type VariantGraphValues = typeof VariantGraphState.State;

export interface VariantGraphDeps {
  databaseUrl: string;
  /** One thread per job (`job-<id>`): a retried attempt resumes after the last completed node. */
  threadId: string;
  signal: AbortSignal;
  llm?: LlmSettings;
  /** Writes the drafts as variant rows; must be idempotent (it may run again after a crash). */
  persist(drafts: VariantContent[]): Promise<void>;
  heartbeat(details: { phase: string }): void;
}

/**
 * Generates a job's variants with a two-node LangGraph flow on the Postgres checkpointer:
 * `draft` (deterministic, or the LLM when configured) → `persist`. Drafts are checkpointed before
 * they are written, so a worker killed mid-persist resumes with the very same drafts.
 */
export async function runVariantGraph(
  plan: JobPlan,
  deps: VariantGraphDeps,
): Promise<{ drafts: VariantContent[]; generator: string; nodeRuns: string[] }> {
  const graph = new StateGraph(VariantGraphState)
    .addNode('draft', async (state: VariantGraphValues) => {
      deps.signal.throwIfAborted();
      deps.heartbeat({ phase: 'draft' });
      const drafts = deps.llm
        ? await generateVariantsWithLlm(deps.llm, state.plan, deps.signal)
        : generateDeterministicVariants(state.plan);
      return {
        drafts,
        generator: deps.llm ? `llm:${deps.llm.provider}` : 'deterministic',
        nodeRuns: ['draft'],
      };
    })
    .addNode('persist', async (state: VariantGraphValues) => {
      deps.signal.throwIfAborted();
      deps.heartbeat({ phase: 'persist' });
      await deps.persist(state.drafts);
      return { persisted: true, nodeRuns: ['persist'] };
    })
    .addEdge(START, 'draft')
    .addEdge('draft', 'persist')
    .addEdge('persist', END);

  const checkpointer = await openPostgresCheckpointer(deps.databaseUrl);
  try {
    const compiled = graph.compile({ checkpointer });
    const config: RunnableConfig = { configurable: { thread_id: deps.threadId } };
    const snapshot = await compiled.getState(config);
    const previous = snapshot.values as Partial<VariantGraphValues>;
    if (snapshot.next.length === 0 && previous.persisted && previous.drafts) {
      return {
        drafts: previous.drafts,
        generator: previous.generator ?? 'deterministic',
        nodeRuns: previous.nodeRuns ?? [],
      };
    }
    const resuming = snapshot.next.length > 0;
    const final = await compiled.invoke(resuming ? null : { plan }, {
      ...config,
      signal: deps.signal,
      durability: 'sync',
    });
    return { drafts: final.drafts, generator: final.generator, nodeRuns: final.nodeRuns };
  } finally {
    await checkpointer.end();
  }
}
