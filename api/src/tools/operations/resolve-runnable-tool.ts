import type { PrismaClient } from '@kyros/db/client';
import { isAllowlisted, runnableTool, type RunnableTool } from '../domain/runnable-tool.ts';

/**
 * Whether a task naming this executor may start now, and the options to snapshot into its run
 * (docs/TOOLS.md): a run started keeps them, whatever an admin changes afterwards.
 */
export async function resolveRunnableTool(options: {
  prisma: PrismaClient;
  name: string;
}): Promise<RunnableTool> {
  const { prisma, name } = options;
  const row = isAllowlisted(name) ? await prisma.tool.findUnique({ where: { name } }) : null;
  return runnableTool(name, row);
}
