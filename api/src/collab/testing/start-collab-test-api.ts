import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createCollabClient, type CollabClient } from '@kyros/contracts/collab-client';
import { createApp } from '../../app.ts';
import { listen } from '../../http/listen.ts';
import type { EventLog } from '../events/event-log.ts';
import { openCollaboration } from '../open-collaboration.ts';
import type { FileWriter } from '../store/atomic-file-writer.ts';
import type { CollabStore } from '../store/open-collab-store.ts';

const SEED_DIR = fileURLToPath(new URL('../../../../collaboration', import.meta.url));

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
  client: CollabClient;
  clock: ManualClock;
  close(): Promise<void>;
}

/**
 * The real collaboration stack over real HTTP: a temp directory seeded from `collaboration/`, the
 * real event log and store, the app factory, a server on an ephemeral port.
 */
export async function startCollabTestApi(
  options: { writer?: FileWriter; seed?: boolean; dir?: string } = {},
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
  const collaboration = await openCollaboration({
    dir,
    logger,
    clock: clock.now,
    ...(options.writer ? { writer: options.writer } : {}),
  });
  const { store, eventLog: log } = collaboration;
  const ready = () => Promise.resolve('not under test');
  const app = createApp({
    logger,
    publicUrl: 'http://127.0.0.1',
    readinessTimeoutMs: 1000,
    probes: { database: ready, temporal: ready, task_queue: ready, collaboration_dir: ready },
    modules: collaboration.modules,
  });
  const { server, url } = await listen(app, 0, '127.0.0.1');
  return {
    url,
    dir,
    store,
    log,
    clock,
    client: createCollabClient({ baseUrl: url }),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      collaboration.stopReaders();
      server.closeAllConnections();
      await closed;
      await collaboration.close();
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
