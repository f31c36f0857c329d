import { spawnSync } from 'node:child_process';
import { AptProgramUnavailableError, ensureAptProgram } from './ensure-apt-program.ts';

// `npm run browsers:install`: browser tests drive Debian's Chromium (playwright-core brings no
// browser of its own), so make sure /usr/bin/chromium exists, installing it with apt when we may.
export const CHROMIUM_PATH = '/usr/bin/chromium';

try {
  const executable = await ensureAptProgram({
    aptPackage: 'chromium',
    executable: CHROMIUM_PATH,
    tag: '[browsers]',
    size: 'a few hundred MB on a fresh system',
  });
  const version = spawnSync(executable, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`[browsers] Chromium ready: ${executable}${version ? ` (${version})` : ''}`);
} catch (error) {
  console.error(
    `[browsers] ${error instanceof AptProgramUnavailableError ? error.message : String(error)}`,
  );
  process.exit(1);
}
