import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import { inTransaction } from './postgres-transaction.ts';

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await pool.query('CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)');
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function countOf(sql: string, values: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(sql, values);
  return rows[0]?.n ?? Number.NaN;
}
const count = () => countOf('SELECT count(*)::int AS n FROM notes');

describe('inTransaction', () => {
  it('commits what the work wrote and answers its result', async () => {
    const answer = await inTransaction(pool, async (client) => {
      await client.query(`INSERT INTO notes VALUES (1, 'kept')`);
      return 'done';
    });
    expect(answer).toBe('done');
    expect(await count()).toBe(1);
  });

  it('rolls everything back when the work fails, and drops the connection', async () => {
    let pid = 0;
    const failure = inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      pid = rows[0]?.pid ?? 0;
      await client.query(`INSERT INTO notes VALUES (2, 'gone')`);
      await client.query('SELECT * FROM no_such_table');
    });
    await expect(failure).rejects.toThrow(/no_such_table/);
    expect(await count()).toBe(1);
    // Its backend goes away rather than serving the next caller mid-failure.
    await expect
      .poll(() => countOf('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [pid]))
      .toBe(0);
  });

  it('maps a failed COMMIT through commitFailed and keeps nothing', async () => {
    // A deferred constraint fails at COMMIT, not at the INSERT.
    await pool.query(
      `CREATE TABLE once (id int, CONSTRAINT unique_id UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)`,
    );
    const failure = inTransaction(
      pool,
      async (client) => {
        await client.query('INSERT INTO once VALUES (1), (1)');
      },
      { commitFailed: (error) => new Error('outcome unknown', { cause: error }) },
    );
    await expect(failure).rejects.toThrow('outcome unknown');
    expect(await countOf('SELECT count(*)::int AS n FROM once')).toBe(0);
  });

  it('lets the work open the transaction itself in its first query', async () => {
    const level = await inTransaction(
      pool,
      async (client) => {
        // Had the helper sent its own BEGIN first, this one would be ignored with a warning.
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        await client.query(`INSERT INTO notes VALUES (3, 'own begin')`);
        const { rows } = await client.query<{ transaction_isolation: string }>(
          'SHOW transaction_isolation',
        );
        return rows[0]?.transaction_isolation;
      },
      { begin: false },
    );
    expect(level).toBe('repeatable read');
    expect(await count()).toBe(2);
  });
});
