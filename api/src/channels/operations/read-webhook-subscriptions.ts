import type { PrismaClient, WebhookDelivery, WebhookSubscription } from '@kyros/db/client';
import { AppError } from '../../errors/app-error.ts';

export function listWebhookSubscriptions(options: {
  prisma: PrismaClient;
}): Promise<WebhookSubscription[]> {
  return options.prisma.webhookSubscription.findMany({ orderBy: { createdAt: 'desc' } });
}

export async function readWebhookSubscription(options: {
  prisma: PrismaClient;
  id: string;
}): Promise<WebhookSubscription> {
  const row = await options.prisma.webhookSubscription.findUnique({ where: { id: options.id } });
  if (!row) throw new AppError('not_found', `Subscription ${options.id} does not exist`);
  return row;
}

/** A subscription's delivery log, newest first. */
export async function listWebhookDeliveries(options: {
  prisma: PrismaClient;
  id: string;
  status?: WebhookDelivery['status'] | undefined;
  limit: number;
}): Promise<WebhookDelivery[]> {
  await readWebhookSubscription(options);
  return options.prisma.webhookDelivery.findMany({
    where: { subscriptionId: options.id, ...(options.status ? { status: options.status } : {}) },
    orderBy: { createdAt: 'desc' },
    take: options.limit,
  });
}
