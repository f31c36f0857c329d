// Two PostgresEventLog instances on one database stand in for two API replicas: ids, ordering and
// wake-ups must hold across them, and across a lost LISTEN connection.
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import {
  createTestDatabase,
  withClient,
  type TestDatabase,
} from '@kyros/test-support/database/test-database';
import { describeCollabEventLogContract } from './collab-event-log.contract.ts';
import { resolveResumePoint } from './resolve-resume-point.ts';
import { LISTENER_APPLICATION_NAME } from './postgres-event-listener.ts';
import { PostgresEventLog, type PostgresEventLogOptions } from './postgres-event-log.ts';

let db: TestDatabase;
const logs: PostgresEventLog[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ migrated: true });
});

afterAll(async () => {
  await db?.drop();
});

beforeEach(async () => {
  await withClient(db.url, (client) => client.query('TRUNCATE collab_events'));
});

afterEach(async () => {
  await Promise.all(logs.splice(0).map((log) => log.close()));
});

async function openReplica(
  options: Partial<PostgresEventLogOptions> = {},
): Promise<PostgresEventLog> {
  const log = await PostgresEventLog.open({
    connectionString: db.url,
    logger: pino({ level: 'silent' }),
    ...options,
  });
  logs.push(log);
  return log;
}

function note(n: number, replica = 'a') {
  return { event: 'note_added', actor: `agent-${replica}`, target: `T-${n % 4}`, details: { n } };
}

/** Collects every event a subscriber is given, and resolves once it has seen `count`. */
function collector(log: PostgresEventLog) {
  const seen: CollabEvent[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  log.subscribe((events) => {
    seen.push(...events);
    for (const waiter of waiters.filter((w) => seen.length >= w.count)) waiter.resolve();
  });
  return {
    seen,
    until: (count: number) =>
      seen.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ count, resolve })),
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('PostgresEventLog across replicas', () => {
  it('gives gapless ids and shows every event exactly once, in id order, on both replicas', async () => {
    const a = await openReplica();
    const b = await openReplica();
    const onA = collector(a);
    const onB = collector(b);
    const appenders = (log: PostgresEventLog, replica: string) =>
      Array.from({ length: 8 }, async (_, worker) => {
        const ids: number[] = [];
        for (let n = 0; n < 25; n += 1)
          ids.push((await log.append(note(worker * 100 + n, replica))).id);
        return ids;
      });
    const ids = (await Promise.all([...appenders(a, 'a'), ...appenders(b, 'b')])).flat();

    expect(ids.toSorted((x, y) => x - y)).toEqual(range(1, 400));
    await Promise.all([onA.until(400), onB.until(400)]);
    expect(onA.seen.map((e) => e.id)).toEqual(range(1, 400));
    expect(onB.seen).toEqual(onA.seen);
    expect(a.lastId).toBe(400);
    expect(b.lastId).toBe(400);
    expect(a.stats.appends + b.stats.appends).toBe(400);
    expect(a.stats.writes + b.stats.writes).toBeLessThan(400);
  });

  it('answers an append on the replica that took it with the event already readable there', async () => {
    const a = await openReplica();
    await openReplica().then((b) => b.append(note(1, 'b')));
    const event = await a.append(note(2));
    expect(event.id).toBe(2);
    expect((await a.readAfter(0, {}, 10)).events.map((e) => e.id)).toEqual([1, 2]);
  });

  it('wakes a waiter on one replica when the other appends', async () => {
    const a = await openReplica();
    const b = await openReplica();
    const waiting = a.waitForEventsAfter(0, new AbortController().signal);
    const appended = await b.append(note(1, 'b'));
    await waiting;
    expect(a.lastId).toBe(appended.id);
    expect((await a.readAfter(0, {}, 10)).events).toEqual([appended]);
  });

  it('resumes from an id the other replica just issued, before its NOTIFY arrives', async () => {
    const a = await openReplica();
    const b = await openReplica();
    const appended = await b.append(note(1, 'b'));
    // Same turn as the append's answer: no NOTIFY can have been read yet.
    const start = await resolveResumePoint({ after: appended.id }, a);
    expect(start).toEqual({ after: appended.id });
    expect(a.lastId).toBe(appended.id);
  });

  it('catches up after its LISTEN connection is killed, losing nothing', async () => {
    let noticeDisconnect: () => void = () => undefined;
    const disconnected = new Promise<void>((resolve) => (noticeDisconnect = resolve));
    let reconnect: () => void = () => undefined;
    const a = await openReplica({
      // Holds the reconnect until the test has appended what the listener must not hear about.
      listenRetryDelay: () => {
        noticeDisconnect();
        return new Promise((resolve) => (reconnect = resolve));
      },
    });
    const b = await openReplica();
    await b.append(note(0, 'b'));
    await a.waitForEventsAfter(0, new AbortController().signal);
    const onA = collector(a);

    await withClient(db.url, (client) =>
      client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
        [LISTENER_APPLICATION_NAME],
      ),
    );
    await disconnected;
    const missed = await Promise.all(range(1, 10).map((n) => b.append(note(n, 'b'))));
    expect(onA.seen).toEqual([]);
    reconnect();

    await onA.until(10);
    expect(onA.seen).toEqual(missed);
    expect(a.lastId).toBe(11);
  });

  it('rejects every append of a failed transaction with 503 and burns no ids', async () => {
    const a = await openReplica();
    await a.append(note(0));
    const failInserts = (sql: string) => withClient(db.url, (client) => client.query(sql));
    await failInserts(`
      CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'disk full, say'; END $$;
      CREATE TRIGGER refuse_event BEFORE INSERT ON collab_events
        FOR EACH ROW EXECUTE FUNCTION refuse_event();`);
    try {
      const results = await Promise.allSettled(range(1, 3).map((n) => a.append(note(n))));
      for (const result of results) {
        expect(result).toMatchObject({
          status: 'rejected',
          reason: { code: 'unavailable', status: 503 },
        });
      }
    } finally {
      await failInserts(
        'DROP TRIGGER refuse_event ON collab_events; DROP FUNCTION refuse_event();',
      );
    }
    expect(a.lastId).toBe(1);
    expect((await a.append(note(4))).id).toBe(2);
    expect((await a.readAfter(0, {}, 10)).events.map((e) => e.details.n)).toEqual([0, 4]);
  });

  it('refuses to open on a database without the collab_events table', async () => {
    const bare = await createTestDatabase();
    try {
      await expect(
        PostgresEventLog.open({ connectionString: bare.url, logger: pino({ level: 'silent' }) }),
      ).rejects.toThrow(/collab_events/);
    } finally {
      await bare.drop();
    }
  });

  it('keeps reading from a table written before it opened, and continues its ids', async () => {
    const first = await openReplica();
    await Promise.all(range(1, 30).map((n) => first.append(note(n))));
    const late = await openReplica({ memoryWindow: 4 });
    expect(late.lastId).toBe(30);
    expect(late.oldestAvailableId).toBe(1);
    expect((await late.readAfter(0, {}, 100)).events).toEqual(
      (await first.readAfter(0, {}, 100)).events,
    );
    expect((await late.append(note(31))).id).toBe(31);
  });

  it('on close commits what it accepted and refuses new appends with 503', async () => {
    const a = await openReplica();
    const waiting = a.waitForEventsAfter(1000, new AbortController().signal);
    const accepted = a.append(note(1));
    await a.close();
    await waiting;
    expect((await accepted).id).toBe(1);
    await expect(a.append(note(2))).rejects.toMatchObject({ code: 'unavailable', status: 503 });
  });
});

describeCollabEventLogContract('PostgresEventLog', () => ({
  reset: async () => {
    await withClient(db.url, (client) => client.query('TRUNCATE collab_events'));
  },
  open: (options) =>
    PostgresEventLog.open({
      connectionString: db.url,
      logger: pino({ level: 'silent' }),
      ...options,
    }),
}));
