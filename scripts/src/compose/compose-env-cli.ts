import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withComposeSecrets } from './compose-env.ts';

// `npm run compose:env`: writes the secrets docker-compose.yml needs into `.env` (git-ignored,
// mode 0600), which Compose reads for interpolation. Missing ones only: nothing is rotated.
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const file = path.join(projectRoot, '.env');
const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'ENOENT') return '';
  throw error;
});
const { text, added } = withComposeSecrets(existing);
if (added.length === 0) {
  console.log(`${file} already holds every compose secret; nothing changed`);
} else {
  await writeFile(file, text, { mode: 0o600 });
  await chmod(file, 0o600);
  console.log(`${file}: added ${added.join(', ')}`);
  console.log('The first admin signs in with KYROS_ADMIN_EMAIL / KYROS_ADMIN_PASSWORD from it.');
}
