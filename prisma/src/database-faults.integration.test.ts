import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from './client.ts';
import { applyMigrations } from './migrate.ts';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import { isTransientDatabaseError } from '@kyros/contracts/database-faults';

/** Real faults from a real PostgreSQL, classified as the worker and the API will meet them. */
describe('isTransientDatabaseError on errors from a real PostgreSQL', () => {
  let db: TestDatabase;
  let admin: pg.Client;
  let prisma: PrismaClient;
  const clients: pg.Client[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await applyMigrations({ connectionString: db.url, schemaEngineBinary: null });
    admin = await connect();
    await admin.query('CREATE TABLE fault_rows (id int PRIMARY KEY, v int NOT NULL DEFAULT 0)');
    await admin.query('INSERT INTO fault_rows (id) VALUES (1), (2)');
    prisma = createPrismaClient({ connectionString: db.url, poolSize: 2 });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await Promise.allSettled(clients.map((client) => client.end()));
    await db?.drop();
  });

  async function connect(url = db.url): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    // A terminated idle client reports here; the test reads the error from the query instead.
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  }

  /** Waits until some backend of this database waits on a lock, and returns its pid. */
  async function lockWaiter(): Promise<number> {
    for (;;) {
      const { rows } = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      const [first] = rows;
      if (first) return first.pid;
    }
  }

  async function holdTableLock(table: string): Promise<pg.Client> {
    const holder = await connect();
    await holder.query('BEGIN');
    await holder.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    return holder;
  }

  it('pg_terminate_backend mid-query: pg raises 57P01, then "Connection terminated"', async () => {
    const client = await connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const running = client.query('SELECT pg_sleep(60)').catch((error: unknown) => error);
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
    const terminated = await running;
    expect(terminated).toBeInstanceOf(pg.DatabaseError);
    expect(terminated).toMatchObject({ code: '57P01' });
    expect(isTransientDatabaseError(terminated)).toBe(true);

    const after = await client.query('SELECT 1').catch((error: unknown) => error);
    expect(after).toBeInstanceOf(Error);
    expect(isTransientDatabaseError(after)).toBe(true);
  });

  it('a refused connection (ECONNREFUSED) through pg and through Prisma', async () => {
    const closed = new URL(db.url);
    closed.port = '1';
    const refused = await new pg.Client({ connectionString: closed.toString() })
      .connect()
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isTransientDatabaseError(refused)).toBe(true);

    const unreachable = createPrismaClient({ connectionString: closed.toString(), poolSize: 1 });
    try {
      const error = await unreachable.job.count().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'PrismaClientKnownRequestError', code: 'P1001' });
      expect(isTransientDatabaseError(error)).toBe(true);
    } finally {
      await unreachable.$disconnect();
    }
  });

  it('a Prisma model query whose backend is terminated while it waits: P2039 over 57P01', async () => {
    const holder = await holdTableLock('jobs');
    const reading = prisma.job
      .findUnique({ where: { id: '00000000-0000-4000-8000-000000000000' } })
      .catch((error: unknown) => error);
    await admin.query('SELECT pg_terminate_backend($1)', [await lockWaiter()]);
    const error = await reading;
    await holder.query('ROLLBACK');
    expect(error).toMatchObject({ name: 'PrismaClientKnownRequestError', code: 'P2039' });
    expect(isTransientDatabaseError(error)).toBe(true);
    // The pool dropped the dead connection: the next query simply works.
    expect(await prisma.job.count()).toBe(0);
  });

  it('lock_timeout (55P03) and statement_timeout (57014) through Prisma', async () => {
    const holder = await holdTableLock('jobs');
    const lockTimeout = await prisma
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '20ms'`);
        return tx.job.count();
      })
      .catch((error: unknown) => error);
    await holder.query('ROLLBACK');
    expect(lockTimeout).toMatchObject({ name: 'PrismaClientKnownRequestError' });
    expect(isTransientDatabaseError(lockTimeout)).toBe(true);

    const statementTimeout = await prisma
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = '20ms'`);
        await tx.$queryRawUnsafe('SELECT pg_sleep(60)');
      })
      .catch((error: unknown) => error);
    expect(statementTimeout).toMatchObject({ name: 'PrismaClientKnownRequestError' });
    expect(String(statementTimeout)).toContain('57014');
    expect(isTransientDatabaseError(statementTimeout)).toBe(true);
  });

  it('a real deadlock (40P01) detected in a Prisma transaction', async () => {
    const other = await connect();
    // The other side waits long before checking, so the deadlock is reported to Prisma's side.
    await other.query(`SET deadlock_timeout = '60s'`);
    await other.query('BEGIN');
    await other.query('UPDATE fault_rows SET v = v + 1 WHERE id = 1');
    let otherWaits: Promise<unknown> = Promise.resolve();
    const deadlocked = await prisma
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL deadlock_timeout = '10ms'`);
        await tx.$executeRawUnsafe('UPDATE fault_rows SET v = v + 1 WHERE id = 2');
        otherWaits = other.query('UPDATE fault_rows SET v = v + 1 WHERE id = 2');
        await lockWaiter();
        await tx.$executeRawUnsafe('UPDATE fault_rows SET v = v + 1 WHERE id = 1');
      })
      .catch((error: unknown) => error);
    // Prisma's transaction rolled back on the error, which let the other side through.
    await otherWaits;
    await other.query('ROLLBACK');
    expect(deadlocked).toMatchObject({ name: 'PrismaClientKnownRequestError' });
    expect(String(deadlocked)).toContain('40P01');
    expect(isTransientDatabaseError(deadlocked)).toBe(true);
  });

  it('a serialization failure (40001) between two serializable transactions', async () => {
    const first = await connect();
    const second = await connect();
    for (const client of [first, second]) {
      await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      await client.query('SELECT sum(v) FROM fault_rows');
    }
    await first.query('UPDATE fault_rows SET v = v + 1 WHERE id = 1');
    await second.query('UPDATE fault_rows SET v = v + 1 WHERE id = 2');
    await first.query('COMMIT');
    const error = await second.query('COMMIT').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: '40001' });
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it('too many connections (53300) for a role at its connection limit', async () => {
    const role = `kyros_limited_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    // A password too: the embedded server asks for one (scram), the machine's trusts loopback.
    await admin.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 0 PASSWORD '${password}'`);
    try {
      const limited = new URL(db.url);
      limited.username = role;
      limited.password = password;
      const error = await new pg.Client({ connectionString: limited.toString() })
        .connect()
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: '53300' });
      expect(isTransientDatabaseError(error)).toBe(true);
    } finally {
      await admin.query(`DROP ROLE ${role}`);
    }
  });

  it('domain errors stay final: unique violation, missing relation', async () => {
    const duplicate = await admin
      .query('INSERT INTO fault_rows (id) VALUES (1)')
      .catch((error: unknown) => error);
    expect(duplicate).toMatchObject({ code: '23505' });
    expect(isTransientDatabaseError(duplicate)).toBe(false);

    const missing = await prisma
      .$queryRawUnsafe('SELECT * FROM no_such_table')
      .catch((error: unknown) => error);
    expect(missing).toMatchObject({ name: 'PrismaClientKnownRequestError' });
    expect(isTransientDatabaseError(missing)).toBe(false);
  });
});
