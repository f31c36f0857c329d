import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.ts';
import { EventLog } from '../events/event-log.ts';
import { atomicFileWriter, replaceFileAtomically, type FileWriter } from './atomic-file-writer.ts';
import { KindDocumentStore, type KindDocumentStoreDeps } from './kind-document-store.ts';
import { wholeDocumentFile } from './kind-persistence.ts';

interface CounterDoc {
  version: number;
  values: number[];
}

let dir: string;
let log: EventLog;
let writes: number;
let failWrites: boolean;
const writer: FileWriter = {
  ...atomicFileWriter,
  replace(file, content) {
    writes += 1;
    if (failWrites) return Promise.reject(new Error('EIO: i/o error'));
    return replaceFileAtomically(file, content);
  },
};

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kyros-kind-'));
  log = await EventLog.open({ collabDir: dir, logger: pino({ level: 'silent' }) });
  writes = 0;
  failWrites = false;
});
afterEach(async () => {
  await log.close();
  await rm(dir, { recursive: true, force: true });
});

function openStore(extra: Partial<KindDocumentStoreDeps<CounterDoc>> = {}) {
  const file = path.join(dir, 'tasks.json');
  return new KindDocumentStore<CounterDoc>(
    'tasks',
    { version: 0, values: [] },
    {
      persistence: wholeDocumentFile(file, writer),
      events: log,
      ...extra,
    },
  );
}

const append = (value: number) => (doc: CounterDoc) => ({
  next: { ...doc, values: [...doc.values, value] },
  result: value,
  events: [{ event: 'value_added', actor: 'test', target: 'counter', details: { value } }],
});

describe('KindDocumentStore', () => {
  it('serialises concurrent mutations in order and saves them with fewer writes (group commit)', async () => {
    const store = openStore();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => store.update(append(i))),
    );
    expect(results).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(store.doc).toEqual({ version: 100, values: results });
    expect(writes).toBeLessThan(100);
    const onDisk = JSON.parse(await readFile(path.join(dir, 'tasks.json'), 'utf8')) as CounterDoc;
    expect(onDisk).toEqual(store.doc);
    const events = await log.readAfter(0, { type: ['value_added'] }, 1000);
    expect(events.events.map((e) => e.details.value)).toEqual(results);
  });

  it('refuses one mutation without disturbing the others in its batch', async () => {
    const store = openStore();
    const refuse = () => {
      throw new AppError('conflict', 'no');
    };
    const outcomes = await Promise.allSettled([
      store.update(append(1)),
      store.update(refuse),
      store.update(append(2)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.doc.values).toEqual([1, 2]);
  });

  it('builds every next version through atVersion when a kind gives one, never changing the committed one', async () => {
    const bumped: number[] = [];
    const store = openStore({
      atVersion: (doc, version) => {
        bumped.push(version);
        return { values: doc.values, version };
      },
    });
    await store.update(append(1));
    const committed = store.doc;
    await Promise.all([store.update(append(2)), store.update(append(3))]);
    expect(store.doc).toEqual({ version: 3, values: [1, 2, 3] });
    expect(committed).toEqual({ version: 1, values: [1] });
    // One bump per mutation that changed something, in order, batch or not.
    expect(bumped).toEqual([1, 2, 3]);
  });

  it('answers without writing when nothing changes', async () => {
    const store = openStore();
    expect(await store.update(() => ({ result: 'same' }))).toBe('same');
    expect(writes).toBe(0);
  });

  it('rejects a whole batch with 503 when the write fails and keeps the committed document', async () => {
    const store = openStore();
    await store.update(append(1));
    const etag = store.etag;
    failWrites = true;
    const outcomes = await Promise.allSettled([store.update(append(2)), store.update(append(3))]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ status: 503 });
    }
    expect(store.doc).toEqual({ version: 1, values: [1] });
    expect(store.etag).toBe(etag);
    failWrites = false;
    await store.update(append(4));
    expect(store.doc).toEqual({ version: 2, values: [1, 4] });
  });
});
