import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Problem } from '@kyros/contracts/schemas/problem';
import { KyrosProblemError } from './kyros-port.ts';

/** A tool's answer: the structured output, and the same JSON as text for clients that want text. */
export function toolSuccess(output: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(output) }], structuredContent: output };
}

/**
 * A refusal as an MCP tool error (`isError`), its one text item the problem+json the REST API
 * answers for the same refusal. No `structuredContent`: clients validate it against the tool's
 * output schema, which describes success.
 */
export function toolError(error: unknown): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify(problemOf(error)) }],
  };
}

function problemOf(error: unknown): Problem {
  if (error instanceof KyrosProblemError) return error.problem;
  return {
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    code: 'unavailable',
    detail: `Kyros could not be reached or failed: ${error instanceof Error ? error.message : String(error)}`,
  };
}
