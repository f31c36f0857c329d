import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_LINES,
  hasLongFileReason,
  lineCount,
  longFilesWithoutReason,
  sourceFiles,
} from './file-length.ts';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * Production files over the limit that other branches are splitting right now (issue 11). Remove
 * an entry once its split is merged: the last test fails while a listed file is short enough, has
 * its reason or is gone, so this list cannot outlive its purpose.
 */
const BEING_SPLIT: string[] = [];

/** Every workspace of the root package.json, and the two source folders that are not one. */
function ourFolders(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  return [...manifest.workspaces, 'bench', 'e2e'];
}

const lines = (count: number, first = '// a line') =>
  [first, ...Array.from({ length: count - 1 }, () => 'export {};')].join('\n') + '\n';

describe('the file length check', () => {
  it('counts lines as an editor does', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a\n')).toBe(1);
    expect(lineCount('a\nb')).toBe(2);
    expect(lineCount(lines(MAX_LINES))).toBe(MAX_LINES);
  });

  it('flags a file over the limit unless one of its first lines gives the reason', () => {
    expect(
      longFilesWithoutReason([
        { path: 'api/src/short.ts', text: lines(MAX_LINES) },
        { path: 'api/src/long.ts', text: lines(MAX_LINES + 1) },
        {
          path: 'api/src/explained.ts',
          text: lines(MAX_LINES + 50, '// Long file: one table of every case, read top to bottom.'),
        },
        {
          path: 'api/src/empty-reason.ts',
          text: lines(MAX_LINES + 1, '// Long file:'),
        },
      ]),
    ).toEqual(['api/src/long.ts (301 lines)', 'api/src/empty-reason.ts (301 lines)']);
    expect(hasLongFileReason(`import x from 'y';\n\n// Long file: why\n`)).toBe(true);
    expect(hasLongFileReason(`${'\n'.repeat(10)}// Long file: too far down\n`)).toBe(false);
  });

  it(`finds no source file over ${MAX_LINES} lines without a reason at its top`, () => {
    const files = sourceFiles(root, ourFolders()).filter(
      (file) => !BEING_SPLIT.includes(file.path),
    );
    expect(files.length).toBeGreaterThan(100);
    expect(longFilesWithoutReason(files)).toEqual([]);
  });

  it('keeps the list of files being split to files that still need it', () => {
    const files = sourceFiles(root, ourFolders());
    const stillLong = new Set(longFilesWithoutReason(files).map((entry) => entry.split(' ')[0]));
    expect(BEING_SPLIT.filter((file) => !stillLong.has(file))).toEqual([]);
  });
});
