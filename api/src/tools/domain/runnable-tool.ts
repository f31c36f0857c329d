import { EXECUTOR_NAMES, type ExecutorName } from '@kyros/contracts/schemas/executors';
import { parseToolConfig } from '@kyros/contracts/schemas/tools';

/** The columns of a `tools` row the rule reads. */
export interface ToolRow {
  name: string;
  enabled: boolean;
  config: unknown;
  version: number;
}

/** What a run gets: the options to snapshot into it, or why it may not start. */
export type RunnableTool =
  | { runnable: true; name: ExecutorName; config: Record<string, unknown> }
  | { runnable: false; name: string; reason: string };

/** Whether `name` is in the allowlist in code; the table can never add to it. */
export function isAllowlisted(name: string): name is ExecutorName {
  return (EXECUTOR_NAMES as string[]).includes(name);
}

/**
 * The rule "allowlist ∩ enabled": a tool runs when the code allowlists it and its row (if any)
 * does not disable it. A missing row narrows nothing, so the tool runs with no options; stored
 * options that no longer pass the tool's schema stop the run rather than run it with guesses.
 */
export function runnableTool(name: string, row: ToolRow | null): RunnableTool {
  if (!isAllowlisted(name)) {
    return { runnable: false, name, reason: `${name} is not an allowlisted tool` };
  }
  if (row === null) return { runnable: true, name, config: {} };
  if (!row.enabled) {
    return { runnable: false, name, reason: `the tool ${name} is disabled (Settings › Tools)` };
  }
  const config = parseToolConfig(name, row.config);
  if (!config.success) {
    return {
      runnable: false,
      name,
      reason: `the stored options of ${name} are no longer valid: ${config.error.issues
        .map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`)
        .join('; ')}`,
    };
  }
  return { runnable: true, name, config: config.data };
}
