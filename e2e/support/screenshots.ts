import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { SCREENSHOTS_DIR } from './paths.ts';

/**
 * A full-page screenshot of a page the docs show, attached to the report. The copies in
 * docs/images/ are taken from a run: a run never writes to the tracked tree.
 */
export async function docsScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}
