import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { SCREENSHOTS_DIR, stackEnv } from '../support/paths.ts';
import { expect, test, waitUntilHydrated, waitUntilLive } from '../support/fixtures.ts';

/** Every page of the console, in the order of the navigation. */
const PAGES = [
  { name: 'overview', path: '/', title: 'Overview' },
  { name: 'tasks', path: '/tasks', title: 'Tasks' },
  { name: 'agents', path: '/agents', title: 'Agents' },
  { name: 'leases', path: '/leases', title: 'Leases' },
  { name: 'events', path: '/events', title: 'Events' },
  { name: 'jobs', path: '/jobs', title: 'Jobs' },
  { name: 'studio', path: '/studio', title: 'Studio' },
  { name: 'scheduler', path: '/scheduler', title: 'Scheduler' },
  { name: 'remote', path: '/remote', title: 'Remote · Real-time' },
  { name: 'channels', path: '/channels', title: 'Channels' },
  { name: 'settings', path: '/settings', title: 'Settings' },
] as const;

/**
 * Collects what would show up red in the browser's console: errors logged by the page, uncaught
 * exceptions, requests to the console's own origin that failed or were answered with an error.
 */
function watchForProblems(page: Page, origin: string): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    // Leaving a page aborts its live stream and any request still in flight; that is no fault.
    if (request.url().startsWith(origin) && failure !== 'net::ERR_ABORTED') {
      problems.push(`request failed: ${request.method()} ${request.url()} (${failure})`);
    }
  });
  page.on('response', (response) => {
    if (response.url().startsWith(origin) && response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    }
  });
  return problems;
}

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test.describe('every page renders without errors', () => {
  test('the login page signs the admin in', async ({ browser, baseURL }, testInfo) => {
    // A context of its own without the shared session, so the sign-in form is shown.
    const context = await browser.newContext({ storageState: undefined, baseURL });
    const page = await context.newPage();
    const problems = watchForProblems(page, stackEnv('consoleUrl'));
    await page.goto('/login');
    await expect(page.getByTestId('login-form')).toBeVisible();
    await expect(page.getByTestId('login-api-status')).toBeVisible();
    // Typing into the server's markup before hydration would be lost, or change what hydrates.
    await waitUntilHydrated(page);
    await screenshot(page, testInfo, '00-login');
    await page.getByTestId('login-email').fill(stackEnv('adminEmail'));
    await page.getByTestId('login-password').fill(stackEnv('adminPassword'));
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('current-user')).toContainText(stackEnv('adminEmail'));
    expect(problems).toEqual([]);
    await context.close();
  });

  for (const [index, target] of PAGES.entries()) {
    test(`the ${target.name} page`, async ({ page }, testInfo) => {
      const problems = watchForProblems(page, stackEnv('consoleUrl'));
      await page.goto(target.path);
      await expect(page).toHaveTitle(`${target.title} · Kyros`);
      await expect(page.getByTestId('page-title')).toBeVisible();
      await expect(page.getByTestId(`nav-${target.name}`)).toHaveAttribute('aria-current', 'page');
      await waitUntilLive(page);
      await expect(page.getByTestId('page-skeleton')).toHaveCount(0);
      await screenshot(page, testInfo, `${String(index + 1).padStart(2, '0')}-${target.name}`);
      expect(problems).toEqual([]);
    });
  }
});
