import { randomBytes } from 'node:crypto';
import { applyMigrations } from '@kyros/db/migrate';
import {
  databaseUrl,
  dropDatabase,
  TEST_SERVER_ENV,
  TEST_TEMPLATE_ENV,
  withClient,
} from './test-database.ts';
import { startThrowawayPostgres } from '@kyros/scripts/postgres/throwaway-postgres';

/**
 * Vitest global setup of the integration project: one embedded PostgreSQL for the whole run (or
 * TEST_DATABASE_URL's server) and one migrated template database that test files clone.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL;
  const embedded = external ? undefined : await startThrowawayPostgres();
  const adminUrl = external ?? embedded?.server.adminUrl ?? '';
  const template = `kyros_template_${randomBytes(6).toString('hex')}`;
  try {
    await withClient(adminUrl, (client) =>
      client.query(`CREATE DATABASE ${client.escapeIdentifier(template)}`),
    );
    await applyMigrations({
      connectionString: databaseUrl(adminUrl, template),
      schemaEngineBinary: null,
    });
  } catch (error) {
    await dropDatabase(adminUrl, template).catch(() => undefined);
    await embedded?.close();
    throw error;
  }
  // Test workers are forked after this runs, and inherit the environment.
  if (embedded) process.env[TEST_SERVER_ENV] = adminUrl;
  process.env[TEST_TEMPLATE_ENV] = template;
  return async () => {
    await dropDatabase(adminUrl, template).catch(() => undefined);
    await embedded?.close();
  };
}
