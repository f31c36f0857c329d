import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog } from '../events/event-log.ts';
import { atomicFileWriter, type FileWriter } from './atomic-file-writer.ts';
import { CollabStoreCorruptError } from './collab-store-corrupt-error.ts';
import { itemFilesLayout, readManifest } from './item-files-layout.ts';
import type { ItemKind } from './item-files-persistence.ts';
import { KindDocumentStore } from './kind-document-store.ts';
import { openItemFiles } from './open-item-files.ts';

interface Card {
  id: string;
  version: number;
  value: number;
}
interface Board {
  version: number;
  cards: Card[];
}

const CARDS: ItemKind<Board, Card> = {
  items: (doc) => doc.cards,
  document: (version, cards) => ({ version, cards }),
};

let dir: string;
let log: EventLog;
let appends: number;
let checkpointErrors: unknown[];
let failManifest: boolean;
const writer: FileWriter = {
  ...atomicFileWriter,
  append(handle, bytes, position) {
    appends += 1;
    return atomicFileWriter.append(handle, bytes, position);
  },
  replace(file, content) {
    if (failManifest && file.endsWith('manifest.json')) {
      return Promise.reject(new Error('EIO: the manifest could not be written'));
    }
    return atomicFileWriter.replace(file, content);
  },
};
const layout = () => itemFilesLayout(path.join(dir, 'cards'));
const legacyFile = () => path.join(dir, 'cards.json');

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kyros-items-'));
  log = await EventLog.open({ collabDir: dir, logger: pino({ level: 'silent' }) });
  appends = 0;
  checkpointErrors = [];
  failManifest = false;
});
afterEach(async () => {
  await log.close();
  await rm(dir, { recursive: true, force: true });
});

async function openBoard(checkpointBytes = 1 << 20) {
  const torn: string[] = [];
  const { doc, persistence } = await openItemFiles({
    dir: layout().dir,
    legacyFile: legacyFile(),
    loadLegacy: async () => {
      const text = await readFile(legacyFile(), 'utf8').catch(() => undefined);
      return text === undefined ? { version: 0, cards: [] } : (JSON.parse(text) as Board);
    },
    kind: CARDS,
    parse: (board) => board,
    writer,
    checkpointBytes,
    onCheckpointError: (error) => checkpointErrors.push(error),
    onTornTail: (_file, reason) => torn.push(reason),
  });
  const store = new KindDocumentStore<Board>('tasks', doc, { persistence, events: log });
  return { store, persistence, torn };
}

/** Sets card `id` to `value`, creating it at the end when it is new; other cards keep their reference. */
const setCard = (id: string, value: number) => (board: Board) => {
  const index = board.cards.findIndex((card) => card.id === id);
  const current = board.cards[index];
  const cards = board.cards.slice();
  if (current) cards[index] = { ...current, version: current.version + 1, value };
  else cards.push({ id, version: 1, value });
  return { next: { ...board, cards }, result: value };
};

const segmentsOnDisk = async () => (await readdir(layout().logDir)).sort();

describe('item files with a state log', () => {
  it('commits concurrent writers in order with group commit, and a restart reads back the same board', async () => {
    const { store, persistence } = await openBoard();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.update(setCard(`c-${i % 20}`, i))),
    );
    expect(store.doc.version).toBe(200);
    expect(store.doc.cards.map((card) => card.value)).toEqual(
      Array.from({ length: 20 }, (_, i) => 180 + i),
    );
    expect(appends).toBeLessThan(200);
    await persistence.close();
    const reopened = await openBoard();
    expect(reopened.store.doc).toEqual(store.doc);
    await reopened.persistence.close();
  });

  it('checkpoints into item files and a manifest, drops the old segments, and recovers across them', async () => {
    const { store, persistence } = await openBoard(2_000);
    for (let i = 0; i < 120; i += 1) await store.update(setCard(`c-${i % 30}`, i));
    await persistence.settled();
    expect(checkpointErrors).toEqual([]);
    const manifest = await readManifest(layout());
    expect(manifest?.log).toBeGreaterThan(1);
    expect(manifest?.order).toEqual(Array.from({ length: 30 }, (_, i) => `c-${i}`));
    expect((await segmentsOnDisk()).map((name) => Number.parseInt(name, 10))).toEqual(
      expect.arrayContaining([manifest?.log]),
    );
    expect(Math.min(...(await segmentsOnDisk()).map((n) => Number.parseInt(n, 10)))).toBe(
      manifest?.log,
    );
    const file = JSON.parse(
      await readFile(path.join(layout().itemsDir, 'c-0.json'), 'utf8'),
    ) as Card;
    expect(file.version).toBeGreaterThan(1);
    await persistence.close();
    const reopened = await openBoard(2_000);
    expect(reopened.store.doc).toEqual(store.doc);
    await reopened.persistence.close();
  });

  it('recovers when a checkpoint wrote item files but died before its manifest', async () => {
    const { store, persistence } = await openBoard(1_000);
    failManifest = true;
    for (let i = 0; i < 60; i += 1) await store.update(setCard(`c-${i % 10}`, i));
    await persistence.settled();
    expect(checkpointErrors.length).toBeGreaterThan(0);
    expect((await readManifest(layout()))?.version).toBe(0);
    await persistence.close();
    failManifest = false;
    const reopened = await openBoard(1_000);
    expect(reopened.store.doc).toEqual(store.doc);
    await reopened.store.update(setCard('c-1', -1));
    await reopened.persistence.close();
    const again = await openBoard(1_000);
    expect(again.store.doc.cards[1]).toMatchObject({ id: 'c-1', value: -1 });
    await again.persistence.close();
  });

  it('cuts off a torn last line, which was never acknowledged, and appends after it', async () => {
    const { store, persistence } = await openBoard();
    for (let i = 0; i < 5; i += 1) await store.update(setCard(`c-${i}`, i));
    await persistence.close();
    const segment = layout().segmentFile(1);
    const whole = await readFile(segment, 'utf8');
    await appendFile(segment, '{"v":6,"put":[{"id":"c-9","vers');
    const reopened = await openBoard();
    expect(reopened.torn).toEqual(['line 6 has no newline']);
    expect(reopened.store.doc).toEqual(store.doc);
    expect(await readFile(segment, 'utf8')).toBe(whole);
    await reopened.store.update(setCard('c-9', 9));
    await reopened.persistence.close();
    const again = await openBoard();
    expect(again.store.doc.cards.map((card) => card.id)).toEqual([
      'c-0',
      'c-1',
      'c-2',
      'c-3',
      'c-4',
      'c-9',
    ]);
    await again.persistence.close();
  });

  it('refuses to start on a bad line that has whole lines after it, and leaves the file alone', async () => {
    const { store, persistence } = await openBoard();
    await store.update(setCard('c-1', 1));
    await persistence.close();
    const segment = layout().segmentFile(1);
    await writeFile(segment, `{"v":1,"put":[\n{"v":2,"put":[]}\n`);
    await expect(openBoard()).rejects.toBeInstanceOf(CollabStoreCorruptError);
    expect(await readFile(segment, 'utf8')).toBe(`{"v":1,"put":[\n{"v":2,"put":[]}\n`);
  });
});

describe('migration from the whole-document file', () => {
  const legacy: Board = {
    version: 7,
    cards: Array.from({ length: 50 }, (_, i) => ({ id: `c-${i}`, version: i + 1, value: i })),
  };

  it('moves every item into its own file, then removes the old file', async () => {
    await writeFile(legacyFile(), JSON.stringify(legacy));
    const { store, persistence } = await openBoard();
    expect(store.doc).toEqual(legacy);
    expect((await readdir(dir)).sort()).toEqual(['cards', 'events']);
    expect(await readdir(layout().itemsDir)).toHaveLength(50);
    await persistence.close();
  });

  it('redoes a migration that died before its manifest, from the old file', async () => {
    await writeFile(legacyFile(), JSON.stringify(legacy));
    failManifest = true;
    await expect(openBoard()).rejects.toThrow(/manifest could not be written/);
    expect(await readdir(layout().itemsDir)).toHaveLength(50);
    failManifest = false;
    await writeFile(path.join(layout().itemsDir, 'c-3.json'), '{"id":"c-3","ver');
    const { store, persistence } = await openBoard();
    expect(store.doc).toEqual(legacy);
    await persistence.close();
  });

  it('finishes a migration whose manifest was written: the old file goes, the new layout wins', async () => {
    await writeFile(legacyFile(), JSON.stringify(legacy));
    const first = await openBoard();
    await first.store.update(setCard('c-0', 100));
    await first.persistence.close();
    await writeFile(legacyFile(), JSON.stringify(legacy));
    const { store, persistence } = await openBoard();
    expect(store.doc.cards[0]).toMatchObject({ value: 100 });
    await expect(readFile(legacyFile())).rejects.toThrow(/ENOENT/);
    await persistence.close();
  });
});
