import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { createKyrosClient } from '@kyros/contracts/client';
import { CHROMIUM_LAUNCH } from './chromium.ts';

/** The agent the e2e API key is bound to: it acts only as this agent (docs/adr/0008). */
export const E2E_AGENT = 'agent-e2e-claimer';

export interface Credentials {
  email: string;
  password: string;
}

/**
 * As the first admin `npm start` made: the admin the suite signs in as (KYROS_ADMIN_EMAIL /
 * KYROS_ADMIN_PASSWORD, or a generated one) and an `agent` API key bound to {@link E2E_AGENT}, so
 * tests can act as that agent would (claim, lease) next to the UI.
 */
export async function provisionThroughTheApi(
  apiUrl: string,
  firstAdmin: { email: string; password: string },
  admin: { email: string; password: string },
): Promise<string> {
  const token = await accessToken(apiUrl, firstAdmin);
  const { admin: adminApi } = createKyrosClient({ baseUrl: apiUrl, credential: token });
  if (admin.email !== firstAdmin.email) {
    await adminApi.createUser({ ...admin, role: 'admin', display_name: 'E2E admin' });
  }
  const created = await adminApi.createApiKey({
    name: 'e2e-agent',
    role: 'agent',
    agent_id: E2E_AGENT,
  });
  return created.secret;
}

export async function accessToken(
  apiUrl: string,
  credentials: { email: string; password: string },
): Promise<string> {
  const { auth } = createKyrosClient({ baseUrl: apiUrl });
  return (await auth.login(credentials.email, credentials.password)).access_token;
}

/** Signs in through the login page and keeps the session cookie for every test context. */
export async function signInThroughTheConsole(
  consoleUrl: string,
  admin: Credentials,
  storageStatePath: string,
): Promise<void> {
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const page = await browser.newPage({ baseURL: consoleUrl });
    // The first request compiles the console (Vite, development mode): allow it a while.
    await page.goto('/login', { timeout: 90_000 });
    await page.getByTestId('login-email').fill(admin.email);
    await page.getByTestId('login-password').fill(admin.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor({ timeout: 60_000 });
    await mkdir(path.dirname(storageStatePath), { recursive: true });
    await page.context().storageState({ path: storageStatePath });
  } finally {
    await browser.close();
  }
}
