import { existsSync } from 'node:fs';
import { playwrightFfmpegPath } from '@kyros/scripts/playwright-ffmpeg';
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

/** Whether ffmpeg (Debian's, linked by `npm run browsers:install`) is where Playwright looks. */
export function playwrightFfmpegInstalled(): boolean {
  return existsSync(playwrightFfmpegPath());
}
