import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import { pino } from 'pino';
import { createKyrosClient, type CollabClient } from '@kyros/contracts/client';
import type { ErrorReporter } from '@kyros/contracts/error-reporting';
import { createApp } from '@kyros/api/app';
import type { ApiModule } from '@kyros/api/api-module';
import type { AuditLog } from '@kyros/api/audit/audit-log';
import { createAuditLog } from '@kyros/api/audit/prisma-audit-log';
import type { CollabEventLog } from '@kyros/api/collab/events/collab-event-log';
import { openCollaboration, type Collaboration } from '@kyros/api/collab/open-collaboration';
import type { TaskRunDeps } from '@kyros/api/collab/routes/task-run-routes';
import type { FileWriter } from '@kyros/api/collab/store/atomic-file-writer';
import type { CollabStore } from '@kyros/api/collab/store/open-collab-store';
import { listen } from '@kyros/api/http/listen';
import { mcpAllowedHosts, mcpModule, type McpApiModule } from '@kyros/api/mcp/mcp-module';
import { resolveRunnableTool } from '@kyros/api/tools/operations/resolve-runnable-tool';
import { seedTools } from '@kyros/api/tools/operations/seed-tools';
import { toolsModule } from '@kyros/api/tools/tools-module';
import { createTestDatabase, type TestDatabase } from '../database/test-database.ts';
import { collabStoreUnderTest, type CollabStoreKind } from '../collab/collab-store-under-test.ts';
import type { TestAuth } from './test-auth.ts';

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

/** What the `api` fixture's options may change (`test.override({ apiOptions })`). */
export interface ApiOptions {
  /**
   * The state backend. Default: KYROS_TEST_COLLAB_STORE (the contract suite's postgres lane,
   * docs/TESTING.md), else files. `postgres` gets a fresh database of its own, seeded from `dir`.
   */
  collabStore?: CollabStoreKind;
  writer?: FileWriter;
  /** `'real'`: the API's clock is the system clock (for SSE, long-polls, workflows). */
  clock?: 'manual' | 'real';
  keepAliveMs?: number;
  /** Temporal access for the run/cancel routes; the tools gate is the real one on the database. */
  taskRuns?: Omit<TaskRunDeps, 'resolveTool'>;
  /**
   * Extra modules (jobs, channels, MCP, …) given the API's context. They are mounted before the
   * collaboration modules, so a test may also stand in for one of those (same path, own deps).
   */
  modules?: (context: ApiContext) => ApiModule[];
  /** Mount `/mcp` (the MCP module) too. */
  mcp?: boolean;
  /** Called with the listening server (the WebSocket channel attaches to it). */
  onListen?: (server: Server) => void;
}

export interface ApiContext {
  auth: TestAuth;
  log: CollabEventLog;
  store: CollabStore;
  collaboration: Collaboration;
  /** The audit log that also appends to the event stream. */
  audit: AuditLog;
}

/** The real API in the test's process, listening on an ephemeral loopback port. */
export interface InProcessApi {
  url: string;
  dir: string;
  /** The state backend it runs on; read what it committed with `committedState`. */
  collabStore: CollabStoreKind;
  /** With `postgres`: the database holding the state. */
  stateDatabaseUrl: string | undefined;
  store: CollabStore;
  log: CollabEventLog;
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
  clientFor: (agentId: string) => Promise<CollabClient>;
  /** `Authorization` of the key bound to `agentId`, for raw requests. */
  headersFor: (agentId: string) => Promise<Record<string, string>>;
  /** The MCP module, with `mcp: true`. */
  mcp: McpApiModule | undefined;
  /** Moves only when the test says so (with `clock: 'manual'`, the default). */
  clock: ManualClock;
  /**
   * A second app over the same database and collaboration, with its own authentication (a
   * replica behind a load balancer); closed with this API.
   */
  replica(authentication: { middleware: RequestHandler[]; module: ApiModule }): Promise<{
    url: string;
  }>;
  close(): Promise<void>;
}

/**
 * The real collaboration stack over real HTTP: the real event log and store over `dir`
 * (openCollaboration), real authentication (`auth`), the tools module on its database (seeded,
 * and gating task runs), the app factory, a server on an ephemeral port. `close` leaves `dir` and
 * `auth` to their owners (the fixtures).
 */
export async function startInProcessApi(
  options: ApiOptions & { dir: string; auth: TestAuth },
): Promise<InProcessApi> {
  const { dir, auth } = options;
  const logger = pino({ level: 'silent' });
  const clock = new ManualClock();
  const backendKind = options.collabStore ?? collabStoreUnderTest();
  const stateDatabase: TestDatabase | undefined =
    backendKind === 'postgres' ? await createTestDatabase({ migrated: true }) : undefined;
  const collaboration = await openCollaboration({
    dir,
    ...(stateDatabase
      ? { backend: { kind: 'postgres', databaseUrl: stateDatabase.url, poolSize: 4 } }
      : {}),
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
  const { store, eventLog: log } = collaboration;
  const audit = createAuditLog({ prisma: auth.prisma, events: log, logger });
  const mcp = options.mcp
    ? mcpModule({ store, log, allowedHosts: mcpAllowedHosts('http://127.0.0.1') })
    : undefined;
  const extra = [
    ...(mcp ? [mcp] : []),
    ...(options.modules?.({ auth, log, store, collaboration, audit }) ?? []),
  ];
  let app: TestApp;
  try {
    await seedTools({ prisma: auth.prisma });
    app = await listenApp({
      authentication: auth.auth.middleware,
      modules: [
        auth.auth.module,
        ...extra,
        ...collaboration.modules,
        toolsModule({ prisma: auth.prisma, audit }),
      ],
    });
  } catch (error) {
    await collaboration.close();
    await stateDatabase?.drop();
    throw error;
  }
  options.onListen?.(app.server);
  const { url } = app;
  const replicas: TestApp[] = [];
  return {
    url,
    dir,
    collabStore: backendKind,
    stateDatabaseUrl: stateDatabase?.url,
    store,
    log,
    collaboration,
    mcp,
    clock,
    auth,
    authHeaders: auth.agentHeaders,
    client: createKyrosClient({ baseUrl: url, credential: auth.agentKey }).collab,
    workerClient: createKyrosClient({ baseUrl: url, credential: auth.serviceKey }).collab,
    clientFor: async (agentId) =>
      createKyrosClient({ baseUrl: url, credential: await auth.keyFor(agentId) }).collab,
    headersFor: async (agentId) => ({ authorization: `Bearer ${await auth.keyFor(agentId)}` }),
    async replica(authentication) {
      const replica = await listenApp({
        authentication: authentication.middleware,
        modules: [authentication.module, ...collaboration.modules],
      });
      replicas.push(replica);
      return { url: replica.url };
    },
    async close() {
      for (const replica of replicas.splice(0)) await replica.close();
      // The API's shutdown order: stop accepting, end streams and long-polls, close the log.
      await app.close(() => collaboration.stopReaders());
      await collaboration.close();
      await stateDatabase?.drop();
    },
  };
}

export interface TestApp {
  url: string;
  server: Server;
  /**
   * Stops accepting connections, calls `endStreams` (SSE streams, long-polls), drops the
   * connections still open and resolves once the server has closed.
   */
  close(endStreams?: () => void): Promise<void>;
}

/**
 * The app factory with the given authentication and modules, silent logs and readiness probes
 * that always pass (readiness is not under test), listening on 127.0.0.1 and a free port.
 */
export async function listenApp(options: {
  authentication: RequestHandler[];
  modules: ApiModule[];
  errorReporter?: ErrorReporter;
}): Promise<TestApp> {
  const ready = () => Promise.resolve('not under test');
  const app = createApp({
    logger: pino({ level: 'silent' }),
    publicUrl: 'http://127.0.0.1',
    readinessTimeoutMs: 1000,
    probes: { database: ready, temporal: ready, task_queue: ready, collaboration_dir: ready },
    authentication: options.authentication,
    modules: options.modules,
    errorReporter: options.errorReporter,
  });
  const { server, url } = await listen(app, 0, '127.0.0.1');
  return {
    url,
    server,
    close(endStreams) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      endStreams?.();
      server.closeAllConnections();
      return closed;
    },
  };
}
