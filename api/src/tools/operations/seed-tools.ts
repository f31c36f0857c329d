import type { PrismaClient } from '@kyros/db/client';
import { EXECUTOR_NAMES } from '@kyros/contracts/schemas/executors';
import { TOOL_DESCRIPTIONS } from '@kyros/contracts/schemas/tools';

/**
 * One row per allowlisted tool, enabled with no options; rows that exist are left alone, so it is
 * safe on every start and from several replicas at once. Returns how many rows it created.
 */
export async function seedTools(options: { prisma: PrismaClient }): Promise<number> {
  const { count } = await options.prisma.tool.createMany({
    data: EXECUTOR_NAMES.map((name) => ({ name, description: TOOL_DESCRIPTIONS[name] })),
    skipDuplicates: true,
  });
  return count;
}
