import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { AgentsDocumentSchema, type AgentsDocument } from '@kyros/contracts/schemas/collab-agents';
import { LocksDocumentSchema, type LocksDocument } from '@kyros/contracts/schemas/collab-leases';
import type { DocumentKind } from '@kyros/contracts/schemas/collab-state';
import { TasksDocumentSchema, type TasksDocument } from '@kyros/contracts/schemas/collab-tasks';
import type { EventSink } from '../events/event-sink.ts';
import { textEtag } from '../domain/canonical-json.ts';
import { atomicFileWriter, isTempFileOf, type FileWriter } from './atomic-file-writer.ts';
import { KindDocumentStore } from './kind-document-store.ts';
import { wholeDocumentFile } from './kind-persistence.ts';

/** Injected so lease tests move time instead of sleeping. */
export type Clock = () => Date;

export interface CollabStore {
  dir: string;
  clock: Clock;
  tasks: KindDocumentStore<TasksDocument>;
  locks: KindDocumentStore<LocksDocument>;
  agents: KindDocumentStore<AgentsDocument>;
  /** `logs/log.md`, read fresh each time: the log generator appends to it. */
  readLog(): Promise<{ text: string; etag: string }>;
}

export interface OpenCollabStoreOptions {
  /** The collaboration directory: `state/<kind>.json`, `logs/log.md`, `events/`. */
  dir: string;
  events: EventSink;
  clock?: Clock;
  writer?: FileWriter;
  onWriteError?: (error: unknown, kind: DocumentKind) => void;
}

/** A state file that cannot be trusted; start-up stops rather than replace it. */
export class CollabStoreCorruptError extends Error {
  override name = 'CollabStoreCorruptError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `Collaboration store file ${file} is unreadable: ${reason}. Fix or restore it; it was left untouched.`,
    );
  }
}

const EMPTY: { [K in DocumentKind]: z.input<(typeof SCHEMAS)[K]> } = {
  tasks: { version: 0, tasks: [] },
  locks: { version: 0, fencing_token: 0, leases: [], task_fences: {} },
  agents: { version: 0, agents: [] },
};

const SCHEMAS = {
  tasks: TasksDocumentSchema,
  locks: LocksDocumentSchema,
  agents: AgentsDocumentSchema,
} as const;

/**
 * Opens the store: removes temp files a crash left behind (the rename never happened, so the
 * target still holds the last committed version), then loads and validates each kind. A missing
 * file starts empty and is created by the first write; a file that fails to parse stops start-up.
 */
export async function openCollabStore(options: OpenCollabStoreOptions): Promise<CollabStore> {
  const stateDir = path.join(options.dir, 'state');
  await mkdir(stateDir, { recursive: true });
  await removeLeftoverTempFiles(stateDir);
  const writer = options.writer ?? atomicFileWriter;
  const open = async <K extends DocumentKind>(kind: K) => {
    const file = path.join(stateDir, `${kind}.json`);
    const doc = await loadDocument(file, SCHEMAS[kind], EMPTY[kind]);
    return new KindDocumentStore(kind, doc as z.infer<(typeof SCHEMAS)[K]>, {
      persistence: wholeDocumentFile(file, writer),
      events: options.events,
      onWriteError: options.onWriteError,
    });
  };
  const [tasks, locks, agents] = await Promise.all([open('tasks'), open('locks'), open('agents')]);
  assertUniqueIds(path.join(stateDir, 'tasks.json'), tasks.doc.tasks);
  assertUniqueIds(path.join(stateDir, 'agents.json'), agents.doc.agents);
  const logFile = path.join(options.dir, 'logs', 'log.md');
  return {
    dir: options.dir,
    clock: options.clock ?? (() => new Date()),
    tasks,
    locks,
    agents,
    async readLog() {
      const text = await readFile(logFile, 'utf8').catch((error: unknown) => {
        if (isMissing(error)) return '';
        throw error;
      });
      return { text, etag: textEtag(text) };
    },
  };
}

async function removeLeftoverTempFiles(stateDir: string): Promise<void> {
  const entries = await readdir(stateDir);
  const leftovers = entries.filter((entry) =>
    Object.keys(SCHEMAS).some((kind) => isTempFileOf(entry, `${kind}.json`)),
  );
  await Promise.all(leftovers.map((entry) => rm(path.join(stateDir, entry), { force: true })));
}

async function loadDocument<S extends z.ZodType>(
  file: string,
  schema: S,
  empty: unknown,
): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return schema.parse(empty);
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CollabStoreCorruptError(file, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CollabStoreCorruptError(file, `does not match its schema (${issues.join('; ')})`);
  }
  return parsed.data;
}

function assertUniqueIds(file: string, items: readonly { id: string }[]): void {
  const seen = new Set<string>();
  for (const { id } of items) {
    if (seen.has(id)) throw new CollabStoreCorruptError(file, `the id ${id} appears twice`);
    seen.add(id);
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
