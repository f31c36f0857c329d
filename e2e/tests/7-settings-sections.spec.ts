import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { SCREENSHOTS_DIR } from '../support/paths.ts';
import { expect, test, waitUntilHydrated } from '../support/fixtures.ts';

/** The sections of Settings, each a page of its own, in the order of its tabs. */
const SECTIONS = [
  { id: 'presets', title: 'Presets', content: 'preset-list' },
  { id: 'api-keys', title: 'API keys', content: 'api-key-form' },
  { id: 'users', title: 'Users', content: 'users-table' },
  { id: 'tools', title: 'Tools', content: 'tools-list' },
  { id: 'flags', title: 'Flags', content: 'flags' },
] as const;

test.describe('Settings sections', () => {
  test('the overview leads to every section, each a page of its own with its own tab', async ({
    page,
  }, testInfo) => {
    await page.goto('/settings');
    await waitUntilHydrated(page);
    await expect(page.getByTestId('settings-nav-overview')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('settings-overview').locator('li')).toHaveCount(SECTIONS.length);
    await expect(
      page.getByTestId('settings-card-tools').getByTestId('settings-card-summary'),
    ).toHaveText(/^\d+ of \d+ enabled$/);
    await screenshot(page, testInfo, 'settings-overview');

    for (const section of SECTIONS) {
      await page.getByTestId(`settings-nav-${section.id}`).click();
      await expect(page).toHaveURL(new RegExp(`/settings/${section.id}$`));
      await expect(page).toHaveTitle(`${section.title} · Settings · Kyros`);
      await expect(page.getByTestId(`settings-nav-${section.id}`)).toHaveAttribute(
        'aria-current',
        'page',
      );
      await expect(page.getByTestId('nav-settings')).toHaveAttribute('aria-current', 'page');
      await expect(page.getByTestId(`settings-${section.id}`)).toBeVisible();
      await expect(page.getByTestId(section.content)).toBeVisible();
      await screenshot(page, testInfo, `settings-${section.id}`);
    }
  });

  test('the old one-page anchors (/settings#users) still land on their section', async ({
    page,
  }) => {
    for (const section of SECTIONS.filter((s) => s.id !== 'tools')) {
      await page.goto(`/settings#${section.id}`);
      await expect(page).toHaveURL(new RegExp(`/settings/${section.id}$`));
      await expect(page.getByTestId(section.content)).toBeVisible();
    }
  });
});

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}
