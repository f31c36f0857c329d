import { CollabApiError } from './collab-api-error.ts';
import { ToolListResponse, ToolSchema, type Tool, type UpdateToolRequest } from './tools.ts';

export interface ToolsClientOptions {
  baseUrl: string;
  /** An access token or API key, sent as `Authorization: Bearer …`. */
  token: string;
  fetch?: typeof fetch;
}

/**
 * The typed client of `/tools` (docs/TOOLS.md), for the console and tests: every answer is
 * parsed with the API's own schemas, and a refusal is a CollabApiError carrying its problem (on a
 * 412, the current ETag).
 */
export function createToolsClient(options: ToolsClientOptions) {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, '');

  async function send(method: string, path: string, init: RequestInit = {}): Promise<unknown> {
    const response = await fetchImpl(`${base}${path}`, {
      ...init,
      method,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${options.token}`,
        ...(init.headers as Record<string, string> | undefined),
      },
    });
    if (!response.ok) throw await CollabApiError.from(response);
    return response.json();
  }

  const toolPath = (name: string) => `/tools/${encodeURIComponent(name)}`;

  return {
    async listTools(): Promise<Tool[]> {
      return ToolListResponse.parse(await send('GET', '/tools')).items;
    },
    async getTool(name: string): Promise<Tool> {
      return ToolSchema.parse(await send('GET', toolPath(name)));
    },
    /** Enable, disable or configure; `ifMatch` is the tool's ETag as last read. */
    async updateTool(name: string, request: UpdateToolRequest, ifMatch: string): Promise<Tool> {
      const body = JSON.stringify(request);
      const headers = { 'content-type': 'application/json', 'if-match': ifMatch };
      return ToolSchema.parse(await send('PATCH', toolPath(name), { body, headers }));
    },
  };
}

export type ToolsClient = ReturnType<typeof createToolsClient>;
