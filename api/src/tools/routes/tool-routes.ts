import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import type { PrismaClient } from '@kyros/db/client';
import { z } from 'zod';
import {
  ToolListResponse,
  ToolName,
  ToolSchema,
  UpdateToolRequest,
} from '@kyros/contracts/schemas/tools';
import type { AuditLog } from '../../audit/audit-log.ts';
import { principalOf, requireRole } from '../../auth/principal.ts';
import { ifMatchHeader, parseIdParam, parseJsonBody } from '../../collab/http/request-input.ts';
import { jsonContent, problemResponse } from '../../collab/routes/openapi-parts.ts';
import { requestIdOf } from '../../jobs/jobs-http.ts';
import { listTools } from '../operations/list-tools.ts';
import { readTool } from '../operations/read-tool.ts';
import { updateTool } from '../operations/update-tool.ts';
import { toolBody } from '../tool-representation.ts';

export interface ToolRoutesDeps {
  prisma: PrismaClient;
  audit: AuditLog;
}

/** `/tools`: everyone signed in reads; only admins change a tool (docs/TOOLS.md). */
export function toolRoutes(deps: ToolRoutesDeps): Router {
  const router = Router();
  const { prisma } = deps;

  router.get('/tools', requireRole('viewer'), async (_req, res) => {
    const tools = await listTools({ prisma });
    res.json(ToolListResponse.parse({ items: tools.map(toolBody) }));
  });

  router.get('/tools/:name', requireRole('viewer'), async (req, res) => {
    const tool = toolBody(await readTool({ prisma, name: toolNameParam(req.params.name) }));
    res.set('ETag', tool.etag).set('Cache-Control', 'no-cache').json(ToolSchema.parse(tool));
  });

  router.patch('/tools/:name', requireRole('admin'), async (req, res) => {
    const request = parseJsonBody(UpdateToolRequest, req);
    const updated = await updateTool({
      ...deps,
      name: toolNameParam(req.params.name),
      request,
      ifMatch: ifMatchHeader(req),
      principal: principalOf(req),
      ...optionalRequestId(requestIdOf(req)),
    });
    const tool = toolBody(updated);
    res.set('ETag', tool.etag).json(ToolSchema.parse(tool));
  });

  return router;
}

/** A name outside the allowlist names nothing: 404. */
function toolNameParam(value: unknown): string {
  return parseIdParam(ToolName, value, 'Tool');
}

function optionalRequestId(requestId: string | undefined): { requestId?: string } {
  return requestId === undefined ? {} : { requestId };
}

export function registerToolOpenApi(registry: OpenAPIRegistry): void {
  const params = z.object({
    name: ToolName.meta({ description: 'URL-encoded: `docs%2Fformat`.' }),
  });
  registry.registerPath({
    method: 'get',
    path: '/tools',
    tags: ['Tools'],
    summary: 'The allowlisted executors and flows, with enabled and their options',
    description:
      'Needs the viewer role or stronger. The allowlist is in code; rows only narrow it.',
    responses: {
      200: { description: 'Every tool', ...jsonContent(ToolListResponse) },
      ...problemResponse,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/tools/{name}',
    tags: ['Tools'],
    summary: 'One tool; its ETag header is its version',
    request: { params },
    responses: { 200: { description: 'The tool', ...jsonContent(ToolSchema) }, ...problemResponse },
  });
  registry.registerPath({
    method: 'patch',
    path: '/tools/{name}',
    tags: ['Tools'],
    summary: 'Enable, disable or configure a tool (admin; audited)',
    description:
      '`config` replaces the whole config and is validated with the tool schema (`config_schema`). Needs If-Match: missing → 428, stale → 412 with the current tool. A task whose executor is disabled cannot run (409); runs already started keep the options they started with.',
    request: {
      params,
      headers: z.object({
        'if-match': z
          .string()
          .meta({ description: "The tool's ETag; missing → 428, stale → 412." }),
      }),
      body: { required: true, ...jsonContent(UpdateToolRequest) },
    },
    responses: {
      200: { description: 'Changed; new ETag', ...jsonContent(ToolSchema) },
      ...problemResponse,
    },
  });
}
