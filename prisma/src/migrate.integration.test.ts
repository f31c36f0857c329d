import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import { applyMigrations, migrationStatus } from './migrate.ts';
import { defaultMigrationsDir } from './prisma-cli.ts';

const INIT = '20261125175318_init';
/** Every migration of prisma/migrations, in order (the first is INIT). */
const ALL = (await readdir(defaultMigrationsDir, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory() && /^\d{14}_/.test(entry.name))
  .map((entry) => entry.name)
  .sort();

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A private copy of prisma/migrations that a test may edit. */
async function copyOfMigrations(tmp: string): Promise<string> {
  const dir = path.join(tmp, 'migrations');
  await cp(defaultMigrationsDir, dir, { recursive: true });
  return dir;
}

describe('applyMigrations with the built-in runner', () => {
  let db: TestDatabase;
  let tmp: string;

  beforeEach(async () => {
    db = await createTestDatabase();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'kyros-migrate-'));
  });

  afterEach(async () => {
    await db?.drop();
    await rm(tmp, { recursive: true, force: true });
  });

  // `schemaEngineBinary: null` pins the built-in runner even where a real engine is installed.
  const migrate = (migrationsDir?: string) =>
    applyMigrations({ connectionString: db.url, migrationsDir, schemaEngineBinary: null });

  it('reports every migration pending on an empty database and none once applied', async () => {
    const before = await migrationStatus({ connectionString: db.url });
    expect(before).toEqual({
      applied: [],
      pending: ALL,
      failed: [],
      checksumMismatch: [],
      unknown: [],
    });

    expect(await migrate()).toEqual(ALL);

    const after = await migrationStatus({ connectionString: db.url });
    expect(after).toEqual({
      applied: ALL,
      pending: [],
      failed: [],
      checksumMismatch: [],
      unknown: [],
    });
  });

  it('applies each migration once: a second run is a no-op', async () => {
    expect(await migrate()).toEqual(ALL);
    expect(await migrate()).toEqual([]);
    const rows = await query<{ count: string }>(db.url, 'SELECT count(*) FROM _prisma_migrations');
    expect(rows[0]?.count).toBe(String(ALL.length));
  });

  it('records each migration in _prisma_migrations as Prisma does', async () => {
    await migrate();
    const file = await readFile(path.join(defaultMigrationsDir, INIT, 'migration.sql'));
    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      logs: string | null;
      rolled_back_at: Date | null;
      started_at: Date;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(db.url, 'SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name');
    expect(rows.map((row) => row.migration_name)).toEqual(ALL);
    const row = rows.find((candidate) => candidate.migration_name === INIT);
    expect(row).toMatchObject({
      checksum: createHash('sha256').update(file).digest('hex'),
      migration_name: INIT,
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect(row?.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(row?.finished_at).toBeInstanceOf(Date);
    expect(row?.finished_at?.getTime()).toBeGreaterThanOrEqual(
      row?.started_at.getTime() ?? Infinity,
    );

    const columns = await query(
      db.url,
      `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
         FROM information_schema.columns
        WHERE table_name = '_prisma_migrations' AND table_schema = current_schema()
        ORDER BY ordinal_position`,
    );
    expect(columns).toEqual(
      [
        ['id', 'character varying', 36, 'NO', null],
        ['checksum', 'character varying', 64, 'NO', null],
        ['finished_at', 'timestamp with time zone', null, 'YES', null],
        ['migration_name', 'character varying', 255, 'NO', null],
        ['logs', 'text', null, 'YES', null],
        ['rolled_back_at', 'timestamp with time zone', null, 'YES', null],
        ['started_at', 'timestamp with time zone', null, 'NO', 'now()'],
        ['applied_steps_count', 'integer', null, 'NO', '0'],
      ].map(([column_name, data_type, character_maximum_length, is_nullable, column_default]) => ({
        column_name,
        data_type,
        character_maximum_length,
        is_nullable,
        column_default,
      })),
    );
  });

  it('refuses to run when an applied migration was modified, and names it', async () => {
    const dir = await copyOfMigrations(tmp);
    await migrate(dir);
    const file = path.join(dir, INIT, 'migration.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- an afterthought\n`);

    await expect(migrate(dir)).rejects.toThrow(`modified after they were applied: ${INIT}`);
    const status = await migrationStatus({ connectionString: db.url, migrationsDir: dir });
    expect(status.checksumMismatch).toEqual([INIT]);
  });

  it('accepts an applied migration whose line endings git converted', async () => {
    const dir = await copyOfMigrations(tmp);
    await migrate(dir);
    const file = path.join(dir, INIT, 'migration.sql');
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll('\n', '\r\n'));

    expect(await migrate(dir)).toEqual([]);
    expect(
      (await migrationStatus({ connectionString: db.url, migrationsDir: dir })).checksumMismatch,
    ).toEqual([]);
  });

  it('applies a later migration on top, in name order', async () => {
    const dir = await copyOfMigrations(tmp);
    await migrate(dir);
    await mkdir(path.join(dir, '20990101000000_add_tool_owner'));
    await writeFile(
      path.join(dir, '20990101000000_add_tool_owner', 'migration.sql'),
      '-- AlterTable\nALTER TABLE "tools" ADD COLUMN "owner" TEXT;\n',
    );

    expect(
      (await migrationStatus({ connectionString: db.url, migrationsDir: dir })).pending,
    ).toEqual(['20990101000000_add_tool_owner']);
    expect(await migrate(dir)).toEqual(['20990101000000_add_tool_owner']);
    const columns = await query(
      db.url,
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'tools' AND column_name = 'owner'`,
    );
    expect(columns).toHaveLength(1);
  });

  it('rolls back a failing migration, records the failure and refuses to go on until resolved', async () => {
    const dir = await copyOfMigrations(tmp);
    const broken = '20990101000000_broken';
    await mkdir(path.join(dir, broken));
    await writeFile(
      path.join(dir, broken, 'migration.sql'),
      'CREATE TABLE "half_done" ("id" INTEGER);\nALTER TABLE "no_such_table" ADD COLUMN "x" TEXT;\n',
    );

    await expect(migrate(dir)).rejects.toThrow(`migration \`${broken}\` failed to apply`);

    // The real migrations stay applied; the broken one left nothing behind but its record.
    const status = await migrationStatus({ connectionString: db.url, migrationsDir: dir });
    expect(status.applied).toEqual(ALL);
    expect(status.failed.map((failed) => failed.name)).toEqual([broken]);
    expect(status.failed[0]?.logs).toContain('no_such_table');
    expect(await query(db.url, `SELECT to_regclass('half_done') AS t`)).toEqual([{ t: null }]);
    const [record] = await query<{ finished_at: Date | null; applied_steps_count: number }>(
      db.url,
      `SELECT finished_at, applied_steps_count FROM _prisma_migrations WHERE migration_name = '${broken}'`,
    );
    expect(record).toEqual({ finished_at: null, applied_steps_count: 0 });

    await expect(migrate(dir)).rejects.toThrow(
      /found failed migrations.*P3009.*20990101000000_broken/,
    );
  });

  it('refuses a database that has tables but no migration history (Prisma P3005)', async () => {
    await query(db.url, 'CREATE TABLE "legacy" ("id" INTEGER)');
    await expect(migrate()).rejects.toThrow(/schema is not empty.*P3005/);
  });
});

describe('applyMigrations with a Prisma schema engine binary', () => {
  let db: TestDatabase;
  let tmp: string;

  beforeEach(async () => {
    db = await createTestDatabase();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'kyros-engine-'));
  });

  afterEach(async () => {
    await db?.drop();
    await rm(tmp, { recursive: true, force: true });
  });

  // No real engine can be downloaded here; this one only proves that `prisma migrate deploy` is
  // the path taken, with our config and database, and that its failure reaches the caller.
  it('runs prisma migrate deploy and reports its failure', async () => {
    const engine = path.join(tmp, 'schema-engine');
    const argsFile = path.join(tmp, 'args');
    await writeFile(
      engine,
      `#!/bin/sh\necho "$@" >> "${argsFile}"\necho "engine under test refuses" >&2\nexit 3\n`,
    );
    await chmod(engine, 0o755);

    await expect(
      applyMigrations({ connectionString: db.url, schemaEngineBinary: engine }),
    ).rejects.toThrow(/prisma migrate deploy failed/);
    // The CLI first asks the engine to connect to the database it got from prisma.config.ts.
    expect(await readFile(argsFile, 'utf8')).toContain(JSON.stringify({ url: db.url }));
    expect((await migrationStatus({ connectionString: db.url })).pending).toEqual(ALL);
  });
});
