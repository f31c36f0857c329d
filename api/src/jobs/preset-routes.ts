import {
  CreatePresetRequest,
  JobsId,
  PresetListResponse,
  PresetSchema,
  UpdatePresetRequest,
} from '@kyros/contracts/schemas/jobs';
import { principalOf } from '../auth/principal.ts';
import { requestIdOf } from '../http/request-input.ts';
import { defineRoute, jsonContent, linksToId, pathId, type Route } from '../http/route.ts';
import { presetBody } from './job-representations.ts';
import type { JobsDeps } from './jobs-deps.ts';
import { READ, WRITE } from './jobs-roles.ts';
import { createPreset } from './operations/create-preset.ts';
import { deletePreset } from './operations/delete-preset.ts';
import { findPreset, listPresets } from './operations/read-presets.ts';
import { updatePreset } from './operations/update-preset.ts';

const TAGS = ['Presets'];
const params = { id: pathId(JobsId, 'Preset') };

/** Presets CRUD, for the Settings page: what a job generates and how it exports. */
export function presetRoutes(deps: JobsDeps): Route[] {
  const { prisma } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/presets',
      role: 'viewer',
      tags: TAGS,
      summary: 'List presets',
      description: READ,
      responses: {
        200: { description: 'Every preset, by name', ...jsonContent(PresetListResponse) },
      },
      async handle(_input, { res }) {
        const rows = await listPresets(prisma);
        res.json(PresetListResponse.parse({ items: rows.map(presetBody) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/presets',
      role: 'operator',
      tags: TAGS,
      summary: 'Create a preset',
      description: `${WRITE} 409 when the name is taken.`,
      body: { schema: CreatePresetRequest },
      responses: {
        201: {
          description: 'Created',
          ...jsonContent(PresetSchema),
          ...linksToId('/presets/{id}', ['get', 'patch', 'delete']),
        },
      },
      async handle({ body }, { req, res }) {
        const row = await createPreset({
          deps,
          request: body,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        res.status(201).location(`/presets/${row.id}`).json(presetBody(row));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/presets/{id}',
      role: 'viewer',
      tags: TAGS,
      summary: 'Read a preset',
      description: READ,
      params,
      responses: { 200: { description: 'The preset', ...jsonContent(PresetSchema) } },
      async handle({ params }, { res }) {
        res.json(presetBody(await findPreset(prisma, params.id)));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/presets/{id}',
      role: 'operator',
      tags: TAGS,
      summary: 'Change a preset',
      description: `${WRITE} Past jobs keep the copy they made.`,
      params,
      body: { schema: UpdatePresetRequest },
      responses: { 200: { description: 'Changed', ...jsonContent(PresetSchema) } },
      async handle({ params, body }, { req, res }) {
        const row = await updatePreset({
          deps,
          id: params.id,
          request: body,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        res.json(presetBody(row));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/presets/{id}',
      role: 'operator',
      tags: TAGS,
      summary: 'Delete a preset',
      description: `${WRITE} 409 while schedules use it.`,
      params,
      responses: { 204: { description: 'Deleted' } },
      async handle({ params }, { req, res }) {
        await deletePreset({
          deps,
          id: params.id,
          principal: principalOf(req),
          requestId: requestIdOf(req),
        });
        res.status(204).end();
      },
    }),
  ];
}
