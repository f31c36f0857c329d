import type { Logger } from 'pino';
import type { ApiModule } from '../api-module.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { collabModule } from './collab-module.ts';
import type { TaskRunDeps } from './operations/task-run-deps.ts';
import type { CollabEventLog } from './events/collab-event-log.ts';
import { EventLog } from './events/event-log.ts';
import { PostgresEventLog } from './events/postgres-event-log.ts';
import { eventsModule } from './events/events-module.ts';
import { HumanLogFile } from './logs/human-log-file.ts';
import { logsModule } from './logs/logs-module.ts';
import type { FileWriter } from './store/atomic-file-writer.ts';
import { openCollabStore, type Clock, type CollabStore } from './store/open-collab-store.ts';
import { openPostgresCollabStore } from './store/postgres/open-postgres-collab-store.ts';

/**
 * Where the state documents live (KYROS_COLLAB_STORE): files in the collaboration directory (one
 * API process), or PostgreSQL rows that several API replicas share (docs/adr/0019).
 */
export type CollabBackend =
  { kind: 'files' } | { kind: 'postgres'; databaseUrl: string; poolSize: number };

export interface Collaboration {
  store: CollabStore;
  eventLog: CollabEventLog;
  /** The HTTP contract: state, tasks, leases, agents, events, human log. */
  modules: ApiModule[];
  /** Ends SSE streams and long-polls after what is committed; appends still work. */
  stopReaders(): void;
  /** Commits accepted appends, then refuses new ones; waits for the store's checkpoints. */
  close(): Promise<void>;
}

export interface OpenCollaborationOptions {
  dir: string;
  logger: Logger;
  clock?: Clock;
  writer?: FileWriter;
  /** Default: files. */
  backend?: CollabBackend;
  keepAliveMs?: number;
  /** Temporal access for `POST /collab/tasks/{id}/run|cancel`. */
  taskRuns?: TaskRunDeps;
  /** Records the writes an admin makes for someone else (`acting_for`, docs/adr/0008). */
  audit: AuditLog;
}

/**
 * Opens the collaboration: the event log first (the store reports into it; an empty PostgreSQL
 * log imports the directory's event log file), then the state documents (files in the directory,
 * or PostgreSQL rows per `backend`) and the human log. A corrupt file stops start-up here.
 */
export async function openCollaboration(options: OpenCollaborationOptions): Promise<Collaboration> {
  const backend = options.backend ?? { kind: 'files' };
  const eventLog: CollabEventLog =
    backend.kind === 'postgres'
      ? await PostgresEventLog.open({
          connectionString: backend.databaseUrl,
          poolSize: backend.poolSize,
          importFrom: options.dir,
          logger: options.logger,
          ...(options.clock ? { now: options.clock } : {}),
        })
      : await EventLog.open({
          collabDir: options.dir,
          logger: options.logger,
          ...(options.clock ? { now: options.clock } : {}),
        });
  let closeStore = (): Promise<void> => Promise.resolve();
  try {
    const onWriteError = (error: unknown, kind: string) =>
      options.logger.error({ err: error, kind }, 'collaboration store write failed');
    let store: CollabStore;
    if (backend.kind === 'postgres') {
      const rows = await openPostgresCollabStore({
        dir: options.dir,
        connectionString: backend.databaseUrl,
        poolSize: backend.poolSize,
        events: eventLog,
        logger: options.logger,
        ...(options.clock ? { clock: options.clock } : {}),
        onWriteError,
      });
      closeStore = () => rows.close();
      store = rows;
    } else {
      store = await openCollabStore({
        dir: options.dir,
        events: eventLog,
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.writer ? { writer: options.writer } : {}),
        onWriteError,
      });
      const files = store;
      closeStore = () => files.close();
    }
    const humanLog = await HumanLogFile.open(options.dir);
    return {
      store,
      eventLog,
      // Events first: Express tries routes in order, and the append is the hottest route.
      modules: [
        eventsModule({
          log: eventLog,
          audit: options.audit,
          ...(options.keepAliveMs ? { keepAliveMs: options.keepAliveMs } : {}),
        }),
        collabModule({
          store,
          audit: options.audit,
          ...(options.taskRuns ? { taskRuns: options.taskRuns } : {}),
        }),
        logsModule({ log: eventLog, humanLog }),
      ],
      stopReaders: () => eventLog.stopReaders(),
      close: async () => {
        await eventLog.close();
        await store.close();
      },
    };
  } catch (error) {
    await closeStore();
    await eventLog.close();
    throw error;
  }
}
