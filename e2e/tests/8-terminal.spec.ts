import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, waitUntilHydrated } from '../support/fixtures.ts';
import { PROJECT_ROOT } from '../support/stack.ts';

/** A row of the terminal's screen that holds exactly `text` (not the line that typed it). */
const screenLine = (page: Page, text: string) =>
  page
    .getByTestId('terminal-screen')
    .locator('.xterm-rows > div')
    .filter({ hasText: new RegExp(`^${text}\\s*$`) });

async function typeLine(page: Page, line: string): Promise<void> {
  // After the shell's first output (its prompt), so the line is typed at the prompt.
  await expect(page.getByTestId('terminal-screen').locator('.xterm-rows')).not.toHaveText(/^\s*$/);
  await page.getByTestId('terminal-screen').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

test('a shell on the terminal page: type echo, see the output, reload and see it replayed', async ({
  page,
}) => {
  const said = `kyros-${randomBytes(4).toString('hex')}`;
  await page.goto('/remote/terminal');
  await waitUntilHydrated(page);
  const panel = page.getByTestId('terminal-panel');
  await expect(panel).toHaveAttribute('data-state', 'connected');

  await typeLine(page, `echo ${said}`);
  await expect(screenLine(page, said)).toHaveCount(1);

  await page.reload();
  await waitUntilHydrated(page);
  await expect(panel).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('terminal-status')).toContainText('Resumed');
  // The scrollback replayed by the daemon, in a page that never typed it.
  await expect(screenLine(page, said)).toHaveCount(1);
  await page.screenshot({ path: path.join(PROJECT_ROOT, 'docs', 'images', 'terminal.png') });
});

test('a shell for a task, opened from its card and from its drawer, knows the task', async ({
  page,
}) => {
  await page.goto('/tasks');
  await waitUntilHydrated(page);
  await page.getByTestId('task-card-T-101').getByTestId('task-open-shell').click();
  await expect(page).toHaveURL(/\/remote\/terminal\?task=T-101$/);
  await expect(page.getByTestId('terminal-panel')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('terminal-status')).toContainText('shell for T-101');
  await typeLine(page, 'printf "%s-%s\\n" task "$KYROS_TASK_ID"');
  await expect(screenLine(page, 'task-T-101')).toHaveCount(1);

  // The task drawer has its own link (the card's stays on the board behind it): the same tab
  // resumes the task's session, so what the shell printed is still there.
  await page.goto('/tasks/T-101');
  await waitUntilHydrated(page);
  await expect(page.getByTestId('task-drawer')).toBeVisible();
  await page.getByTestId('task-drawer-open-shell').click();
  await expect(page).toHaveURL(/\/remote\/terminal\?task=T-101$/);
  await expect(page.getByTestId('terminal-panel')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('terminal-status')).toContainText('shell for T-101');
  await expect(screenLine(page, 'task-T-101')).toHaveCount(1);
});
