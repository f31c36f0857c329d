// The file event log's durability (group commit, failed writes, recovery of torn and truncated
// files, tail reads), one case per rule; the behaviour every backend shares is in the contract.
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CollabEventSchema, type CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { AppError } from '../../errors/app-error.ts';
import { describeCollabEventLogContract } from './collab-event-log.contract.ts';
import { openEventLogFile, type OpenEventLogFile } from './event-log-file.ts';
import { EVENT_LOG_PATH, EventLog, type EventLogOptions } from './event-log.ts';

const SEED = new URL('../../../../collaboration/events/events.jsonl', import.meta.url);

let dir: string;
let file: string;
let warnings: string[];
const logs: EventLog[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kyros-event-log-'));
  file = path.join(dir, EVENT_LOG_PATH);
  await mkdir(path.dirname(file), { recursive: true });
  await copyFile(SEED, file);
  warnings = [];
});

afterEach(async () => {
  await Promise.all(logs.splice(0).map((log) => log.close()));
  await rm(dir, { recursive: true, force: true });
});

async function openLog(options: Partial<EventLogOptions> = {}): Promise<EventLog> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      warnings.push(chunk.toString());
      done();
    },
  });
  const log = await EventLog.open({
    collabDir: dir,
    logger: pino({ level: 'warn' }, sink),
    ...options,
  });
  logs.push(log);
  return log;
}

async function fileEvents(): Promise<CollabEvent[]> {
  const text = await readFile(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => CollabEventSchema.parse(JSON.parse(line)));
}

function note(n: number, extra: Record<string, unknown> = {}) {
  return {
    event: 'note_added',
    actor: `agent-${n % 3}`,
    target: `T-${n % 4}`,
    details: { n, ...extra },
  };
}

/** Real file operations, with a switch to make the next write or fsync fail like a full disk. */
function faultyFiles(): {
  open: OpenEventLogFile;
  failNext: (op: 'write' | 'sync') => void;
  syncs: () => number;
} {
  let failing: 'write' | 'sync' | undefined;
  let syncs = 0;
  const enospc = () =>
    Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  return {
    failNext: (op) => (failing = op),
    syncs: () => syncs,
    open: async (target) => {
      const real = await openEventLogFile(target);
      return {
        ...real,
        async write(buffer, position) {
          if (failing !== 'write') return real.write(buffer, position);
          failing = undefined;
          // A short write lands on disk before the device fills up.
          await real.write(buffer.subarray(0, Math.ceil(buffer.length / 2)), position);
          throw enospc();
        },
        async sync() {
          if (failing === 'sync') {
            failing = undefined;
            throw enospc();
          }
          syncs += 1;
          return real.sync();
        },
      };
    },
  };
}

describe('EventLog', () => {
  it('continues the seed: the next id is the last id + 1 and survives a reopen', async () => {
    const log = await openLog();
    expect(log.lastId).toBe(2);
    expect(log.oldestAvailableId).toBe(1);
    const event = await log.append(note(1));
    expect(event).toMatchObject({ id: 3, event: 'note_added', details: { n: 1 } });
    expect((await fileEvents()).at(-1)).toEqual(event);
    await log.close();
    const reopened = await openLog();
    expect(reopened.lastId).toBe(3);
    expect((await reopened.append(note(2))).id).toBe(4);
  });

  it('resolves an append only once its line is fsynced', async () => {
    const files = faultyFiles();
    const log = await openLog({ openFile: files.open });
    const syncsBefore = files.syncs();
    const event = await log.append(note(1));
    expect(files.syncs()).toBe(syncsBefore + 1);
    expect((await fileEvents()).map((e) => e.id)).toContain(event.id);
  });

  it('group-commits concurrent appends: contiguous ids, one line each, fewer fsyncs than appends', async () => {
    const log = await openLog();
    const appended = await Promise.all(Array.from({ length: 200 }, (_, n) => log.append(note(n))));
    expect(appended.map((e) => e.id)).toEqual(Array.from({ length: 200 }, (_, n) => n + 3));
    expect(appended.map((e) => e.details.n)).toEqual(Array.from({ length: 200 }, (_, n) => n));
    expect((await fileEvents()).map((e) => e.id)).toEqual(
      Array.from({ length: 202 }, (_, n) => n + 1),
    );
    expect(log.stats.appends).toBe(200);
    expect(log.stats.fsyncs).toBeLessThan(200);
    expect(log.stats.writes).toBe(log.stats.fsyncs);
  });

  it('refuses an invalid event with a 400 and leaves the file unchanged', async () => {
    const log = await openLog();
    const before = await readFile(file);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    for (const bad of [
      { event: 'Bad Name', actor: 'a', target: 't' },
      { event: 'ok', actor: '', target: 't' },
      { event: 'ok', actor: 'a', target: 't', extra: 1 },
      { event: 'ok', actor: 'a', target: 't', details: circular },
    ]) {
      const error: unknown = await log.append(bad as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(400);
    }
    expect(await readFile(file)).toEqual(before);
    expect(log.lastId).toBe(2);
  });

  it('rejects every append of a failed write with 503, truncates the file back and burns no ids', async () => {
    const files = faultyFiles();
    const log = await openLog({ openFile: files.open });
    const before = await readFile(file);
    files.failNext('write');
    const results = await Promise.allSettled([
      log.append(note(1)),
      log.append(note(2)),
      log.append(note(3)),
    ]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        code: 'unavailable',
        status: 503,
      });
    }
    expect(await readFile(file)).toEqual(before);
    expect(log.lastId).toBe(2);
    expect((await log.append(note(4))).id).toBe(3);
    expect((await fileEvents()).map((e) => e.id)).toEqual([1, 2, 3]);
  });

  it('treats a failed fsync like a failed write', async () => {
    const files = faultyFiles();
    const log = await openLog({ openFile: files.open });
    const size = (await stat(file)).size;
    files.failNext('sync');
    await expect(log.append(note(1))).rejects.toMatchObject({ status: 503 });
    expect((await stat(file)).size).toBe(size);
    expect((await log.append(note(2))).id).toBe(3);
  });

  it('repairs a torn last line on open, with a warning, and reuses its id', async () => {
    const good = await readFile(file, 'utf8');
    await writeFile(file, `${good}{"id":3,"ts":"2026-11-25T00:00:01.000Z","event":"no`);
    const log = await openLog();
    expect(log.lastId).toBe(2);
    expect(await readFile(file, 'utf8')).toBe(good);
    expect(warnings.join('')).toMatch(/truncating a torn tail from line 3/);
    expect((await log.append(note(1))).id).toBe(3);
  });

  it('repairs terminated garbage at the end (a crash that extended the file with zeros)', async () => {
    const good = await readFile(file, 'utf8');
    await writeFile(file, `${good}\u0000\u0000\u0000\n\u0000\u0000`);
    const log = await openLog();
    expect(log.lastId).toBe(2);
    expect(await readFile(file, 'utf8')).toBe(good);
  });

  it('refuses to open a log with a corrupt line in the middle, naming file and line', async () => {
    const [first, second] = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const corrupt = `${first}\n{not json}\n${second}\n`;
    await writeFile(file, corrupt);
    await expect(openLog()).rejects.toThrow(`Event log ${file} is corrupt at line 2`);
    expect(await readFile(file, 'utf8')).toBe(corrupt);
  });

  it('creates an empty log when there is none', async () => {
    await rm(file);
    const log = await openLog();
    expect(log.lastId).toBe(0);
    expect((await log.append(note(1))).id).toBe(1);
  });

  it('reads the newest events of a long log from its tail only: the cost does not grow with it', async () => {
    const writer = await openLog();
    const padding = 'x'.repeat(200);
    for (let batch = 0; batch < 40; batch += 1) {
      await Promise.all(
        Array.from({ length: 500 }, (_, i) => writer.append(note(batch * 500 + i, { padding }))),
      );
    }
    await writer.close();
    const size = (await stat(file)).size;
    expect(size).toBeGreaterThan(6 << 20);
    let bytesRead = 0;
    const counting: OpenEventLogFile = async (target) => {
      const real = await openEventLogFile(target);
      return {
        ...real,
        read: async (buffer, position) => {
          const read = await real.read(buffer, position);
          bytesRead += read;
          return read;
        },
      };
    };
    const log = await openLog({ memoryWindow: 10, openFile: counting });
    bytesRead = 0;

    const latest = await log.readLatest({}, 200);

    expect(latest.events.map((e) => e.id)).toEqual(
      Array.from({ length: 200 }, (_, i) => log.lastId - 199 + i),
    );
    // At most one megabyte-sized chunk of whole lines, out of a log of more than six.
    expect(bytesRead).toBeLessThanOrEqual((1 << 20) + 1024);
  });
});

describeCollabEventLogContract('EventLog', () => ({
  reset: () => rm(file),
  open: (options) =>
    EventLog.open({ collabDir: dir, logger: pino({ level: 'silent' }), ...options }),
}));
