import type { z } from 'zod';
import {
  jsonColumn,
  type CreatePresetRequest,
  type StoredPresetParameters,
} from '@kyros/contracts/schemas/jobs';
import { existingUserId } from '../../auth/existing-user-id.ts';
import type { Principal } from '../../auth/principal.ts';
import type { JobsDeps } from '../jobs-deps.ts';
import { presetNameTaken } from './preset-name-taken.ts';

export interface CreatePresetOptions {
  deps: Pick<JobsDeps, 'prisma' | 'audit'>;
  request: z.output<typeof CreatePresetRequest>;
  principal: Principal;
  requestId: string | undefined;
}

/** A new preset and its `preset.created` audit row, committed together; 409 for a taken name. */
export async function createPreset({ deps, request, principal, requestId }: CreatePresetOptions) {
  const { prisma, audit } = deps;
  const parameters: StoredPresetParameters = { format: request.format, input: request.parameters };
  const createdById = await existingUserId(prisma, principal.userId);
  const { row, mirror } = await prisma
    .$transaction(async (tx) => {
      const created = await tx.preset.create({
        data: {
          name: request.name,
          description: request.description ?? null,
          template: request.template,
          parameters: jsonColumn(parameters),
          variantCount: request.variant_count,
          createdById,
        },
      });
      const recorded = await audit.recordWithin(tx, {
        principal,
        action: 'preset.created',
        targetType: 'preset',
        targetId: created.id,
        payload: { name: created.name },
        requestId,
      });
      return { row: created, mirror: recorded.mirror };
    })
    .catch((error: unknown) => {
      throw presetNameTaken(error, request.name);
    });
  await mirror();
  return row;
}
