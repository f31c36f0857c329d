import type { InboundWebhook, PrismaClient } from '@kyros/db/client';
import { AppError } from '../../errors/app-error.ts';

/** Every inbound webhook, newest first. */
export function listInboundWebhooks(options: { prisma: PrismaClient }): Promise<InboundWebhook[]> {
  return options.prisma.inboundWebhook.findMany({ orderBy: { createdAt: 'desc' } });
}

/** One inbound webhook, or 404. */
export async function readInboundWebhook(options: {
  prisma: PrismaClient;
  id: string;
}): Promise<InboundWebhook> {
  const row = await options.prisma.inboundWebhook.findUnique({ where: { id: options.id } });
  if (!row) throw new AppError('not_found', `Webhook ${options.id} does not exist`);
  return row;
}
