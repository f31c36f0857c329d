import type { Page } from 'playwright-core';
import type { CollabClient } from '@kyros/contracts/client';
import { nowMs } from '../collab/latency-stats.ts';

/**
 * The few browser globals the page functions below use. The repository's typecheck has no DOM
 * library (it would leak into the Node code), so they are typed here, by hand.
 */
interface Browser {
  document: {
    body: unknown;
    querySelector(selector: string): { textContent: string | null } | null;
    querySelectorAll(selector: string): { length: number };
  };
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: Record<string, boolean>): void;
    disconnect(): void;
  };
  __kyrosBenchSeen?: Promise<number>;
}

/** What the page reports once the board is interactive, in ms since its navigation started. */
export interface LoadSample {
  /** The document's DOMContentLoaded. */
  domContentLoadedMs: number;
  /** Every card is in the DOM and React has hydrated the board's controls (they answer input). */
  interactiveMs: number;
  cards: number;
}

/**
 * Loads /tasks and waits, on every animation frame, for the board to be interactive: `minCards`
 * cards rendered and React's props attached to the "New task" button — hydration attaches them,
 * and before that a click does nothing.
 */
export async function loadTasksPage(page: Page, minCards: number): Promise<LoadSample> {
  await page.goto('about:blank');
  await page.goto('/tasks', { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (expected: number) => {
      const { document } = globalThis as unknown as Browser;
      const button = document.querySelector('[data-testid="new-task"]');
      const cards = document.querySelectorAll('[data-testid^="task-card-"]').length;
      const hydrated =
        button !== null && Object.keys(button).some((key) => key.startsWith('__reactProps$'));
      if (!hydrated || cards < expected) return false;
      const timing = performance as unknown as {
        getEntriesByType(type: string): { domContentLoadedEventEnd: number }[];
      };
      const [navigation] = timing.getEntriesByType('navigation');
      return {
        interactiveMs: performance.now(),
        domContentLoadedMs: navigation?.domContentLoadedEventEnd ?? Number.NaN,
        cards,
      };
    },
    minCards,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as LoadSample;
}

/** Proves the "interactive" signal: a click on "New task" opens its dialog at once. */
export async function checkInteractive(page: Page): Promise<void> {
  await page.getByTestId('new-task').click();
  await page.getByTestId('new-task-dialog').waitFor({ state: 'visible', timeout: 2000 });
  await page.keyboard.press('Escape');
}

/**
 * One write-to-screen sample: renames a task through the API and measures, on the same machine's
 * clock, until the open board's DOM shows the new title (a MutationObserver armed before the
 * write). The path measured is the product's: API → event log → SSE → the console's relay →
 * the tab → revalidation of the board → React render.
 */
export async function writeToScreen(
  page: Page,
  api: CollabClient,
  taskId: string,
  title: string,
  timeoutMs: number,
): Promise<number> {
  const { etag } = await api.getTask(taskId);
  await page.evaluate(
    ({ id, expected, timeout }) => {
      const browser = globalThis as unknown as Browser;
      const { document } = browser;
      const selector = `[data-testid="task-card-${id}"] [data-testid="task-title"]`;
      browser.__kyrosBenchSeen = new Promise<number>((resolve, reject) => {
        const observer = new browser.MutationObserver(() => {
          if (document.querySelector(selector)?.textContent !== expected) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(performance.timeOrigin + performance.now());
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`"${expected}" did not appear within ${timeout} ms`));
        }, timeout);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    },
    { id: taskId, expected: title, timeout: timeoutMs },
  );
  const writtenAt = nowMs();
  await api.patchTask(taskId, { title }, { ifMatch: etag });
  const seenAt = await page.evaluate(() => (globalThis as unknown as Browser).__kyrosBenchSeen);
  if (seenAt === undefined) throw new Error('the observer was not armed');
  return seenAt - writtenAt;
}

/** Creates tasks until the board holds `total`, `concurrency` requests at a time. */
export async function fillBoard(
  api: CollabClient,
  total: number,
  concurrency = 8,
): Promise<string[]> {
  const existing = (await api.getState('tasks')).data.tasks.length;
  let next = existing;
  const created: string[] = [];
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const { id } = await api.createTask({
        title: `Bench task ${index + 1}`,
        priority: (['low', 'medium', 'high', 'critical'] as const)[index % 4],
        labels: ['bench'],
      });
      created.push(id);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return created;
}
