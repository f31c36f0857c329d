import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import { schemaPath } from './expected-schema.ts';
import { applyMigrations, migrationStatus } from './migrate.ts';
import { defaultMigrationsDir } from './prisma-cli.ts';
import {
  noSchemaFilter,
  openWasmSchemaEngine,
  readMigrationList,
  type WasmSchemaEngine,
} from './wasm-schema-engine.ts';

// Our runner and `prisma migrate deploy` must be interchangeable. The native schema engine cannot
// be downloaded here, but its WebAssembly build (same engine commit, an npm package) can referee.
describe('the built-in runner and Prisma’s schema engine are interchangeable', () => {
  let db: TestDatabase;
  let prisma: WasmSchemaEngine | undefined;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await prisma?.close();
    prisma = undefined;
    await db?.drop();
  });

  const openPrisma = async () => {
    prisma = await openWasmSchemaEngine(db.url, await readFile(schemaPath, 'utf8'));
    return prisma.engine;
  };

  it('Prisma finds the history our runner recorded complete and unedited', async () => {
    await applyMigrations({ connectionString: db.url, schemaEngineBinary: null });

    const engine = await openPrisma();
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList: await readMigrationList(defaultMigrationsDir),
      optInToShadowDatabase: false,
      filters: noSchemaFilter,
    });
    expect(diagnosis).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
  });

  it('our runner sees a database Prisma migrated as up to date and leaves it alone', async () => {
    const engine = await openPrisma();
    const migrationsList = await readMigrationList(defaultMigrationsDir);
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: noSchemaFilter,
    });
    await prisma?.close();
    prisma = undefined;

    const status = await migrationStatus({ connectionString: db.url });
    expect(status.applied).toEqual(appliedMigrationNames);
    expect(status).toMatchObject({ pending: [], failed: [], checksumMismatch: [], unknown: [] });
    expect(await applyMigrations({ connectionString: db.url, schemaEngineBinary: null })).toEqual(
      [],
    );
  });
});
