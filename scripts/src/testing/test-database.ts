import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '../embedded-postgres.ts';

export interface TestDatabase {
  url: string;
  /** 'pglite' or 'postgresql', for test names and messages. */
  kind: 'pglite' | 'postgresql';
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a new database on the PostgreSQL named by
 * TEST_DATABASE_URL when set (the CI's real-database lane), otherwise an in-memory PGlite.
 */
export async function createTestDatabase(
  adminUrl: string | undefined = process.env.TEST_DATABASE_URL,
): Promise<TestDatabase> {
  if (!adminUrl) {
    const embedded = await startEmbeddedPostgres({ port: 0 });
    return { url: embedded.url, kind: 'pglite', drop: () => embedded.stop() };
  }
  const name = `kyros_test_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'postgresql',
    drop: () =>
      withClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      ).then(() => undefined),
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
