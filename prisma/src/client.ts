import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/client.ts';

export type {
  ChannelCommand,
  InboundWebhook,
  InboundWebhookMessage,
  PrismaClient,
  WebhookDelivery,
  WebhookSubscription,
} from '../generated/client.ts';

export interface PrismaClientOptions {
  connectionString: string;
  /** Upper bound of the pg pool; keep it within the embedded server's maxConnections. */
  poolSize: number;
}

/**
 * Prisma Client over `pg` through the driver adapter: no query engine binary, so it runs the same
 * on PostgreSQL and on the embedded PGlite socket. Call `$disconnect()` to close the pool.
 */
export function createPrismaClient(options: PrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: options.connectionString,
    max: options.poolSize,
  });
  return new PrismaClient({ adapter });
}
