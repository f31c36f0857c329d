import type { PrismaClient } from '@kyros/db/client';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { Principal } from '../../auth/principal.ts';
import type { RateLimitRefusal } from '../../auth/rate-limit.ts';

export interface RecordRateLimitedOptions {
  prisma: PrismaClient;
  audit: AuditLog;
  channel: string;
  /** Undefined when the caller had no principal (an unauthenticated route keyed by IP). */
  principal: Principal | undefined;
  refusal: RateLimitRefusal;
  requestId?: string | undefined;
}

/**
 * One `channel.rate_limited` audit row per refused request or message, in its own transaction.
 * Not mirrored onto the collaboration event stream: a caller hammering a channel must not be able
 * to flood the event log every subscriber reads.
 */
export async function recordRateLimited(options: RecordRateLimitedOptions): Promise<void> {
  const { prisma, audit, channel, principal, refusal } = options;
  await prisma.$transaction((tx) =>
    audit.recordWithin(tx, {
      ...(principal ? { principal } : {}),
      action: 'channel.rate_limited',
      targetType: 'channel',
      targetId: channel,
      payload: {
        limit: refusal.limit,
        window_seconds: refusal.windowMs / 1000,
        retry_after_seconds: refusal.retryAfterSeconds,
      },
      ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
    }),
  );
}
