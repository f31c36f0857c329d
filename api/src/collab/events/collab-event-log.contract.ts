// The behaviour every CollabEventLog owes its readers and writers, run against each backend by
// its own integration test (event-log.integration.test.ts, postgres-event-log.integration.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.ts';
import type { CollabEventLog } from './collab-event-log.ts';

export interface EventLogBackend {
  /** Empties the backend's storage: each case starts with no events. */
  reset(): Promise<void>;
  /** Opens a log on that storage; the contract closes it. */
  open(options: { memoryWindow?: number; now?: () => Date }): Promise<CollabEventLog>;
}

function note(n: number, extra: Record<string, unknown> = {}) {
  return {
    event: 'note_added',
    actor: `agent-${n % 3}`,
    target: `T-${n % 4}`,
    details: { n, ...extra },
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function describeCollabEventLogContract(name: string, backend: () => EventLogBackend): void {
  describe(`${name}: the CollabEventLog contract`, () => {
    const logs: CollabEventLog[] = [];

    beforeEach(async () => {
      await backend().reset();
    });

    afterEach(async () => {
      await Promise.all(logs.splice(0).map((log) => log.close()));
    });

    async function openLog(
      options: { memoryWindow?: number; now?: () => Date } = {},
    ): Promise<CollabEventLog> {
      const log = await backend().open(options);
      logs.push(log);
      return log;
    }

    /** Appends `count` notes, every fifth about T-9, then reopens the storage with a small window. */
    async function writtenLog(
      count: number,
    ): Promise<{ small: CollabEventLog; large: CollabEventLog }> {
      const writer = await openLog();
      for (let n = 0; n < count; n += 1)
        await writer.append(note(n, n % 5 === 0 ? { task_id: 'T-9' } : {}));
      await writer.close();
      return {
        small: await openLog({ memoryWindow: 4 }),
        large: await openLog({ memoryWindow: 1000 }),
      };
    }

    it('numbers events from 1 and continues after a reopen', async () => {
      const log = await openLog();
      expect(log.lastId).toBe(0);
      expect(log.oldestAvailableId).toBe(1);
      const event = await log.append(note(1));
      expect(event).toMatchObject({ id: 1, event: 'note_added', details: { n: 1 } });
      await log.close();
      const reopened = await openLog();
      expect(reopened.lastId).toBe(1);
      expect((await reopened.readAfter(0, {}, 10)).events).toEqual([event]);
      expect((await reopened.append(note(2))).id).toBe(2);
    });

    it('group-commits concurrent appends: contiguous ids in call order, fewer writes than appends', async () => {
      const log = await openLog();
      const appended = await Promise.all(range(0, 199).map((n) => log.append(note(n))));
      expect(appended.map((e) => e.id)).toEqual(range(1, 200));
      expect(appended.map((e) => e.details.n)).toEqual(range(0, 199));
      expect((await log.readAfter(0, {}, 1000)).events).toEqual(appended);
      expect(log.stats.appends).toBe(200);
      expect(log.stats.writes).toBeLessThan(200);
    });

    it('never lets ts go backwards, even when the clock does', async () => {
      const clock = [new Date('2026-11-25T12:00:00Z'), new Date('2026-11-25T11:00:00Z')];
      const log = await openLog({ now: () => clock.shift() ?? new Date('2026-11-25T13:00:00Z') });
      const first = await log.append(note(1));
      const second = await log.append(note(2));
      expect(first.ts).toBe('2026-11-25T12:00:00.000Z');
      expect(second.ts).toBe('2026-11-25T12:00:00.000Z');
    });

    it('refuses an invalid event with a 400, and stores any JSON details exactly as given', async () => {
      const log = await openLog();
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      for (const bad of [
        { event: 'Bad Name', actor: 'a', target: 't' },
        { event: 'ok', actor: '', target: 't' },
        { event: 'ok', actor: 'a', target: 't', extra: 1 },
        { event: 'ok', actor: 'a', target: 't', details: circular },
        { event: 'ok', actor: 'a', target: 'T-\u0000' },
      ]) {
        const error: unknown = await log.append(bad as never).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).status).toBe(400);
      }
      expect(log.lastId).toBe(0);
      // Anything else JSON can carry round-trips exactly, key order included.
      const details = {
        z: 1,
        a: 'nul \u0000 and a lone surrogate \ud800',
        nested: { b: [1, null] },
      };
      const stored = await log.append({ event: 'ok', actor: 'a', target: 't', details });
      expect(stored.id).toBe(1);
      await log.close();
      const [readBack] = (await (await openLog()).readAfter(0, {}, 1)).events;
      expect(JSON.stringify(readBack?.details)).toBe(JSON.stringify(details));
    });

    it('reads the same events from memory and from storage, honouring filters and limits', async () => {
      const { small, large } = await writtenLog(60);
      const filters = [
        {},
        { task: ['T-9'] },
        { agent: ['agent-1'], type: ['note_added'] },
        { type: ['nothing'] },
      ];
      for (const filter of filters) {
        for (const [after, limit] of [
          [0, 1000],
          [10, 7],
          [55, 3],
        ] as const) {
          expect(await small.readAfter(after, filter, limit)).toEqual(
            await large.readAfter(after, filter, limit),
          );
        }
      }
      const page = await small.readAfter(0, { task: ['T-9'] }, 5);
      expect(page.events.map((e) => e.details.n)).toEqual([0, 5, 10, 15, 20]);
      expect(page.nextAfter).toBe(page.events.at(-1)?.id);
      expect(await small.readAfter(0, { type: ['nothing'] }, 5)).toEqual({
        events: [],
        nextAfter: 60,
      });
    });

    it('reads the newest matching events backwards, from memory and from storage alike', async () => {
      const { small, large } = await writtenLog(60);
      for (const filter of [{}, { task: ['T-9'] }, { agent: ['agent-1'], type: ['note_added'] }]) {
        const everything = (await large.readAfter(0, filter, 1000)).events;
        for (const limit of [1, 7, 1000]) {
          const expected = { events: everything.slice(-limit), nextAfter: 60 };
          expect(await small.readLatest(filter, limit)).toEqual(expected);
          expect(await large.readLatest(filter, limit)).toEqual(expected);
        }
      }
      const newest = await small.readLatest({ task: ['T-9'] }, 3);
      expect(newest.events.map((e) => e.details.n)).toEqual([45, 50, 55]);
    });

    it('finds the first event at or after an instant, before and after a reopen', async () => {
      const times = ['10:00:01', '10:00:02', '10:00:02', '10:00:04'].map(
        (time) => new Date(`2026-11-25T${time}.000Z`),
      );
      const writer = await openLog({ now: () => times.shift() ?? new Date(0) });
      for (let n = 0; n < 4; n += 1) await writer.append(note(n));
      const at = (time: string) => Date.parse(`2026-11-25T${time}Z`);
      const expected = [1, 2, 2, 4, 4, 5];
      const instants = ['00:00:00', '10:00:01.500', '10:00:02', '10:00:03', '10:00:04', '11:00:00'];
      expect(instants.map((time) => writer.firstIdAtOrAfter(at(time)))).toEqual(expected);
      await writer.close();
      const reopened = await openLog();
      expect(instants.map((time) => reopened.firstIdAtOrAfter(at(time)))).toEqual(expected);
    });

    it('tells subscribers and waiters about each commit, in order', async () => {
      const log = await openLog();
      const seen: number[] = [];
      const unsubscribe = log.subscribe((events) => seen.push(...events.map((e) => e.id)));
      const waiting = log.waitForEventsAfter(0, new AbortController().signal);
      await Promise.all([log.append(note(1)), log.append(note(2))]);
      await waiting;
      await log.append(note(3));
      unsubscribe();
      await log.append(note(4));
      expect(seen).toEqual([1, 2, 3]);
    });

    it('stops readers first: waiters wake, stop callbacks run, appends still work', async () => {
      const log = await openLog();
      const waiting = log.waitForEventsAfter(0, new AbortController().signal);
      let stopped = 0;
      log.onReadersStopped(() => (stopped += 1));
      log.stopReaders();
      await waiting;
      expect(log.readersStopped).toBe(true);
      expect(stopped).toBe(1);
      log.onReadersStopped(() => (stopped += 1));
      expect(stopped).toBe(2);
      expect((await log.append(note(1))).id).toBe(1);
    });

    it('on close commits what it accepted, wakes waiters and refuses new appends with 503', async () => {
      const log = await openLog();
      const waiting = log.waitForEventsAfter(1000, new AbortController().signal);
      const accepted = log.append(note(1));
      await log.close();
      await waiting;
      expect(log.closed).toBe(true);
      expect((await accepted).id).toBe(1);
      await expect(log.append(note(2))).rejects.toMatchObject({ code: 'unavailable', status: 503 });
      const reopened = await openLog();
      expect(reopened.lastId).toBe(1);
    });
  });
}
