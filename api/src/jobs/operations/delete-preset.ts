import type { Principal } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';
import type { JobsDeps } from '../jobs-deps.ts';
import { findPreset } from './read-presets.ts';

export interface DeletePresetOptions {
  deps: Pick<JobsDeps, 'prisma' | 'audit'>;
  id: string;
  principal: Principal;
  requestId: string | undefined;
}

/**
 * Deletes a preset no schedule uses (409 otherwise); the delete and its `preset.deleted` audit
 * row commit together. Past jobs keep the copy of the preset they made.
 */
export async function deletePreset({ deps, id, principal, requestId }: DeletePresetOptions) {
  const { prisma, audit } = deps;
  const { mirror } = await prisma.$transaction(async (tx) => {
    const current = await findPreset(tx, id);
    const schedules = await tx.schedule.count({ where: { presetId: id } });
    if (schedules > 0) {
      throw new AppError(
        'conflict',
        `Preset ${current.name} is used by ${schedules} schedule(s); delete them first`,
      );
    }
    await tx.preset.delete({ where: { id } });
    return audit.recordWithin(tx, {
      principal,
      action: 'preset.deleted',
      targetType: 'preset',
      targetId: id,
      payload: { name: current.name },
      requestId,
    });
  });
  await mirror();
}
