import { Router } from 'express';
import {
  CreatePresetRequest,
  jsonColumn,
  PresetListResponse,
  StoredPresetParameters,
  UpdatePresetRequest,
} from '@kyros/contracts/schemas/jobs';
import { principalOf, requireRole } from '../auth/principal.ts';
import { AppError } from '../errors/app-error.ts';
import type { JobsDeps } from './jobs-deps.ts';
import { presetBody } from './job-representations.ts';
import { isUniqueViolation } from '../errors/unique-violation.ts';
import { idParam, parseJsonBody, requestIdOf } from './jobs-http.ts';
import { existingUserId } from '../auth/existing-user-id.ts';

/** Presets CRUD, for the Settings page: what a job generates and how it exports. */
export function presetRoutes(deps: JobsDeps): Router {
  const router = Router();
  const { prisma, audit } = deps;

  const find = async (id: string) => {
    const row = await prisma.preset.findUnique({ where: { id } });
    if (!row) throw new AppError('not_found', `Preset ${id} does not exist`);
    return row;
  };

  router.get('/presets', requireRole('viewer'), async (_req, res) => {
    const rows = await prisma.preset.findMany({ orderBy: { name: 'asc' } });
    res.json(PresetListResponse.parse({ items: rows.map(presetBody) }));
  });

  router.get('/presets/:id', requireRole('viewer'), async (req, res) => {
    res.json(presetBody(await find(idParam(req, 'id', 'Preset'))));
  });

  router.post('/presets', requireRole('operator'), async (req, res) => {
    const request = parseJsonBody(CreatePresetRequest, req);
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
  });

  router.patch('/presets/:id', requireRole('operator'), async (req, res) => {
    const id = idParam(req, 'id', 'Preset');
    const request = parseJsonBody(UpdatePresetRequest, req);
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
          ...(request.variant_count === undefined ? {} : { variantCount: request.variant_count }),
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
  });

  router.delete('/presets/:id', requireRole('operator'), async (req, res) => {
    const id = idParam(req, 'id', 'Preset');
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
  });

  return router;
}

function nameTaken(error: unknown, name: string): unknown {
  return isUniqueViolation(error)
    ? new AppError('conflict', `A preset named ${name} already exists`)
    : error;
}
