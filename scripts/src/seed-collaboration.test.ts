import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedCollaborationDir } from './seed-collaboration.ts';

describe('seedCollaborationDir', () => {
  let dir: string;
  let seed: string;
  let runtime: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kyros-seed-'));
    seed = path.join(dir, 'seed');
    runtime = path.join(dir, 'data', 'collaboration');
    await mkdir(path.join(seed, 'state'), { recursive: true });
    await writeFile(path.join(seed, 'state', 'tasks.json'), '{"version":1,"tasks":[]}');
    await writeFile(path.join(seed, 'README.md'), '# seed');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('copies the seed into a missing runtime directory, without the README', async () => {
    expect(await seedCollaborationDir(seed, runtime)).toBe(true);
    expect(await readFile(path.join(runtime, 'state', 'tasks.json'), 'utf8')).toBe(
      '{"version":1,"tasks":[]}',
    );
    expect(await readdir(runtime)).toEqual(['state']);
  });

  it('never overwrites a runtime directory that already holds data', async () => {
    await mkdir(path.join(runtime, 'state'), { recursive: true });
    await writeFile(path.join(runtime, 'state', 'tasks.json'), '{"version":7}');
    expect(await seedCollaborationDir(seed, runtime)).toBe(false);
    expect(await readFile(path.join(runtime, 'state', 'tasks.json'), 'utf8')).toBe('{"version":7}');
  });
});
