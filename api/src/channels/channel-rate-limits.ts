import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Options } from 'express-rate-limit';
import type { ChannelRateLimits as ChannelLimitSettings } from '@kyros/contracts/config';
import type { PrismaClient } from '@kyros/db/client';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Principal } from '../auth/principal.ts';
import {
  PostgresRateLimitStore,
  principalKey,
  rateLimitedError,
  rateLimiter,
  type RateLimitRefusal,
} from '../auth/rate-limit.ts';
import { requestIdOf } from '../http/request-input.ts';
import { recordRateLimited } from './operations/record-rate-limited.ts';

/** A channel with a limit of its own (`KYROS_CHANNEL_RATE_LIMIT_<NAME>`). */
export type RateLimitedChannel = keyof ChannelLimitSettings;

export interface ChannelRateLimitOptions {
  /** The principal's key by default (`req.principal`), or the client IP when there is none. */
  key?: (req: Request) => string;
  /**
   * Answers a refused request in the channel's own form (Slack: an ephemeral message). Default:
   * 429 problem+json. `Retry-After` and `RateLimit-*` are set, and the audit row is written, first.
   */
  respond?: (req: Request, res: Response, next: NextFunction, refusal: RateLimitRefusal) => void;
}

export type RateLimitVerdict = { allowed: true } | ({ allowed: false } & RateLimitRefusal);

/**
 * Per-channel rate limits, keyed by channel and principal, counted in Postgres
 * (`rate_limit_buckets`, exact across replicas) with the same store as the API's other limiters.
 * Every refusal writes an audit row (`channel.rate_limited`) before it is answered.
 */
export interface ChannelRateLimiter {
  /**
   * Middleware for a channel's route, mounted after whatever establishes `req.principal` (for a
   * route declared with `defineRoute`: `before: [rateLimits.http('webhook')]`).
   */
  http(channel: RateLimitedChannel, options?: ChannelRateLimitOptions): RequestHandler;
  /** Counts one message outside HTTP (a WebSocket frame) and says whether it may proceed. */
  consume(channel: RateLimitedChannel, principal: Principal): Promise<RateLimitVerdict>;
}

export interface ChannelRateLimiterDeps {
  prisma: PrismaClient;
  audit: AuditLog;
  logger: Pick<Logger, 'warn'>;
  /** Per minute per principal; 0 (or absent) = no limit on that channel. */
  limits: Partial<ChannelLimitSettings>;
  windowMs?: number;
}

const WINDOW_MS = 60_000;

export function channelRateLimiter(deps: ChannelRateLimiterDeps): ChannelRateLimiter {
  const windowMs = deps.windowMs ?? WINDOW_MS;
  const limitOf = (channel: RateLimitedChannel) => deps.limits[channel] ?? 0;
  const audited = async (
    channel: RateLimitedChannel,
    principal: Principal | undefined,
    refusal: RateLimitRefusal,
    requestId?: string,
  ) => {
    try {
      await recordRateLimited({ ...deps, channel, principal, refusal, requestId });
    } catch (error) {
      deps.logger.warn({ err: error, channel }, 'rate-limit refusal not audited');
    }
  };
  // One store per channel for messages outside HTTP: the same table, its own key space.
  const messageStores = new Map<RateLimitedChannel, PostgresRateLimitStore>();
  const messageStore = (channel: RateLimitedChannel) => {
    let store = messageStores.get(channel);
    if (!store) {
      store = new PostgresRateLimitStore(deps.prisma, `channel-messages:${channel}`);
      store.init({ windowMs } as Options);
      messageStores.set(channel, store);
    }
    return store;
  };

  return {
    http(channel, options = {}) {
      const respond =
        options.respond ??
        ((_req: Request, _res: Response, next: NextFunction, refusal: RateLimitRefusal) =>
          next(rateLimitedError(refusal)));
      return rateLimiter(
        `channel:${channel}`,
        { prisma: deps.prisma, limit: limitOf(channel), windowMs },
        options.key ?? principalKey,
        {
          onLimited: (req, res, next, refusal) => {
            void audited(channel, req.principal, refusal, requestIdOf(req)).then(() =>
              respond(req, res, next, refusal),
            );
          },
        },
      );
    },

    async consume(channel, principal) {
      const limit = limitOf(channel);
      if (limit <= 0) return { allowed: true };
      let counted;
      try {
        counted = await messageStore(channel).increment(`${principal.kind}:${principal.id}`);
      } catch (error) {
        // As for HTTP (passOnStoreError): a database hiccup lets messages through.
        deps.logger.warn({ err: error, channel }, 'rate-limit count failed; message let through');
        return { allowed: true };
      }
      if (counted.totalHits <= limit) return { allowed: true };
      const resetMs = (counted.resetTime?.getTime() ?? Date.now() + windowMs) - Date.now();
      const refusal = {
        limit,
        windowMs,
        retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)),
      };
      await audited(channel, principal, refusal);
      return { allowed: false, ...refusal };
    },
  };
}
