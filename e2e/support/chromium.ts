import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium, installed by `npm run browsers:install`; Playwright never downloads one. */
export const CHROMIUM_LAUNCH: LaunchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** Whether Playwright's own ffmpeg (its video encoder) is where Playwright looks for it. */
export function playwrightFfmpegInstalled(): boolean {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('playwright-core/package.json');
  const browsersJson = path.join(path.dirname(packageJson), 'browsers.json');
  const { browsers } = JSON.parse(readFileSync(browsersJson, 'utf8')) as {
    browsers: { name: string; revision: string }[];
  };
  const revision = browsers.find((browser) => browser.name === 'ffmpeg')?.revision;
  const root =
    process.env.PLAYWRIGHT_BROWSERS_PATH || path.join(os.homedir(), '.cache', 'ms-playwright');
  return (
    revision !== undefined && existsSync(path.join(root, `ffmpeg-${revision}`, 'ffmpeg-linux'))
  );
}
