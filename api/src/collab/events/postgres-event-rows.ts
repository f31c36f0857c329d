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

/** Inserts a batch in one statement and notifies listeners of its last id in the same one. */
export async function insertEvents(
  db: Queryable,
  events: readonly CollabEvent[],
  channel: string,
): Promise<void> {
  const last = events.at(-1);
  if (!last) return;
  // A data-modifying CTE runs even though nothing reads it; NOTIFY is delivered only at COMMIT.
  await db.query(
    `WITH inserted AS (
       INSERT INTO collab_events (${COLUMNS})
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::json[])
     )
     SELECT pg_notify($7, $8)`,
    [
      events.map((e) => e.id),
      events.map((e) => e.ts),
      events.map((e) => e.event),
      events.map((e) => e.actor),
      events.map((e) => e.target),
      events.map((e) => JSON.stringify(e.details)),
      channel,
      String(last.id),
    ],
  );
}
