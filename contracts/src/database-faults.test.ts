import pg from 'pg';
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import { describe, expect, it } from 'vitest';
import { isTransientDatabaseError } from './database-faults.ts';

/** A `pg` server error as the protocol parser builds it. */
function serverError(code: string, message: string, severity = 'ERROR'): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  error.severity = severity;
  return error;
}

/** A socket error as Node's net module raises it. */
function socketError(code: string, syscall = 'connect'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${syscall} ${code} 127.0.0.1:5432`), {
    code,
    errno: -1,
    syscall,
  });
}

/** A Prisma 7 error over `@prisma/adapter-pg`, with the driver error in its meta (as captured). */
function prismaError(code: string, driverError?: Record<string, unknown>) {
  return new PrismaClientKnownRequestError(`Invalid \`prisma.job.findUnique()\` invocation`, {
    code,
    clientVersion: '7.10.0',
    ...(driverError
      ? { meta: { driverAdapterError: { name: 'DriverAdapterError', cause: driverError } } }
      : {}),
  });
}

const postgres = (code: string, message: string) => ({
  originalCode: code,
  originalMessage: message,
  kind: 'postgres',
  code,
  severity: 'ERROR',
  message,
});

describe('isTransientDatabaseError', () => {
  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection because of crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['08P01', 'bind message supplies 4 parameters, but prepared statement "" requires 3'],
    ['40001', 'could not serialize access due to concurrent update'],
    ['40P01', 'deadlock detected'],
    ['53300', 'sorry, too many clients already'],
    ['57014', 'canceling statement due to statement timeout'],
    ['55P03', 'canceling statement due to lock timeout'],
  ])('a pg server error %s is transient', (code, message) => {
    expect(isTransientDatabaseError(serverError(code, message))).toBe(true);
  });

  it.each([
    ['23505', 'duplicate key value violates unique constraint'],
    ['23503', 'insert or update violates foreign key constraint'],
    ['42P01', 'relation "jobs" does not exist'],
    ['42501', 'permission denied for table jobs'],
    ['28P01', 'password authentication failed for user "kyros"'],
    ['22P02', 'invalid input syntax for type uuid'],
    ['P0001', 'raised by a function'],
  ])('a pg server error %s is not', (code, message) => {
    expect(isTransientDatabaseError(serverError(code, message))).toBe(false);
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN'])(
    'a socket error %s is transient',
    (code) => {
      expect(isTransientDatabaseError(socketError(code))).toBe(true);
    },
  );

  it('an AggregateError is transient only when every address failed transiently', () => {
    const refused = new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')]);
    expect(isTransientDatabaseError(refused)).toBe(true);
    const mixed = new AggregateError([socketError('ECONNREFUSED'), new Error('bad config')]);
    expect(isTransientDatabaseError(mixed)).toBe(false);
  });

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
    'Query read timeout',
    'Client has encountered a connection error and is not queryable',
  ])('pg and pg-pool say "%s" without a code: transient', (message) => {
    expect(isTransientDatabaseError(new Error(message))).toBe(true);
  });

  it('a Prisma P2039 over a protocol violation (08P01), as seen with 20 concurrent jobs', () => {
    const error = prismaError(
      'P2039',
      postgres('08P01', 'bind message supplies 4 parameters, but prepared statement "" requires 3'),
    );
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it('Prisma wrappers decide by the driver error they carry', () => {
    expect(isTransientDatabaseError(prismaError('P2010', postgres('57P01', 'terminating')))).toBe(
      true,
    );
    expect(
      isTransientDatabaseError(
        prismaError('P2010', { originalCode: '40P01', kind: 'TransactionWriteConflict' }),
      ),
    ).toBe(true);
    expect(
      isTransientDatabaseError(
        prismaError('P1001', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }),
      ),
    ).toBe(true);
    expect(isTransientDatabaseError(prismaError('P2010', { kind: 'ConnectionClosed' }))).toBe(true);
    expect(
      isTransientDatabaseError(
        prismaError('P2039', postgres('42501', 'permission denied for table jobs')),
      ),
    ).toBe(false);
    expect(
      isTransientDatabaseError(
        prismaError('P2002', { originalCode: '23505', kind: 'UniqueConstraintViolation' }),
      ),
    ).toBe(false);
  });

  it.each(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034'])(
    'Prisma %s without a driver error is transient',
    (code) => {
      expect(isTransientDatabaseError(prismaError(code))).toBe(true);
    },
  );

  it.each(['P2002', 'P2003', 'P2025', 'P2010', 'P2039'])(
    'Prisma %s without a driver error is not',
    (code) => {
      expect(isTransientDatabaseError(prismaError(code))).toBe(false);
    },
  );

  it('walks the cause chain', () => {
    const wrapped = new Error('generation failed', {
      cause: new Error('checkpoint write failed', { cause: serverError('57P01', 'terminating') }),
    });
    expect(isTransientDatabaseError(wrapped)).toBe(true);
    expect(isTransientDatabaseError(new Error('outer', { cause: new Error('inner') }))).toBe(false);
  });

  it('survives a cyclic cause chain and non-errors', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isTransientDatabaseError(a)).toBe(false);
    expect(isTransientDatabaseError(undefined)).toBe(false);
    expect(isTransientDatabaseError('ECONNRESET')).toBe(false);
  });
});
