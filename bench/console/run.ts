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
import { round } from '../collab/latency-stats.ts';
import { startDevConsole, type DevConsole } from './dev-console.ts';
import { fillBoard } from './measure.ts';
import { measureConsoleMode } from './measure-mode.ts';
import {
  CONSOLE_MODES,
  printTable,
  targetsMet,
  updatePerformanceDoc,
  writeResultFiles,
  type ConsoleBenchResults,
  type ConsoleMode,
} from './report.ts';

// `npm run bench:console`: the console with a full board, measured by Playwright in Chromium,
// served both ways side by side: the production build (npm start) and Vite (npm run dev).
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
  const scratch = path.join(os.tmpdir(), `kyros-bench-console-${process.pid}`);
  const stackLog = `${scratch}.log`;
  log(`starting the stack as npm start runs it (log ${stackLog})`);
  const stack: Stack = await startStack({ logFile: stackLog });
  let devConsole: DevConsole | undefined;
  const stop = async () => {
    await devConsole?.stop();
    await stack.stop();
    await rm(scratch, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    const apiKey = await provisionThroughTheApi(stack.apiUrl, stack.firstAdmin, stack.firstAdmin);
    const api = createKyrosClient({ baseUrl: stack.apiUrl, credential: apiKey }).collab;
    log(`filling the board to ${options.tasks} tasks`);
    await fillBoard(api, options.tasks);
    const tasks = (await api.getState('tasks')).data.tasks;
    log('starting a second console in development mode, as npm run dev runs it');
    devConsole = await startDevConsole({
      apiUrl: stack.apiUrl,
      dataDir: stack.dataDir,
      logFile: `${scratch}-dev-console.log`,
    });
    const consoleUrls: Record<ConsoleMode, string> = {
      production: stack.consoleUrl,
      development: devConsole.url,
    };

    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    try {
      const modes: Partial<ConsoleBenchResults['modes']> = {};
      for (const { mode, command } of CONSOLE_MODES) {
        const storageState = path.join(scratch, `${mode}-session.json`);
        await signInThroughTheConsole(consoleUrls[mode], stack.firstAdmin, storageState);
        const measurement = await measureConsoleMode({
          browser,
          consoleUrl: consoleUrls[mode],
          storageState,
          api,
          tasks,
          titlePrefix: `Renamed (${mode})`,
          loads: options.loads,
          writes: options.writes,
          log: (line) => log(`${mode} (${command}): ${line}`),
        });
        modes[mode] = { ...measurement, met: targetsMet(measurement) };
      }
      const { production, development } = modes;
      if (!production || !development) throw new Error('a console mode was not measured');
      const results: ConsoleBenchResults = {
        bench: 'console',
        date: new Date().toISOString(),
        machine: {
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
          memoryGb: round(os.totalmem() / 2 ** 30, 1),
          platform: `${os.type()} ${os.release()}`,
          node: process.version,
          chromium: `Chromium ${browser.version()}`,
          loadAverageAtStart,
        },
        method: {
          database: stack.database,
          tasks: tasks.length,
          loads: options.loads,
          writes: options.writes,
        },
        modes: { production, development },
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
