import {
  ToolListResponse,
  ToolSchema,
  type Tool,
  type UpdateToolRequest,
} from '../schemas/tools.ts';
import { segment, type RequestCore } from './request-core.ts';

/** The allowlisted executors and flows: enabled and options (docs/TOOLS.md). */
export function createToolsSection(core: RequestCore) {
  return {
    async listTools(): Promise<Tool[]> {
      return (await core.json('GET', '/tools', ToolListResponse)).items;
    },
    getTool: (name: string): Promise<Tool> =>
      core.json('GET', `/tools/${segment(name)}`, ToolSchema),
    /** Enable, disable or configure; `ifMatch` is the tool's ETag as last read (412 if stale). */
    updateTool: (name: string, request: UpdateToolRequest, ifMatch: string): Promise<Tool> =>
      core.json('PATCH', `/tools/${segment(name)}`, ToolSchema, {
        body: request,
        headers: { 'if-match': ifMatch },
      }),
  };
}

export type ToolsSection = ReturnType<typeof createToolsSection>;
