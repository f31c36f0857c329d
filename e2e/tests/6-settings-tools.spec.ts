import path from 'node:path';
import { createKyrosClient } from '@kyros/contracts/client';
import { SCREENSHOTS_DIR, stackEnv } from '../support/paths.ts';
import { expect, test, waitUntilHydrated } from '../support/fixtures.ts';

test.describe('Settings › Tools', () => {
  test('an admin disables docs/format (its task cannot run), enables it and sets Prettier options', async ({
    page,
    agentApi,
    apiUrl,
  }, testInfo) => {
    // What an agent sees through the API: tool reads are open to every role.
    const tools = createKyrosClient({ baseUrl: apiUrl, credential: stackEnv('apiKey') }).tools;
    const run = (id: string) =>
      fetch(`${apiUrl}/collab/tasks/${id}/run`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stackEnv('apiKey')}` },
      });

    await page.goto('/settings');
    await waitUntilHydrated(page);
    await page.getByTestId('settings-nav-tools').click();
    await expect(page).toHaveURL(/\/settings\/tools$/);
    await expect(page).toHaveTitle('Tools · Settings · Kyros');
    await waitUntilHydrated(page);
    const format = page.getByTestId('tool-docs-format');
    await expect(page.getByTestId('tools-list').locator('article')).toHaveCount(4);
    await expect(page.getByTestId('tool-docs-format-state')).toHaveText('enabled');

    await page.getByTestId('tool-docs-format-toggle').click();
    await expect(page.getByTestId('tool-docs-format-state')).toHaveText('disabled');
    expect((await tools.getTool('docs/format')).enabled).toBe(false);
    const { id } = await agentApi.createTask({
      title: 'Format while the tool is off',
      executor: { name: 'docs/format', args: { glob: 'e2e-tools-none/*.md' } },
    });
    const refused = await run(id);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await agentApi.getTask(id)).task.status).toBe('queued');

    await page.getByTestId('tool-docs-format-toggle').click();
    await expect(page.getByTestId('tool-docs-format-state')).toHaveText('enabled');

    await format.getByTestId('field-docs-format-printWidth').fill('100');
    await format.getByTestId('field-docs-format-proseWrap').selectOption('always');
    await page.getByTestId('tool-docs-format-save').click();
    await expect
      .poll(async () => (await tools.getTool('docs/format')).config)
      .toEqual({ printWidth: 100, proseWrap: 'always' });
    await page.reload();
    await waitUntilHydrated(page);
    await expect(format.getByTestId('field-docs-format-printWidth')).toHaveValue('100');
    await expect(format.getByTestId('field-docs-format-proseWrap')).toHaveValue('always');

    // Options outside the schema are refused in the form, naming the field; nothing is saved.
    await format.getByTestId('field-docs-format-printWidth').fill('5');
    await page.getByTestId('tool-docs-format-save').click();
    await expect(format.locator('#docs-format-printWidth-error')).toBeVisible();
    expect((await tools.getTool('docs/format')).config).toEqual({
      printWidth: 100,
      proseWrap: 'always',
    });

    const file = path.join(SCREENSHOTS_DIR, 'settings-tools.png');
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
    await testInfo.attach('settings-tools', { path: file, contentType: 'image/png' });

    // Blank fields mean "not set": the tool is left as the suite found it.
    await format.getByTestId('field-docs-format-printWidth').fill('');
    await format.getByTestId('field-docs-format-proseWrap').selectOption('');
    await page.getByTestId('tool-docs-format-save').click();
    await expect.poll(async () => (await tools.getTool('docs/format')).config).toEqual({});
  });
});
