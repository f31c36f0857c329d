import type { z } from 'zod';
import {
  jsonColumn,
  StoredPresetParameters,
  type UpdatePresetRequest,
} from '@kyros/contracts/schemas/jobs';
import type { Principal } from '../../auth/principal.ts';
import type { JobsDeps } from '../jobs-deps.ts';
import { presetNameTaken } from './preset-name-taken.ts';
import { findPreset } from './read-presets.ts';

export interface UpdatePresetOptions {
  deps: Pick<JobsDeps, 'prisma' | 'audit'>;
  id: string;
  request: z.output<typeof UpdatePresetRequest>;
  principal: Principal;
  requestId: string | undefined;
}

/**
 * Changes the given fields of a preset (past jobs keep the copy they made); the row and its
 * `preset.updated` audit row commit together. 404 for an unknown id, 409 for a taken name.
 */
export async function updatePreset(options: UpdatePresetOptions) {
  const { deps, id, request, principal, requestId } = options;
  const { prisma, audit } = deps;
  let name = request.name;
  const { row, mirror } = await prisma
    .$transaction(async (tx) => {
      const current = await findPreset(tx, id);
      name ??= current.name;
      const previous = StoredPresetParameters.parse(current.parameters);
      const parameters: StoredPresetParameters = {
        format: request.format ?? previous.format,
        input: request.parameters ?? previous.input,
      };
      const updated = await tx.preset.update({
        where: { id },
        data: {
          ...(request.name === undefined ? {} : { name: request.name }),
          ...(request.description === undefined ? {} : { description: request.description }),
          ...(request.template === undefined ? {} : { template: request.template }),
          ...(request.variant_count === undefined ? {} : { variantCount: request.variant_count }),
          parameters: jsonColumn(parameters),
        },
      });
      const recorded = await audit.recordWithin(tx, {
        principal,
        action: 'preset.updated',
        targetType: 'preset',
        targetId: id,
        payload: { fields: Object.keys(request) },
        requestId,
      });
      return { row: updated, mirror: recorded.mirror };
    })
    .catch((error: unknown) => {
      throw presetNameTaken(error, name ?? id);
    });
  await mirror();
  return row;
}
