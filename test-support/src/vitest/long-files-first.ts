import { existsSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Moves the named files to the front, in the order given, and keeps vitest's order for the rest.
 * On a fresh clone vitest has no timings yet and starts larger files first, so a short file that
 * runs for minutes (the contract fuzzing) started last and ran alone at the end of the lane.
 */
export function longFilesFirst<T extends { moduleId: string }>(
  files: readonly T[],
  root: string,
  longFiles: readonly string[],
): T[] {
  const rank = (file: T): number => {
    const index = longFiles.indexOf(path.relative(root, file.moduleId).split(path.sep).join('/'));
    return index < 0 ? longFiles.length : index;
  };
  return files
    .map((file, order) => ({ file, order, rank: rank(file) }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map(({ file }) => file);
}

/** Refuses a list naming a file that is not there, so a rename cannot silently undo the order. */
export function assertFilesExist(root: string, files: readonly string[]): void {
  const missing = files.filter((file) => !existsSync(path.join(root, file)));
  if (missing.length > 0) {
    throw new Error(`long-running test files not found (renamed?): ${missing.join(', ')}`);
  }
}

/** A vitest sequencer: its own order (timings, then size), with `longFiles` moved first. */
export function longFilesFirstSequencer(
  root: string,
  longFiles: readonly string[],
): typeof BaseSequencer {
  assertFilesExist(root, longFiles);
  return class LongFilesFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      return longFilesFirst(await super.sort(files), root, longFiles);
    }
  };
}
