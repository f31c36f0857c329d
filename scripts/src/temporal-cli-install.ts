import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installProjectLocalCli } from './temporal-cli.ts';

// `npm run temporal:install`: provisions the pinned project-local Temporal CLI ahead of time.
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
try {
  const cli = await installProjectLocalCli(projectRoot, (line) => console.log(line));
  console.log(`Temporal CLI ready: ${cli}`);
} catch (error) {
  console.error(
    `Temporal CLI install failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
