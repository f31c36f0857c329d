import type { PrismaClient } from '@kyros/db/client';
import { AppError } from '../../errors/app-error.ts';

/** The job row, or a 404 naming it. */
export async function findJob(prisma: PrismaClient, id: string) {
  const job = await prisma.job.findUnique({ where: { id } });
  if (!job) throw new AppError('not_found', `Job ${id} does not exist`);
  return job;
}

/** The variant row, or a 404 naming it. */
export async function findVariant(prisma: PrismaClient, id: string) {
  const variant = await prisma.variant.findUnique({ where: { id } });
  if (!variant) throw new AppError('not_found', `Variant ${id} does not exist`);
  return variant;
}
