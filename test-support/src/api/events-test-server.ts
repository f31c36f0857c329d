import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createKyrosClient, type CollabClient } from '@kyros/contracts/client';
import type { ApiModule } from '@kyros/api/api-module';
import { startCollabTestApi } from './start-collab-test-api.ts';
import type { TestAuth } from './test-auth.ts';
import { EVENT_LOG_PATH, type EventLog } from '@kyros/api/collab/events/event-log';

/** The repository's collaboration seed, which tests copy into a temp dir. */
export const COLLAB_SEED = new URL('../../../collaboration/', import.meta.url);

/** A temp collaboration dir holding a copy of the seed's event log (and whatever else is asked). */
export async function seededCollabDir(files: string[] = [EVENT_LOG_PATH]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kyros-collab-'));
  for (const file of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await copyFile(new URL(file, COLLAB_SEED), path.join(dir, file));
  }
  return dir;
}

export interface EventsTestServer {
  log: EventLog;
  baseUrl: string;
  /** Authenticated with the test's `agent` API key. */
  client: CollabClient;
  auth: TestAuth;
  /** `Authorization` of the agent key, for raw `fetch` calls. */
  authHeaders: Record<string, string>;
  /** A client whose key is bound to `agentId`, so its events carry that actor. */
  clientFor: (agentId: string) => Promise<CollabClient>;
  close(): Promise<void>;
}

/**
 * The real API over `collabDir` (startCollabTestApi on real time: openCollaboration, real
 * authentication, listen) for the event log tests; the directory is removed on close.
 */
export async function startEventsTestServer(options: {
  collabDir: string;
  keepAliveMs?: number;
  /** Mounted before the collaboration modules, so one may stand in for the stock module. */
  modules?: (log: EventLog) => ApiModule[];
}): Promise<EventsTestServer> {
  const extra = options.modules;
  const api = await startCollabTestApi({
    dir: options.collabDir,
    clock: 'real',
    keepAliveMs: options.keepAliveMs ?? 60_000,
    ...(extra ? { modules: ({ log }: { log: EventLog }) => extra(log) } : {}),
  });
  return {
    log: api.log,
    baseUrl: api.url,
    client: createKyrosClient({ baseUrl: api.url, headers: api.authHeaders }).collab,
    auth: api.auth,
    authHeaders: api.authHeaders,
    clientFor: async (agentId) =>
      createKyrosClient({ baseUrl: api.url, headers: await api.headersFor(agentId) }).collab,
    async close() {
      await api.close();
      await rm(options.collabDir, { recursive: true, force: true });
    },
  };
}
