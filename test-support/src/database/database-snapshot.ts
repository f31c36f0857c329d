import type { PrismaClient } from '@kyros/db/client';

interface RowsDelegate {
  findMany(args: { orderBy: { id: 'asc' } }): Promise<unknown[]>;
}

/** The Prisma models of the client (its delegates with `findMany`). */
export type ModelName = {
  [K in keyof PrismaClient]: PrismaClient[K] extends { findMany: unknown } ? K : never;
}[keyof PrismaClient];

/**
 * Every row of the given models, in id order: compared before and after a refused request, it
 * shows there was no change in the database.
 */
export async function snapshotRows<M extends ModelName>(
  prisma: PrismaClient,
  models: readonly M[],
): Promise<Record<M, unknown[]>> {
  const rows = await Promise.all(
    models.map(async (model) => {
      const delegate = prisma[model] as unknown as RowsDelegate;
      return [model, await delegate.findMany({ orderBy: { id: 'asc' } })] as const;
    }),
  );
  return Object.fromEntries(rows) as Record<M, unknown[]>;
}
