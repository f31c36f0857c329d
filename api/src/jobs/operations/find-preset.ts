import type { PrismaClient } from '@kyros/db/client';
import { AppError } from '../../errors/app-error.ts';

/** The preset with this name (names are unique), or a 404 naming the presets there are. */
export async function findPresetByName(prisma: PrismaClient, name: string) {
  const preset = await prisma.preset.findUnique({ where: { name } });
  if (preset) return preset;
  const known = await prisma.preset.findMany({ select: { name: true }, orderBy: { name: 'asc' } });
  throw new AppError(
    'not_found',
    `Preset ${name} does not exist; presets: ${known.map((row) => row.name).join(', ') || 'none'}`,
  );
}
