import type pg from 'pg';
import { DOCUMENT_KINDS, type DocumentKind } from '@kyros/contracts/schemas/collab-state';
import type { TasksDocument } from '@kyros/contracts/schemas/collab-tasks';
import { inTransaction } from '../../../adapters/postgres-transaction.ts';
import type { KindPersistence } from '../kind-persistence.ts';
import { taskList } from '../tasks-document.ts';
import {
  ROW_SHAPES,
  joinDocument,
  readAllItems,
  readBoards,
  readEnvelope,
  readItemsSince,
  seedBoards,
  envelopeOf,
  splitDocument,
  writeKind,
  type Board,
  type Item,
  type KindWrite,
  type RowDocument,
} from './collab-rows.ts';
import { diffItems, type ItemDiff } from './item-diff.ts';

/** Serialises collaboration writers across every replica on the database (pg_advisory_xact_lock). */
const WRITER_LOCK = 0x6b_79_72_6f_73; // "kyros"
/** Opens a writer's transaction: the lock is held until it commits or rolls back. */
const LOCKED = `BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK})`;
/** Each commit notifies it; every replica listening catches up its reads. */
export const STATE_CHANNEL = 'kyros_collab_state';

interface Cached {
  doc: RowDocument;
  nextPosition: bigint;
}

export interface PostgresCollabStateOptions {
  pool: pg.Pool;
  /** The documents an empty database starts from (the files import); called at most once. */
  initial: () => Promise<Record<DocumentKind, RowDocument>>;
  /** Parses a document read whole (start-up, or after tombstones were purged). */
  parse: (kind: DocumentKind, doc: unknown) => { version: number };
}

/**
 * This replica's copy of the collaboration state held in PostgreSQL, and the only way to write
 * it. A commit takes the database-wide writer lock, catches every kind's copy up with what other
 * replicas committed since (so a mutation, and a tasks mutation reading the locks, sees the
 * latest state), runs `decide`, writes only the rows that changed and the new board version, and
 * commits. Between writes, a NOTIFY (or the fallback poll) catches the copies up for reads.
 */
export class PostgresCollabState {
  readonly #pool: pg.Pool;
  readonly #parse: PostgresCollabStateOptions['parse'];
  readonly #cache = new Map<DocumentKind, Cached>();
  readonly #adopters = new Map<DocumentKind, (doc: RowDocument) => void>();

  private constructor(options: PostgresCollabStateOptions) {
    this.#pool = options.pool;
    this.#parse = options.parse;
  }

  /** Loads every kind from the rows, seeding an empty database from `initial` first. */
  static async open(options: PostgresCollabStateOptions): Promise<PostgresCollabState> {
    const state = new PostgresCollabState(options);
    await state.#transaction(async (client) => {
      let boards = await readBoards(client, LOCKED);
      if (boards.size === 0) {
        await seedBoards(client, await options.initial());
        boards = await readBoards(client);
      }
      for (const kind of DOCUMENT_KINDS) {
        const board = boards.get(kind);
        if (!board) throw new Error(`collab_boards has no row for ${kind}`);
        state.#cache.set(kind, {
          doc: await state.#readWhole(client, board),
          nextPosition: board.nextPosition,
        });
      }
    });
    return state;
  }

  /** Whether this copy is behind `kind` at `version` (a NOTIFY payload `<kind>:<version>`). */
  isBehind(payload: string | undefined): boolean {
    const [kind, version] = (payload ?? '').split(':');
    const cached = this.#cache.get(kind as DocumentKind);
    return !cached || !(Number(version) <= cached.doc.version);
  }

  /** The committed document of `kind` in this replica's copy. */
  document(kind: DocumentKind): RowDocument {
    return this.#cached(kind).doc;
  }

  /** `adopt` receives every newer document of `kind` this replica catches up with. */
  onCaughtUp(kind: DocumentKind, adopt: (doc: RowDocument) => void): void {
    this.#adopters.set(kind, adopt);
  }

  persistence<Doc extends { version: number }>(kind: DocumentKind): KindPersistence<Doc> {
    return {
      commit: async (_committed, decide) =>
        (await this.#commit(kind, decide as unknown as (latest: RowDocument) => RowDocument)) as
          RowDocument | Doc as Doc,
    };
  }

  /** Catches every kind up with the rows, in one consistent snapshot, without the writer lock. */
  async catchUp(): Promise<void> {
    await inTransaction(
      this.#pool,
      (client) => this.#catchUpAll(client, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'),
      { begin: false },
    );
  }

  async #commit(
    kind: DocumentKind,
    decide: (latest: RowDocument) => RowDocument,
  ): Promise<RowDocument> {
    let written: { doc: RowDocument; nextPosition: bigint } | undefined;
    await this.#transaction(async (client) => {
      await this.#catchUpAll(client, LOCKED);
      const latest = this.#cached(kind);
      const draft = decide(latest.doc);
      if (draft === latest.doc) return;
      const write = planWrite(kind, latest, draft);
      await writeKind(client, write, {
        channel: STATE_CHANNEL,
        payload: `${kind}:${write.version}`,
      });
      written = { doc: write.doc, nextPosition: write.nextPosition };
    });
    if (written) this.#apply(kind, written.doc, written.nextPosition);
    // A read-side catch-up may already have taken a later version (which includes this one).
    return this.#cached(kind).doc;
  }

  /** Catches every kind up; `begin` opens the transaction in the same round trip. */
  async #catchUpAll(client: pg.ClientBase, begin: string): Promise<void> {
    const boards = await readBoards(client, begin);
    for (const kind of DOCUMENT_KINDS) {
      const board = boards.get(kind);
      const base = this.#cached(kind);
      if (!board || board.version === base.doc.version) continue;
      const doc =
        board.version < base.doc.version || base.doc.version < board.purgedThrough
          ? await this.#readWhole(client, board)
          : await readChanges(client, base, board);
      this.#apply(kind, doc, board.nextPosition);
    }
  }

  /** Takes `doc` as the copy of `kind` unless the copy is already at or past its version. */
  #apply(kind: DocumentKind, doc: RowDocument, nextPosition: bigint): void {
    const current = this.#cache.get(kind);
    if (current && current.doc.version >= doc.version) return;
    this.#cache.set(kind, { doc, nextPosition });
    this.#adopters.get(kind)?.(doc);
  }

  async #readWhole(client: pg.ClientBase, board: Board): Promise<RowDocument> {
    const [envelope, list] = await Promise.all([
      readEnvelope(client, board.kind),
      readAllItems(client, board.kind),
    ]);
    const doc = joinDocument(board.kind, board.version, envelope, list);
    return this.#parse(board.kind, doc);
  }

  #cached(kind: DocumentKind): Cached {
    const cached = this.#cache.get(kind);
    if (!cached) throw new Error(`the ${kind} state was never loaded`);
    return cached;
  }

  /** Runs `work`, which must open the transaction (BEGIN) in its first query, then commits. */
  #transaction(work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    return inTransaction(this.#pool, work, { begin: false });
  }
}

/**
 * `base` moved on by the item rows changed after its version. A row positioned at or past the
 * base's next free position was created since (perhaps again, after a deletion): it goes at the
 * end, in position order; any other changed row is updated or deleted where it stands.
 */
async function readChanges(
  client: pg.ClientBase,
  base: Cached,
  board: Board,
): Promise<RowDocument> {
  const { kind } = board;
  const [envelope, changes] = await Promise.all([
    readEnvelope(client, kind),
    readItemsSince(client, kind, base.doc.version),
  ]);
  const { key } = ROW_SHAPES[kind];
  const appended = changes.filter((change) => change.position >= base.nextPosition);
  const inPlace = new Map(
    changes
      .filter((change) => change.position < base.nextPosition)
      .map((change) => [change.id, change.doc]),
  );
  const gone = new Set(appended.map((change) => change.id));
  const list: Item[] = [];
  for (const item of splitDocument(kind, base.doc).list) {
    const id = item[key] as string;
    if (gone.has(id)) continue;
    const change = inPlace.get(id);
    if (change === undefined) list.push(item);
    else if (change !== null) list.push(change);
  }
  for (const change of appended) if (change.doc) list.push(change.doc);
  return joinDocument(kind, board.version, envelope, list);
}

/**
 * The rows `draft` changes against `latest`: mutations keep unchanged items by reference, so a
 * reference comparison finds the changed ones. Every replica orders items by position, which
 * only grows: a draft that moved an item, or put a new one anywhere but the end, is reordered
 * to match (kept items in their old order, then the new ones).
 */
/** The tasks a draft changed, from their chunked lists (tasks-document.ts), without a pass over the board. */
function listDiff(
  kind: DocumentKind,
  before: RowDocument,
  after: RowDocument,
): ItemDiff | undefined {
  if (kind !== 'tasks') return undefined;
  const asTasks = (doc: RowDocument) => taskList(doc as unknown as TasksDocument);
  const changed = asTasks(after).changedSince(asTasks(before));
  return changed && { updated: changed.replaced, fresh: changed.appended, deleted: [] };
}

function planWrite(
  kind: DocumentKind,
  latest: Cached,
  draft: RowDocument,
): KindWrite & { doc: RowDocument } {
  const { key } = ROW_SHAPES[kind];
  const before = { envelope: envelopeOf(kind, latest.doc) };
  const after = { envelope: envelopeOf(kind, draft) };
  const diff =
    listDiff(kind, latest.doc, draft) ??
    diffItems(splitDocument(kind, latest.doc).list, splitDocument(kind, draft).list, key);
  let nextPosition = latest.nextPosition;
  const created = diff.fresh.map((item) => ({ item, position: nextPosition++ }));
  const envelopeChanged = Object.keys({ ...before.envelope, ...after.envelope }).some(
    (field) => before.envelope[field] !== after.envelope[field],
  );
  return {
    kind,
    version: draft.version,
    nextPosition,
    ...(envelopeChanged ? { envelope: after.envelope } : {}),
    updated: diff.updated,
    created,
    deleted: diff.deleted,
    doc: diff.ordered ? joinDocument(kind, draft.version, after.envelope, diff.ordered) : draft,
  };
}
