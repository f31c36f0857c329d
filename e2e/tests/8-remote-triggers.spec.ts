import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Page, TestInfo } from '@playwright/test';
import { expect, test, waitUntilHydrated, waitUntilLive } from '../support/fixtures.ts';
import { createKyrosClient } from '@kyros/contracts/client';
import { accessToken, E2E_AGENT } from '../support/provision.ts';
import { stackEnv } from '../support/paths.ts';
import { docsScreenshot } from '../support/screenshots.ts';
import { fireSignedWebhook } from '../support/webhooks.ts';

/** The secret a panel shows once, read as an operator would copy it. */
async function shownSecret(page: Page, testId: 'inbound' | 'outbound'): Promise<string> {
  const secret = (await page.getByTestId(`${testId}-secret`).textContent()) ?? '';
  expect(secret).toMatch(/^whsec_/);
  return secret;
}

/** The docs' screenshot once the toasts of the steps before have gone by themselves. */
async function screenshotWithoutToasts(page: Page, testInfo: TestInfo, name: string) {
  await expect(page.getByTestId('toast')).toHaveCount(0, { timeout: 20_000 });
  await docsScreenshot(page, testInfo, name);
}

/** A subscriber on a real local port: answers 204 to a request signed with `secret`, else 401. */
async function startSubscriber() {
  const received: { type: string; verified: boolean }[] = [];
  let secret = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = true;
      try {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      received.push({ type: (JSON.parse(body) as { type: string }).type, verified });
      res.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/kyros`,
    received,
    useSecret: (value: string) => (secret = value),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('Remote › Triggers: create a webhook, rotate its secret, test-fire it and read the delivery log', async ({
  page,
}, testInfo) => {
  const name = `e2e-trigger-${Date.now()}`;
  await page.goto('/remote/triggers');
  await waitUntilHydrated(page);
  await waitUntilLive(page);
  await expect(page.getByTestId('remote-nav-triggers')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('trigger-webhooks').getByTestId('trigger-status')).toHaveText(
    'enabled',
  );

  // A name the API refuses (empty) is named in the form, and nothing is created.
  await page.getByTestId('inbound-create').click();
  await expect(page.getByTestId('inbound-form-error')).toBeVisible();

  // Create: bound to the suite's agent key; the secret is shown once.
  await page.getByTestId('inbound-name').fill(name);
  const picker = page.getByTestId('inbound-acts-as');
  const agentKey = picker.locator('option', { hasText: E2E_AGENT });
  await picker.selectOption((await agentKey.getAttribute('value')) ?? '');
  await page.getByTestId('inbound-create').click();
  await expect(page.getByTestId('inbound-secret-panel')).toBeVisible();
  const created = await shownSecret(page, 'inbound');
  const row = page.getByTestId('inbound-webhook').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  const url = (await row.getByTestId('inbound-url').textContent()) ?? '';

  // Rotate: a new secret, shown once under the webhook; the old one is refused from now on.
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByTestId('webhook-rotate').click();
  await expect(row.getByTestId('inbound-secret-panel')).toBeVisible();
  // The creation's panel goes: its secret no longer works.
  await expect(page.getByTestId('inbound-secret-panel')).toHaveCount(1);
  const rotated = (await row.getByTestId('inbound-secret').textContent()) ?? '';
  expect(rotated).toMatch(/^whsec_/);
  expect(rotated).not.toBe(created);
  await expect(row.getByTestId('inbound-rotated')).toContainText('rotated');
  await expect(fireSignedWebhook(url, created, 'status T-101')).rejects.toThrow('401');

  // Test-fire: the API signs a sample with the webhook's own secret; the log opens on it.
  await row.getByTestId('webhook-test-text').fill('status T-101');
  await row.getByTestId('webhook-test-fire').click();
  await expect(page).toHaveURL(/\?log=inbound:/);
  const log = row.getByTestId('delivery-log-row');
  await expect(log).toHaveCount(1);
  await expect(log.first()).toHaveAttribute('data-outcome', 'ok');
  await expect(log.first()).toHaveAttribute('data-message-id', /^msg_test_/);
  await expect(log.first()).toContainText('status T-101');

  // A sender with the rotated secret: its message joins the open log live.
  const sent = await fireSignedWebhook(url, rotated, 'tasks ready');
  await expect(row.locator(`[data-message-id="${sent.messageId}"]`)).toHaveAttribute(
    'data-outcome',
    'ok',
  );
  await expect(log).toHaveCount(2);
  await screenshotWithoutToasts(page, testInfo, 'remote-triggers');
});

test('Remote › Triggers: an outbound subscription test-fires a signed delivery and logs it', async ({
  page,
}, testInfo) => {
  const subscriber = await startSubscriber();
  try {
    const name = `e2e-subscription-${Date.now()}`;
    await page.goto('/remote/triggers');
    await waitUntilHydrated(page);
    await page.getByTestId('outbound-name').fill(name);
    await page.getByTestId('outbound-url').fill('not a url');
    await page.getByTestId('outbound-create').click();
    await expect(page.getByTestId('outbound-form-error')).toContainText('http(s) URL');

    await page.getByTestId('outbound-url').fill(subscriber.url);
    await page.getByTestId('outbound-events').fill('task_transitioned');
    await page.getByTestId('outbound-create').click();
    await expect(page.getByTestId('outbound-secret-panel')).toBeVisible();
    const row = page.getByTestId('outbound-subscription').filter({ hasText: name });
    await expect(row).toHaveCount(1);

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByTestId('webhook-rotate').click();
    await expect(row.getByTestId('outbound-secret-panel')).toBeVisible();
    subscriber.useSecret((await row.getByTestId('outbound-secret').textContent()) ?? '');

    await row.getByTestId('webhook-test-fire').click();
    await expect(page).toHaveURL(/\?log=outbound:/);
    const delivery = row.getByTestId('delivery-log-row');
    await expect(delivery).toHaveCount(1);
    // Delivered by the worker's workflow to the subscriber, signed with the rotated secret.
    await expect(delivery).toHaveAttribute('data-outcome', 'delivered', { timeout: 30_000 });
    await expect(delivery).toContainText('kyros.test');
    await expect(delivery).toContainText('204');
    expect(subscriber.received).toEqual([{ type: 'kyros.test', verified: true }]);
    await screenshotWithoutToasts(page, testInfo, 'remote-triggers-outbound');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByTestId('webhook-delete').click();
    await expect(row).toHaveCount(0);
  } finally {
    await subscriber.close();
  }
});

test('Remote › Triggers: link a Slack user to a Kyros user, then unlink them', async ({
  page,
  apiUrl,
}, testInfo) => {
  const admin = { email: stackEnv('adminEmail'), password: stackEnv('adminPassword') };
  const { channels } = createKyrosClient({
    baseUrl: apiUrl,
    credential: await accessToken(apiUrl, admin),
  });
  const slackUser = `U${Date.now()}`;
  await page.goto('/remote/triggers');
  await waitUntilHydrated(page);

  // Ids Slack would never issue are named in the form, and nothing is linked.
  await page.getByTestId('slack-team-id').fill('not a team');
  await page.getByTestId('slack-link-create').click();
  await expect(page.getByTestId('slack-link-error')).toContainText('Slack id');

  await page.getByTestId('slack-team-id').fill('te2e');
  await page.getByTestId('slack-user-id').fill(slackUser);
  await page.getByTestId('slack-user-email').selectOption(admin.email);
  await page.getByTestId('slack-link-create').click();
  const row = page.locator(`[data-slack-user="TE2E/${slackUser}"]`);
  await expect(row).toContainText(admin.email);
  expect(await channels.listSlackUserLinks()).toContainEqual(
    expect.objectContaining({ team_id: 'TE2E', slack_user_id: slackUser, user_email: admin.email }),
  );
  await expect(page.getByTestId('slack-links')).toContainText(`TE2E/${slackUser}`);
  await screenshotWithoutToasts(page, testInfo, 'remote-triggers-slack');

  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByTestId('slack-unlink').click();
  await expect(row).toHaveCount(0);
  const links = await channels.listSlackUserLinks();
  expect(links.some((link) => link.slack_user_id === slackUser)).toBe(false);
});
