import type { PrismaClient } from '@kyros/db/client';
import { EXECUTOR_NAMES, type ExecutorName } from '@kyros/contracts/schemas/executors';
import { isAllowlisted } from '../domain/runnable-tool.ts';
import type { StoredTool } from '../tool-representation.ts';

/** Every allowlisted tool's row, in allowlist order; rows for names outside it are ignored. */
export async function listTools(options: { prisma: PrismaClient }): Promise<StoredTool[]> {
  const rows = await options.prisma.tool.findMany({ where: { name: { in: EXECUTOR_NAMES } } });
  const rank = (name: ExecutorName) => EXECUTOR_NAMES.indexOf(name);
  return rows
    .flatMap(({ name, ...row }) => (isAllowlisted(name) ? [{ ...row, name }] : []))
    .sort((a, b) => rank(a.name) - rank(b.name));
}
