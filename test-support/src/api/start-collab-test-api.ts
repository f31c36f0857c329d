import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createKyrosClient, type CollabClient } from '@kyros/contracts/client';
import type { ApiModule } from '@kyros/api/api-module';
import { createAuditLog } from '@kyros/api/audit/prisma-audit-log';
import { listenTestApp } from './listen-test-app.ts';
import { resolveRunnableTool } from '@kyros/api/tools/operations/resolve-runnable-tool';
import { seedTools } from '@kyros/api/tools/operations/seed-tools';
import { toolsModule } from '@kyros/api/tools/tools-module';
import type { EventLog } from '@kyros/api/collab/events/event-log';
import { openCollaboration, type Collaboration } from '@kyros/api/collab/open-collaboration';
import type { TaskRunDeps } from '@kyros/api/collab/routes/task-run-routes';
import type { FileWriter } from '@kyros/api/collab/store/atomic-file-writer';
import type { CollabStore } from '@kyros/api/collab/store/open-collab-store';
import { startTestAuth, type TestAuth, type TestAuthOptions } from './test-auth.ts';

const SEED_DIR = fileURLToPath(new URL('../../../collaboration', import.meta.url));

/** Time for lease tests: it moves only when the test says so, so nothing sleeps. */
export class ManualClock {
  #ms: number;
  constructor(start = '2026-03-01T12:00:00.000Z') {
    this.#ms = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.#ms);
  advance(seconds: number): void {
    this.#ms += seconds * 1000;
  }
}

export interface CollabTestApi {
  url: string;
  dir: string;
  store: CollabStore;
  log: EventLog;
  collaboration: Collaboration;
  /** Authenticated with {@link TestAuth.agentKey} (an `agent` API key). */
  client: CollabClient;
  /** The database, the admin and the agent key behind the API's authentication. */
  auth: TestAuth;
  /** `Authorization` of the agent key, for raw requests (`sendRaw`, `fetch`). */
  authHeaders: Record<string, string>;
  /** Authenticated with the worker's service key: acts only as `workflow:<id>`. */
  workerClient: CollabClient;
  /** A client whose key is bound to `agentId`: it acts as that agent (docs/adr/0008). */
  clientFor(agentId: string): Promise<CollabClient>;
  /** `Authorization` of the key bound to `agentId`, for raw requests. */
  headersFor(agentId: string): Promise<Record<string, string>>;
  /** Moves only when the test says so; undefined when the API runs on real time. */
  clock: ManualClock;
  close(): Promise<void>;
}

export interface CollabTestApiOptions {
  writer?: FileWriter;
  /** Copy `collaboration/` into the temp dir (default true; ignored with `dir`). */
  seed?: boolean;
  /** Use this directory instead of a temp one (not removed on close). */
  dir?: string;
  /** `'real'`: the API's clock is the system clock (for SSE, long-polls, workflows). */
  clock?: 'manual' | 'real';
  keepAliveMs?: number;
  /** Temporal access for the run/cancel routes; the tools gate is the real one on the test database. */
  taskRuns?: Omit<TaskRunDeps, 'resolveTool'>;
  auth?: TestAuthOptions;
  /**
   * Extra modules (jobs, …) given the test's auth and event log. They are mounted before the
   * collaboration modules, so a test may also stand in for one of those (same path, own deps).
   */
  modules?: (context: { auth: TestAuth; log: EventLog; store: CollabStore }) => ApiModule[];
}

/**
 * The real collaboration stack over real HTTP: a temp directory seeded from `collaboration/`, the
 * real event log and store (openCollaboration), real authentication over a test database
 * (startTestAuth: an admin and an `agent` API key), the tools module on that database (seeded, and
 * gating task runs), the app factory, a server on an ephemeral port.
 */
export async function startCollabTestApi(
  options: CollabTestApiOptions = {},
): Promise<CollabTestApi> {
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'kyros-collab-')));
  if (options.seed !== false && !options.dir) {
    await cp(SEED_DIR, dir, {
      recursive: true,
      filter: (src) => path.basename(src) !== 'README.md',
    });
  }
  const logger = pino({ level: 'silent' });
  const clock = new ManualClock();
  const auth = await startTestAuth(options.auth);
  let collaboration: Collaboration;
  try {
    collaboration = await openCollaboration({
      dir,
      logger,
      audit: createAuditLog({ prisma: auth.prisma, logger }),
      ...(options.clock === 'real' ? {} : { clock: clock.now }),
      ...(options.writer ? { writer: options.writer } : {}),
      ...(options.keepAliveMs ? { keepAliveMs: options.keepAliveMs } : {}),
      ...(options.taskRuns
        ? {
            taskRuns: {
              ...options.taskRuns,
              resolveTool: (name) => resolveRunnableTool({ prisma: auth.prisma, name }),
            },
          }
        : {}),
    });
    await seedTools({ prisma: auth.prisma });
  } catch (error) {
    await auth.close();
    throw error;
  }
  const audit = createAuditLog({ prisma: auth.prisma, events: collaboration.eventLog, logger });
  const { store, eventLog: log } = collaboration;
  const http = await listenTestApp({
    authentication: auth.auth.middleware,
    modules: [
      auth.auth.module,
      ...(options.modules?.({ auth, log, store }) ?? []),
      ...collaboration.modules,
      toolsModule({ prisma: auth.prisma, audit }),
    ],
  });
  const { url } = http;
  return {
    url,
    dir,
    store,
    log,
    collaboration,
    clock,
    auth,
    authHeaders: auth.agentHeaders,
    client: createKyrosClient({ baseUrl: url, credential: auth.agentKey }).collab,
    workerClient: createKyrosClient({ baseUrl: url, credential: auth.serviceKey }).collab,
    clientFor: async (agentId) =>
      createKyrosClient({ baseUrl: url, credential: await auth.keyFor(agentId) }).collab,
    headersFor: async (agentId) => ({ authorization: `Bearer ${await auth.keyFor(agentId)}` }),
    async close() {
      // The API's shutdown order: stop accepting, end streams and long-polls, close the log.
      await http.close(() => collaboration.stopReaders());
      await collaboration.close();
      await auth.close();
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
