import { copyFile, cp, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The repository's collaboration seed, as `npm start` copies it on first start. */
export const COLLAB_SEED = new URL('../../../collaboration/', import.meta.url);

/**
 * What a test's collaboration directory starts with: `all` of the seed (as `npm start` copies it,
 * without its README), `none`, or only the listed files of the seed.
 */
export type CollabSeed = 'all' | 'none' | string[];

/** A fresh temp collaboration directory holding `seed`; the caller removes it. */
export async function seededCollabDir(seed: CollabSeed = 'all'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kyros-collab-'));
  if (seed === 'all') {
    await cp(COLLAB_SEED, dir, {
      recursive: true,
      filter: (src) => path.basename(src) !== 'README.md',
    });
  } else if (seed !== 'none') {
    for (const file of seed) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await copyFile(new URL(file, COLLAB_SEED), path.join(dir, file));
    }
  }
  return dir;
}
