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
 * How long an interactive transaction may wait for a pool connection (`maxWait`) and then run
 * (`timeout`). Prisma's defaults (2 s, 5 s) turn a queue into a failure: 50 jobs created at once
 * on a loaded two-core machine waited over 2 s for one of the API's 5 connections and got P2028
 * (a 503), though nothing was wrong. Plain queries wait for the pool without a bound; a
 * transaction waits as long as a client would, so load makes requests slower, not refused.
 */
export const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

/**
 * Prisma Client over `pg` through the driver adapter: no query engine binary, so it runs the same
 * on PostgreSQL and on the embedded PGlite socket. Call `$disconnect()` to close the pool.
 */
export function createPrismaClient(options: PrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: options.connectionString,
    max: options.poolSize,
  });
  return new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
}
