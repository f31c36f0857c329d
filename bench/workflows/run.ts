import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Cleanup } from '../collab/cleanup.ts';
import { round } from '../collab/latency-stats.ts';
import {
  printConcurrency,
  printTable,
  TARGETS,
  updatePerformanceDoc,
  writeResultFiles,
  type WorkflowBenchResults,
} from './bench-report.ts';
import { measureJobConcurrency } from './job-concurrency.ts';
import {
  measureBaselineThroughput,
  measureIdleCpu,
  measureLatency,
  measureThroughput,
} from './measure.ts';
import { startWorkflowStack } from './workflow-stack.ts';
import { describeMachine } from '../shared/results-output.ts';

// `npm run bench:workflows`: one task workflow against a bare one, 200 tasks at once against 200
// bare workflows, then 50 jobs at once (`--concurrency`: that scenario alone, not saved).
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
      // The bare workflow's activities: the 10 calls a task run made before issue 10.
      'baseline-activities': { type: 'string', default: '10' },
      jobs: { type: 'string', default: '50' },
      variants: { type: 'string', default: '3' },
      // Jobs not awaiting review by then are reported as still generating.
      'jobs-seconds': { type: 'string', default: '120' },
      concurrency: { type: 'boolean', default: false },
      'profile-worker': { type: 'string' },
      'profile-api': { type: 'string' },
      // Each child's whole output (API, worker, …) in <dir>/<name>.log.
      logs: { type: 'string' },
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
    baselineActivities: count('baseline-activities', values['baseline-activities'], 1),
    jobs: count('jobs', values.jobs, 1),
    variants: count('variants', values.variants, 1),
    jobsTimeoutMs: count('jobs-seconds', values['jobs-seconds'], 1) * 1000,
    concurrencyOnly: values.concurrency,
    profileWorkerDir: values['profile-worker'],
    profileApiDir: values['profile-api'],
    logDir: values.logs,
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
  const stack = await startWorkflowStack({
    root,
    logLevel: options.logLevel,
    cleanup,
    ...(options.profileWorkerDir === undefined
      ? {}
      : { profileWorkerDir: path.resolve(options.profileWorkerDir) }),
    ...(options.profileApiDir === undefined
      ? {}
      : { profileApiDir: path.resolve(options.profileApiDir) }),
    ...(options.logDir === undefined ? {} : { logDir: path.resolve(options.logDir) }),
  });

  const concurrencyPhase = async () => {
    const result = await measureJobConcurrency(stack, {
      jobs: options.jobs,
      variants: options.variants,
      timeoutMs: options.jobsTimeoutMs,
    });
    console.log(
      `Concurrency: ${result.awaitingReview}/${result.jobs} jobs awaiting review in ${result.wallSeconds} s, ${result.failed} failed`,
    );
    return result;
  };
  if (options.concurrencyOnly) {
    printConcurrency(await concurrencyPhase());
    return;
  }

  const latency = await measureLatency(stack, options);
  console.log(
    `Latency: task p50 ${latency.task.p50Ms} ms vs bare p50 ${latency.baseline.p50Ms} ms (${latency.ratioP50}×, ${latency.activities} activities)`,
  );
  const idleCpu = await measureIdleCpu(stack);
  const throughput = await measureThroughput(stack, options.tasks, idleCpu);
  console.log(
    `Throughput: ${throughput.completed}/${throughput.tasks} in ${throughput.wallSeconds} s, ${throughput.tasksPerMinute} tasks/min`,
  );
  const baselineThroughput = await measureBaselineThroughput(stack, {
    workflows: options.tasks,
    activities: options.baselineActivities,
    idle: idleCpu,
  });
  console.log(
    `Bare workflows: ${baselineThroughput.completed}/${baselineThroughput.workflows} in ${baselineThroughput.wallSeconds} s, ${baselineThroughput.workflowsPerSecond}/s`,
  );
  const concurrency = await concurrencyPhase();

  const results: WorkflowBenchResults = {
    benchmark: 'workflows',
    date,
    wallSeconds: round((performance.now() - wallStart) / 1000, 1),
    machine: describeMachine(loadAtStart),
    method: {
      temporal:
        'temporal server start-dev, in memory, headless (test-support/src/temporal/test-temporal.ts)',
      api: 'api/src/main.ts in a child process, NODE_ENV=production',
      worker: 'activities/src/worker.ts in a child process, NODE_ENV=production',
      baseline:
        'bench/workflows/baseline-worker.ts in a child process: the same number of activities, each returning at once, with the task workflow collab activities options',
      logLevel: options.logLevel,
      warmupRuns: options.warmup,
    },
    targets: TARGETS,
    idleCpuMsPerSecond: idleCpu,
    latency: { ...latency, met: latency.ratioP50 <= TARGETS.latencyRatio },
    throughput: {
      ...throughput,
      baseline: baselineThroughput,
      ratio: round(throughput.tasksPerSecond / baselineThroughput.workflowsPerSecond),
      met:
        throughput.completed === throughput.tasks &&
        throughput.tasksPerSecond >= TARGETS.tasksPerSecond,
    },
    concurrency: { ...concurrency, met: concurrency.awaitingReview === concurrency.jobs },
  };
  printTable(results);
  if (options.dryRun) return;
  const file = await writeResultFiles(RESULTS_DIR, results);
  await updatePerformanceDoc(PERFORMANCE_DOC, results);
  console.log(
    `\nWrote ${path.relative(process.cwd(), file)}, workflows-latest.json and docs/PERFORMANCE.md`,
  );
}

void cleanup.run(main);
