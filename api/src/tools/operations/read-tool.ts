import type { PrismaClient } from '@kyros/db/client';
import { AppError } from '../../errors/app-error.ts';
import { isAllowlisted } from '../domain/runnable-tool.ts';
import type { StoredTool } from '../tool-representation.ts';

/** One allowlisted tool's row; 404 for any other name. */
export async function readTool(options: {
  prisma: PrismaClient;
  name: string;
}): Promise<StoredTool> {
  const { prisma, name } = options;
  if (!isAllowlisted(name)) throw toolNotFound(name);
  const row = await prisma.tool.findUnique({ where: { name } });
  if (!row) throw toolNotFound(name);
  return { ...row, name };
}

export function toolNotFound(name: string): AppError {
  return new AppError('not_found', `Tool ${name} does not exist (or is not in the allowlist)`);
}
