import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { McpApiModule } from '@kyros/api/mcp/mcp-module';
import { REPO_ROOT } from '@kyros/scripts/ts-child-process';
import type { InProcessApi } from '../api/in-process-api.ts';

const STDIO_MAIN = fileURLToPath(new URL('../../../mcp/src/stdio-main.ts', import.meta.url));

export type McpTransportKind = 'http' | 'stdio';

/** The in-process API with `/mcp` mounted, and MCP clients for either transport. */
export interface McpTestStack {
  api: InProcessApi;
  mcp: McpApiModule;
  /**
   * An MCP client (the SDK's own) connected as `credential`: over Streamable HTTP to `/mcp`, or
   * over stdio to a spawned `mcp/src/stdio-main.ts` that reaches the API with the typed client.
   */
  connect(kind: McpTransportKind, credential: string): Promise<Client>;
  close(): Promise<void>;
}

/**
 * MCP clients of `api` (started with `mcp: true`, or of a stack with `mcp: true`, whose module is
 * `mcp`); `close` closes them and the MCP sessions.
 */
export function mcpTestStack(api: InProcessApi, mcp = api.mcp): McpTestStack {
  const mounted = mcp;
  if (!mounted) throw new Error('the API was started without `mcp: true`');
  const clients: Client[] = [];
  return {
    api,
    mcp: mounted,
    async connect(kind, credential) {
      const client = new Client({ name: 'kyros-test', version: '0.0.0' });
      await client.connect(
        kind === 'http'
          ? new StreamableHTTPClientTransport(new URL('/mcp', api.url), {
              requestInit: { headers: { authorization: `Bearer ${credential}` } },
            })
          : new StdioClientTransport({
              command: process.execPath,
              args: ['--import', 'tsx', STDIO_MAIN],
              cwd: REPO_ROOT,
              env: {
                PATH: process.env.PATH ?? '',
                KYROS_API_URL: api.url,
                KYROS_API_KEY: credential,
              },
              stderr: 'inherit',
            }),
      );
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.allSettled(clients.splice(0).map((client) => client.close()));
      await mounted.closeSessions();
    },
  };
}

/** The structured output of a successful tool call; a tool error fails with its problem. */
export function structuredOf<T = Record<string, unknown>>(result: unknown): T {
  const call = result as CallToolResult;
  if (call.isError) throw new Error(`tool error: ${textOf(call)}`);
  return call.structuredContent as T;
}

/** The problem+json a tool error carries (its one text item). */
export function problemOf(result: unknown): Record<string, unknown> {
  const call = result as CallToolResult;
  if (!call.isError) throw new Error(`expected a tool error, got ${textOf(call)}`);
  return JSON.parse(textOf(call)) as Record<string, unknown>;
}

function textOf(call: CallToolResult): string {
  const first = call.content[0];
  return first?.type === 'text' ? first.text : JSON.stringify(call.content);
}

/** The JSON of a resource read's first (text) content. */
export function resourceJson<T = Record<string, unknown>>(result: {
  contents: ({ text: string } | { blob: string })[];
}): T {
  const first = result.contents[0];
  if (!first || !('text' in first)) throw new Error('expected a text resource');
  return JSON.parse(first.text) as T;
}
