import type {
  ChannelCommand,
  InboundWebhook,
  InboundWebhookMessage,
  PrismaClient,
} from '@kyros/db/client';
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

/** A message of the delivery log with the command it ran, if recorded. */
export type InboundWebhookMessageRow = InboundWebhookMessage & {
  command: ChannelCommand | null;
};

/** An inbound webhook's delivery log, newest first: each accepted message and what it ran. */
export async function listInboundWebhookMessages(options: {
  prisma: PrismaClient;
  id: string;
  limit: number;
}): Promise<InboundWebhookMessageRow[]> {
  const { prisma, id, limit } = options;
  await readInboundWebhook({ prisma, id });
  const messages = await prisma.inboundWebhookMessage.findMany({
    where: { webhookId: id },
    orderBy: { receivedAt: 'desc' },
    take: limit,
  });
  const commandIds = messages.flatMap((message) => message.commandId ?? []);
  const commands = await prisma.channelCommand.findMany({ where: { id: { in: commandIds } } });
  const byId = new Map(commands.map((command) => [command.id, command]));
  return messages.map((message) => ({
    ...message,
    command: byId.get(message.commandId ?? '') ?? null,
  }));
}
