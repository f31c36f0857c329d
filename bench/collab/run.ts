import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnApiChild, type ApiChildOptions } from './api-child-process.ts';
import { printTable, updatePerformanceDoc, writeResultFiles } from './bench-report.ts';
import {
  TARGETS,
  type CollabBenchResults,
  type CollabBenchRun,
  type PatchRow,
} from './bench-results.ts';
import { Cleanup } from './cleanup.ts';
import { runHttpAppendLoad, runInProcessAppendLoad } from './event-append-load.ts';
import { measureAppendAndFsync, measureAtomicReplace } from './file-baselines.ts';
import { round } from './latency-stats.ts';
import { runPatchLoad } from './patch-load.ts';
import { seedBoard } from './seed-board.ts';
import { describeMachine } from '../shared/results-output.ts';
import { runSseLatency } from './sse-latency.ts';

// `npm run bench:collab`: the collaboration API's write, append and fan-out paths under load.
const BOARD_SIZES = [100, 1_000, 10_000, 100_000];
const CLIENTS = 16;
const SCENARIOS = ['patch', 'append', 'sse'] as const;
type Scenario = (typeof SCENARIOS)[number];
const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));
const PERFORMANCE_DOC = fileURLToPath(new URL('../../docs/PERFORMANCE.md', import.meta.url));

function readOptions() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      'log-level': { type: 'string', default: 'info' },
      'temp-dir': { type: 'string', default: os.tmpdir() },
      'dry-run': { type: 'boolean', default: false },
      // The SSE scenario by default; lower them to find what a machine sustains.
      'sse-subscribers': { type: 'string', default: '100' },
      'sse-rate': { type: 'string', default: '500' },
      // A subset of the scenarios (patch, append, sse), for comparing variants; implies --dry-run.
      only: { type: 'string' },
      // Writes a V8 CPU profile of each API child process into this directory.
      'profile-api': { type: 'string' },
      // Another API entry point (same environment), e.g. a variant being compared; dry runs only.
      'api-entry': { type: 'string' },
    },
  });
  const positive = (name: string, value: string): number => {
    const number = Number(value);
    if (!(number > 0 && Number.isFinite(number)))
      throw new Error(`--${name} must be a positive number`);
    return number;
  };
  const phaseMs = positive('seconds', values.seconds) * 1000;
  const only = values.only?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (unknown?.length) {
    throw new Error(`--only takes ${SCENARIOS.join(', ')}; got ${unknown.join(', ')}`);
  }
  return {
    phaseMs,
    baselineMs: Math.min(phaseMs, 3000),
    warmupMs: Math.min(phaseMs / 5, 1000),
    logLevel: values['log-level'],
    tempDir: values['temp-dir'],
    // A partial run never replaces the recorded results.
    dryRun: values['dry-run'] || only !== undefined || values['api-entry'] !== undefined,
    scenarios: new Set<Scenario>((only as Scenario[] | undefined) ?? SCENARIOS),
    profileDir: values['profile-api'] && path.resolve(values['profile-api']),
    apiEntry: values['api-entry'] && path.resolve(values['api-entry']),
    sseSubscribers: Math.round(positive('sse-subscribers', values['sse-subscribers'])),
    sseEventsPerSec: positive('sse-rate', values['sse-rate']),
  };
}

const options = readOptions();
const { phaseMs, baselineMs, warmupMs } = options;
const cleanup = new Cleanup();
cleanup.exitOnSignals();
const wallStart = performance.now();
const loadAtStart = round(os.loadavg()[0] ?? 0);
if (loadAtStart > os.cpus().length / 2) {
  console.warn(
    `Load average is ${loadAtStart} on ${os.cpus().length} cores: other work will skew the numbers.`,
  );
}
const root = await mkdtemp(path.join(options.tempDir, 'kyros-bench-collab-'));
cleanup.add(`temp dir ${root}`, () => rm(root, { recursive: true, force: true }));

/** Runs `use` against a fresh API child process that is always stopped afterwards. */
async function withApi<T>(
  dirs: ApiChildOptions,
  use: (url: string, pid: number) => Promise<T>,
): Promise<T> {
  const api = await spawnApiChild(dirs);
  const stop = cleanup.add(`API process ${api.pid}`, () => api.stop());
  try {
    await api.ready;
    return await use(api.url, api.pid);
  } finally {
    await stop();
  }
}

const apiDirs = (name: string): ApiChildOptions => ({
  dataDir: path.join(root, name),
  collabDir: path.join(root, name, 'collaboration'),
  logLevel: options.logLevel,
  profileDir: options.profileDir,
  entry: options.apiEntry,
});

async function measurePatch(tasks: number): Promise<PatchRow> {
  const dirs = apiDirs(`board-${tasks}`);
  const board = await seedBoard(dirs.collabDir, tasks);
  const raw = await measureAtomicReplace(
    path.join(root, `raw-${tasks}`),
    board.taskFile,
    baselineMs,
  );
  const api = await withApi(dirs, (url) =>
    runPatchLoad({ url, taskIds: board.taskIds, clients: CLIENTS, warmupMs, durationMs: phaseMs }),
  );
  await rm(dirs.dataDir, { recursive: true, force: true });
  const ratio = round(api.opsPerSec / raw.opsPerSec);
  const met = ratio >= TARGETS.patchToRawRatio && api.errors === 0;
  console.log(
    `PATCH ${tasks} tasks: ${api.opsPerSec} ops/s vs raw ${raw.opsPerSec} writes/s (${ratio}×)`,
  );
  return {
    tasks,
    fileBytes: board.bytes,
    taskFileBytes: Buffer.byteLength(board.taskFile),
    clients: CLIENTS,
    api,
    raw,
    ratio,
    met,
  };
}

async function measureEvents(): Promise<CollabBenchResults['events']> {
  const inProcess = await runInProcessAppendLoad(
    path.join(root, 'events-in-process'),
    CLIENTS,
    phaseMs,
  );
  // A line as long as the log's own lines, appended and fsynced one at a time.
  const line = `${JSON.stringify({ pad: 'x'.repeat(Math.max(0, inProcess.lineBytes - 11)) })}\n`;
  const raw = await measureAppendAndFsync(path.join(root, 'raw-append'), line, baselineMs);
  const http = await withApi(apiDirs('events-http'), (url, pid) =>
    runHttpAppendLoad(url, pid, CLIENTS, warmupMs, phaseMs),
  );
  const row = <R extends { opsPerSec: number; errors: number }>(result: R) => {
    const ratio = round(result.opsPerSec / raw.opsPerSec);
    return { ...result, ratio, met: ratio >= TARGETS.appendToRawRatio && result.errors === 0 };
  };
  console.log(
    `Events: HTTP ${http.opsPerSec}/s, in-process ${inProcess.opsPerSec}/s, raw ${raw.opsPerSec}/s;` +
      ` CPU during HTTP: API ${http.cpu.apiPercent ?? '?'}%, load generator ${http.cpu.loadGeneratorPercent}%`,
  );
  return {
    writers: CLIENTS,
    lineBytes: Buffer.byteLength(line),
    raw,
    http: row(http),
    inProcess: row(inProcess),
  };
}

async function measureSse(): Promise<CollabBenchResults['sse']> {
  const sse = await withApi(apiDirs('sse'), (url, apiPid) =>
    runSseLatency({
      url,
      apiPid,
      subscribers: options.sseSubscribers,
      eventsPerSec: options.sseEventsPerSec,
      durationMs: phaseMs,
      warmupMs,
      drainTimeoutMs: 10_000,
    }),
  );
  const complete = sse.sendErrors === 0 && sse.delivered === sse.expectedDeliveries;
  console.log(
    `SSE: p50 ${sse.delivery.p50Ms} ms, p99 ${sse.delivery.p99Ms} ms; CPU while sending: API ` +
      `${sse.cpu.apiPercent ?? '?'}%, load generator ${sse.cpu.loadGeneratorPercent}% ` +
      `(its event-loop delay p99 ${sse.loadGeneratorLoopDelayP99Ms} ms)`,
  );
  return {
    ...sse,
    subscribers: options.sseSubscribers,
    eventsPerSec: options.sseEventsPerSec,
    durationSeconds: phaseMs / 1000,
    met: complete && sse.delivery.p99Ms <= TARGETS.sseP99Ms,
  };
}

function machine(): CollabBenchResults['machine'] {
  return { ...describeMachine(loadAtStart), tempDir: options.tempDir };
}

async function main(): Promise<void> {
  const date = new Date().toISOString();
  const { scenarios } = options;
  const patch: PatchRow[] = [];
  if (scenarios.has('patch'))
    for (const tasks of BOARD_SIZES) patch.push(await measurePatch(tasks));
  const events = scenarios.has('append') ? await measureEvents() : undefined;
  const sse = scenarios.has('sse') ? await measureSse() : undefined;
  const run: CollabBenchRun = {
    benchmark: 'collab',
    date,
    wallSeconds: round((performance.now() - wallStart) / 1000, 1),
    machine: machine(),
    method: {
      server:
        'api/src/main.ts in a child process (real HTTP on 127.0.0.1), one fresh process per scenario',
      loadGenerator:
        'this process: node:http with keep-alive for PATCH and POST, node:http + the contract SseParser for SSE',
      apiLogLevel: options.logLevel,
      phaseSeconds: phaseMs / 1000,
      baselineSeconds: baselineMs / 1000,
      warmupSeconds: warmupMs / 1000,
    },
    targets: TARGETS,
    patch,
    events,
    sse,
  };
  printTable(run);
  if (options.dryRun) return;
  if (!events || !sse) throw new Error('unreachable: a partial run is always a dry run');
  const results: CollabBenchResults = { ...run, events, sse };
  const file = await writeResultFiles(RESULTS_DIR, results);
  await updatePerformanceDoc(PERFORMANCE_DOC, results);
  console.log(
    `\nWrote ${path.relative(process.cwd(), file)}, collab-latest.json and docs/PERFORMANCE.md`,
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
