import { mkdir, mkdtemp, readdir, readFile, lstat, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  replaceFileAtomically,
  replaceFilesAtomically,
  writeFileAtomically,
} from './atomic-write.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kyros-durable-files-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('writeFileAtomically', () => {
  it('creates missing parent directories and leaves no temp file behind', async () => {
    const file = path.join(dir, 'a', 'b', 'notes.md');
    await writeFileAtomically(file, 'one');
    await writeFileAtomically(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(path.dirname(file))).toEqual(['notes.md']);
  });

  it('replaces a symlink at the target instead of writing through it', async () => {
    const outside = path.join(dir, 'outside.txt');
    await writeFile(outside, 'keep');
    const link = path.join(dir, 'link.txt');
    await symlink(outside, link);
    await replaceFileAtomically(link, 'new');
    expect(await readFile(outside, 'utf8')).toBe('keep');
    expect((await lstat(link)).isSymbolicLink()).toBe(false);
    expect(await readFile(link, 'utf8')).toBe('new');
  });
});

describe('replaceFilesAtomically', () => {
  it('writes every file of a batch, replacing old content, and leaves no temp file behind', async () => {
    await writeFile(path.join(dir, 'a.json'), 'old');
    const files = Array.from({ length: 40 }, (_, i) => ({ name: `${i}.json`, content: `n${i}` }));
    await replaceFilesAtomically(dir, [...files, { name: 'a.json', content: 'new' }], 4);
    expect((await readdir(dir)).sort()).toEqual([...files.map((f) => f.name), 'a.json'].sort());
    expect(await readFile(path.join(dir, '39.json'), 'utf8')).toBe('n39');
    expect(await readFile(path.join(dir, 'a.json'), 'utf8')).toBe('new');
  });

  it('fails when one target cannot be replaced and removes that temp file', async () => {
    await mkdir(path.join(dir, 'b.json'));
    await expect(
      replaceFilesAtomically(dir, [
        { name: 'a.json', content: 'a' },
        { name: 'b.json', content: 'b' },
      ]),
    ).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'b.json']);
  });

  it('settles only once every writer of the batch has finished and removed its temp file', async () => {
    await mkdir(path.join(dir, 'blocked.json'));
    const large = 'x'.repeat(256 * 1024);
    const files = Array.from({ length: 24 }, (_, i) => ({ name: `${i}.json`, content: large }));
    await expect(
      replaceFilesAtomically(dir, [{ name: 'blocked.json', content: 'b' }, ...files], 8),
    ).rejects.toThrow();
    expect((await readdir(dir)).filter((entry) => entry.endsWith('.tmp'))).toEqual([]);
  });
});
