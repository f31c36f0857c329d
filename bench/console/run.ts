import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { createKyrosClient } from '@kyros/contracts/client';
import { CHROMIUM_LAUNCH } from '../../e2e/support/chromium.ts';
import { provisionThroughTheApi, signInThroughTheConsole } from '../../e2e/support/provision.ts';
import { ensureChromium, startStack, type Stack } from '../../e2e/support/stack.ts';
import { round, summariseLatencies } from '../collab/latency-stats.ts';
import { checkInteractive, fillBoard, loadTasksPage, writeToScreen } from './measure.ts';
import {
  printTable,
  TARGETS,
  updatePerformanceDoc,
  writeResultFiles,
  type ConsoleBenchResults,
} from './report.ts';

// `npm run bench:console`: the console with a full board, measured by Playwright in Chromium.
const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));
const PERFORMANCE_DOC = fileURLToPath(new URL('../../docs/PERFORMANCE.md', import.meta.url));
const log = (line: string) => console.log(`[bench:console] ${line}`);

function readOptions() {
  const { values } = parseArgs({
    options: {
      tasks: { type: 'string', default: '1000' },
      loads: { type: 'string', default: '10' },
      writes: { type: 'string', default: '100' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const positive = (name: string, value: string): number => {
    const number = Number(value);
    if (!(Number.isInteger(number) && number > 0)) {
      throw new Error(`--${name} must be a positive whole number`);
    }
    return number;
  };
  return {
    tasks: positive('tasks', values.tasks),
    loads: positive('loads', values.loads),
    writes: positive('writes', values.writes),
    dryRun: values['dry-run'],
  };
}

async function main(): Promise<void> {
  const options = readOptions();
  const loadAverageAtStart = round(os.loadavg()[0] ?? 0);
  await ensureChromium();
  const stackLog = path.join(os.tmpdir(), `kyros-bench-console-${process.pid}.log`);
  const stateFile = path.join(os.tmpdir(), `kyros-bench-console-${process.pid}.json`);
  log(`starting the stack (log ${stackLog})`);
  const stack: Stack = await startStack({ logFile: stackLog });
  const stop = async () => {
    await stack.stop();
    await rm(stateFile, { force: true });
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    const apiKey = await provisionThroughTheApi(stack.apiUrl, stack.firstAdmin, stack.firstAdmin);
    const api = createKyrosClient({ baseUrl: stack.apiUrl, credential: apiKey }).collab;
    log(`filling the board to ${options.tasks} tasks`);
    await fillBoard(api, options.tasks);
    const tasks = (await api.getState('tasks')).data.tasks;
    await signInThroughTheConsole(stack.consoleUrl, stack.firstAdmin, stateFile);

    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    try {
      const context = await browser.newContext({
        baseURL: stack.consoleUrl,
        storageState: stateFile,
        viewport: { width: 1440, height: 900 },
      });
      const page = await context.newPage();
      // Untimed: Vite compiles the route modules on their first request, once per process.
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
            await writeToScreen(page, api, task.id, `Renamed ${index + 1} · ${task.id}`, 5000),
          );
        } catch (error) {
          failures++;
          log(`write ${index + 1}: ${String(error)}`);
        }
      }
      const chromiumVersion = browser.version();
      const interactiveSamples = loads.map((load) => round(load.interactiveMs));
      const interactive = summariseLatencies(interactiveSamples);
      const domContentLoaded = summariseLatencies(loads.map((load) => load.domContentLoadedMs));
      const writeToScreenSummary = summariseLatencies(latencies);
      const results: ConsoleBenchResults = {
        bench: 'console',
        date: new Date().toISOString(),
        machine: {
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
          memoryGb: round(os.totalmem() / 2 ** 30, 1),
          platform: `${os.type()} ${os.release()}`,
          node: process.version,
          chromium: `Chromium ${chromiumVersion}`,
          loadAverageAtStart,
        },
        method: {
          consoleMode: 'development',
          database: stack.database,
          tasks: tasks.length,
          loads: options.loads,
          writes: options.writes,
        },
        interactive: {
          samplesMs: interactiveSamples,
          p50Ms: interactive.p50Ms,
          maxMs: interactive.maxMs,
          domContentLoadedP50Ms: domContentLoaded.p50Ms,
          met: interactive.p50Ms < TARGETS.interactiveMs,
        },
        writeToScreen: {
          ...writeToScreenSummary,
          failures,
          met: failures === 0 && writeToScreenSummary.p99Ms < TARGETS.writeToScreenP99Ms,
        },
      };
      console.log('');
      printTable(results);
      console.log('');
      if (options.dryRun) {
        log('dry run: no result files, docs/PERFORMANCE.md unchanged');
      } else {
        log(`results: ${await writeResultFiles(RESULTS_DIR, results)}`);
        await updatePerformanceDoc(PERFORMANCE_DOC, results);
        log('docs/PERFORMANCE.md updated');
      }
    } finally {
      await browser.close();
    }
  } finally {
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('[bench:console]', error);
    process.exit(1);
  },
);
