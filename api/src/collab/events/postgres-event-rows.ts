import type pg from 'pg';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';

/** How many rows one read takes: the page size of catch-up and of reads older than memory. */
export const ROWS_PER_READ = 1000;

const COLUMNS = 'id, ts, event, actor, target, details';

interface EventRow {
  id: string;
  ts: Date;
  event: string;
  actor: string;
  target: string;
  details: Record<string, unknown>;
}

type Queryable = Pick<pg.Pool, 'query'>;

function toEvent(row: EventRow): CollabEvent {
  // `bigint` arrives as a string; ids stay far below 2^53.
  return { ...row, id: Number(row.id), ts: row.ts.toISOString() };
}

/** Events after `after`, oldest first, at most one page. */
export async function selectEventsAfter(db: Queryable, after: number): Promise<CollabEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${COLUMNS} FROM collab_events WHERE id > $1 ORDER BY id LIMIT ${ROWS_PER_READ}`,
    [after],
  );
  return rows.map(toEvent);
}

/** Events from `fromId` to `lastId`, oldest first, at most one page. */
export async function selectEventRange(
  db: Queryable,
  fromId: number,
  lastId: number,
): Promise<CollabEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${COLUMNS} FROM collab_events WHERE id >= $1 AND id <= $2 ORDER BY id LIMIT ${ROWS_PER_READ}`,
    [fromId, lastId],
  );
  return rows.map(toEvent);
}

/** Events up to `toId`, the newest last, at most one page. */
export async function selectEventsBefore(db: Queryable, toId: number): Promise<CollabEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${COLUMNS} FROM collab_events WHERE id <= $1 ORDER BY id DESC LIMIT ${ROWS_PER_READ}`,
    [toId],
  );
  return rows.map(toEvent).reverse();
}

/**
 * Numbers a batch after the last row, inserts it and notifies listeners of its last id, in one
 * statement (run it after taking the append lock: its snapshot then holds the previous holder's
 * rows). `ts` is one instant for the batch, never before the last row's.
 */
export async function insertEvents(
  db: Queryable,
  events: ReadonlyArray<Omit<CollabEvent, 'id' | 'ts'>>,
  now: Date,
  channel: string,
): Promise<CollabEvent[]> {
  // A data-modifying CTE runs once; NOTIFY is delivered only at COMMIT.
  const { rows } = await db.query<{ first_id: string; ts: Date }>(
    `WITH last AS (SELECT id, ts FROM collab_events ORDER BY id DESC LIMIT 1),
     inserted AS (
       INSERT INTO collab_events (${COLUMNS})
       SELECT coalesce((SELECT id FROM last), 0) + e.ord,
              greatest($1::timestamptz, (SELECT ts FROM last)),
              e.event, e.actor, e.target, e.details
       FROM unnest($2::text[], $3::text[], $4::text[], $5::json[])
         WITH ORDINALITY AS e(event, actor, target, details, ord)
       RETURNING id, ts
     )
     SELECT min(id) AS first_id, min(ts) AS ts, pg_notify($6, max(id)::text) FROM inserted`,
    [
      now.toISOString(),
      events.map((e) => e.event),
      events.map((e) => e.actor),
      events.map((e) => e.target),
      events.map((e) => JSON.stringify(e.details)),
      channel,
    ],
  );
  const firstId = Number(rows[0]?.first_id);
  const ts = rows[0]?.ts.toISOString();
  if (!Number.isSafeInteger(firstId) || ts === undefined)
    throw new Error('the insert numbered no events');
  return events.map((event, i) => ({ id: firstId + i, ts, ...event }));
}

/** Whether the table holds any event (a deployment that already started on PostgreSQL). */
export async function hasEvents(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM collab_events) AS found',
  );
  return rows[0]?.found === true;
}

/** Inserts events as they are, ids and times included (the import of a file log). */
export async function insertEventsAsTheyAre(
  db: Queryable,
  events: readonly CollabEvent[],
): Promise<void> {
  await db.query(
    `INSERT INTO collab_events (${COLUMNS})
     SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::json[])`,
    [
      events.map((e) => e.id),
      events.map((e) => e.ts),
      events.map((e) => e.event),
      events.map((e) => e.actor),
      events.map((e) => e.target),
      events.map((e) => JSON.stringify(e.details)),
    ],
  );
}
