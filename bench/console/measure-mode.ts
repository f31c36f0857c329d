import type { Browser } from 'playwright-core';
import type { CollabClient } from '@kyros/contracts/client/kyros-client';
import { round, summariseLatencies, type LatencySummary } from '../collab/latency-stats.ts';
import { checkInteractive, loadTasksPage, writeToScreen } from './measure.ts';

/** What one console mode measured: page loads to interactive, and API writes to the screen. */
export interface ModeMeasurement {
  interactive: {
    samplesMs: number[];
    p50Ms: number;
    maxMs: number;
    domContentLoadedP50Ms: number;
  };
  writeToScreen: LatencySummary & { failures: number };
}

/** Loads the Tasks page `loads` times, then times `writes` renames until the board shows each. */
export async function measureConsoleMode(options: {
  browser: Browser;
  consoleUrl: string;
  /** A signed-in session of this console (cookies are per console: each signs its own). */
  storageState: string;
  api: CollabClient;
  tasks: { id: string }[];
  /** Starts every new title, so one mode's renames never repeat another's (a no-op shows nothing). */
  titlePrefix: string;
  loads: number;
  writes: number;
  log: (line: string) => void;
}): Promise<ModeMeasurement> {
  const { api, tasks, log } = options;
  const context = await options.browser.newContext({
    baseURL: options.consoleUrl,
    storageState: options.storageState,
    viewport: { width: 1440, height: 900 },
  });
  try {
    const page = await context.newPage();
    // Untimed: the first load warms caches (in development, Vite compiles the route modules).
    await loadTasksPage(page, tasks.length);
    await checkInteractive(page);

    log(`loading the Tasks page ${options.loads} times`);
    const loads = [];
    for (let index = 0; index < options.loads; index++) {
      loads.push(await loadTasksPage(page, tasks.length));
    }
    await checkInteractive(page);

    log(`${options.writes} API writes, each timed until the open board shows it`);
    await page.goto('/tasks');
    await page
      .getByTestId('connection-indicator')
      .and(page.locator('[data-state="live"]'))
      .waitFor();
    const latencies: number[] = [];
    let failures = 0;
    for (let index = 0; index < options.writes; index++) {
      const task = tasks[index % tasks.length];
      if (!task) break;
      try {
        latencies.push(
          await writeToScreen(
            page,
            api,
            task.id,
            `${options.titlePrefix} ${index + 1} · ${task.id}`,
            5000,
          ),
        );
      } catch (error) {
        failures++;
        log(`write ${index + 1}: ${String(error)}`);
      }
    }
    const samplesMs = loads.map((load) => round(load.interactiveMs));
    const interactive = summariseLatencies(samplesMs);
    return {
      interactive: {
        samplesMs,
        p50Ms: interactive.p50Ms,
        maxMs: interactive.maxMs,
        domContentLoadedP50Ms: summariseLatencies(loads.map((load) => load.domContentLoadedMs))
          .p50Ms,
      },
      writeToScreen: { ...summariseLatencies(latencies), failures },
    };
  } finally {
    await context.close();
  }
}
