import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import { createCheckpointPool } from './postgres-checkpointer.ts';

describe('the checkpointer pool', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('survives the server dropping its idle connection, and reconnects', async () => {
    const pool = createCheckpointPool(db.url);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(pool.idleCount).toBe(1);
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      // Without a listener, the pool's 'error' event would be an uncaught exception here.
      while (pool.idleCount > 0) await new Promise((resolve) => setImmediate(resolve));
      const after = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(after.rows[0]?.pid).not.toBe(rows[0]?.pid);
    } finally {
      await admin.end();
      await pool.end();
    }
  });

  it('survives the server dropping a connection held between two statements', async () => {
    const pool = createCheckpointPool(db.url);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const held = await pool.connect();
    try {
      await held.query('BEGIN');
      const { rows } = await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const dropped = new Promise((resolve) => held.once('end', resolve));
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      // No query is active: without a client listener the 'error' event is uncaught here.
      await dropped;
      await expect(held.query('COMMIT')).rejects.toThrow();
    } finally {
      held.release(true);
      await admin.end();
    }
    const after = await pool.query<{ one: number }>('SELECT 1 AS one');
    expect(after.rows[0]?.one).toBe(1);
    await pool.end();
  });
});
