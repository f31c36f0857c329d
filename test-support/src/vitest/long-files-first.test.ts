import { describe, expect, it } from 'vitest';
import { assertFilesExist, longFilesFirst } from './long-files-first.ts';

const ROOT = '/repo';
const file = (relative: string) => ({ moduleId: `${ROOT}/${relative}` });

describe('long files first', () => {
  it('moves the named files to the front in the given order and keeps the rest in order', () => {
    const files = ['a.test.ts', 'slow-2.test.ts', 'b.test.ts', 'slow-1.test.ts', 'c.test.ts'].map(
      file,
    );
    const sorted = longFilesFirst(files, ROOT, ['slow-1.test.ts', 'slow-2.test.ts', 'absent.ts']);
    expect(sorted.map((f) => f.moduleId.slice(ROOT.length + 1))).toEqual([
      'slow-1.test.ts',
      'slow-2.test.ts',
      'a.test.ts',
      'b.test.ts',
      'c.test.ts',
    ]);
  });

  it('matches whole relative paths, not a suffix', () => {
    const files = [file('other/x.test.ts'), file('x.test.ts')];
    expect(longFilesFirst(files, ROOT, ['x.test.ts']).map((f) => f.moduleId)).toEqual([
      `${ROOT}/x.test.ts`,
      `${ROOT}/other/x.test.ts`,
    ]);
  });

  it('refuses a list that names a missing file', () => {
    expect(() => assertFilesExist(process.cwd(), ['package.json'])).not.toThrow();
    expect(() => assertFilesExist(process.cwd(), ['package.json', 'gone.test.ts'])).toThrow(
      'gone.test.ts',
    );
  });
});
