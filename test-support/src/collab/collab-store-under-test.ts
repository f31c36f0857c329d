import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { AgentsDocumentSchema, type AgentsDocument } from '@kyros/contracts/schemas/collab-agents';
import { LocksDocumentSchema, type LocksDocument } from '@kyros/contracts/schemas/collab-leases';
import { DOCUMENT_KINDS, type DocumentKind } from '@kyros/contracts/schemas/collab-state';
import { TasksDocumentSchema, type TasksDocument } from '@kyros/contracts/schemas/collab-tasks';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { EVENT_LOG_PATH } from '@kyros/api/collab/events/event-log';
import { parseEventLine } from '@kyros/api/collab/events/event-log-scanner';
import { selectEventsAfter } from '@kyros/api/collab/events/postgres-event-rows';
import { readStoredDocument } from '@kyros/api/collab/store/open-collab-store';
import { PostgresCollabState } from '@kyros/api/collab/store/postgres/postgres-collab-state';
import { snapshotDisk } from './disk-snapshot.ts';

export type CollabStoreKind = 'files' | 'postgres';

/** Runs the collaboration suites on the PostgreSQL backend (docs/TESTING.md#contract-suite). */
export const COLLAB_STORE_ENV = 'KYROS_TEST_COLLAB_STORE';

/** The backend the run's collaboration APIs use: KYROS_TEST_COLLAB_STORE, else files. */
export function collabStoreUnderTest(): CollabStoreKind {
  const value = process.env[COLLAB_STORE_ENV] ?? 'files';
  if (value !== 'files' && value !== 'postgres') {
    throw new Error(`${COLLAB_STORE_ENV} must be files or postgres, not ${value}`);
  }
  return value;
}

interface Documents {
  tasks: TasksDocument;
  locks: LocksDocument;
  agents: AgentsDocument;
}

const SCHEMAS = {
  tasks: TasksDocumentSchema,
  locks: LocksDocumentSchema,
  agents: AgentsDocumentSchema,
} as const;

/** Where an API keeps its state (InProcessApi has these). */
export interface StateLocation {
  dir: string;
  collabStore: CollabStoreKind;
  stateDatabaseUrl: string | undefined;
}

/**
 * What the API durably committed for `kind`, read past its memory: its state files, or the
 * PostgreSQL rows loaded afresh.
 */
export async function committedState<K extends DocumentKind>(
  api: StateLocation,
  kind: K,
): Promise<Documents[K]> {
  if (api.collabStore === 'files' || !api.stateDatabaseUrl) {
    // Tasks and agents are per-item files with a state log (docs/adr/0017); locks one file.
    if (kind !== 'locks') return (await readStoredDocument(api.dir, kind)) as Documents[K];
    const text = await readFile(path.join(api.dir, 'state', `${kind}.json`), 'utf8');
    return SCHEMAS[kind].parse(JSON.parse(text)) as Documents[K];
  }
  const pool = new pg.Pool({ connectionString: api.stateDatabaseUrl, max: 1 });
  try {
    const state = await PostgresCollabState.open({
      pool,
      initial: () => Promise.reject(new Error('the state database is empty')),
      parse: (each, doc) => SCHEMAS[each].parse(doc),
    });
    return state.document(kind) as unknown as Documents[K];
  } finally {
    await pool.end();
  }
}

/**
 * Every event the API durably committed, oldest first, read past its memory: the lines of its
 * event log file, or the `collab_events` rows.
 */
export async function committedEvents(api: StateLocation): Promise<CollabEvent[]> {
  if (api.collabStore === 'files' || !api.stateDatabaseUrl) {
    const text = await readFile(path.join(api.dir, EVENT_LOG_PATH), 'utf8');
    return text
      .split('\n')
      .slice(0, -1)
      .map((line, i) => {
        const parsed = parseEventLine(line);
        if (!parsed.ok) throw new Error(`event log line ${i + 1}: ${parsed.reason}`);
        return parsed.event;
      });
  }
  const pool = new pg.Pool({ connectionString: api.stateDatabaseUrl, max: 1 });
  try {
    const events: CollabEvent[] = [];
    for (;;) {
      const page = await selectEventsAfter(pool, events.at(-1)?.id ?? 0);
      if (page.length === 0) return events;
      events.push(...page);
    }
  } finally {
    await pool.end();
  }
}

/**
 * The collaboration directory's files and, on PostgreSQL, the committed documents: to prove a
 * refused request changed nothing durable.
 */
export async function snapshotCommitted(api: StateLocation): Promise<Record<string, unknown>> {
  const disk = await snapshotDisk(api.dir);
  if (api.collabStore === 'files') return disk;
  const rows = await Promise.all(DOCUMENT_KINDS.map((kind) => committedState(api, kind)));
  return { ...disk, rows };
}
