import type { PrismaClient } from '@kyros/db/client';
import {
  ToolListResponse,
  ToolName,
  ToolSchema,
  UpdateToolRequest,
} from '@kyros/contracts/schemas/tools';
import type { AuditLog } from '../../audit/audit-log.ts';
import { principalOf } from '../../auth/principal.ts';
import { requestIdOf } from '../../http/request-input.ts';
import { defineRoute, jsonContent, pathId, type Route } from '../../http/route.ts';
import { listTools } from '../operations/list-tools.ts';
import { readTool } from '../operations/read-tool.ts';
import { updateTool } from '../operations/update-tool.ts';
import { toolBody } from '../tool-representation.ts';

export interface ToolRoutesDeps {
  prisma: PrismaClient;
  audit: AuditLog;
}

const TAGS = ['Tools'];
/** A name outside the allowlist names nothing: 404. */
const params = {
  name: pathId(ToolName.meta({ description: 'URL-encoded: `docs%2Fformat`.' }), 'Tool'),
};

/** `/tools`: everyone signed in reads; only admins change a tool (docs/TOOLS.md). */
export function toolRoutes(deps: ToolRoutesDeps): Route[] {
  const { prisma } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/tools',
      role: 'viewer',
      tags: TAGS,
      summary: 'The allowlisted executors and flows, with enabled and their options',
      description:
        'Needs the viewer role or stronger. The allowlist is in code; rows only narrow it.',
      responses: { 200: { description: 'Every tool', ...jsonContent(ToolListResponse) } },
      async handle(_input, { res }) {
        const tools = await listTools({ prisma });
        res.json(ToolListResponse.parse({ items: tools.map(toolBody) }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/tools/{name}',
      role: 'viewer',
      tags: TAGS,
      summary: 'One tool; its ETag header is its version',
      params,
      responses: { 200: { description: 'The tool', ...jsonContent(ToolSchema) } },
      async handle({ params: { name } }, { res }) {
        const tool = toolBody(await readTool({ prisma, name }));
        res.set('ETag', tool.etag).set('Cache-Control', 'no-cache').json(ToolSchema.parse(tool));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/tools/{name}',
      role: 'admin',
      tags: TAGS,
      summary: 'Enable, disable or configure a tool (admin; audited)',
      description:
        '`config` replaces the whole config and is validated with the tool schema (`config_schema`). Needs If-Match: missing → 428, stale → 412 with the current tool. A task whose executor is disabled cannot run (409); runs already started keep the options they started with.',
      params,
      ifMatch: { required: true, description: "The tool's ETag; missing → 428, stale → 412." },
      body: { schema: UpdateToolRequest },
      responses: { 200: { description: 'Changed; new ETag', ...jsonContent(ToolSchema) } },
      async handle({ params: { name }, body, ifMatch }, { req, res }) {
        const requestId = requestIdOf(req);
        const updated = await updateTool({
          ...deps,
          name,
          request: body,
          ifMatch,
          principal: principalOf(req),
          ...(requestId === undefined ? {} : { requestId }),
        });
        const tool = toolBody(updated);
        res.set('ETag', tool.etag).json(ToolSchema.parse(tool));
      },
    }),
  ];
}
