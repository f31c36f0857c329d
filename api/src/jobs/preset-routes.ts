import {
  CreatePresetRequest,
  JobsId,
  jsonColumn,
  PresetListResponse,
  PresetSchema,
  StoredPresetParameters,
  UpdatePresetRequest,
} from '@kyros/contracts/schemas/jobs';
import { principalOf } from '../auth/principal.ts';
import { AppError } from '../errors/app-error.ts';
import type { JobsDeps } from './jobs-deps.ts';
import { presetBody } from './job-representations.ts';
import { isUniqueViolation } from '../errors/unique-violation.ts';
import { requestIdOf } from '../http/request-input.ts';
import { defineRoute, jsonContent, pathId, type Route } from '../http/route.ts';
import { READ, WRITE } from './jobs-roles.ts';
import { existingUserId } from '../auth/existing-user-id.ts';

/** Presets CRUD, for the Settings page: what a job generates and how it exports. */
const TAGS = ['Presets'];
const params = { id: pathId(JobsId, 'Preset') };

export function presetRoutes(deps: JobsDeps): Route[] {
  const { prisma, audit } = deps;

  const find = async (id: string) => {
    const row = await prisma.preset.findUnique({ where: { id } });
    if (!row) throw new AppError('not_found', `Preset ${id} does not exist`);
    return row;
  };

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
        const rows = await prisma.preset.findMany({ orderBy: { name: 'asc' } });
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
      responses: { 201: { description: 'Created', ...jsonContent(PresetSchema) } },
      async handle({ body: request }, { req, res }) {
        const principal = principalOf(req);
        const parameters: StoredPresetParameters = {
          format: request.format,
          input: request.parameters,
        };
        const row = await prisma.preset
          .create({
            data: {
              name: request.name,
              description: request.description ?? null,
              template: request.template,
              parameters: jsonColumn(parameters),
              variantCount: request.variant_count,
              createdById: await existingUserId(deps.prisma, principal.userId),
            },
          })
          .catch((error: unknown) => {
            throw nameTaken(error, request.name);
          });
        await audit.record({
          principal,
          action: 'preset.created',
          targetType: 'preset',
          targetId: row.id,
          payload: { name: row.name },
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
        res.json(presetBody(await find(params.id)));
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
      async handle({ params: { id }, body: request }, { req, res }) {
        const current = await find(id);
        const previous = StoredPresetParameters.parse(current.parameters);
        const parameters: StoredPresetParameters = {
          format: request.format ?? previous.format,
          input: request.parameters ?? previous.input,
        };
        const row = await prisma.preset
          .update({
            where: { id },
            data: {
              ...(request.name === undefined ? {} : { name: request.name }),
              ...(request.description === undefined ? {} : { description: request.description }),
              ...(request.template === undefined ? {} : { template: request.template }),
              ...(request.variant_count === undefined
                ? {}
                : { variantCount: request.variant_count }),
              parameters: jsonColumn(parameters),
            },
          })
          .catch((error: unknown) => {
            throw nameTaken(error, request.name ?? current.name);
          });
        await audit.record({
          principal: principalOf(req),
          action: 'preset.updated',
          targetType: 'preset',
          targetId: id,
          payload: { fields: Object.keys(request) },
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
      async handle({ params: { id } }, { req, res }) {
        const current = await find(id);
        const schedules = await prisma.schedule.count({ where: { presetId: id } });
        if (schedules > 0) {
          throw new AppError(
            'conflict',
            `Preset ${current.name} is used by ${schedules} schedule(s); delete them first`,
          );
        }
        await prisma.preset.delete({ where: { id } });
        await audit.record({
          principal: principalOf(req),
          action: 'preset.deleted',
          targetType: 'preset',
          targetId: id,
          payload: { name: current.name },
          requestId: requestIdOf(req),
        });
        res.status(204).end();
      },
    }),
  ];
}

function nameTaken(error: unknown, name: string): unknown {
  return isUniqueViolation(error)
    ? new AppError('conflict', `A preset named ${name} already exists`)
    : error;
}
