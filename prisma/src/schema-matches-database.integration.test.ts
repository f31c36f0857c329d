import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@kyros/test-support/database/test-database';
import { describeDatabase, type SchemaDescription } from './database-schema.ts';
import { describeExpectedSchema, readDmmf } from './expected-schema.ts';
import { applyMigrations } from './migrate.ts';

// The migrations are written by hand (no schema engine binary here), so this is what keeps them
// honest: migrate an empty database and compare it, object by object, with schema.prisma.
describe('the migrated database matches schema.prisma', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let expected: SchemaDescription;
  let actual: SchemaDescription;

  beforeAll(async () => {
    db = await createTestDatabase();
    await applyMigrations({ connectionString: db.url, schemaEngineBinary: null });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    expected = describeExpectedSchema(await readDmmf());
    actual = await describeDatabase(client);
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('has a table for every model and no other', () => {
    expect(actual.tables.map((table) => table.name)).toEqual(
      expected.tables.map((table) => table.name),
    );
  });

  it('has every scalar field as a column of the same type, nullability and default', () => {
    expect(actual.tables).toEqual(expected.tables);
  });

  it('has every enum with its values in order', () => {
    expect(actual.enums).toEqual(expected.enums);
  });

  it('has every @id, @unique, @@unique and @@index, named as Prisma names them', () => {
    expect(actual.indexes).toEqual(expected.indexes);
  });

  it('has every relation as a foreign key with its onDelete and onUpdate', () => {
    expect(actual.foreignKeys).toEqual(expected.foreignKeys);
  });

  // One connection, rolled back: PGlite would block a second connection behind the transaction.
  it('notices drift: a changed column type or a missing index no longer matches', async () => {
    await client.query('BEGIN');
    try {
      await client.query('ALTER TABLE "jobs" ALTER COLUMN "variant_count" TYPE BIGINT');
      await client.query('DROP INDEX "jobs_preset_id_idx"');
      const drifted = await describeDatabase(client);
      const jobs = drifted.tables.find((table) => table.name === 'jobs');
      expect(jobs?.columns.find((column) => column.name === 'variant_count')?.type).toBe('bigint');
      expect(drifted.tables).not.toEqual(expected.tables);
      expect(drifted.indexes).not.toEqual(expected.indexes);
    } finally {
      await client.query('ROLLBACK');
    }
    expect(await describeDatabase(client)).toEqual(expected);
  });
});
