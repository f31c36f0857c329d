import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog } from '../events/event-log.ts';
import {
  CollabStoreCorruptError,
  openCollabStore,
  readStoredDocument,
} from './open-collab-store.ts';

const SEED_DIR = fileURLToPath(new URL('../../../../collaboration', import.meta.url));
let dir: string;
let log: EventLog;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kyros-store-'));
  log = await EventLog.open({ collabDir: dir, logger: pino({ level: 'silent' }) });
});
afterEach(async () => {
  await log.close();
  await rm(dir, { recursive: true, force: true });
});

const stateFile = (kind: string) => path.join(dir, 'state', `${kind}.json`);

describe('openCollabStore', () => {
  it('loads the seed envelopes', async () => {
    await cp(path.join(SEED_DIR, 'state'), path.join(dir, 'state'), { recursive: true });
    const store = await openCollabStore({ dir, events: log });
    expect(store.tasks.doc.tasks.map((t) => t.id)).toContain('T-204');
    expect(store.agents.doc.agents).toHaveLength(4);
    expect(store.locks.doc).toMatchObject({ fencing_token: 0, leases: [], task_fences: {} });
    expect(store.tasks.etag).toMatch(/^"1-[0-9a-f]{16}"$/);
    await store.close();
  });

  it('starts empty when files are missing, in the item-files layout, and keeps the first write', async () => {
    const store = await openCollabStore({ dir, events: log });
    expect(store.tasks.doc).toEqual({ version: 0, tasks: [] });
    await store.tasks.update((doc) => ({ next: { ...doc }, result: undefined }));
    expect(await readStoredDocument(dir, 'tasks')).toEqual({ version: 1, tasks: [] });
    expect((await readdir(path.join(dir, 'state'))).sort()).toEqual(['agents', 'tasks']);
    await store.close();
  });

  it("migrates the seed's whole-document files into item files and reopens them unchanged", async () => {
    await cp(path.join(SEED_DIR, 'state'), path.join(dir, 'state'), { recursive: true });
    const seeded = await openCollabStore({ dir, events: log });
    await seeded.close();
    expect((await readdir(path.join(dir, 'state'))).sort()).toEqual([
      'agents',
      'locks.json',
      'tasks',
    ]);
    const reopened = await openCollabStore({ dir, events: log });
    expect(reopened.tasks.doc).toEqual(seeded.tasks.doc);
    expect(reopened.agents.doc).toEqual(seeded.agents.doc);
    expect(reopened.tasks.etag).toBe(seeded.tasks.etag);
    await reopened.close();
  });

  it('removes temp files a crash left behind and keeps the committed file', async () => {
    await mkdir(path.join(dir, 'state'));
    await writeFile(stateFile('tasks'), '{"version":3,"tasks":[]}');
    await writeFile(path.join(dir, 'state', '.tasks.json.999.deadbeef.tmp'), '{"version":4,"ta');
    await writeFile(path.join(dir, 'state', 'notes.txt'), 'not ours');
    const store = await openCollabStore({ dir, events: log });
    expect(store.tasks.doc.version).toBe(3);
    expect((await readdir(path.join(dir, 'state'))).sort()).toEqual([
      'agents',
      'notes.txt',
      'tasks',
    ]);
    expect(await readdir(path.join(dir, 'state', 'tasks', 'items'))).toEqual([]);
    await store.close();
  });

  it('refuses to start on a file that is not JSON, naming it and leaving it untouched', async () => {
    await mkdir(path.join(dir, 'state'));
    await writeFile(stateFile('locks'), '{"version": 2, "lea');
    const opening = openCollabStore({ dir, events: log });
    await expect(opening).rejects.toBeInstanceOf(CollabStoreCorruptError);
    await expect(opening).rejects.toThrow(`${stateFile('locks')} is unreadable: not valid JSON`);
    expect(await readFile(stateFile('locks'), 'utf8')).toBe('{"version": 2, "lea');
  });

  it('refuses a file that does not match its schema, naming the field', async () => {
    await mkdir(path.join(dir, 'state'));
    await writeFile(stateFile('tasks'), JSON.stringify({ version: 1, tasks: [{ id: 'T-1' }] }));
    await expect(openCollabStore({ dir, events: log })).rejects.toThrow(
      /tasks\.json .*tasks\.0\.title/,
    );
    // Refused before the migration, so the old file is still in charge.
    expect(await readFile(stateFile('tasks'), 'utf8')).toContain('T-1');
  });

  it('refuses duplicate ids', async () => {
    await mkdir(path.join(dir, 'state'));
    const agent = {
      id: 'agent-x',
      name: 'X',
      role: 'r',
      skills: [],
      status: 'idle',
      available: true,
      last_seen: '2026-01-01T00:00:00.000Z',
    };
    await writeFile(stateFile('agents'), JSON.stringify({ version: 1, agents: [agent, agent] }));
    await expect(openCollabStore({ dir, events: log })).rejects.toThrow(/agent-x appears twice/);
  });
});
