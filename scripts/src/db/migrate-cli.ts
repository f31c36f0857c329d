import { loadConfig } from '@kyros/contracts/config';
import { provideDatabase } from '../supervisor/backing-services.ts';
import { applyMigrations } from '@kyros/db/migrate';

// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the embedded database.

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // Without DATABASE_URL: the embedded PostgreSQL `npm start` serves right now, or one started
  // for the occasion.
  const target = await provideDatabase(config, (line) => console.log(line), {
    whenRunning: 'share',
  });
  try {
    console.log(`Migrating ${target.description}`);
    const applied = await applyMigrations({
      connectionString: target.address,
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
    await target.stop();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`db:migrate failed: ${message.replace(/\s*\n\s*/g, ' ')}`);
  process.exitCode = 1;
});
