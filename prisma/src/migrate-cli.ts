import path from 'node:path';
import pg from 'pg';
import { loadConfig, type KyrosConfig } from '@kyros/contracts/config';
import { startEmbeddedPostgres } from '@kyros/scripts/embedded-postgres';
import { applyMigrations } from './migrate.ts';

// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the embedded database.

interface Target {
  url: string;
  description: string;
  release(): Promise<void>;
}

/**
 * Without DATABASE_URL the migrations go to the embedded PGlite data directory. If `npm start` is
 * serving it right now, go through that server: two PGlite instances on one directory corrupt it.
 */
async function resolveTarget(config: KyrosConfig): Promise<Target> {
  if (config.database.url) {
    const { hostname, port, pathname } = new URL(config.database.url);
    return {
      url: config.database.url,
      description: `${hostname}:${port || '5432'}${pathname}`,
      release: async () => {},
    };
  }
  const runningUrl = `postgresql://postgres@${config.bindHost}:${config.database.pglitePort}/postgres?sslmode=disable`;
  if (await isEmbeddedServer(runningUrl)) {
    return {
      url: runningUrl,
      description: `the running embedded database on port ${config.database.pglitePort}`,
      release: async () => {},
    };
  }
  const dataDir = path.join(config.dataDir, 'pglite');
  const embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
  return {
    url: embedded.url,
    description: `the embedded database in ${dataDir}`,
    release: () => embedded.stop(),
  };
}

async function isEmbeddedServer(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string }>('SELECT version()');
    return rows[0]?.version.includes('PGlite') ?? false;
  } catch {
    // Nothing, or nothing that speaks Postgres, listens there: start our own.
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const target = await resolveTarget(config);
  try {
    console.log(`Migrating ${target.description}`);
    const applied = await applyMigrations({
      connectionString: target.url,
      // Prisma's own variable, read here at the entrypoint like every other setting.
      schemaEngineBinary: process.env.PRISMA_SCHEMA_ENGINE_BINARY,
      log: (line) => console.log(line),
    });
    console.log(
      applied.length > 0
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
        : 'No pending migrations: the database schema is up to date.',
    );
  } finally {
    await target.release();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`db:migrate failed: ${message.replace(/\s*\n\s*/g, ' ')}`);
  process.exitCode = 1;
});
