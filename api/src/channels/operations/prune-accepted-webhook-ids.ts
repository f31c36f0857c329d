import type { PrismaClient } from '@kyros/db/client';

/** Standard Webhooks refuses a `webhook-timestamp` more than 5 minutes off, either way. */
const TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

/**
 * How long an accepted `webhook-id` is kept. One accepted at R carried a timestamp within R ± 5
 * minutes, so a replay gets past the timestamp check only until R + 10 minutes; the last 5 cover
 * clock steps between API replicas. After that the signature check refuses the replay by itself.
 */
export const ACCEPTED_ID_RETENTION_MS = 2 * TIMESTAMP_TOLERANCE_MS + 5 * 60_000;

/**
 * Forgets the accepted ids no replay could use any more, so the replay table stays bounded (a few
 * minutes of traffic). Run as messages are accepted, as ws-tickets clears old tickets as new ones
 * are made: no timer, and every replica helps.
 */
export async function pruneAcceptedWebhookIds(options: {
  prisma: PrismaClient;
  now: Date;
}): Promise<number> {
  const before = new Date(options.now.getTime() - ACCEPTED_ID_RETENTION_MS);
  const { count } = await options.prisma.inboundWebhookMessage.deleteMany({
    where: { receivedAt: { lt: before } },
  });
  return count;
}
