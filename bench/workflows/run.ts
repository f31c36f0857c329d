import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Cleanup } from '../collab/cleanup.ts';
import { round } from '../collab/latency-stats.ts';
import {
  printTable,
  TARGETS,
  updatePerformanceDoc,
  writeResultFiles,
  type WorkflowBenchResults,
} from './bench-report.ts';
import { measureLatency, measureThroughput } from './measure.ts';
import { startWorkflowStack } from './workflow-stack.ts';

// `npm run bench:workflows`: one task workflow against a bare one, then 200 tasks at once.
const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));
const PERFORMANCE_DOC = fileURLToPath(new URL('../../docs/PERFORMANCE.md', import.meta.url));

function readOptions() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '30' },
      warmup: { type: 'string', default: '3' },
      // The latency phase stops early after this long, whatever --runs says.
      seconds: { type: 'string', default: '120' },
      tasks: { type: 'string', default: '200' },
      'log-level': { type: 'string', default: 'warn' },
      'temp-dir': { type: 'string', default: os.tmpdir() },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const count = (name: string, value: string, min: number): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min)
      throw new Error(`--${name} must be an integer ≥ ${min}`);
    return number;
  };
  return {
    runs: count('runs', values.runs, 1),
    warmup: count('warmup', values.warmup, 1),
    budgetMs: count('seconds', values.seconds, 1) * 1000,
    tasks: count('tasks', values.tasks, 1),
    logLevel: values['log-level'],
    tempDir: values['temp-dir'],
    dryRun: values['dry-run'],
  };
}

const options = readOptions();
const cleanup = new Cleanup();
cleanup.exitOnSignals();
const wallStart = performance.now();
const loadAtStart = round(os.loadavg()[0] ?? 0);
if (loadAtStart > os.cpus().length / 2) {
  console.warn(
    `Load average is ${loadAtStart} on ${os.cpus().length} cores: other work will skew the numbers.`,
  );
}

async function main(): Promise<void> {
  const date = new Date().toISOString();
  const root = await mkdtemp(path.join(options.tempDir, 'kyros-bench-workflows-'));
  cleanup.add(`temp dir ${root}`, () => rm(root, { recursive: true, force: true }));
  console.log('Starting Temporal, the API, the Kyros worker and the baseline worker…');
  const stack = await startWorkflowStack({ root, logLevel: options.logLevel, cleanup });

  const latency = await measureLatency(stack, options);
  console.log(
    `Latency: task p50 ${latency.task.p50Ms} ms vs bare p50 ${latency.baseline.p50Ms} ms (${latency.ratioP50}×, ${latency.activities} activities)`,
  );
  const throughput = await measureThroughput(stack, options.tasks);
  console.log(
    `Throughput: ${throughput.completed}/${throughput.tasks} in ${throughput.wallSeconds} s, ${throughput.tasksPerMinute} tasks/min`,
  );

  const cpus = os.cpus();
  const results: WorkflowBenchResults = {
    benchmark: 'workflows',
    date,
    wallSeconds: round((performance.now() - wallStart) / 1000, 1),
    machine: {
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      loadAverageAtStart: loadAtStart,
    },
    method: {
      temporal:
        'temporal server start-dev, in memory, headless (scripts/src/testing/test-temporal.ts)',
      api: 'api/src/main.ts in a child process, NODE_ENV=production',
      worker: 'activities/src/worker.ts in a child process, NODE_ENV=production',
      baseline:
        'bench/workflows/baseline-worker.ts in a child process: the same number of activities, each returning at once, with the task workflow collab activities options',
      logLevel: options.logLevel,
      warmupRuns: options.warmup,
    },
    targets: TARGETS,
    latency: { ...latency, met: latency.ratioP50 <= TARGETS.latencyRatio },
    throughput: { ...throughput, met: throughput.completed === throughput.tasks },
  };
  printTable(results);
  if (options.dryRun) return;
  const file = await writeResultFiles(RESULTS_DIR, results);
  await updatePerformanceDoc(PERFORMANCE_DOC, results);
  console.log(
    `\nWrote ${path.relative(process.cwd(), file)}, workflows-latest.json and docs/PERFORMANCE.md`,
  );
}

// After Ctrl-C the phases fail on purpose; the signal handler reports and exits instead.
main().then(
  () => cleanup.runAll(),
  async (error: unknown) => {
    await cleanup.runAll();
    if (cleanup.interrupted) return;
    console.error(error);
    process.exitCode = 1;
  },
);
