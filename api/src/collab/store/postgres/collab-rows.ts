import type pg from 'pg';
import { DOCUMENT_KINDS, type DocumentKind } from '@kyros/contracts/schemas/collab-state';

// The SQL of the PostgreSQL collaboration store (docs/adr/0019). A kind's document is its board
// row (version, the fields besides its items, the next free position) plus one row per item;
// an item row carries the board version of its last change, so "what changed since version n"
// is one indexed range read. Deleted items stay as tombstones (doc null) until purged.

/** How each kind's document splits into rows: its item array and the field that names an item. */
export const ROW_SHAPES = {
  tasks: { items: 'tasks', key: 'id' },
  locks: { items: 'leases', key: 'lock_id' },
  agents: { items: 'agents', key: 'id' },
} as const satisfies Record<DocumentKind, { items: string; key: string }>;

/** A document as the rows see it: a version, an item array and other fields (the envelope). */
export type RowDocument = { version: number } & Record<string, unknown>;
export type Item = Record<string, unknown>;

export interface Board {
  kind: DocumentKind;
  version: number;
  nextPosition: bigint;
  /** Tombstones up to this version are gone: a cache older than it must reload the kind whole. */
  purgedThrough: number;
}

/** A kind's item rows changed after some version, in document order. */
export interface ItemChange {
  id: string;
  position: bigint;
  /** Null: the item was deleted. */
  doc: Item | null;
}

/** What one commit writes for one kind. */
export interface KindWrite {
  kind: DocumentKind;
  version: number;
  nextPosition: bigint;
  /** The fields besides items, when they changed. */
  envelope?: Record<string, unknown>;
  /** Items that existed before and changed. */
  updated: Item[];
  /** Items new to the document, with the positions they were given. */
  created: { item: Item; position: bigint }[];
  deleted: string[];
}

/** Tombstones older than this many versions are purged, checked every that many versions. */
export const TOMBSTONE_WINDOW = 500;

/**
 * Every kind's board row. `preamble` (plain SQL without parameters, e.g. BEGIN and the writer
 * lock) runs first in the same round trip.
 */
export async function readBoards(
  client: pg.ClientBase,
  preamble = '',
): Promise<Map<DocumentKind, Board>> {
  type Row = { kind: DocumentKind; version: number; next_position: string; purged_through: number };
  const text = 'SELECT kind, version, next_position, purged_through FROM collab_boards';
  const results = (await client.query(preamble ? `${preamble}; ${text}` : text)) as unknown as
    pg.QueryResult<Row> | pg.QueryResult<Row>[];
  const { rows } = Array.isArray(results) ? (results.at(-1) as pg.QueryResult<Row>) : results;
  return new Map(
    rows.map((row) => [
      row.kind,
      {
        kind: row.kind,
        version: row.version,
        nextPosition: BigInt(row.next_position),
        purgedThrough: row.purged_through,
      },
    ]),
  );
}

export async function readEnvelope(
  client: pg.ClientBase,
  kind: DocumentKind,
): Promise<Record<string, unknown>> {
  const { rows } = await client.query<{ envelope: Record<string, unknown> }>(
    'SELECT envelope FROM collab_boards WHERE kind = $1',
    [kind],
  );
  return rows[0]?.envelope ?? {};
}

/** Every live item of `kind`, in document order. */
export async function readAllItems(client: pg.ClientBase, kind: DocumentKind): Promise<Item[]> {
  const { rows } = await client.query<{ doc: Item }>(
    'SELECT doc FROM collab_items WHERE kind = $1 AND doc IS NOT NULL ORDER BY position',
    [kind],
  );
  return rows.map((row) => row.doc);
}

/** The item rows of `kind` written after board version `since`, deletions included. */
export async function readItemsSince(
  client: pg.ClientBase,
  kind: DocumentKind,
  since: number,
): Promise<ItemChange[]> {
  const { rows } = await client.query<{ id: string; position: string; doc: Item | null }>(
    'SELECT id, position, doc FROM collab_items WHERE kind = $1 AND version > $2 ORDER BY position',
    [kind, since],
  );
  return rows.map((row) => ({ ...row, position: BigInt(row.position) }));
}

/** Writes one kind's changed rows and its new board version, and sends `notify` on commit. */
export async function writeKind(
  client: pg.ClientBase,
  write: KindWrite,
  notify: { channel: string; payload: string },
): Promise<void> {
  const { kind, version } = write;
  const { key } = ROW_SHAPES[kind];
  if (write.updated.length > 0) {
    await client.query(
      `UPDATE collab_items AS item SET doc = changed.doc, version = $2
         FROM unnest($3::text[], $4::jsonb[]) AS changed(id, doc)
        WHERE item.kind = $1 AND item.id = changed.id`,
      [kind, version, write.updated.map((item) => item[key]), write.updated.map(toJson)],
    );
  }
  if (write.created.length > 0) {
    // A created id may meet its own tombstone: it comes back at its new position.
    await client.query(
      `INSERT INTO collab_items (kind, id, position, version, doc)
       SELECT $1, created.id, created.position, $2, created.doc
         FROM unnest($3::text[], $4::bigint[], $5::jsonb[]) AS created(id, position, doc)
       ON CONFLICT (kind, id) DO UPDATE
         SET position = excluded.position, version = excluded.version, doc = excluded.doc`,
      [
        kind,
        version,
        write.created.map(({ item }) => item[key]),
        write.created.map(({ position }) => position.toString()),
        write.created.map(({ item }) => toJson(item)),
      ],
    );
  }
  if (write.deleted.length > 0) {
    await client.query(
      'UPDATE collab_items SET doc = NULL, version = $2 WHERE kind = $1 AND id = ANY($3::text[])',
      [kind, version, write.deleted],
    );
  }
  const purgeThrough = version % TOMBSTONE_WINDOW === 0 ? version - TOMBSTONE_WINDOW : undefined;
  if (purgeThrough !== undefined) {
    await client.query(
      'DELETE FROM collab_items WHERE kind = $1 AND doc IS NULL AND version <= $2',
      [kind, purgeThrough],
    );
  }
  await client.query(
    `UPDATE collab_boards
        SET version = $2, next_position = $3,
            envelope = COALESCE($4::jsonb, envelope),
            purged_through = GREATEST(purged_through, COALESCE($5::int, 0))
      WHERE kind = $1
      RETURNING pg_notify($6, $7)`,
    [
      kind,
      version,
      write.nextPosition.toString(),
      write.envelope ? toJson(write.envelope) : null,
      purgeThrough ?? null,
      notify.channel,
      notify.payload,
    ],
  );
}

/** Creates the board rows of an empty database from `documents` (the files import, or empty). */
export async function seedBoards(
  client: pg.ClientBase,
  documents: Record<DocumentKind, RowDocument>,
): Promise<void> {
  for (const kind of DOCUMENT_KINDS) {
    const { key } = ROW_SHAPES[kind];
    const { envelope, list } = splitDocument(kind, documents[kind]);
    await client.query(
      `INSERT INTO collab_boards (kind, version, envelope, next_position) VALUES ($1, $2, $3, $4)`,
      [kind, documents[kind].version, toJson(envelope), String(list.length)],
    );
    if (list.length === 0) continue;
    await client.query(
      `INSERT INTO collab_items (kind, id, position, version, doc)
       SELECT $1, seeded.id, seeded.position - 1, $2, seeded.doc
         FROM unnest($3::text[], $4::jsonb[]) WITH ORDINALITY AS seeded(id, doc, position)`,
      [kind, documents[kind].version, list.map((item) => item[key]), list.map(toJson)],
    );
  }
}

/** A document's item array and the rest of its fields (without `version`). */
export function splitDocument(
  kind: DocumentKind,
  doc: RowDocument,
): { envelope: Record<string, unknown>; list: Item[] } {
  return { envelope: envelopeOf(kind, doc), list: doc[ROW_SHAPES[kind].items] as Item[] };
}

/** A document's fields but its version and items, without reading the items (a list-backed tasks document builds its array on read). */
export function envelopeOf(kind: DocumentKind, doc: RowDocument): Record<string, unknown> {
  const { items } = ROW_SHAPES[kind];
  const envelope: Record<string, unknown> = {};
  for (const field of Object.keys(doc)) {
    if (field !== 'version' && field !== items) envelope[field] = doc[field];
  }
  return envelope;
}

export function joinDocument(
  kind: DocumentKind,
  version: number,
  envelope: Record<string, unknown>,
  list: Item[],
): RowDocument {
  return { ...envelope, version, [ROW_SHAPES[kind].items]: list };
}

function toJson(value: unknown): string {
  return JSON.stringify(value);
}
