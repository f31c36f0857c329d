import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { signAccessToken } from '@kyros/api/access-tokens';
import { createKyrosClient, type CollabClient } from '@kyros/contracts/client';
import { BENCH_JWT_SECRET } from '../collab/bench-auth.ts';

/** An `agent` access token for `name`, signed with the run's secret (the API child trusts it). */
export function agentHeaders(name: string): Record<string, string> {
  const token = signAccessToken(
    { sub: randomUUID(), email: `${name}@kyros.test`, role: 'agent' },
    BENCH_JWT_SECRET,
    86_400,
  );
  return { authorization: `Bearer ${token}` };
}

/** The identity a bench agent's writes are made as (docs/adr/0008). */
export const actorOf = (name: string) => `user:${name}@kyros.test`;

export function restClient(url: string, headers: Record<string, string>): CollabClient {
  return createKyrosClient({ baseUrl: url, headers }).collab;
}

/** An MCP session over Streamable HTTP at `/mcp`, as an agent configured from docs/MCP.md. */
export async function mcpSession(url: string, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'kyros-bench', version: '0.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL('/mcp', url), { requestInit: { headers } }),
  );
  return client;
}

/** A tool's structured output; a tool error becomes an exception carrying its problem. */
export async function callTool<T>(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<T> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  if (result.isError) {
    const first = result.content[0];
    throw new ToolError(name, first?.type === 'text' ? first.text : 'tool error');
  }
  return result.structuredContent as T;
}

export class ToolError extends Error {
  readonly status: number | undefined;
  constructor(tool: string, text: string) {
    super(`${tool}: ${text}`);
    this.status = problemStatus(text);
  }
}

function problemStatus(text: string): number | undefined {
  try {
    const problem = JSON.parse(text) as { status?: unknown };
    return typeof problem.status === 'number' ? problem.status : undefined;
  } catch {
    return undefined;
  }
}
