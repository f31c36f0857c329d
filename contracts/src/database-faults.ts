/**
 * Which database errors a later attempt may not meet: the connection was lost or refused, the
 * server is shutting down or starting, a transaction lost a serialization race or a deadlock, a
 * timeout fired, the server has no connection slot. Pure (it reads error shapes, imports no
 * driver), so the worker and the API classify alike.
 */

/** SQLSTATE class 08: connection exception (08000, 08003, 08006, 08P01, …). */
const CONNECTION_EXCEPTION_CLASS = '08';

const TRANSIENT_SQLSTATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown
  '57P02', // crash_shutdown: another backend crashed, the server restarts
  '57P03', // cannot_connect_now: the server is starting or in recovery
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout
  '55P03', // lock_not_available: lock_timeout
]);

const TRANSIENT_SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Prisma's own codes for the same faults, when it reports no driver error beneath. */
const TRANSIENT_PRISMA_CODES = new Set([
  'P1001', // can't reach the database server
  'P1002', // the server was reached but timed out
  'P1008', // operations timed out
  'P1017', // the server closed the connection
  'P2024', // timed out fetching a connection from the pool
  'P2028', // transaction API error: could not start in time, or expired meanwhile
  'P2034', // write conflict or deadlock: retry the transaction
]);

/** `@prisma/adapter-pg`'s kinds for the faults above (its `postgres` kind carries the SQLSTATE). */
const TRANSIENT_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TransactionWriteConflict',
]);

/** Messages of `pg` and `pg-pool` errors that carry no code. */
const TRANSIENT_MESSAGE =
  /^(Connection terminated|timeout expired$|timeout exceeded when trying to connect$|Query read timeout$|Client has encountered a connection error)/;

/** Prisma's codes that only wrap a driver error (raw query failed, driver adapter error). */
const PRISMA_DRIVER_WRAPPERS = new Set(['P2010', 'P2039']);

/**
 * True when `error`, or anything on its cause chain (`cause`, an AggregateError's `errors`, the
 * driver error inside a Prisma error), is a transient database fault.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  return classify(error, new Set()) === 'transient';
}

type Verdict = 'transient' | 'other';

function classify(error: unknown, seen: Set<unknown>): Verdict {
  if (typeof error !== 'object' || error === null || seen.has(error)) return 'other';
  seen.add(error);
  const fields = error as Record<string, unknown>;
  const code = typeof fields.code === 'string' ? fields.code : undefined;

  if (isPrismaError(fields)) {
    // What the driver said is more precise than Prisma's umbrella code for it.
    const driverError = driverErrorOf(fields.meta);
    if (driverError !== undefined) return classify(driverError, seen);
    if (code !== undefined && TRANSIENT_PRISMA_CODES.has(code)) return 'transient';
    if (code !== undefined && PRISMA_DRIVER_WRAPPERS.has(code)) return 'other';
  } else if (code !== undefined && isTransientCode(code)) {
    return 'transient';
  }
  if (typeof fields.originalCode === 'string' && isTransientSqlState(fields.originalCode)) {
    return 'transient';
  }
  if (typeof fields.kind === 'string' && TRANSIENT_ADAPTER_KINDS.has(fields.kind)) {
    return 'transient';
  }
  if (typeof fields.message === 'string' && TRANSIENT_MESSAGE.test(fields.message)) {
    return 'transient';
  }
  if (Array.isArray(fields.errors) && fields.errors.length > 0) {
    // An AggregateError (one per address tried) is transient only if every attempt was.
    const verdicts = fields.errors.map((inner: unknown) => classify(inner, seen));
    if (verdicts.every((verdict) => verdict === 'transient')) return 'transient';
  }
  return classify(fields.cause, seen);
}

function isTransientCode(code: string): boolean {
  return TRANSIENT_SOCKET_CODES.has(code) || isTransientSqlState(code);
}

function isTransientSqlState(code: string): boolean {
  if (!/^[0-9A-Z]{5}$/.test(code)) return false;
  return code.startsWith(CONNECTION_EXCEPTION_CLASS) || TRANSIENT_SQLSTATES.has(code);
}

function isPrismaError(fields: Record<string, unknown>): boolean {
  return typeof fields.name === 'string' && fields.name.startsWith('PrismaClient');
}

/** Prisma 7 keeps the adapter's error in `meta.driverAdapterError.cause`, not on `cause`. */
function driverErrorOf(meta: unknown): unknown {
  if (typeof meta !== 'object' || meta === null) return undefined;
  const adapterError = (meta as { driverAdapterError?: unknown }).driverAdapterError;
  if (typeof adapterError !== 'object' || adapterError === null) return undefined;
  return (adapterError as { cause?: unknown }).cause;
}
