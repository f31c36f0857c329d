import {
  ExecutorArgsSchemas,
  ExecutorSpecSchema,
  type ExecutorResult,
  type ExecutorSpec,
} from '@kyros/contracts/schemas/executors';
import { parseToolConfig, ToolConfigSchemas } from '@kyros/contracts/schemas/tools';
import { WorkspacePathError } from '../workspace/workspace-path-error.ts';
import { generateChangelog } from './changelog/generate-changelog.ts';
import type { ExecutorContext } from './executor-context.ts';
import { ExecutorInputError } from './executor-errors.ts';
import { formatDocs } from './format-docs.ts';
import { lintWorkspace } from './lint-workspace.ts';

export type { ExecutorContext } from './executor-context.ts';
export { ExecutorInputError, ExecutorTransientError } from './executor-errors.ts';

/** Runs a `flow/<name>` executor; supplied by the LangGraph flows module. */
export type FlowRunner = (spec: ExecutorSpec, context: ExecutorContext) => Promise<ExecutorResult>;

/**
 * Runs the safe executor a task names. The spec is validated again here because it crossed
 * Temporal's serialisation; anything wrong with it, or any path leaving the workspace, is an
 * ExecutorInputError (not retried). Cancellation rejects with `context.signal.reason`.
 */
export async function runExecutor(
  spec: ExecutorSpec,
  context: ExecutorContext,
  flows?: FlowRunner,
): Promise<ExecutorResult> {
  const parsed = ExecutorSpecSchema.safeParse(spec);
  if (!parsed.success) {
    throw new ExecutorInputError(
      `invalid executor spec: ${parsed.error.issues.map(describeIssue).join('; ')}`,
    );
  }
  // The options crossed Temporal's serialisation too; bad ones fail the same way every time.
  const options = parseToolConfig(parsed.data.name, context.toolConfig ?? {});
  if (!options.success) {
    throw new ExecutorInputError(
      `invalid options for ${parsed.data.name}: ${options.error.issues.map(describeIssue).join('; ')}`,
    );
  }
  context.signal.throwIfAborted();
  try {
    return await dispatch(parsed.data, { ...context, toolConfig: options.data }, flows);
  } catch (error) {
    if (error instanceof WorkspacePathError) throw new ExecutorInputError(error.message);
    throw error;
  }
}

async function dispatch(
  spec: ExecutorSpec,
  context: ExecutorContext,
  flows: FlowRunner | undefined,
): Promise<ExecutorResult> {
  switch (spec.name) {
    case 'docs/format':
      return formatDocs(
        ExecutorArgsSchemas['docs/format'].parse(spec.args),
        context,
        ToolConfigSchemas['docs/format'].parse(context.toolConfig ?? {}),
      );
    case 'lint':
      return lintWorkspace(ExecutorArgsSchemas.lint.parse(spec.args), context);
    case 'docs/changelog':
      return generateChangelog(ExecutorArgsSchemas['docs/changelog'].parse(spec.args), context);
    default:
      if (!spec.name.startsWith('flow/') || flows === undefined) {
        throw new ExecutorInputError(`no executor named ${spec.name} is available in this worker`);
      }
      return flows(spec, context);
  }
}

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  return issue.path.length > 0
    ? `${issue.path.map(String).join('.')}: ${issue.message}`
    : issue.message;
}
