import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { z } from 'zod';
import type { KyrosPort } from './kyros-port.ts';
import { registerKyrosResources } from './kyros-resources.ts';
import { followSessionNotices } from './session-notices.ts';
import { KYROS_TOOLS } from './tool-catalogue.ts';
import { toolError, toolSuccess } from './tool-results.ts';
import type { KyrosTool } from './tools/tool-definition.ts';
import { registerWorkNextTaskPrompt } from './work-next-task-prompt.ts';

export const KYROS_MCP_SERVER_NAME = 'kyros';
const VERSION = '0.1.0';

const INSTRUCTIONS =
  'Kyros coordinates several coding agents on one codebase. Take work with next_task and claim_task (it leases the files), heartbeat your leases while you work, report progress with append_event, move the task with transition_task (pass the fencing_token) and release your leases when done. Check check_conflicts before touching files outside your claim.';

/**
 * The Kyros MCP server for one session: every tool of {@link KYROS_TOOLS}, the resources, the
 * `work-next-task` prompt and the session's notices (lease lost, resource updates), over the given
 * port. The transport (stdio or Streamable HTTP) is the caller's; the behaviour is the same on both.
 */
export function createKyrosMcpServer(
  port: KyrosPort,
  options: { onError?: (error: unknown) => void } = {},
): McpServer {
  const server = new McpServer(
    { name: KYROS_MCP_SERVER_NAME, version: VERSION },
    {
      capabilities: { logging: {}, resources: { subscribe: true, listChanged: true } },
      instructions: INSTRUCTIONS,
    },
  );
  for (const tool of KYROS_TOOLS) registerKyrosTool(server, tool, port);
  registerKyrosResources(server, port);
  registerWorkNextTaskPrompt(server);
  const stopNotices = followSessionNotices(server, port, options.onError ?? (() => undefined));
  const previousOnClose = server.server.onclose;
  server.server.onclose = () => {
    stopNotices();
    previousOnClose?.();
  };
  return server;
}

function registerKyrosTool(server: McpServer, tool: KyrosTool, port: KyrosPort): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      outputSchema: tool.output,
      annotations: { title: tool.title, ...tool.annotations },
    },
    async (args: unknown) => {
      try {
        // The SDK hands over `tool.input`'s parse result (defaults applied); its types cannot say
        // so for a list of tools of different shapes.
        const output = tool.output.parse(await tool.run(port, args as z.output<typeof tool.input>));
        return toolSuccess(output);
      } catch (error) {
        return toolError(error);
      }
    },
  );
}
