import { spawnSync } from 'node:child_process';
import { linkPlaywrightFfmpeg } from './playwright-ffmpeg.ts';
import { DebianPackageUnavailableError, ensureDebianPackage } from './debian-package.ts';

// `npm run browsers:install`: browser tests drive Debian's Chromium (playwright-core brings no
// browser of its own) and record failure videos with Debian's ffmpeg; install both with apt when
// they are missing, and put ffmpeg where Playwright looks for its own build.
export const CHROMIUM_PATH = '/usr/bin/chromium';

const log = (line: string) => console.log(`[browsers] ${line}`);

try {
  const chromium = await ensureDebianPackage(
    { name: 'chromium', executable: CHROMIUM_PATH, size: 'a few hundred MB on a fresh system' },
    log,
  );
  const version = spawnSync(chromium, ['--version'], { encoding: 'utf8' }).stdout.trim();
  log(`Chromium ready: ${chromium}${version ? ` (${version})` : ''}`);
  const ffmpeg = await ensureDebianPackage(
    { name: 'ffmpeg', executable: '/usr/bin/ffmpeg', size: 'about 90 small packages' },
    log,
  );
  log(`ffmpeg ready for Playwright's videos: ${await linkPlaywrightFfmpeg(ffmpeg)}`);
} catch (error) {
  console.error(
    `[browsers] ${error instanceof DebianPackageUnavailableError ? error.message : String(error)}`,
  );
  process.exit(1);
}
