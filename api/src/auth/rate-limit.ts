import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  ipKeyGenerator,
  rateLimit,
  type ClientRateLimitInfo,
  type IncrementResponse,
  type Options,
  type Store,
} from 'express-rate-limit';
import type { PrismaClient } from '@kyros/db/client';
import { AppError } from '../errors/app-error.ts';

/**
 * express-rate-limit's store over the `rate_limit_buckets` table: one fixed window per key,
 * counted by a single upsert on the database clock, so every API replica shares the count.
 */
export class PostgresRateLimitStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  #windowMs = 60_000;
  #sinceSweep = 0;

  constructor(
    private readonly prisma: PrismaClient,
    prefix: string,
  ) {
    this.prefix = `${prefix}:`;
  }

  init(options: Options): void {
    this.#windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const rows = await this.prisma.$queryRaw<{ hits: number; reset_at: Date }[]>`
      SELECT hits, reset_at FROM rate_limit_buckets
      WHERE key = ${this.prefix + key} AND reset_at > now()`;
    const row = rows[0];
    return row ? { totalHits: row.hits, resetTime: row.reset_at } : undefined;
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.add(key, 1);
  }

  /** Counts `hits` requests at once (the batched store's flush). */
  async add(key: string, hits: number): Promise<IncrementResponse> {
    const rows = await this.prisma.$queryRaw<{ hits: number; reset_at: Date }[]>`
      INSERT INTO rate_limit_buckets AS b (key, hits, reset_at)
      VALUES (${this.prefix + key}, ${hits}::int, now() + ${this.#windowMs}::int * interval '1 millisecond')
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN b.reset_at <= now() THEN EXCLUDED.hits ELSE b.hits + EXCLUDED.hits END,
        reset_at = CASE WHEN b.reset_at <= now() THEN EXCLUDED.reset_at ELSE b.reset_at END
      RETURNING hits, reset_at`;
    const row = rows[0];
    if (!row) throw new Error('rate limit upsert returned no row');
    this.#sinceSweep += 1;
    if (this.#sinceSweep >= 500) {
      // Windows long past are dead weight; any replica may sweep them now and then.
      this.#sinceSweep = 0;
      await this.prisma.$executeRaw`
        DELETE FROM rate_limit_buckets WHERE reset_at < now() - interval '1 hour'`;
    }
    return { totalHits: row.hits, resetTime: row.reset_at };
  }

  async decrement(key: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE rate_limit_buckets SET hits = GREATEST(hits - 1, 0)
      WHERE key = ${this.prefix + key} AND reset_at > now()`;
  }

  async resetKey(key: string): Promise<void> {
    await this.prisma.$executeRaw`DELETE FROM rate_limit_buckets WHERE key = ${this.prefix + key}`;
  }
}

interface LocalBucket {
  /** The window's total in Postgres (all replicas) as of this replica's last write. */
  committed: number;
  /** This replica's hits not yet added to Postgres. */
  pending: number;
  /** Hits a flush is adding to Postgres right now: counted until `committed` includes them. */
  inFlight: number;
  resetTime: Date;
}

/**
 * The per-principal limiter sits on every request, so a database round trip each would cost more
 * than most routes. This store pays one on a key's first request of a window, then counts locally
 * and adds the local hits to Postgres every `flushIntervalMs`, learning the other replicas' hits
 * in return. A principal spread over R replicas can overshoot by what R replicas accept in one
 * interval; on a single replica the limit is exact.
 */
export class BatchedRateLimitStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  readonly #buckets = new Map<string, LocalBucket>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: PostgresRateLimitStore,
    private readonly flushIntervalMs: number,
  ) {
    this.prefix = database.prefix;
  }

  init(options: Options): void {
    this.database.init(options);
    this.#timer = setInterval(() => void this.flush().catch(() => undefined), this.flushIntervalMs);
    this.#timer.unref();
  }

  get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.database.get(key);
  }

  async increment(key: string): Promise<IncrementResponse> {
    const bucket = this.#buckets.get(key);
    if (bucket && bucket.resetTime.getTime() > Date.now()) {
      bucket.pending += 1;
      return { totalHits: countOf(bucket), resetTime: bucket.resetTime };
    }
    const counted = await this.database.increment(key);
    const resetTime = counted.resetTime ?? new Date(Date.now() + this.flushIntervalMs);
    this.#buckets.set(key, { committed: counted.totalHits, pending: 0, inFlight: 0, resetTime });
    return counted;
  }

  decrement(key: string): void {
    const bucket = this.#buckets.get(key);
    if (bucket) bucket.pending -= 1;
  }

  async resetKey(key: string): Promise<void> {
    this.#buckets.delete(key);
    await this.database.resetKey(key);
  }

  /** Adds every key's local hits to Postgres; a bucket whose window is over is forgotten. */
  async flush(): Promise<void> {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.resetTime.getTime() <= Date.now()) {
        this.#buckets.delete(key);
        continue;
      }
      if (bucket.pending === 0) continue;
      // Moved, not dropped: a request counted while the add is awaited must still see them.
      const hits = bucket.pending;
      bucket.pending -= hits;
      bucket.inFlight += hits;
      try {
        const counted = await this.database.add(key, hits);
        bucket.committed = counted.totalHits;
        if (counted.resetTime) bucket.resetTime = counted.resetTime;
      } catch (error) {
        bucket.pending += hits;
        throw error;
      } finally {
        bucket.inFlight -= hits;
      }
    }
  }

  async shutdown(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}

/** A bucket's window total as this replica knows it. */
function countOf(bucket: LocalBucket): number {
  return bucket.committed + bucket.inFlight + bucket.pending;
}

export interface LimiterOptions {
  prisma: PrismaClient;
  /** Requests per window; 0 turns the limiter off. */
  limit: number;
  windowMs?: number;
  /**
   * 0: every request is counted in Postgres before it is answered (exact across replicas).
   * Otherwise a replica counts locally and adds its hits to Postgres this often (see
   * BatchedRateLimitStore).
   */
  flushIntervalMs?: number;
}

const passThrough: RequestHandler = (_req, _res, next) => next();

/** What a limiter knows when it refuses: the limit, its window, and when to come back. */
export interface RateLimitRefusal {
  limit: number;
  windowMs: number;
  retryAfterSeconds: number;
}

export interface LimiterBehaviour {
  /** Requests it does not count. */
  skip?: Options['skip'];
  /**
   * Answers a refused request. Default: a 429 problem+json. Either way `Retry-After` and the
   * `RateLimit-*` headers are already set.
   */
  onLimited?: (req: Request, res: Response, next: NextFunction, refusal: RateLimitRefusal) => void;
}

/**
 * A limiter answering 429 problem+json with `RateLimit-Limit/Remaining/Reset`, `RateLimit-Policy`
 * and `Retry-After`. `key` names the client; `name` separates the limiters' counters.
 */
export function rateLimiter(
  name: string,
  options: LimiterOptions,
  key: Options['keyGenerator'],
  behaviour: LimiterBehaviour = {},
): RequestHandler {
  if (options.limit <= 0) return passThrough;
  const windowMs = options.windowMs ?? 60_000;
  const onLimited = behaviour.onLimited ?? refuseWithProblem;
  return rateLimit({
    windowMs,
    limit: options.limit,
    standardHeaders: 'draft-6',
    legacyHeaders: false,
    store: options.flushIntervalMs
      ? new BatchedRateLimitStore(
          new PostgresRateLimitStore(options.prisma, name),
          options.flushIntervalMs,
        )
      : new PostgresRateLimitStore(options.prisma, name),
    keyGenerator: key,
    ...(behaviour.skip ? { skip: behaviour.skip } : {}),
    // A database hiccup must not take the API down with it, nor let it throttle everyone.
    passOnStoreError: true,
    handler: (req, res, next, used) => {
      // express-rate-limit has set Retry-After (and the RateLimit-* headers) by now.
      const retryAfterSeconds = Number(res.get('Retry-After') ?? Math.ceil(windowMs / 1000));
      res.set('Retry-After', String(retryAfterSeconds));
      onLimited(req, res, next, { limit: Number(used.limit), windowMs, retryAfterSeconds });
    },
  });
}

function refuseWithProblem(
  _req: Request,
  _res: Response,
  next: NextFunction,
  refusal: RateLimitRefusal,
): void {
  next(rateLimitedError(refusal));
}

/** The 429 problem every limiter answers with (unless it answers in its channel's own form). */
export function rateLimitedError(refusal: RateLimitRefusal): AppError {
  const { limit, windowMs, retryAfterSeconds } = refusal;
  return new AppError(
    'rate_limited',
    `Too many requests: at most ${String(limit)} per ${windowMs / 1000} s; retry in ${retryAfterSeconds} s`,
    { retryAfterSeconds },
  );
}

/** Per client IP: login and refresh, against password guessing and token stuffing. */
export function authRouteLimiter(options: LimiterOptions): RequestHandler {
  return rateLimiter('auth', options, (req) => ipKeyGenerator(req.ip ?? 'unknown'));
}

/** Per principal (API key or user), or per IP for anonymous callers; public paths excluded. */
export function principalLimiter(
  options: LimiterOptions,
  isPublic: (path: string) => boolean,
): RequestHandler {
  return rateLimiter('principal', options, principalKey, { skip: (req) => isPublic(req.path) });
}

/** The principal's key (API key or user), or the client IP for anonymous callers. */
export function principalKey(req: Request): string {
  return req.principal
    ? `${req.principal.kind}:${req.principal.id}`
    : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
}
