import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { AgentsDocumentSchema, type AgentsDocument } from '@kyros/contracts/schemas/collab-agents';
import { LocksDocumentSchema, type LocksDocument } from '@kyros/contracts/schemas/collab-leases';
import type { DocumentKind } from '@kyros/contracts/schemas/collab-state';
import { TasksDocumentSchema, type TasksDocument } from '@kyros/contracts/schemas/collab-tasks';
import type { EventSink } from '../events/event-sink.ts';
import { textEtag } from '../domain/canonical-json.ts';
import { atomicFileWriter, isTempFileOf, type FileWriter } from './atomic-file-writer.ts';
import { CollabStoreCorruptError } from './collab-store-corrupt-error.ts';
import type { Item } from './item-change.ts';
import type { ItemKind } from './item-files-persistence.ts';
import {
  itemFilesLayout,
  parseJson,
  readFileIfPresent,
  readManifest,
} from './item-files-layout.ts';
import { KindDocumentStore } from './kind-document-store.ts';
import { taskList, tasksAtVersion } from './tasks-document.ts';
import { wholeDocumentFile } from './kind-persistence.ts';
import { openItemFiles, readItemFilesDocument } from './open-item-files.ts';

export { CollabStoreCorruptError } from './collab-store-corrupt-error.ts';

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
  /** Waits for background checkpoints, then closes the state logs. */
  close(): Promise<void>;
}

export interface OpenCollabStoreOptions {
  /** The collaboration directory: `state/`, `logs/log.md`, `events/`. */
  dir: string;
  events: EventSink;
  clock?: Clock;
  writer?: FileWriter;
  /** Tasks and agents checkpoint their state log once a segment holds this many bytes. */
  checkpointBytes?: number;
  onWriteError?: (error: unknown, kind: DocumentKind) => void;
}

const DEFAULT_CHECKPOINT_BYTES = 8 << 20;

const SCHEMAS = {
  tasks: TasksDocumentSchema,
  locks: LocksDocumentSchema,
  agents: AgentsDocumentSchema,
} as const;

const EMPTY: { [K in DocumentKind]: z.input<(typeof SCHEMAS)[K]> } = {
  tasks: { version: 0, tasks: [] },
  locks: { version: 0, fencing_token: 0, leases: [], task_fences: {} },
  agents: { version: 0, agents: [] },
};

const TASKS: ItemKind<TasksDocument, TasksDocument['tasks'][number]> = {
  items: (doc) => doc.tasks,
  document: (version, tasks) => ({ version, tasks }),
  changedItems: (before, after) => {
    const changed = taskList(after).changedSince(taskList(before));
    return changed && [...changed.replaced, ...changed.appended];
  },
};
const AGENTS: ItemKind<AgentsDocument, AgentsDocument['agents'][number]> = {
  items: (doc) => doc.agents,
  document: (version, agents) => ({ version, agents }),
};

/**
 * Opens the store. Tasks and agents are item files with a state log (docs/adr/0017; a
 * `state/<kind>.json` of the old layout is migrated on first start); locks, small and changed
 * as a whole, stay one file `state/locks.json` replaced atomically. Leftover temp files are
 * removed, every kind is validated, and anything that fails to parse stops start-up.
 */
export async function openCollabStore(options: OpenCollabStoreOptions): Promise<CollabStore> {
  const stateDir = path.join(options.dir, 'state');
  await mkdir(stateDir, { recursive: true });
  await removeLeftoverTempFiles(stateDir);
  const writer = options.writer ?? atomicFileWriter;
  const storeDeps = { events: options.events, onWriteError: options.onWriteError };

  const shared = {
    stateDir,
    writer,
    checkpointBytes: options.checkpointBytes ?? DEFAULT_CHECKPOINT_BYTES,
    onWriteError: options.onWriteError,
  };
  const openItems = async <Doc extends { version: number }, T extends Item>(
    kind: 'tasks' | 'agents',
    itemKind: ItemKind<Doc, T>,
    schema: z.ZodType<Doc>,
    atVersion?: (doc: Doc, version: number) => Doc,
  ) => {
    const { doc, persistence } = await openItemKind(kind, itemKind, schema, shared);
    const deps = { ...storeDeps, persistence, ...(atVersion ? { atVersion } : {}) };
    return { store: new KindDocumentStore(kind, doc, deps), persistence };
  };

  const locksFile = path.join(stateDir, 'locks.json');
  // Settle every kind before failing: a kind still migrating must not write on after start-up
  // has been refused, and one that opened must close its state log.
  const [tasksOpen, agentsOpen, locksOpen] = await Promise.allSettled([
    openItems('tasks', TASKS, SCHEMAS.tasks, tasksAtVersion),
    openItems('agents', AGENTS, SCHEMAS.agents),
    loadDocument(locksFile, SCHEMAS.locks, EMPTY.locks),
  ]);
  if (
    tasksOpen.status === 'rejected' ||
    agentsOpen.status === 'rejected' ||
    locksOpen.status === 'rejected'
  ) {
    const opened = [tasksOpen, agentsOpen].flatMap((each) =>
      each.status === 'fulfilled' ? [each.value.persistence.close()] : [],
    );
    await Promise.allSettled(opened);
    const failed = [tasksOpen, agentsOpen, locksOpen].find((each) => each.status === 'rejected');
    throw (failed as PromiseRejectedResult).reason;
  }
  const [tasks, agents, locksDoc] = [tasksOpen.value, agentsOpen.value, locksOpen.value];
  const locks = new KindDocumentStore('locks', locksDoc, {
    ...storeDeps,
    persistence: wholeDocumentFile(locksFile, writer),
  });
  const logFile = path.join(options.dir, 'logs', 'log.md');
  return {
    dir: options.dir,
    clock: options.clock ?? (() => new Date()),
    tasks: tasks.store,
    locks,
    agents: agents.store,
    async readLog() {
      const text = (await readFileIfPresent(logFile)) ?? '';
      return { text, etag: textEtag(text) };
    },
    async close() {
      await Promise.all([tasks.persistence.close(), agents.persistence.close()]);
    },
  };
}

/** One kind as item files, migrating its `state/<kind>.json` when there is no manifest yet. */
function openItemKind<Doc extends { version: number }, T extends Item>(
  kind: 'tasks' | 'agents',
  itemKind: ItemKind<Doc, T>,
  schema: z.ZodType<Doc>,
  shared: {
    stateDir: string;
    writer: FileWriter;
    checkpointBytes: number;
    onWriteError: OpenCollabStoreOptions['onWriteError'];
  },
) {
  const legacyFile = path.join(shared.stateDir, `${kind}.json`);
  return openItemFiles({
    dir: path.join(shared.stateDir, kind),
    legacyFile,
    loadLegacy: () => loadDocument(legacyFile, schema, EMPTY[kind]),
    kind: itemKind,
    parse: (assembled, where) => {
      const parsed = parseDocument(where, schema, assembled);
      assertUniqueIds(where, itemKind.items(parsed));
      return parsed;
    },
    writer: shared.writer,
    checkpointBytes: shared.checkpointBytes,
    onCheckpointError: (error) => shared.onWriteError?.(error, kind),
  });
}

/**
 * Tasks or agents as a restart would load them, read without changing a byte (tests and tools
 * that look at the disk while the API runs, or after a crash); a torn log tail is left out.
 */
export function readStoredDocument(dir: string, kind: 'tasks'): Promise<TasksDocument>;
export function readStoredDocument(dir: string, kind: 'agents'): Promise<AgentsDocument>;
export function readStoredDocument(
  dir: string,
  kind: 'tasks' | 'agents',
): Promise<TasksDocument | AgentsDocument>;
export function readStoredDocument(dir: string, kind: 'tasks' | 'agents') {
  return kind === 'tasks'
    ? readStoredItems(dir, kind, TASKS, SCHEMAS.tasks)
    : readStoredItems(dir, kind, AGENTS, SCHEMAS.agents);
}

async function readStoredItems<Doc extends { version: number }, T extends Item>(
  dir: string,
  kind: 'tasks' | 'agents',
  itemKind: ItemKind<Doc, T>,
  schema: z.ZodType<Doc>,
): Promise<Doc> {
  const layout = itemFilesLayout(path.join(dir, 'state', kind));
  const manifest = await readManifest(layout);
  if (!manifest) throw new CollabStoreCorruptError(layout.manifest, 'is missing');
  const { doc } = await readItemFilesDocument(layout, manifest, itemKind);
  return parseDocument(layout.dir, schema, doc);
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
  const text = await readFileIfPresent(file);
  if (text === undefined) return schema.parse(empty);
  return parseDocument(file, schema, parseJson(file, text));
}

function parseDocument<S extends z.ZodType>(where: string, schema: S, json: unknown): z.infer<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CollabStoreCorruptError(where, `does not match its schema (${issues.join('; ')})`);
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
