import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { expect, test } from '../support/fixtures.ts';

test('a release-notes job is generated in the Studio, edited, accepted and exported as a file', async ({
  page,
}) => {
  const version = `9.${Date.now() % 1000}.${randomBytes(1)[0]}`;
  const changes = ['Faster board loads', 'Leases show a live countdown'];
  const note = `Reviewed in the e2e run ${randomBytes(4).toString('hex')}.`;

  // Pick the preset a fresh install ships with and fill in its inputs.
  await page.goto('/studio');
  await page
    .locator('[data-testid="studio-preset-option"][data-preset-name="release-notes"]')
    .click();
  const form = page.getByTestId('studio-form');
  await form.getByTestId('studio-input-version').fill(version);
  await form.getByTestId('studio-input-changes').fill(changes.join('\n'));
  await form.getByTestId('studio-start').click();

  // The page follows the job live until its variants wait for review.
  await expect(page).toHaveURL(/[?&]job=[0-9a-f-]{36}/);
  const panel = page.getByTestId('job-panel');
  await expect(panel.getByTestId('job-status')).toHaveAttribute('data-status', 'awaiting_review', {
    timeout: 30_000,
  });
  const variants = panel.getByTestId('variant-card');
  await expect(variants).toHaveCount(3);
  await expect(variants.first().getByTestId('variant-body')).toContainText(`Release ${version}`);
  await expect(variants.first().getByTestId('variant-body')).toContainText(`- ${changes[0]}`);

  // Edit the second variant, then accept it.
  const chosen = variants.nth(1);
  const variantId = await chosen.getAttribute('data-variant-id');
  expect(variantId).toBeTruthy();
  const bodyBefore = (await chosen.getByTestId('variant-body').textContent()) ?? '';
  await chosen.getByTestId('variant-edit').click();
  const body = chosen.getByTestId('variant-edit-body');
  await body.fill(`${bodyBefore.trim()}\n\n${note}\n`);
  await chosen.getByTestId('variant-save').click();
  await expect(chosen.getByTestId('variant-body')).toContainText(note);
  await chosen.getByTestId('variant-accept').click();

  // Accepting exports it; the accepted variant offers the file, whose content is the edited text.
  await expect(panel.getByTestId('job-status')).toHaveAttribute('data-status', 'done', {
    timeout: 30_000,
  });
  const accepted = panel.locator(`[data-testid="variant-card"][data-variant-id="${variantId}"]`);
  await expect(accepted).toHaveAttribute('data-status', /^(accepted|exported)$/);
  for (const other of await variants.all()) {
    if ((await other.getAttribute('data-variant-id')) !== variantId) {
      await expect(other).toHaveAttribute('data-status', 'rejected');
    }
  }
  const downloading = page.waitForEvent('download');
  await accepted.getByTestId('export-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.md$/);
  const file = await download.path();
  const content = await readFile(file, 'utf8');
  expect(content).toContain(`## Release ${version}`);
  for (const change of changes) expect(content).toContain(`- ${change}`);
  expect(content).toContain(note);
});
