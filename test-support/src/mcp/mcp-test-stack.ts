import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { jobsModule } from '@kyros/api/jobs/jobs-module';
import { mcpAllowedHosts, mcpModule, type McpApiModule } from '@kyros/api/mcp/mcp-module';
import {
  startCollabTestApi,
  type CollabTestApi,
  type CollabTestApiOptions,
} from '../api/start-collab-test-api.ts';
import { startMcpRunServices, type McpRunServices } from './mcp-run-services.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const STDIO_MAIN = fileURLToPath(new URL('../../../mcp/src/stdio-main.ts', import.meta.url));

export type McpTransportKind = 'http' | 'stdio';

export interface McpTestStack {
  api: CollabTestApi;
  mcp: McpApiModule;
  /** Temporal, the worker and the jobs module, when started `withRuns`. */
  runs: McpRunServices | undefined;
  /**
   * An MCP client (the SDK's own) connected as `credential`: over Streamable HTTP to `/mcp`, or
   * over stdio to a spawned `mcp/src/stdio-main.ts` that reaches the API with the typed client.
   */
  connect(kind: McpTransportKind, credential: string): Promise<Client>;
  close(): Promise<void>;
}

/** The collaboration test API with `/mcp` mounted, and MCP clients for either transport. */
export async function startMcpTestStack(
  options: Omit<CollabTestApiOptions, 'modules' | 'taskRuns'> & {
    /** Also serve task runs and jobs (Temporal, a worker, the jobs module): the run/job tools. */
    withRuns?: boolean;
  } = {},
): Promise<McpTestStack> {
  const { withRuns, ...apiOptions } = options;
  const runs = withRuns ? await startMcpRunServices() : undefined;
  let mcp: McpApiModule | undefined;
  const api = await startCollabTestApi({
    ...apiOptions,
    ...(runs ? { clock: 'real' as const, taskRuns: runs.taskRuns } : {}),
    modules: ({ auth, log, store }) => {
      const services = runs?.deps({ auth, log });
      mcp = mcpModule({
        store,
        log,
        allowedHosts: mcpAllowedHosts('http://127.0.0.1'),
        taskRuns: services?.taskRuns,
        jobs: services?.jobs,
      });
      return services ? [mcp, jobsModule(services.jobs)] : [mcp];
    },
  });
  if (!mcp) throw new Error('the MCP module was not mounted');
  await runs?.start(api.url, api.auth);
  const mounted = mcp;
  const clients: Client[] = [];
  return {
    api,
    mcp: mounted,
    runs,
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
      await Promise.allSettled(clients.map((client) => client.close()));
      await mounted.closeSessions();
      await runs?.stopWorkers();
      await api.close();
      await runs?.close();
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
