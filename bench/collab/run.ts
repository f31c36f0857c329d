// Long file: the bench script itself, one phase per backend and board size, with its option
// parsing and the report that writes docs/PERFORMANCE.md; the measurements live beside it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  closeOwnTestServer,
  createTestDatabase,
  withClient,
} from '@kyros/test-support/database/test-database';
import { spawnApiChild, type ApiChild, type ApiChildOptions } from './api-child-process.ts';
import { printTable, updatePerformanceDoc, writeResultFiles } from './bench-report.ts';
import {
  TARGETS,
  type Backend,
  type BackendResults,
  type CollabBenchResults,
  type EventsRow,
  type PatchRow,
  type PostgresServer,
  type SseRow,
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
const BACKENDS: readonly Backend[] = ['files', 'postgres'];
/** The SSE scenario on postgres: subscribers and writes spread over two replicas (issue 16). */
const POSTGRES_SSE_REPLICAS = 2;
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
      // KYROS_COLLAB_STORE to measure: files, postgres or both; one backend implies --dry-run.
      backend: { type: 'string', default: 'both' },
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
  const backend = values.backend;
  if (backend !== 'both' && !(BACKENDS as readonly string[]).includes(backend)) {
    throw new Error(`--backend takes files, postgres or both; got ${backend}`);
  }
  return {
    phaseMs,
    backends: backend === 'both' ? BACKENDS : [backend as Backend],
    baselineMs: Math.min(phaseMs, 3000),
    warmupMs: Math.min(phaseMs / 5, 1000),
    logLevel: values['log-level'],
    tempDir: values['temp-dir'],
    // A partial run never replaces the recorded results.
    dryRun:
      values['dry-run'] ||
      only !== undefined ||
      backend !== 'both' ||
      values['api-entry'] !== undefined,
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

/**
 * Runs `use` against fresh API child processes (replicas when more than one), which are always
 * stopped afterwards. Logs how long they took to start: on postgres, the first start imports
 * the board seeded in its directory.
 */
async function withApis<T>(dirs: ApiChildOptions[], use: (apis: ApiChild[]) => Promise<T>) {
  const started = performance.now();
  const apis: ApiChild[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    for (const options of dirs) {
      const api = await spawnApiChild(options);
      apis.push(api);
      stops.push(cleanup.add(`API process ${api.pid}`, () => api.stop()));
    }
    await Promise.all(apis.map((api) => api.ready));
    console.log(
      `  ${apis.length} API process(es) ready in ${round((performance.now() - started) / 1000, 1)} s`,
    );
    return await use(apis);
  } finally {
    await Promise.all(stops.map((stop) => stop()));
  }
}

let postgresServer: PostgresServer | undefined;

/** A fresh migrated database on the run's PostgreSQL for `use`, dropped afterwards. */
async function withDatabase<T>(use: (url: string) => Promise<T>): Promise<T> {
  const db = await createTestDatabase({ migrated: true });
  const drop = cleanup.add('bench database', () => db.drop());
  try {
    postgresServer ??= await withClient(db.url, async (client) => {
      const { rows } = await client.query<{ version: string; fsync: string; sync: string }>(
        `SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync,
                current_setting('synchronous_commit') AS sync`,
      );
      const row = rows[0];
      if (!row) throw new Error('the PostgreSQL server did not describe itself');
      return {
        kind: db.kind,
        version: `PostgreSQL ${row.version}`,
        fsync: row.fsync,
        synchronousCommit: row.sync,
      };
    });
    return await use(db.url);
  } finally {
    await drop();
  }
}

/** The API processes of `backend` on `dirs`: on postgres, all of them on one fresh database. */
function onBackend<T>(
  backend: Backend,
  dirs: ApiChildOptions[],
  use: (apis: ApiChild[]) => Promise<T>,
): Promise<T> {
  if (backend === 'files') return withApis(dirs, use);
  return withDatabase((databaseUrl) =>
    withApis(
      dirs.map((options) => ({ ...options, databaseUrl })),
      use,
    ),
  );
}

const apiDirs = (name: string): ApiChildOptions => ({
  dataDir: path.join(root, name),
  collabDir: path.join(root, name, 'collaboration'),
  logLevel: options.logLevel,
  profileDir: options.profileDir,
  entry: options.apiEntry,
});

/**
 * On postgres the board is seeded the same way, as files in the API's directory: an empty
 * database imports them on the API's first start, in one INSERT … unnest of the store's own
 * import (docs/adr/0019), so 100,000 tasks need no HTTP call.
 */
async function measurePatch(backend: Backend, tasks: number): Promise<PatchRow> {
  const dirs = apiDirs(`${backend}-board-${tasks}`);
  const board = await seedBoard(dirs.collabDir, tasks);
  const raw = await measureAtomicReplace(
    path.join(root, `raw-${backend}-${tasks}`),
    board.taskFile,
    baselineMs,
  );
  const api = await onBackend(backend, [dirs], ([child]) =>
    runPatchLoad({
      url: (child as ApiChild).url,
      apiPid: (child as ApiChild).pid,
      taskIds: board.taskIds,
      clients: CLIENTS,
      warmupMs,
      durationMs: phaseMs,
    }),
  );
  await rm(dirs.dataDir, { recursive: true, force: true });
  const ratio = round(api.opsPerSec / raw.opsPerSec);
  const met = ratio >= TARGETS.patchToRawRatio && api.errors === 0;
  console.log(
    `${backend}: PATCH ${tasks} tasks: ${api.opsPerSec} ops/s, p50 ${api.latency.p50Ms} ms, API CPU ${api.apiCpuMsPerOp ?? '?'} ms/PATCH vs raw ${raw.opsPerSec} writes/s (${ratio}×)`,
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

async function measureEvents(): Promise<EventsRow> {
  const inProcess = await runInProcessAppendLoad(
    path.join(root, 'events-in-process'),
    CLIENTS,
    phaseMs,
  );
  // A line as long as the log's own lines, appended and fsynced one at a time.
  const line = `${JSON.stringify({ pad: 'x'.repeat(Math.max(0, inProcess.lineBytes - 11)) })}\n`;
  const raw = await measureAppendAndFsync(path.join(root, 'raw-append'), line, baselineMs);
  const http = await withApis([apiDirs('events-http')], ([api]) =>
    runHttpAppendLoad((api as ApiChild).url, (api as ApiChild).pid, CLIENTS, warmupMs, phaseMs),
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

async function measureSse(backend: Backend): Promise<SseRow> {
  const replicas = backend === 'postgres' ? POSTGRES_SSE_REPLICAS : 1;
  const dirs = Array.from({ length: replicas }, (_, i) => apiDirs(`${backend}-sse-${i + 1}`));
  const sse = await onBackend(backend, dirs, (apis) =>
    runSseLatency({
      apis,
      subscribers: options.sseSubscribers,
      eventsPerSec: options.sseEventsPerSec,
      durationMs: phaseMs,
      warmupMs,
      drainTimeoutMs: 10_000,
    }),
  );
  const complete = sse.sendErrors === 0 && sse.delivered === sse.expectedDeliveries;
  console.log(
    `${backend}: SSE: p50 ${sse.delivery.p50Ms} ms, p99 ${sse.delivery.p99Ms} ms; CPU while sending: API ` +
      `${sse.cpu.apiPercent ?? '?'}%, load generator ${sse.cpu.loadGeneratorPercent}% ` +
      `(its event-loop delay p99 ${sse.loadGeneratorLoopDelayP99Ms} ms)`,
  );
  return {
    ...sse,
    subscribers: options.sseSubscribers,
    eventsPerSec: options.sseEventsPerSec,
    durationSeconds: phaseMs / 1000,
    replicas,
    met: complete && sse.delivery.p99Ms <= TARGETS.sseP99Ms,
  };
}

async function measureBackend(backend: Backend): Promise<BackendResults> {
  const { scenarios } = options;
  const patch: PatchRow[] = [];
  if (scenarios.has('patch'))
    for (const tasks of BOARD_SIZES) patch.push(await measurePatch(backend, tasks));
  return {
    backend,
    patch,
    // The in-process row measures the event log file itself: the files backend's.
    ...(scenarios.has('append') && backend === 'files' ? { events: await measureEvents() } : {}),
    ...(scenarios.has('sse') ? { sse: await measureSse(backend) } : {}),
  };
}

function machine(): CollabBenchResults['machine'] {
  return { ...describeMachine(loadAtStart), tempDir: options.tempDir };
}

async function main(): Promise<void> {
  const date = new Date().toISOString();
  // The embedded server a postgres run starts on first use is stopped last.
  if (options.backends.includes('postgres')) cleanup.add('embedded PostgreSQL', closeOwnTestServer);
  const backends: BackendResults[] = [];
  for (const backend of options.backends) backends.push(await measureBackend(backend));
  const results: CollabBenchResults = {
    benchmark: 'collab',
    date,
    wallSeconds: round((performance.now() - wallStart) / 1000, 1),
    machine: machine(),
    ...(postgresServer ? { postgres: postgresServer } : {}),
    method: {
      server:
        'api/src/main.ts in a child process (real HTTP on 127.0.0.1), one fresh process per scenario (two replicas on one database for SSE on postgres)',
      loadGenerator:
        'this process: node:http with keep-alive for PATCH and POST, node:http + the contract SseParser for SSE',
      apiLogLevel: options.logLevel,
      phaseSeconds: phaseMs / 1000,
      baselineSeconds: baselineMs / 1000,
      warmupSeconds: warmupMs / 1000,
    },
    targets: TARGETS,
    backends,
  };
  printTable(results);
  if (options.dryRun) return;
  const file = await writeResultFiles(RESULTS_DIR, results);
  await updatePerformanceDoc(PERFORMANCE_DOC, results);
  console.log(
    `\nWrote ${path.relative(process.cwd(), file)}, collab-latest.json and docs/PERFORMANCE.md`,
  );
}

void cleanup.run(main);
