// Root postinstall: `npm ci` leaves a generated Prisma Client in prisma/generated, offline.
// The work is in prisma/src/generate-cli.ts (TypeScript, run through tsx like all Kyros code).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

try {
  require.resolve('tsx');
} catch {
  console.error(
    'postinstall: tsx is not installed (dev dependencies omitted?), so Prisma Client was not generated; run `npm run db:generate` once it is.',
  );
  process.exit(1);
}

const result = spawnSync(process.execPath, ['--import', 'tsx', 'prisma/src/generate-cli.ts'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
