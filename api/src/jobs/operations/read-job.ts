import type { PrismaClient } from '@kyros/db/client';
import { findJob } from './find-job.ts';

/** A job with its variants in ordinal order. */
export async function readJob(prisma: PrismaClient, id: string) {
  const job = await findJob(prisma, id);
  const variants = await prisma.variant.findMany({
    where: { jobId: job.id },
    orderBy: { ordinal: 'asc' },
  });
  return { job, variants };
}
