import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import {
  createCollabEventsClient,
  type CollabEventsClient,
} from '@kyros/contracts/collab-events-client';
import type { ApiModule } from '../../api-module.ts';
import { createApp } from '../../app.ts';
import { EVENT_LOG_PATH, EventLog } from './event-log.ts';
import { eventsModule } from './events-module.ts';

/** The repository's collaboration seed, which tests copy into a temp dir. */
export const COLLAB_SEED = new URL('../../../../collaboration/', import.meta.url);

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
  client: CollabEventsClient;
  close(): Promise<void>;
}

/** The real API (createApp) with the events module over a real log, on an ephemeral port. */
export async function startEventsTestServer(options: {
  collabDir: string;
  keepAliveMs?: number;
  modules?: (log: EventLog) => ApiModule[];
}): Promise<EventsTestServer> {
  const log = await EventLog.open({
    collabDir: options.collabDir,
    logger: pino({ level: 'silent' }),
  });
  const app = createApp({
    logger: pino({ level: 'silent' }),
    publicUrl: 'http://127.0.0.1',
    readinessTimeoutMs: 1000,
    probes: {
      database: () => Promise.resolve(),
      temporal: () => Promise.resolve(),
      task_queue: () => Promise.resolve(),
      collaboration_dir: () => Promise.resolve(),
    },
    modules: [
      eventsModule({ log, keepAliveMs: options.keepAliveMs ?? 60_000 }),
      ...(options.modules?.(log) ?? []),
    ],
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    log,
    baseUrl,
    client: createCollabEventsClient({ baseUrl }),
    async close() {
      // The shutdown order the API uses: stop accepting, end streams and long-polls, then close.
      const closed = new Promise((resolve) => server.close(resolve));
      log.stopReaders();
      await log.close();
      // fetch sometimes opens a spare socket it never sends on, which Node does not count as idle;
      // the server would wait for the client's own idle timeout. Every stream has ended by now.
      server.closeAllConnections();
      await closed;
      await rm(options.collabDir, { recursive: true, force: true });
    },
  };
}
