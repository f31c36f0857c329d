import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { compareHistory, type MigrationRecord, type MigrationStatus } from './migration-history.ts';
import { readMigrationsDirectory, type MigrationFile } from './migrations-directory.ts';
import { defaultMigrationsDir, findSchemaEngineBinary, runPrismaCli } from './prisma-cli.ts';

export type { FailedMigration, MigrationStatus } from './migration-history.ts';
export { isUpToDate } from './migration-history.ts';

/** The advisory lock key Prisma Migrate takes, so our runner and Prisma's exclude each other. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;
/** Prisma gives up on the lock after 10 s (schema engine ADVISORY_LOCK_TIMEOUT). */
const LOCK_TIMEOUT = '10s';

// Prisma's DDL for the table, verbatim (sql-schema-connector, PostgresFlavour::create_migrations_table).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export interface MigrateOptions {
  connectionString: string;
  /** Defaults to prisma/migrations. */
  migrationsDir?: string;
  log?: (message: string) => void;
}

export interface ApplyMigrationsOptions extends MigrateOptions {
  /**
   * A Prisma schema engine binary to run `prisma migrate deploy` with. Omitted: use the one
   * `@prisma/engines` installed, if any. `null`: always use the built-in runner.
   */
  schemaEngineBinary?: string | null;
}

/** Anything that runs a query: a pg.Pool, pg.Client or pool client. */
export type Queryable = Pick<pg.Pool, 'query'>;

export type MigrationStatusOptions = { migrationsDir?: string } & (
  { connectionString: string } | { queryable: Queryable }
);

/**
 * Brings the database up to the migrations directory and returns the names it applied, in order:
 * `prisma migrate deploy` when a schema engine binary exists, otherwise the same files applied and
 * recorded in `_prisma_migrations` exactly as Prisma would, so either can take over from the other
 * (docs/adr/0002).
 */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<string[]> {
  const log = options.log ?? (() => {});
  const directory = await readMigrationsDirectory(options.migrationsDir ?? defaultMigrationsDir);
  if (directory.provider !== undefined && directory.provider !== 'postgresql') {
    throw new MigrationError(
      `migration_lock.toml is for provider "${directory.provider}" but the database is PostgreSQL (Prisma P3019)`,
    );
  }
  const engine =
    options.schemaEngineBinary === null
      ? undefined
      : findSchemaEngineBinary(options.schemaEngineBinary);
  if (engine) return deployWithPrismaCli(options, directory.migrations, engine, log);

  log('Applying migrations with the built-in runner (no Prisma schema engine binary here)');
  return withConnection(options.connectionString, async (client) => {
    await acquireMigrateLock(client);
    try {
      await ensureMigrationsTable(client);
      const status = compareHistory(directory.migrations, await readMigrationRecords(client));
      refuseBrokenHistory(status);
      const applied: string[] = [];
      for (const migration of directory.migrations) {
        if (!status.pending.includes(migration.name)) continue;
        log(`Applying migration \`${migration.name}\``);
        await applyOne(client, migration);
        applied.push(migration.name);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    }
  });
}

/**
 * Which migrations are applied, pending, failed or edited. Reads only and takes no lock, so a
 * readiness probe can call it with its own pool.
 */
export async function migrationStatus(options: MigrationStatusOptions): Promise<MigrationStatus> {
  const directory = await readMigrationsDirectory(options.migrationsDir ?? defaultMigrationsDir);
  const read = async (db: Queryable) =>
    compareHistory(directory.migrations, await readMigrationRecords(db));
  return 'queryable' in options
    ? read(options.queryable)
    : withConnection(options.connectionString, read);
}

async function deployWithPrismaCli(
  options: ApplyMigrationsOptions,
  migrations: MigrationFile[],
  engine: string,
  log: (message: string) => void,
): Promise<string[]> {
  const before = await withConnection(options.connectionString, async (client) =>
    compareHistory(migrations, await readMigrationRecords(client)),
  );
  // `migrate deploy` does not check checksums; we refuse edited migrations either way.
  refuseBrokenHistory(before);
  log(`Running prisma migrate deploy with the schema engine at ${engine}`);
  const result = await runPrismaCli(['migrate', 'deploy'], {
    schemaEngineBinary: engine,
    env: {
      DATABASE_URL: options.connectionString,
      ...(options.migrationsDir ? { KYROS_MIGRATIONS_DIR: options.migrationsDir } : {}),
    },
  });
  if (result.code !== 0) {
    throw new MigrationError(`prisma migrate deploy failed: ${result.output.trim()}`);
  }
  const after = await withConnection(options.connectionString, async (client) =>
    compareHistory(migrations, await readMigrationRecords(client)),
  );
  return before.pending.filter((name) => after.applied.includes(name));
}

// One connection throughout: the advisory lock is per session, and PGlite serves one query at a
// time, so a second connection would wait behind our open transaction.
async function withConnection<T>(
  connectionString: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString });
  try {
    await client.connect();
  } catch (error) {
    throw new MigrationError(
      `cannot connect to the database at ${describeTarget(connectionString)}: ${errorMessage(error)}`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function acquireMigrateLock(client: pg.Client): Promise<void> {
  // SET LOCAL keeps the timeout out of the session (PGlite shares one session between clients);
  // the advisory lock itself is session-level and outlives the transaction.
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new MigrationError(
      `timed out after ${LOCK_TIMEOUT} waiting for the migration lock (pg_advisory_lock(${PRISMA_MIGRATE_LOCK_KEY})); is another migration running? ${errorMessage(error)}`,
    );
  }
}

async function ensureMigrationsTable(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT c.relname AS table_name FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = current_schema()`,
  );
  if (rows.some((row) => row.table_name === '_prisma_migrations')) return;
  if (rows.length > 0) {
    throw new MigrationError(
      `the database schema is not empty and has no _prisma_migrations table (Prisma P3005); baseline it first: https://pris.ly/d/migrate-baseline`,
    );
  }
  await client.query(CREATE_MIGRATIONS_TABLE);
}

async function readMigrationRecords(db: Queryable): Promise<MigrationRecord[]> {
  const { rows: exists } = await db.query<{ found: boolean }>(
    `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS found`,
  );
  if (!exists[0]?.found) return [];
  const { rows } = await db.query<{
    id: string;
    checksum: string;
    finished_at: Date | null;
    migration_name: string;
    logs: string | null;
    rolled_back_at: Date | null;
    started_at: Date;
    applied_steps_count: number;
  }>(
    `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
       FROM _prisma_migrations ORDER BY started_at ASC`,
  );
  return rows.map((row) => ({
    id: row.id,
    checksum: row.checksum,
    finishedAt: row.finished_at,
    migrationName: row.migration_name,
    logs: row.logs,
    rolledBackAt: row.rolled_back_at,
    startedAt: row.started_at,
    appliedStepsCount: row.applied_steps_count,
  }));
}

function refuseBrokenHistory(status: MigrationStatus): void {
  if (status.failed.length > 0) {
    const details = status.failed
      .map((failed) => `\`${failed.name}\` (started ${failed.startedAt.toISOString()})`)
      .join(', ');
    throw new MigrationError(
      `found failed migrations in the database, new migrations will not be applied (Prisma P3009): ${details}; resolve with \`prisma migrate resolve\`: https://pris.ly/d/migrate-resolve`,
    );
  }
  if (status.checksumMismatch.length > 0) {
    throw new MigrationError(
      `applied migrations were modified after they were applied: ${status.checksumMismatch.join(', ')}; restore the files and add a new migration instead`,
    );
  }
}

/**
 * Records the start outside the transaction, like Prisma, so a failure leaves a row with
 * finished_at NULL and the error in logs, which blocks later runs until someone resolves it.
 * The script and its success bookkeeping commit together.
 */
async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, now(), $3)`,
    [id, migration.checksum, migration.name],
  );
  try {
    await client.query('BEGIN');
    await client.query(migration.script);
    await client.query(
      `UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1 WHERE id = $1`,
      [id],
    );
    await client.query(
      `UPDATE _prisma_migrations SET finished_at = clock_timestamp() WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    const logs = databaseErrorLogs(error);
    await client.query(`UPDATE _prisma_migrations SET logs = $1 WHERE id = $2`, [logs, id]);
    throw new MigrationError(
      `migration \`${migration.name}\` failed to apply (Prisma P3018): ${logs.replaceAll('\n', ' ')}`,
    );
  }
}

function databaseErrorLogs(error: unknown): string {
  if (error instanceof pg.DatabaseError) {
    return `Database error code: ${error.code ?? 'unknown'}\n\nDatabase error:\nERROR: ${error.message}`;
  }
  return errorMessage(error);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return '(unparseable connection string)';
  }
}
