import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTempFileOf, replaceFileAtomically } from './atomic-file-writer.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kyros-atomic-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('replaceFileAtomically', () => {
  it('creates, then replaces, the file and leaves no temp file behind', async () => {
    const file = path.join(dir, 'tasks.json');
    await replaceFileAtomically(file, 'one');
    await replaceFileAtomically(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['tasks.json']);
  });

  it('fails when the target cannot be replaced, removes its temp file and leaves the target alone', async () => {
    const target = path.join(dir, 'locks.json');
    await mkdir(target);
    await writeFile(path.join(target, 'inside'), 'keep');
    await expect(replaceFileAtomically(target, '{}')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['locks.json']);
    expect(await readFile(path.join(target, 'inside'), 'utf8')).toBe('keep');
  });

  it('fails in a directory that does not exist without creating anything', async () => {
    await expect(replaceFileAtomically(path.join(dir, 'missing', 'x.json'), '{}')).rejects.toThrow(
      /ENOENT/,
    );
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('isTempFileOf', () => {
  it('recognises only the temp files of the given target', () => {
    expect(isTempFileOf('.tasks.json.123.abcd1234.tmp', 'tasks.json')).toBe(true);
    expect(isTempFileOf('.locks.json.123.abcd1234.tmp', 'tasks.json')).toBe(false);
    expect(isTempFileOf('tasks.json', 'tasks.json')).toBe(false);
  });
});
