import type { PrismaClient } from '@kyros/db/client';
import { AppError } from '../../errors/app-error.ts';

/** Every preset, by name. */
export function listPresets(prisma: PrismaClient) {
  return prisma.preset.findMany({ orderBy: { name: 'asc' } });
}

/** The preset row, or a 404 naming it. */
export async function findPreset(prisma: Pick<PrismaClient, 'preset'>, id: string) {
  const row = await prisma.preset.findUnique({ where: { id } });
  if (!row) throw new AppError('not_found', `Preset ${id} does not exist`);
  return row;
}
