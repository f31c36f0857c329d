import { randomBytes } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { expect, test, waitUntilHydrated } from '../support/fixtures.ts';
import { stackEnv } from '../support/paths.ts';

const userRow = (page: Page, email: string): Locator =>
  page.locator(`[data-testid="user-row"][data-email="${email}"]`);

async function setRole(row: Locator, role: string): Promise<void> {
  await row.getByTestId('user-role-select').selectOption(role);
  await row.getByTestId('user-role-save').click();
}

test("an admin changes a user's role in Settings › Users, and cannot demote the last admin", async ({
  page,
}) => {
  const email = `role-${randomBytes(4).toString('hex')}@e2e.kyros.local`;
  const me = stackEnv('adminEmail');
  await page.goto('/settings/users');
  await waitUntilHydrated(page);

  // A new viewer, added through the form, promoted to operator through its row.
  await page.getByTestId('user-add-toggle').click();
  await page.getByTestId('user-email').fill(email);
  await page.getByTestId('user-password').fill('a long e2e passphrase');
  await page.getByTestId('user-role').selectOption('viewer');
  await page.getByTestId('user-create').click();
  const row = userRow(page, email);
  await expect(row).toHaveAttribute('data-role', 'viewer');
  await setRole(row, 'operator');
  await expect(row).toHaveAttribute('data-role', 'operator');
  await expect(row.getByTestId('user-role-badge')).toHaveText('operator');
  await expect(
    page.getByTestId('toast').filter({ hasText: `${email} is now operator` }),
  ).toBeVisible();

  // Every other admin disabled for a moment, so the signed-in admin is the last enabled one.
  const others: string[] = [];
  const enabledAdmins = page.locator(
    '[data-testid="user-row"][data-role="admin"][data-disabled="false"]',
  );
  for (const admin of await enabledAdmins.all()) {
    const other = await admin.getAttribute('data-email');
    if (other && other !== me) others.push(other);
  }
  try {
    for (const other of others) {
      await userRow(page, other).getByTestId('user-toggle').click();
      await expect(userRow(page, other).getByTestId('user-toggle')).toHaveText('Enable');
    }

    const mine = userRow(page, me);
    await setRole(mine, 'viewer');
    const refusal = mine.getByTestId('user-role-refusal');
    await expect(refusal).toHaveAttribute('data-status', '409');
    await expect(refusal).toContainText(`Refused: ${me} is the last enabled admin`);
    await expect(refusal).toContainText('make another user admin first');
    await expect(page.getByTestId('toast').filter({ hasText: 'Conflict' })).toBeVisible();
    await page.reload();
    await expect(userRow(page, me)).toHaveAttribute('data-role', 'admin');
  } finally {
    for (const other of others) {
      const toggle = userRow(page, other).getByTestId('user-toggle');
      if ((await toggle.textContent()) === 'Enable') await toggle.click();
      await expect(toggle).toHaveText('Disable');
    }
  }
});
