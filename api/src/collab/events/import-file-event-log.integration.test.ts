// The switch from KYROS_COLLAB_STORE=files to postgres: PostgresEventLog.open({ importFrom })
// moves the files event log into an empty collab_events table, on a real database and real files.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import {
  createTestDatabase,
  withClient,
  type TestDatabase,
} from '@kyros/test-support/database/test-database';
import { EVENT_LOG_PATH } from './event-log.ts';
import { PostgresEventLog } from './postgres-event-log.ts';

let db: TestDatabase;
let dir: string;
const logs: PostgresEventLog[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ migrated: true });
});

afterAll(async () => {
  await db?.drop();
});

beforeEach(async () => {
  await withClient(db.url, (client) => client.query('TRUNCATE collab_events'));
  dir = await mkdtemp(path.join(os.tmpdir(), 'kyros-event-import-'));
});

afterEach(async () => {
  await Promise.all(logs.splice(0).map((log) => log.close()));
  await rm(dir, { recursive: true, force: true });
});

interface LogLine {
  level: number;
  msg: string;
}

/** Opens a replica on the test database, importing from `dir` unless told not to. */
async function openReplica(options: { importFrom?: string | undefined; lines?: LogLine[] } = {}) {
  const lines = options.lines ?? [];
  const logger = pino(
    { level: 'info' },
    { write: (line) => lines.push(JSON.parse(line) as LogLine) },
  );
  const importFrom = 'importFrom' in options ? options.importFrom : dir;
  const log = await PostgresEventLog.open({
    connectionString: db.url,
    logger,
    ...(importFrom !== undefined ? { importFrom } : {}),
  });
  logs.push(log);
  return log;
}

function event(id: number, fields: Partial<CollabEvent> = {}): CollabEvent {
  return {
    id,
    ts: new Date(Date.UTC(2026, 10, 25, 0, 0, id)).toISOString(),
    event: 'note_added',
    actor: 'agent-atlas',
    target: `T-${id % 3}`,
    details: { n: id },
    ...fields,
  };
}

function ids(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function writeLog(text: string): Promise<void> {
  await mkdir(path.join(dir, 'events'), { recursive: true });
  await writeFile(path.join(dir, EVENT_LOG_PATH), text);
}

const lineOf = (each: CollabEvent) => `${JSON.stringify(each)}\n`;

async function rowCount(): Promise<number> {
  const { rows } = await withClient(db.url, (client) =>
    client.query<{ count: string }>('SELECT count(*) FROM collab_events'),
  );
  return Number(rows[0]?.count);
}

const importLines = (lines: LogLine[]) => lines.filter((line) => line.msg.startsWith('imported'));

describe('importing the files event log into an empty collab_events table', () => {
  it('keeps every event as it was, ids and times included, and appends continue after it', async () => {
    // A head truncated by an operator (ids from 40), and details the json column must keep.
    const events = [
      event(40),
      event(41, { details: { nested: { b: 1, a: [true, null] }, text: 'é\u0000\ud800🦊' } }),
      event(42, { ts: '2026-11-25T00:00:41.999Z', actor: 'agent-🦊', target: 'src/**' }),
      event(43, { event: 'task_claimed', details: {} }),
    ];
    await writeLog(events.map(lineOf).join(''));
    const lines: LogLine[] = [];

    const log = await openReplica({ lines });

    expect((await log.readAfter(0, {}, 100)).events).toEqual(events);
    expect(log.oldestAvailableId).toBe(40);
    expect((await log.readAfter(41, {}, 100)).events.map((e) => e.id)).toEqual([42, 43]);
    expect(importLines(lines).map((line) => [line.level, line.msg])).toEqual([
      [30, `imported 4 events from ${path.join(dir, EVENT_LOG_PATH)} into collab_events`],
    ]);
    expect((await log.append({ event: 'note_added', actor: 'a', target: 't' })).id).toBe(44);
  });

  it('imports once: a second replica starting at the same moment and every restart import nothing', async () => {
    await writeLog(
      ids(1, 50)
        .map((id) => lineOf(event(id)))
        .join(''),
    );
    const onA: LogLine[] = [];
    const onB: LogLine[] = [];

    const [a, b] = await Promise.all([openReplica({ lines: onA }), openReplica({ lines: onB })]);

    expect(await rowCount()).toBe(50);
    expect([...importLines(onA), ...importLines(onB)]).toHaveLength(1);
    expect(b.lastId).toBe(50);
    await a.append({ event: 'note_added', actor: 'a', target: 't' });
    await Promise.all([a.close(), b.close()]);
    const afterRestart: LogLine[] = [];
    const restarted = await openReplica({ lines: afterRestart });
    expect(await rowCount()).toBe(51);
    expect(importLines(afterRestart)).toEqual([]);
    expect(restarted.lastId).toBe(51);
  });

  it('imports nothing into a table that already has events', async () => {
    const running = await openReplica({ importFrom: undefined });
    await running.append({ event: 'note_added', actor: 'a', target: 't' });
    await writeLog(
      ids(1, 3)
        .map((id) => lineOf(event(id)))
        .join(''),
    );

    const lines: LogLine[] = [];
    const log = await openReplica({ lines });

    expect(importLines(lines)).toEqual([]);
    expect((await log.readAfter(0, {}, 10)).events.map((e) => e.actor)).toEqual(['a']);
  });

  it('wakes a replica that was already running with the imported events', async () => {
    const running = await openReplica({ importFrom: undefined });
    const seen: number[] = [];
    // Resolved by the NOTIFY of the import's commit: nothing else asks this replica to read.
    const woken = new Promise<void>((resolve) =>
      running.subscribe((events) => {
        seen.push(...events.map((e) => e.id));
        if (seen.length >= 5) resolve();
      }),
    );
    await writeLog(
      ids(1, 5)
        .map((id) => lineOf(event(id)))
        .join(''),
    );

    await openReplica();

    await woken;
    expect(seen).toEqual(ids(1, 5));
  });

  it('reads a log of megabytes chunk by chunk, and one line it cannot store keeps the whole import out', async () => {
    // About 2.5 MB: the rows of the first chunks are inserted before the bad line is read.
    const blob = 'x'.repeat(800);
    const good = ids(1, 3000).map((id) => lineOf(event(id, { details: { n: id, blob } })));
    const finerThanMs = lineOf(event(3001, { ts: '2026-11-25T01:00:00.0001Z' }));
    await writeLog([...good, finerThanMs].join(''));

    await expect(openReplica()).rejects.toThrow(
      /Event 3001 of .* cannot be imported into collab_events unchanged: ts .* is finer than milliseconds/,
    );
    expect(await rowCount()).toBe(0);

    await writeLog(good.join(''));
    const log = await openReplica();
    expect(await rowCount()).toBe(3000);
    expect(log.lastId).toBe(3000);
    const oldest = (await log.readAfter(0, {}, 1)).events[0];
    expect(oldest).toEqual(event(1, { details: { n: 1, blob } }));
  });

  it('leaves out a torn tail with a warning and leaves the file as it was', async () => {
    const text = `${lineOf(event(1))}${lineOf(event(2))}{"id":3,"ts":"2026-11-2`;
    await writeLog(text);
    const lines: LogLine[] = [];

    const log = await openReplica({ lines });

    expect(log.lastId).toBe(2);
    const warnings = lines.filter((line) => line.level === 40).map((line) => line.msg);
    expect(warnings).toEqual([expect.stringMatching(/not importing a torn tail from line 3 /)]);
    expect(await readFile(path.join(dir, EVENT_LOG_PATH), 'utf8')).toBe(text);
  });

  it('stops start-up on a corrupt log, naming the line, and imports nothing', async () => {
    await writeLog(`${lineOf(event(1))}not json\n${lineOf(event(2))}`);

    await expect(openReplica()).rejects.toThrow(/corrupt at line 2/);
    expect(await rowCount()).toBe(0);
  });

  it('opens on an empty table when the directory has no event log', async () => {
    const log = await openReplica();
    expect(log.lastId).toBe(0);
  });
});
