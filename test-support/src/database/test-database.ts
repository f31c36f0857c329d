import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { applyMigrations } from '@kyros/db/migrate';
import { startThrowawayPostgres } from '@kyros/scripts/postgres/throwaway-postgres';

export interface TestDatabase {
  url: string;
  /** `embedded` (the run's own server) or `postgresql` (TEST_DATABASE_URL's), for messages. */
  kind: 'embedded' | 'postgresql';
  drop(): Promise<void>;
}

/** Set by the vitest global setup (test-postgres-setup.ts) for every test file of the run. */
export const TEST_SERVER_ENV = 'KYROS_TEST_POSTGRES_URL';
export const TEST_TEMPLATE_ENV = 'KYROS_TEST_TEMPLATE_DB';

/**
 * A fresh database for one test file on the run's server: the machine's PostgreSQL when
 * TEST_DATABASE_URL names it (the CI's second lane), otherwise the run's embedded PostgreSQL.
 * `migrated` clones the run's migrated template (milliseconds) instead of migrating again.
 */
export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const server = await testServer();
  const name = `kyros_test_${randomBytes(6).toString('hex')}`;
  const template = options.migrated ? process.env[TEST_TEMPLATE_ENV] : undefined;
  await withClient(server.adminUrl, (client) =>
    client.query(
      `CREATE DATABASE ${client.escapeIdentifier(name)}` +
        (template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ''),
    ),
  );
  const url = databaseUrl(server.adminUrl, name);
  const drop = () => dropDatabase(server.adminUrl, name);
  if (options.migrated && !template) {
    // Outside vitest (benchmarks, scripts) there is no template: migrate this one.
    await applyMigrations({ connectionString: url, schemaEngineBinary: null }).catch(
      async (error: unknown) => {
        await drop();
        throw error;
      },
    );
  }
  return { url, kind: server.kind, drop };
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
  );
}

interface TestServer {
  adminUrl: string;
  kind: TestDatabase['kind'];
}

let ownServer: Promise<TestServer & { close(): Promise<void> }> | undefined;

/**
 * Stops the server a process outside vitest started on first use (a benchmark at its end); its
 * child process would otherwise keep the process alive. Nothing to do under vitest.
 */
export async function closeOwnTestServer(): Promise<void> {
  const started = ownServer;
  ownServer = undefined;
  if (started) await (await started).close();
}

/** The server of this run; a process outside vitest starts its own on first use. */
function testServer(): Promise<TestServer> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return Promise.resolve({ adminUrl: external, kind: 'postgresql' });
  const shared = process.env[TEST_SERVER_ENV];
  if (shared) return Promise.resolve({ adminUrl: shared, kind: 'embedded' });
  ownServer ??= startThrowawayPostgres().then((started) => ({
    adminUrl: started.server.adminUrl,
    kind: 'embedded' as const,
    close: () => started.close(),
  }));
  return ownServer;
}

export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
