import { loadConfigOrExit } from '@kyros/contracts/config';
import { applyMigrations } from '@kyros/db/migrate';
import { seedFirstAdmin } from '@kyros/api/bootstrap';
import { provideDatabase, StartupError } from './supervisor/backing-services.ts';

// `npm run seed`: the first admin from KYROS_ADMIN_EMAIL / KYROS_ADMIN_PASSWORD, in DATABASE_URL or
// (unset) in the embedded PostgreSQL of KYROS_DATA_DIR: the one `npm start` runs, if it does.
const config = loadConfigOrExit(process.env);
const log = (line: string) => console.log(`[kyros seed] ${line}`);

const admin = config.auth.admin;
if (!admin) {
  console.error(
    '[kyros seed] set KYROS_ADMIN_EMAIL and KYROS_ADMIN_PASSWORD (12+ characters) to seed the first admin',
  );
  process.exit(1);
}

try {
  const database = await provideDatabase(config, log, { whenRunning: 'share' });
  try {
    const applied = await applyMigrations({ connectionString: database.address, log });
    if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
    const { created, user } = await seedFirstAdmin({
      config,
      databaseUrl: database.address,
      ...admin,
    });
    log(
      created
        ? `created admin ${user.email}`
        : `a user ${user.email} already exists (role ${user.role}); left unchanged`,
    );
  } finally {
    await database.stop();
  }
} catch (error) {
  console.error(
    `[kyros seed] failed: ${error instanceof StartupError ? error.message : String(error)}`,
  );
  process.exit(1);
}
