import type { PrismaClient } from '@kyros/db/client';
import type { JobListQuery } from '@kyros/contracts/schemas/jobs';
import { AppError } from '../../errors/app-error.ts';
import { decodeJobCursor, encodeJobCursor } from '../domain/job-cursor.ts';

export interface ListJobsOptions {
  prisma: PrismaClient;
  query: JobListQuery;
}

/** Newest first, keyset-paged by (created_at, id); the cursor is one this API issued. */
export async function listJobs({ prisma, query }: ListJobsOptions) {
  const limit = query.limit ?? 20;
  const cursor = query.cursor === undefined ? undefined : decodeJobCursor(query.cursor);
  if (query.cursor !== undefined && !cursor) {
    throw new AppError('invalid', 'cursor is not one this API issued', {
      errors: [{ path: 'cursor', message: 'unknown cursor' }],
    });
  }
  const rows = await prisma.job.findMany({
    where: {
      ...(query.status ? { status: query.status } : {}),
      ...(query.preset ? { presetId: query.preset } : {}),
      ...(cursor
        ? {
            OR: [
              { createdAt: { lt: cursor.createdAt } },
              { createdAt: cursor.createdAt, id: { lt: cursor.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeJobCursor({ createdAt: last.createdAt, id: last.id })
      : null;
  return { jobs: page, nextCursor };
}
