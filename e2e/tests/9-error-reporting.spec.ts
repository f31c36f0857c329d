import { randomBytes } from 'node:crypto';
import type { Page, Request } from '@playwright/test';
import { freePort } from '@kyros/scripts/free-port';
import { startTsChild, type TsChild } from '@kyros/scripts/ts-child-process';
import { startSentrySink, type SentrySink } from '@kyros/test-support/errors/sentry-sink';
import { expect, test, waitUntilHydrated } from '../support/fixtures.ts';
import { stackEnv } from '../support/paths.ts';

// Browser errors reach Sentry when SENTRY_DSN is set, and nothing of Sentry reaches the browser
// when it is not (issue 15, docs/DEPLOYMENT.md). The stack's console runs without a DSN; a second
// console process, on the same build and API, runs with one pointing at a local ingest stand-in.

/** Throws in the page as a bug in a timer callback would: nobody catches it. */
async function throwUnhandled(page: Page, message: string): Promise<void> {
  await page.evaluate((text) => {
    setTimeout(() => {
      throw new Error(text);
    });
  }, message);
}

test('without SENTRY_DSN the browser loads no Sentry code and sends nothing', async ({ page }) => {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  page.on('pageerror', () => undefined);

  const document = await page.goto('/tasks');
  await waitUntilHydrated(page);
  await throwUnhandled(page, 'an error nobody reports');
  // Another page and back: every chunk either page could fetch has been fetched by now.
  await page.getByTestId('nav-overview').click();
  await expect(page).toHaveURL(/\/$/);
  await page.getByTestId('nav-tasks').click();
  await expect(page).toHaveURL(/\/tasks$/);

  expect(await document?.text()).not.toMatch(/sentry/i);
  expect(document?.headers()['content-security-policy']).not.toContain('/42');
  expect(await page.locator('html').getAttribute('data-error-reporting')).toBeNull();
  const sentryRequests = requests
    .map((request) => request.url())
    .filter((url) => /sentry|envelope/i.test(url));
  expect(sentryRequests).toEqual([]);
});

test.describe.serial('with SENTRY_DSN', () => {
  const sessionSecret = `e2e-session-secret-${randomBytes(12).toString('hex')}`;
  let sink: SentrySink;
  let consoleProcess: TsChild;
  let consoleUrl: string;

  test.beforeAll(async () => {
    sink = await startSentrySink();
    const port = await freePort();
    consoleUrl = `http://127.0.0.1:${port}`;
    // The console as `npm start` runs it (server.ts, production build), with SENTRY_DSN set.
    consoleProcess = startTsChild({
      name: 'the console with SENTRY_DSN',
      entry: 'remix-console/server.ts',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        KYROS_CONSOLE_MODE: 'production',
        CONSOLE_PORT: String(port),
        API_URL: stackEnv('apiUrl'),
        KYROS_CONSOLE_SESSION_SECRET: sessionSecret,
        SENTRY_DSN: sink.dsn,
        SENTRY_ENVIRONMENT: 'e2e',
      },
    });
    await consoleProcess.waitForUrl(`${consoleUrl}/healthz`, 60_000);
  });

  test.afterAll(async () => {
    await consoleProcess?.stop({ graceMs: 5000 });
    await sink?.close();
  });

  test.use({ storageState: { cookies: [], origins: [] } });

  /** Signs in on the DSN console, opens the overview with a token in its address, waits for Sentry. */
  async function openOverview(page: Page): Promise<{ requestId: string; secrets: string[] }> {
    await page.goto(`${consoleUrl}/login`);
    await page.getByTestId('login-email').fill(stackEnv('adminEmail'));
    await page.getByTestId('login-password').fill(stackEnv('adminPassword'));
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor();
    // A cookie the page's scripts can read, and a token in a link: neither may be reported.
    const probeCookie = `probe-cookie-${randomBytes(8).toString('hex')}`;
    await page.context().addCookies([{ name: 'kyros_probe', value: probeCookie, url: consoleUrl }]);
    const linkToken = `link-token-${randomBytes(8).toString('hex')}`;
    const sdk = page.waitForResponse(/\/assets\/sentry-browser-[^/]+\.js$/);
    const document = await page.goto(`${consoleUrl}/?token=${linkToken}`);
    const requestId = document?.headers()['x-request-id'] ?? '';
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const html = (await document?.text()) ?? '';
    expect(html, 'the page carries the DSN without its secret key').toContain(
      'publickey0123456789@',
    );
    expect(html).not.toContain(sink.dsnSecret);
    // The envelope POST goes to the DSN's origin, so the policy lets the page connect there.
    expect(document?.headers()['content-security-policy']).toContain(new URL(sink.dsn).origin);
    expect((await sdk).status()).toBe(200);
    await expect(page.locator('html')).toHaveAttribute('data-error-reporting', 'ready');
    const cookies = (await page.context().cookies()).map((cookie) => cookie.value);
    return { requestId, secrets: [...cookies, linkToken, sessionSecret, sink.dsnSecret] };
  }

  function expectNoSecrets(envelope: string, secrets: string[]): void {
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(envelope).not.toContain(secret);
    }
    expect(envelope.toLowerCase()).not.toContain('authorization');
    expect(envelope.toLowerCase()).not.toContain('"cookie');
  }

  test('an unhandled error in the page arrives with its request id and no secrets', async ({
    page,
  }) => {
    page.on('pageerror', () => undefined);
    const { requestId, secrets } = await openOverview(page);
    const message = `e2e unhandled ${randomBytes(6).toString('hex')}`;

    await throwUnhandled(page, message);

    const envelope = await sink.envelopeContaining(message);
    expect(envelope).toContain(`"request_id":"${requestId}"`);
    expect(envelope).toContain('"service":"console-browser"');
    expect(envelope).toContain('"environment":"e2e"');
    expect(envelope).toContain('"url":"' + `${consoleUrl}/"`);
    expectNoSecrets(envelope, secrets);
  });

  test('a page broken by its server going away is reported from the error boundary', async ({
    page,
  }) => {
    const { requestId, secrets } = await openOverview(page);

    await consoleProcess.stop({ graceMs: 5000 });
    // The overview refreshes its data on a timer; with its server gone the refresh fails, and the
    // root error boundary replaces the page (in this tab, so only the browser can report it).
    await expect(page.getByTestId('error-page')).toContainText('Failed to fetch', {
      timeout: 30_000,
    });

    const envelope = await sink.envelopeContaining('Failed to fetch');
    expect(envelope).toContain(`"request_id":"${requestId}"`);
    expectNoSecrets(envelope, secrets);
  });
});
