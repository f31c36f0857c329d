import pg from 'pg';
import type { Logger } from 'pino';
import { AgentsDocumentSchema, type AgentsDocument } from '@kyros/contracts/schemas/collab-agents';
import { LocksDocumentSchema, type LocksDocument } from '@kyros/contracts/schemas/collab-leases';
import type { DocumentKind } from '@kyros/contracts/schemas/collab-state';
import { TasksDocumentSchema, type TasksDocument } from '@kyros/contracts/schemas/collab-tasks';
import type { EventSink } from '../../events/event-sink.ts';
import { KindDocumentStore } from '../kind-document-store.ts';
import { openCollabStore, type Clock, type CollabStore } from '../open-collab-store.ts';
import { tasksAtVersion } from '../tasks-document.ts';
import { PostgresCollabState } from './postgres-collab-state.ts';
import { watchCollabState } from './watch-collab-state.ts';

export interface OpenPostgresCollabStoreOptions {
  /** The collaboration directory: `logs/log.md`, and the state an empty database imports. */
  dir: string;
  connectionString: string;
  poolSize: number;
  events: EventSink;
  logger: Logger;
  clock?: Clock;
  /** The fallback catch-up interval for reads when NOTIFY is lost (default 2 s). */
  pollMs?: number;
  onWriteError?: (error: unknown, kind: DocumentKind) => void;
}

export interface PostgresCollabStore extends CollabStore {
  /** Stops the catch-ups and closes the connections. */
  close(): Promise<void>;
}

const SCHEMAS = {
  tasks: TasksDocumentSchema,
  locks: LocksDocumentSchema,
  agents: AgentsDocumentSchema,
} as const;

/**
 * The collaboration store on PostgreSQL rows (KYROS_COLLAB_STORE=postgres, docs/adr/0019): the
 * same KindDocumentStores as the files backend, committing through {@link PostgresCollabState}.
 * An empty database imports the collaboration directory's state once; `logs/log.md` stays a
 * file of this replica's directory.
 */
export async function openPostgresCollabStore(
  options: OpenPostgresCollabStoreOptions,
): Promise<PostgresCollabStore> {
  const files = await openCollabStore({
    dir: options.dir,
    events: options.events,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize });
  pool.on('error', (error) =>
    options.logger.warn({ err: error }, 'idle collab store connection failed'),
  );
  try {
    const state = await PostgresCollabState.open({
      pool,
      initial: () =>
        Promise.resolve({
          tasks: files.tasks.doc,
          locks: files.locks.doc,
          agents: files.agents.doc,
        }),
      parse: (kind, doc) => SCHEMAS[kind].parse(doc),
    });
    const open = <Doc extends { version: number }>(kind: DocumentKind) => {
      const store = new KindDocumentStore<Doc>(kind, state.document(kind) as unknown as Doc, {
        persistence: state.persistence<Doc>(kind),
        events: options.events,
        ...(options.onWriteError ? { onWriteError: options.onWriteError } : {}),
        // Tasks keep their chunked list from version to version (tasks-document.ts).
        ...(kind === 'tasks'
          ? { atVersion: tasksAtVersion as unknown as (doc: Doc, version: number) => Doc }
          : {}),
      });
      state.onCaughtUp(kind, (doc) => store.adopt(doc as unknown as Doc));
      return store;
    };
    const watcher = await watchCollabState({
      connectionString: options.connectionString,
      state,
      pollMs: options.pollMs ?? 2000,
      logger: options.logger,
    });
    return {
      dir: files.dir,
      clock: files.clock,
      tasks: open<TasksDocument>('tasks'),
      locks: open<LocksDocument>('locks'),
      agents: open<AgentsDocument>('agents'),
      readLog: () => files.readLog(),
      async close() {
        await watcher.close();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
