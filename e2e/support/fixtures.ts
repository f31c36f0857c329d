import { test as base, expect, type Page } from '@playwright/test';
import { createKyrosClient, type CollabClient } from '@kyros/contracts/client';
import { stackEnv } from './paths.ts';

export interface E2eFixtures {
  /** The collaboration API as `E2E_AGENT` (a bound `agent` key minted by the global setup). */
  agentApi: CollabClient;
  apiUrl: string;
}

/* eslint-disable no-empty-pattern -- Playwright reads a fixture's dependencies from its first
   parameter, which must be an object pattern even when it depends on nothing. */
export const test = base.extend<E2eFixtures>({
  // The stack's ports are only known once the global setup ran, so baseURL comes from it.
  baseURL: async ({}, use) => {
    await use(stackEnv('consoleUrl'));
  },
  apiUrl: async ({}, use) => {
    await use(stackEnv('apiUrl'));
  },
  agentApi: async ({}, use) => {
    await use(
      createKyrosClient({ baseUrl: stackEnv('apiUrl'), credential: stackEnv('apiKey') }).collab,
    );
  },
});
/* eslint-enable no-empty-pattern */

export { expect };

/** Waits until React has hydrated the page (the root marks `<html data-hydrated>`). */
export async function waitUntilHydrated(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

/** Waits until the tab's own live event stream is connected (the shell's indicator says Live). */
export async function waitUntilLive(page: Page): Promise<void> {
  await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'live');
}

/**
 * Marks the document, so a test can prove later that what it saw arrived without a reload
 * (a navigation or reload makes a new document without the mark).
 */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as { __kyrosE2eMark?: boolean }).__kyrosE2eMark = true;
  });
}

export async function expectSameDocument(page: Page): Promise<void> {
  const marked = await page.evaluate(
    () => (globalThis as { __kyrosE2eMark?: boolean }).__kyrosE2eMark === true,
  );
  expect(marked, 'the page was reloaded or navigated away').toBe(true);
}
