import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureConsoleBuild } from './ensure-console-build.ts';

// `npm run build:console`: what `npm start` does on its first start, ahead of time (CI runs it once
// before the suites that start the product, so none of them pays for the build inside its timeout).
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
try {
  const outcome = await ensureConsoleBuild({
    projectRoot,
    log: (line) => console.log(`[kyros] ${line}`),
  });
  if (outcome.status === 'up-to-date') console.log('[kyros] the console build is up to date');
} catch (error) {
  console.error(`[kyros] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
