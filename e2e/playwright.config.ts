import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH, playwrightFfmpegInstalled } from './support/chromium.ts';
import { ADMIN_STORAGE_STATE, ARTIFACTS_DIR } from './support/paths.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

// `npm run test:e2e`: the real stack (global-setup.ts), Debian's Chromium, one worker, no retries.
export default defineConfig({
  testDir: path.join(here, 'tests'),
  testMatch: '**/*.spec.ts',
  outputDir: path.join(ARTIFACTS_DIR, 'test-results'),
  globalSetup: path.join(here, 'global-setup.ts'),
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: CHROMIUM_LAUNCH,
    storageState: ADMIN_STORAGE_STATE,
    viewport: { width: 1440, height: 900 },
    colorScheme: 'dark',
    trace: 'retain-on-failure',
    // Playwright records video with ffmpeg: Debian's, which `npm run browsers:install` links where
    // Playwright looks for its own build (never downloaded). Failed tests keep a video and a trace.
    video: playwrightFfmpegInstalled() ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
    acceptDownloads: true,
  },
});
