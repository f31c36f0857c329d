import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pruneCasts } from './cast-retention.ts';

const NOW = new Date('2026-12-06T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kyros-casts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, ageDays: number) {
  const at = path.join(dir, name);
  await writeFile(at, '{"version": 2}\n');
  await utimes(at, daysAgo(ageDays), daysAgo(ageDays));
}

describe('pruneCasts', () => {
  it('removes recordings last written before the retention, keeps newer ones and other files', async () => {
    await file('ts_old.cast', 31);
    await file('ts_older.cast', 400);
    await file('ts_recent.cast', 29);
    await file('ts_today.cast', 0);
    await file('notes.txt', 400);
    const removed = await pruneCasts({ castsDir: dir, retentionDays: 30, now: NOW });
    expect(removed.sort()).toEqual(['ts_old.cast', 'ts_older.cast']);
    expect((await readdir(dir)).sort()).toEqual(['notes.txt', 'ts_recent.cast', 'ts_today.cast']);
  });

  it('a shorter retention removes more; a directory not made yet is nothing to do', async () => {
    await file('ts_a.cast', 2);
    await file('ts_b.cast', 0.5);
    expect(await pruneCasts({ castsDir: dir, retentionDays: 1, now: NOW })).toEqual(['ts_a.cast']);
    const missing = path.join(dir, 'not-yet');
    expect(await pruneCasts({ castsDir: missing, retentionDays: 1, now: NOW })).toEqual([]);
  });
});
