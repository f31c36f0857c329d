import { defineConfig } from 'prisma/config';

// Read by the Prisma CLI only: `prisma generate`, and `prisma migrate deploy` where a schema engine
// binary exists. Kyros passes the database URL (and a test's migrations directory) in through
// these variables when src/prisma-cli.ts runs the CLI; nothing else reads them.
export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: process.env.KYROS_MIGRATIONS_DIR ?? 'migrations' },
  datasource: { url: process.env.DATABASE_URL },
});
